// A rule described in markdown for people: the checklist item, why it matters, the safe pattern
// and CWE/OWASP links. Used by hover and by `rugged/ruleDocumentation`.
import { cweUrl, owaspUrl } from '../catalog/referenceLinks';
import type { RuleDescription } from '../catalog/ruleCatalog';

/**
 * `fixTitles` are the rewrites available at this spot, if the text is about one finding;
 * `fixWithheld` says why the rewrite one might expect there is not offered.
 */
export function ruleMarkdown(rule: RuleDescription, fixTitles: readonly string[] = [], fixWithheld?: string): string {
  const lines: string[] = [];
  const heading = `[${rule.id}](${rule.docs})`;
  lines.push(`**Rugged ${heading}**: ${escapeMarkdown(rule.title)}`, '');
  lines.push(`**Checklist:** ${escapeMarkdown(rule.checklist)}`, '');
  if (rule.rationale) lines.push(`**Why it matters:** ${escapeMarkdown(rule.rationale)}`, '');
  const safe = [...rule.controls, ...fixTitles.map((title) => `Quick fix available: ${title}`)];
  if (safe.length > 0) {
    lines.push('**Safe pattern:**');
    for (const item of safe) lines.push(`- ${escapeMarkdown(item)}`);
    lines.push('');
  }
  if (fixWithheld && fixTitles.length === 0) lines.push(`**No quick fix here:** ${escapeMarkdown(fixWithheld)}`, '');
  const links = [
    ...rule.cwe.map((cwe) => {
      const url = cweUrl(cwe);
      return url ? `[${cwe}](${url})` : cwe;
    }),
    ...rule.owasp.map((category) => `[OWASP ${category}](${owaspUrl(category)})`),
  ];
  if (links.length > 0) lines.push(links.join(' · '));
  return lines.join('\n').trimEnd();
}

/**
 * Keeps rule text literal. Backticks are left alone on purpose: rule texts use them for code.
 * Team rule messages come from a `.rugged.json`, so links and HTML in them are neutralised too.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_[\]<>])/g, '\\$1');
}
