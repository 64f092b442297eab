// Machine output of `rugged scan --format json`: every finding with its fixes as text edits (in
// its own file, and verified ones in the helper file a cross-module finding leads to), the
// skipped files, per-file notes and configuration problems. Paths are relative to the working
// directory; positions are 1-based lines and columns (columns count UTF-16 code units) plus offsets.
import type { Point, SourceRange } from '../../engine/finding';
import type { ScanReport } from '../scanProject';
import { displayPath, isActive } from '../scanProject';
import { TOOL_NAME, TOOL_VERSION } from '../../shared/product';
import { jsonForTerminal } from '../../shared/terminalText';

/** Bumped when a field changes meaning or disappears; adding fields does not bump it. */
export const JSON_FORMAT_VERSION = 1;

export interface JsonPosition {
  line: number;
  column: number;
  offset: number;
}

export interface JsonRange {
  start: JsonPosition;
  end: JsonPosition;
}

function position(point: Point): JsonPosition {
  return { line: point.line, column: point.column + 1, offset: point.offset };
}

function range(r: SourceRange): JsonRange {
  return { start: position(r.start), end: position(r.end) };
}

export function formatJson(report: ScanReport): string {
  const path = (p: string) => displayPath(p, report.cwd);
  const findings = report.findings.map((item) => {
    const { finding } = item;
    return {
      path: path(item.path),
      ruleId: finding.ruleId,
      severity: finding.severity,
      confidence: finding.confidence,
      message: finding.message,
      range: range(finding.range),
      fixes: finding.fixes.map((fix, i) => ({
        title: fix.title,
        kind: fix.kind,
        edits: fix.edits.map((edit, j) => ({ range: range(item.fixRanges[i][j]), text: edit.text })),
      })),
      // Fixes of the helper in another file that a cross-module finding leads to, each verified by the scan.
      foreignFixes: item.foreignFixes.map(({ fix, ranges }) => ({
        path: path(fix.file),
        title: fix.title,
        kind: fix.kind,
        edits: fix.edits.map((edit, j) => ({ range: range(ranges[j]), text: edit.text })),
      })),
      related: finding.related.map((r) => ({ message: r.message, range: range(r.range), ...(r.file !== undefined ? { path: path(r.file) } : {}) })),
      fingerprint: finding.fingerprint,
      fileFingerprint: item.fileFingerprint,
      ...(item.baselineState ? { baselineState: item.baselineState } : {}),
      suppression: finding.suppression ?? null,
      data: finding.data ?? {},
      context: finding.context ?? null,
    };
  });
  const active = report.findings.filter(isActive);
  const output = {
    version: JSON_FORMAT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    summary: {
      filesScanned: report.filesScanned,
      findings: active.length,
      errors: active.filter((f) => f.finding.severity === 'error').length,
      warnings: active.filter((f) => f.finding.severity === 'warning').length,
      info: active.filter((f) => f.finding.severity === 'info').length,
      suppressed: report.findings.filter((f) => f.finding.suppression).length,
      skipped: report.skipped.length,
      excluded: report.excluded.length,
      ...(report.baseline ? { baseline: { file: report.baseline.file, matched: report.baseline.matched, shown: report.baseline.shown } } : {}),
      ...(report.changedSince ? { changedSince: report.changedSince } : {}),
      ...(report.shard ? { shard: report.shard } : {}),
    },
    findings,
    skipped: report.skipped.map((s) => ({ path: path(s.path), reason: s.reason })),
    excluded: report.excluded.map((e) => ({ path: path(e.path), kind: e.kind, reason: e.reason })),
    notes: report.notes.map((n) => ({ path: path(n.path), kind: n.kind, message: n.message })),
    configProblems: report.configProblems.map((p) => ({ ...p, file: path(p.file) })),
  };
  // Also when written to a file: whoever `cat`s it gets the same data, with no live BiDi or C1.
  return jsonForTerminal(output);
}
