// One finding made safe to show: every text it carries (message, placeholder data, related
// messages, fix titles and edit text, its fixes in other files too, suppression reason) passes through the redactor with the
// secrets its file's findings identified. Positions, ids and fingerprints are kept as they are.
import type { Finding } from '../engine/finding';
import { redactSecrets } from './redact';

export interface RedactFindingOptions {
  /**
   * Keeps the real text of fix edits. Only for an edit that the user applies in their own editor:
   * it never leaves the machine, and a redacted edit would write a marker into their code.
   */
  keepEditText?: boolean;
}

export function redactFinding(finding: Finding, known: readonly string[], options: RedactFindingOptions = {}): Finding {
  const clean = (text: string) => redactSecrets(text, known).text;
  const redacted: Finding = {
    ...finding,
    message: clean(finding.message),
    related: finding.related.map((r) => ({ ...r, message: clean(r.message) })),
    fixes: finding.fixes.map((fix) => ({
      ...fix,
      title: clean(fix.title),
      edits: options.keepEditText ? fix.edits : fix.edits.map((edit) => ({ ...edit, text: clean(edit.text) })),
    })),
  };
  if (finding.foreignFixes) {
    redacted.foreignFixes = finding.foreignFixes.map((fix) => ({
      ...fix,
      title: clean(fix.title),
      edits: options.keepEditText ? fix.edits : fix.edits.map((edit) => ({ ...edit, text: clean(edit.text) })),
    }));
  }
  if (finding.data) redacted.data = Object.fromEntries(Object.entries(finding.data).map(([key, value]) => [key, clean(value)]));
  if (finding.fixWithheld) redacted.fixWithheld = clean(finding.fixWithheld);
  if (finding.suppression) redacted.suppression = { ...finding.suppression, justification: clean(finding.suppression.justification) };
  // The glob comes from the workspace's configuration, which is quoted like any workspace text.
  if (finding.context) redacted.context = { ...finding.context, matched: clean(finding.context.matched) };
  return redacted;
}
