// Suppression comments: `// rugged-ignore <rule>[, <rule>] [until YYYY-MM-DD] -- <reason>`.
// A comment covers findings on its own line, or on the next line when it stands alone. A reason is
// required, so every suppression explains itself to the next reviewer and to the audit report.
import type { TSESTree } from '@typescript-eslint/typescript-estree';

export interface SuppressionComment {
  ruleIds: string[];
  reason: string;
  until?: string;
  /** 1-based line of the comment. */
  line: number;
  /** The line whose findings it covers. */
  targetLine: number;
  comment: TSESTree.Comment;
  problem?: 'missing-reason' | 'bad-date' | 'expired' | 'no-rule';
}

/** The word every suppression comment starts with; a file without it has none. */
export const SUPPRESSION_MARKER = 'rugged-ignore';
const MARKER = /^\s*rugged-ignore\b(.*)$/s;
const UNTIL = /\buntil\s+(\S+)/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Finds rugged-ignore comments; `today` is an ISO date used to expire them. */
export function readSuppressions(comments: readonly TSESTree.Comment[], text: string, today: string): SuppressionComment[] {
  const out: SuppressionComment[] = [];
  for (const comment of comments) {
    const body = comment.type === 'Block' ? comment.value.replace(/^\s*\*+/gm, ' ') : comment.value;
    const match = MARKER.exec(body);
    if (!match) continue;
    const rest = match[1];
    const separator = rest.indexOf('--');
    let head = separator >= 0 ? rest.slice(0, separator) : rest;
    let reason = separator >= 0 ? rest.slice(separator + 2).trim() : '';
    let until: string | undefined;
    const headUntil = UNTIL.exec(head);
    if (headUntil) {
      until = headUntil[1];
      head = head.slice(0, headUntil.index);
    } else {
      const reasonUntil = /\s*\buntil\s+(\d{4}-\d{2}-\d{2})\s*$/.exec(reason);
      if (reasonUntil) {
        until = reasonUntil[1];
        reason = reason.slice(0, reasonUntil.index).trim();
      }
    }
    const ruleIds = head.split(/[\s,]+/).filter(Boolean);
    const line = comment.loc.start.line;
    const standsAlone = text.slice(lineStart(text, comment.range[0]), comment.range[0]).trim() === '';
    const suppression: SuppressionComment = { ruleIds, reason, until, line, targetLine: standsAlone ? comment.loc.end.line + 1 : line, comment };
    if (ruleIds.length === 0) suppression.problem = 'no-rule';
    else if (!reason) suppression.problem = 'missing-reason';
    else if (until !== undefined && !DATE.test(until)) suppression.problem = 'bad-date';
    else if (until !== undefined && until < today) suppression.problem = 'expired';
    out.push(suppression);
  }
  return out;
}

function lineStart(text: string, offset: number): number {
  const newline = text.lastIndexOf('\n', offset - 1);
  return newline + 1;
}

/** The comment that suppresses `ruleId` on `line`, if any valid one does. */
export function findSuppression(suppressions: readonly SuppressionComment[], ruleId: string, startLine: number): SuppressionComment | undefined {
  return suppressions.find((s) => !s.problem && (s.targetLine === startLine || s.line === startLine) && s.ruleIds.includes(ruleId));
}
