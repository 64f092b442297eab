// Hover on a finding's range: what the checklist asks, why, and what to write instead.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import { redactSecrets } from '../redaction/redact';
import type { DocumentResult } from './documentValidator';
import { rangeContains } from './positions';
import type { RuleDescription } from '../catalog/ruleCatalog';
import { ruleMarkdown } from './ruleMarkdown';

export function hoverFor(
  result: DocumentResult,
  position: Position,
  describe: (ruleId: string) => RuleDescription | undefined,
): Hover | null {
  const sections: string[] = [];
  const seen = new Set<string>();
  result.analysis.findings.forEach((finding, index) => {
    const range = result.analysis.diagnostics[index].range;
    if (!rangeContains(range, position) || seen.has(finding.ruleId)) return;
    seen.add(finding.ruleId);
    const rule = describe(finding.ruleId);
    if (rule) sections.push(ruleMarkdown(rule, finding.fixes.map((fix) => fix.title), finding.fixWithheld));
  });
  if (sections.length === 0) return null;
  // Team rule texts come from a workspace's .rugged.json; fix titles are already redacted.
  return { contents: { kind: MarkupKind.Markdown, value: redactSecrets(sections.join('\n\n---\n\n')).text } };
}
