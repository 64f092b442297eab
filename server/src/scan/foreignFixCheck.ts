// Whether a cross-module finding's fix, made by the rule in the file holding the sink, may be
// offered: the engine proposed it while summarising that file and could not verify it there, so
// the front end (the language server, the CLI scan) checks it as the engine checks its own fixes,
// against the file as it reads now: every edit still meets the text it was made for, the rewritten
// file parses, and the rule's sinks that a caller's input can reach in that file are fewer.
import { applyEdits } from '../engine/edits';
import type { ForeignFix } from '../engine/finding';
import type { ModuleSummary } from '../engine/summaries';

/** What checking needs of an analysis of the helper's text: whether it failed, and its summary. */
export interface FixTrial {
  parseNote?: unknown;
  skipNote?: unknown;
  summary?: ModuleSummary;
}

/** The fixed text, or undefined when the fix must not be offered. */
export function checkedForeignFix(fix: ForeignFix, ruleId: string, text: string, analyse: (text: string) => FixTrial): string | undefined {
  if (fix.edits.length === 0 || fix.edits.length !== fix.replaced.length) return undefined;
  if (fix.edits.some((edit, i) => edit.end > text.length || text.slice(edit.start, edit.end) !== fix.replaced[i])) return undefined;
  const fixed = applyEdits(text, fix.edits);
  const before = analyse(text);
  const after = analyse(fixed);
  if (after.parseNote || after.skipNote || !before.summary || !after.summary) return undefined;
  return sinksOf(after.summary, ruleId, fix.file) < sinksOf(before.summary, ruleId, fix.file) ? fixed : undefined;
}

/** The rule's sink facts whose sink lies in `file`, over every exported function. */
function sinksOf(summary: ModuleSummary, ruleId: string, file: string): number {
  let count = 0;
  for (const fn of Object.values(summary.functions)) {
    for (const fact of fn.sinks) if (fact.ruleId === ruleId && fact.steps[fact.steps.length - 1]?.file === file) count++;
  }
  return count;
}
