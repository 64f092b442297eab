// Human output of `rugged scan`: one header line per finding (clickable file:line:column), a code
// frame with a caret underline, and a summary. Colour only when asked for (a TTY without NO_COLOR).
// Everything quoted from the workspace is escaped here, before colours are added, so the only
// escape sequences in the result are the formatter's own (the CLI stream keeps just those).
import { contextReason } from '../../engine/contextPolicy';
import { escapeForTerminal, oneLine } from '../../shared/terminalText';
import type { ReportFinding, ScanReport } from '../scanProject';
import { displayPath, isActive } from '../scanProject';

export interface TextOptions {
  color: boolean;
}

const WIDTH_LIMIT = 160;

type Paint = (code: string, text: string) => string;

export function formatText(report: ScanReport, options: TextOptions): string {
  const paint: Paint = options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  const blocks = report.findings.map((item) => formatFinding(item, report.cwd, paint));
  return `${blocks.map((b) => `${b}\n`).join('\n')}${blocks.length > 0 ? '\n' : ''}${summaryLine(report, paint)}\n`;
}

function formatFinding(item: ReportFinding, cwd: string, paint: Paint): string {
  const { finding } = item;
  const where = `${oneLine(displayPath(item.path, cwd))}:${finding.range.start.line}:${finding.range.start.column + 1}`;
  const ruleId = oneLine(finding.ruleId);
  const message = oneLine(finding.message);
  if (finding.suppression) {
    const until = finding.suppression.until ? ` until ${oneLine(finding.suppression.until)}` : '';
    return `${paint('2', `${where}  suppressed  ${ruleId}  ${message}`)}\n${paint('2', `  reason${until}: ${oneLine(finding.suppression.justification)}`)}`;
  }
  if (item.baselineState === 'unchanged') return paint('2', `${where}  baseline  ${ruleId}  ${message}`);
  const severity = { error: paint('31;1', 'error'), warning: paint('33;1', 'warning'), info: paint('36', 'info') }[finding.severity];
  const lines = [`${paint('1', where)}  ${severity}  ${paint('2', ruleId)}  ${message}`, ...codeFrame(item, paint)];
  const reason = contextReason(finding);
  if (reason) lines.push(`  ${paint('2', oneLine(reason))}`);
  for (const related of finding.related) {
    const at = related.file === undefined ? 'line ' : `${oneLine(displayPath(related.file, cwd))}:`;
    lines.push(`  ${paint('2', `${oneLine(related.message)} at ${at}${related.range.start.line}:${related.range.start.column + 1}`)}`);
  }
  for (const fix of finding.fixes) lines.push(`  ${paint('32', fix.kind === 'safe' ? 'fix' : 'suggestion')}: ${oneLine(fix.title)}`);
  return lines.join('\n');
}

/** The flagged line with a caret underline, shortened around the finding when the line is long. */
function codeFrame(item: ReportFinding, paint: Paint): string[] {
  const { start, end } = item.finding.range;
  let line = item.sourceLine;
  let from = Math.min(start.column, line.length);
  let to = end.line === start.line ? Math.min(Math.max(end.column, from + 1), line.length) : line.length;
  if (to <= from) to = from + 1;
  let prefix = '';
  if (line.length > WIDTH_LIMIT) {
    const windowStart = Math.max(0, from - 40);
    const windowEnd = Math.min(line.length, windowStart + WIDTH_LIMIT);
    prefix = windowStart > 0 ? '...' : '';
    const suffix = windowEnd < line.length ? '...' : '';
    line = `${prefix}${line.slice(windowStart, windowEnd)}${suffix}`;
    from = from - windowStart + prefix.length;
    to = Math.min(to - windowStart + prefix.length, line.length - suffix.length);
    if (to <= from) to = from + 1;
  }
  const gutter = String(start.line);
  // Escaped piece by piece so the caret still sits under the flagged text once a control
  // character has become a several-character escape. Tabs stay tabs, above and below, so the
  // underline lines up in any terminal.
  const [before, flagged, after] = [line.slice(0, from), line.slice(from, to), line.slice(to)].map((part) => escapeForTerminal(part, '\t'));
  const padding = before.replace(/[^\t]/g, ' ');
  return [
    `  ${paint('2', `${gutter} |`)} ${before}${flagged}${after}`,
    `  ${' '.repeat(gutter.length)} ${paint('2', '|')} ${padding}${paint('31', '^'.repeat(Math.max(1, flagged.length)))}`,
  ];
}

function summaryLine(report: ScanReport, paint: Paint): string {
  const active = report.findings.filter(isActive);
  const count = (severity: string) => active.filter((f) => f.finding.severity === severity).length;
  const suppressed = report.findings.filter((f) => f.finding.suppression).length;
  const folders = report.excluded.filter((e) => e.kind === 'folder').length;
  const files = `${report.filesScanned} ${plural(report.filesScanned, 'file')} checked${report.shard ? ` in shard ${report.shard.index} of ${report.shard.count}` : ''}`;
  const extras = [
    suppressed > 0 ? `${suppressed} suppressed` : '',
    report.skipped.length > 0 ? `${report.skipped.length} skipped (listed on stderr)` : '',
    report.baseline ? `${report.baseline.matched} in the baseline${report.baseline.shown ? '' : ' (not shown)'}` : '',
    report.changedSince ? `${report.changedSince.outsideChangedLines} on lines unchanged since ${oneLine(report.changedSince.ref)}` : '',
    report.changedSince && report.changedSince.unchangedFiles > 0 ? `${report.changedSince.unchangedFiles} unchanged ${plural(report.changedSince.unchangedFiles, 'file')} not checked` : '',
    report.excluded.length > 0 ? `${excludedCount(folders, report.excluded.length - folders)} excluded, see --list-excluded` : '',
  ].filter(Boolean);
  const tail = extras.length > 0 ? `; ${extras.join(', ')}` : '';
  if (active.length === 0) return paint('32', `No findings (${files}${tail}).`);
  const parts = [`${count('error')} ${plural(count('error'), 'error')}`, `${count('warning')} ${plural(count('warning'), 'warning')}`, `${count('info')} info`];
  return paint('1', `${active.length} ${plural(active.length, 'finding')} (${parts.join(', ')}); ${files}${tail}.`);
}

/** "2 folders and 1 file", leaving out a zero. */
function excludedCount(folders: number, files: number): string {
  const parts = [folders > 0 ? `${folders} ${plural(folders, 'folder')}` : '', files > 0 ? `${files} ${plural(files, 'file')}` : ''];
  return parts.filter(Boolean).join(' and ');
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
