// Narrows a scan report to what a change introduced, for teams adopting Rugged on existing code:
// --changed-since keeps findings on lines changed since a Git ref, --baseline drops (or, with
// --include-baseline, marks) findings an earlier report already held. Both only remove or mark
// findings; every count of what was left out goes into the report, so nothing disappears unsaid.
import { realpathSync } from 'node:fs';
import type { Baseline } from '../baseline/baselineFile';
import type { ChangedLines } from '../git/changedLines';
import type { ReportFinding, ScanReport } from './scanProject';

/** The real path, which is how git names files; the path itself when it cannot be resolved. */
export function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Whether any line of a finding changed (an untracked file changed everywhere). */
function touchesChangedLine(item: ReportFinding, changes: ChangedLines): boolean {
  const lines = changes.files.get(realPathOf(item.path));
  if (lines === undefined) return false;
  if (lines === 'all') return true;
  for (let line = item.finding.range.start.line; line <= item.finding.range.end.line; line++) if (lines.has(line)) return true;
  return false;
}

/** Keeps the findings on changed lines; `unchangedFiles` is how many listed files were not checked at all. */
export function keepChangedLines(report: ScanReport, changes: ChangedLines, ref: string, unchangedFiles: number): ScanReport {
  const kept = report.findings.filter((item) => touchesChangedLine(item, changes));
  return {
    ...report,
    findings: kept,
    changedSince: { ref, commit: changes.commit, unchangedFiles, outsideChangedLines: report.findings.length - kept.length },
  };
}

/** Marks each finding new or unchanged against the baseline, and leaves out the unchanged unless `show`. */
export function applyBaseline(report: ScanReport, baseline: Baseline, file: string, show: boolean): ScanReport {
  const marked = report.findings.map((item): ReportFinding => ({ ...item, baselineState: baseline.keys.has(item.fileFingerprint) ? 'unchanged' : 'new' }));
  const matched = marked.filter((item) => item.baselineState === 'unchanged').length;
  return {
    ...report,
    findings: show ? marked : marked.filter((item) => item.baselineState === 'new'),
    baseline: { file, matched, shown: show },
  };
}
