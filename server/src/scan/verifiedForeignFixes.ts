// The CLI scan's side of cross-file fixes: a finding keeps a fix for another file (the helper
// holding the sink) only when that fix checks out against the helper's text in this scan, as the
// language server checks it before offering it (foreignFixCheck.ts). Unchecked ones are dropped,
// so a report never proposes an edit of another file that was not shown to work there.
import type { SummarizedResult } from '../engine/summaries';
import { PARSE_ERROR } from '../engine/builtinRules';
import type { ForeignFix } from '../engine/finding';
import { isSkipNote } from '../engine/finding';
import { checkedForeignFix, type FixTrial } from './foreignFixCheck';

/** Analyses another version of a project file with the summaries its imports gave in this scan. */
export type AnalyseVariant = (path: string, text: string) => SummarizedResult;

/** `results` with each finding's foreign fixes reduced to the verified ones; the others are left as they are. */
export function withVerifiedForeignFixes(results: ReadonlyMap<string, SummarizedResult>, texts: ReadonlyMap<string, string>, analyse: AnalyseVariant): Map<string, SummarizedResult> {
  const verdicts = new Map<string, boolean>();
  const verified = (fix: ForeignFix, ruleId: string): boolean => {
    // Several callers of one helper carry the same fix: check each once.
    const key = JSON.stringify([ruleId, fix.file, fix.edits, fix.replaced]);
    let ok = verdicts.get(key);
    if (ok === undefined) {
      const text = texts.get(fix.file);
      const trial = (candidate: string): FixTrial => {
        const result = analyse(fix.file, candidate);
        const broken = result.findings.some((f) => f.ruleId === PARSE_ERROR) || result.notes.some(isSkipNote);
        return { ...(broken ? { parseNote: true } : {}), ...(result.summary ? { summary: result.summary } : {}) };
      };
      ok = text !== undefined && checkedForeignFix(fix, ruleId, text, trial) !== undefined;
      verdicts.set(key, ok);
    }
    return ok;
  };
  const out = new Map<string, SummarizedResult>();
  for (const [path, result] of results) {
    if (!result.findings.some((f) => f.foreignFixes?.length)) {
      out.set(path, result);
      continue;
    }
    const findings = result.findings.map((finding) => {
      if (!finding.foreignFixes?.length) return finding;
      const { foreignFixes, ...rest } = finding;
      const kept = foreignFixes.filter((fix) => verified(fix, finding.ruleId));
      return kept.length > 0 ? { ...rest, foreignFixes: kept } : rest;
    });
    out.set(path, { ...result, findings });
  }
  return out;
}
