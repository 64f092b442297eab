// Output of `rugged rules`: the rule catalogue as JSON (all metadata) or as the Markdown tables
// the README embeds between its rules markers.
import type { RuleDescription } from '../../catalog/ruleCatalog';
import { TOOL_NAME, TOOL_VERSION } from '../../shared/product';
import { jsonForTerminal } from '../../shared/terminalText';

export function formatRulesJson(rules: readonly RuleDescription[]): string {
  return jsonForTerminal({ tool: { name: TOOL_NAME, version: TOOL_VERSION }, rules });
}

/** Markdown tables: the checklist rules, then the ids the engine reports about itself. */
export function formatRulesMarkdown(rules: readonly RuleDescription[]): string {
  const checklist = rules.filter((r) => r.kind !== 'engine');
  const engine = rules.filter((r) => r.kind === 'engine');
  const lines: string[] = [];
  if (checklist.length === 0) {
    lines.push('No checklist rules are registered yet.');
  } else {
    lines.push('| Rule | Title | Severity | CWE | OWASP Top 10 | Fix |', '| --- | --- | --- | --- | --- | --- |');
    for (const rule of checklist) {
      const fix = rule.fix === 'safe' ? 'automatic' : rule.fix === 'suggestion' ? 'suggestion' : '-';
      const title = rule.deprecated ? `${rule.title} (deprecated)` : rule.title;
      lines.push(`| [\`${rule.id}\`](${rule.docs}) | ${cell(title)} | ${rule.severity} | ${cell(rule.cwe.join(', ') || '-')} | ${cell(rule.owasp.join(', ') || '-')} | ${fix} |`);
    }
  }
  if (engine.length > 0) {
    lines.push('', 'Reported by the engine itself:', '', '| Id | Title | Severity |', '| --- | --- | --- |');
    for (const rule of engine) lines.push(`| \`${rule.id}\` | ${cell(rule.title)} | ${rule.severity} |`);
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
