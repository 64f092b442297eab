// bench/RESULTS.md from one run: the table of issue 12 (floor, peer, Rugged, the ratios tracked and
// the targets), then the budgets of issues 10 and 11, large files, workers and how it was measured.
import { formatDuration, formatMegabytes, formatRatio, formatSpread, percentile, spread, type Spread } from './stats';
import { markdownTable } from './table';
import type { BenchResults, ScanSample } from './results';
import type { LatencyRun } from './lspRows';

const wall = (samples: readonly { wallMs: number }[]) => spread(samples.map((s) => s.wallMs));
const cpu = (samples: readonly ScanSample[]) => spread(samples.map((s) => s.cpuMs));
const rss = (samples: readonly { peakRssBytes?: number; serverPeakRssBytes?: number }[]) => spread(samples.map((s) => s.peakRssBytes ?? s.serverPeakRssBytes ?? Number.NaN));
const mb = (value: Spread) => formatSpread(value, formatMegabytes);
const p = (samples: readonly number[], q: number) => percentile(samples, q);
const pair = (samples: readonly number[]) => (samples.length === 0 ? 'n/a' : `${formatDuration(p(samples, 50))} / ${formatDuration(p(samples, 95))}`);
const plus = (value: number, base: number) => (Number.isFinite(value) && base > 0 ? `${value >= base ? '+' : ''}${(((value - base) / base) * 100).toFixed(1)}%` : 'n/a');

export function renderResults(r: BenchResults): string {
  const out: string[] = [];
  const { fullScan, rescan, latency, budgets } = r;
  const files = r.corpus.files;
  const filesPerSecond = (samples: readonly ScanSample[]) => formatSpread(spread(samples.map((s) => (files / s.wallMs) * 1000)), (n) => n.toFixed(0));
  out.push('# Speed benchmark (issue 12)', '');
  out.push(`Written by \`npm run bench\` on ${r.date}${r.commit ? ` at commit ${r.commit}` : ''}; do not edit by hand.`);
  out.push(`Machine: ${r.machine.cpus} cores (${r.machine.cpuModel ?? 'unknown CPU'}), Node ${r.machine.node}, load average ${loads(r.machine.loadAverageAtStart)} at start and ${loads(r.machine.loadAverageAtEnd)} at the end (1, 5, 15 min).`);
  out.push(`Corpus: ${files.toLocaleString('en')} files, ${r.corpus.lines.toLocaleString('en')} lines, ${formatMegabytes(r.corpus.bytes)} from ${r.corpus.packages.length} pinned packages (${r.corpus.packages.join(', ')}); left out: ${Object.entries(r.corpus.leftOut).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing'}.`);
  out.push(`Rounds: ${r.settings.rounds} interleaved${r.settings.quick ? ' (--quick: a try-out, not a measurement)' : ''}; figures are the median with (min–max) over the rounds; latency rows are p50 / p95 over ${r.settings.edits} single-character edits.`);
  const reduced = [
    r.settings.rounds < 3 ? `${r.settings.rounds} round${r.settings.rounds === 1 ? '' : 's'} instead of 3` : '',
    r.settings.edits < 100 ? `${r.settings.edits} edits instead of 100` : '',
    r.corpus.packagesAvailable !== undefined && r.corpus.packages.length < r.corpus.packagesAvailable ? `${r.corpus.packages.length} of the ${r.corpus.packagesAvailable} pinned packages` : '',
  ].filter(Boolean);
  if (reduced.length > 0 && !r.settings.quick) out.push(`This is a reduced run (${reduced.join(', ')}), to finish on a busy machine; \`npm run bench\` with no options measures the full set.`);
  out.push('Absolute times depend on the machine and its load; the ratios to the parse floor and to the peer are what is tracked.');
  if (Math.max(...r.machine.loadAverageAtStart.slice(0, 1), ...r.machine.loadAverageAtEnd.slice(0, 1)) > r.machine.cpus) {
    out.push(`The load average exceeded the ${r.machine.cpus} cores: wall times include waiting for a core, so the CPU row (user + system time of each process) is the steadier basis for the full-scan ratios.`);
  }
  out.push('');

  out.push('## Summary', '');
  const header = ['measure', 'parse floor', `ESLint ${r.peers.eslintVersion} + security plugins`, 'Rugged', 'Rugged / floor', 'Rugged / ESLint', 'target (issue 12)'];
  const rows: string[][] = [
    ['full scan, wall', formatSpread(wall(fullScan.parseFloor)), formatSpread(wall(fullScan.eslint)), formatSpread(wall(fullScan.rugged)), formatRatio(wall(fullScan.rugged).median, wall(fullScan.parseFloor).median), formatRatio(wall(fullScan.rugged).median, wall(fullScan.eslint).median), '≤ 1.2x floor, ≤ 0.25x ESLint'],
    ['full scan, CPU', formatSpread(cpu(fullScan.parseFloor)), formatSpread(cpu(fullScan.eslint)), formatSpread(cpu(fullScan.rugged)), formatRatio(cpu(fullScan.rugged).median, cpu(fullScan.parseFloor).median), formatRatio(cpu(fullScan.rugged).median, cpu(fullScan.eslint).median), ''],
    ['full scan, files/s', filesPerSecond(fullScan.parseFloor), filesPerSecond(fullScan.eslint), filesPerSecond(fullScan.rugged), '', '', ''],
    ['full scan, peak RSS', mb(rss(fullScan.parseFloor)), mb(rss(fullScan.eslint)), mb(rss(fullScan.rugged)), formatRatio(rss(fullScan.rugged).median, rss(fullScan.parseFloor).median), formatRatio(rss(fullScan.rugged).median, rss(fullScan.eslint).median), '≤ 300 MB'],
    ['warm re-scan (Rugged server cache / ESLint --cache)', '', formatSpread(wall(rescan.eslintWarm)), formatSpread(wall(rescan.serverWarm)), '', formatRatio(wall(rescan.serverWarm).median, wall(rescan.eslintWarm).median), ''],
    [`re-scan after touching 1% (${rescan.touchedFiles} files)`, '', formatSpread(wall(rescan.eslintTouched)), formatSpread(wall(rescan.serverTouched)), '', formatRatio(wall(rescan.serverTouched).median, wall(rescan.eslintTouched).median), ''],
  ];
  for (const run of latency.inProcess) {
    const s = run.samples;
    rows.push([`one-character edit, in process, p50 / p95: ${run.file} (${run.lines} lines)`, pair(s.parseFloor), pair(s.eslint), pair(s.rugged), formatRatio(p(s.rugged, 95), p(s.parseFloor, 95)), formatRatio(p(s.rugged, 95), p(s.eslint, 95)), 'p95 ≤ 1.2x floor, ≤ 0.25x ESLint; stretch ≤ 30 ms']);
  }
  const waitOf = (run: LatencyRun) => run.debounceMs ?? latency.debounceMs ?? 0;
  for (const run of latency.lspIdle) {
    rows.push([`keystroke → diagnostics over LSP, p50 / p95, debounce subtracted: ${run.file}`, '', '', pair(run.samples.map((ms) => ms - waitOf(run))), '', '', '']);
  }
  const idle = latency.lspIdle[0];
  for (const run of latency.lspDuringScan) {
    const ratio = idle ? formatRatio(p(run.samples, 95) - waitOf(run), p(idle.samples, 95) - waitOf(idle)) : 'n/a';
    const over = run.scans === undefined ? 'it' : `${run.scans} cold scan${run.scans === 1 ? '' : 's'}, each by a fresh server`;
    rows.push([`same while a workspace scan runs (${run.samples.length} edits overlapped ${over}): ${run.file}`, '', '', pair(run.samples.map((ms) => ms - waitOf(run))), '', '', `p95 ≤ 2x idle (now ${ratio})`]);
  }
  out.push(markdownTable(header, rows), '');
  const waits = [...latency.lspIdle, ...latency.lspDuringScan].map((run) => `${run.file} ${waitOf(run)} ms`).join(', ') || 'n/a';
  out.push(`The language server waits after the last keystroke before it analyses, longer for larger files and while typing fast (server/src/lsp/editDebounce.ts; here: ${waits}); the LSP rows subtract it. With it, the same rows read: ${latency.lspIdle.map((run) => `${run.file} ${pair(run.samples)}`).join('; ') || 'n/a'}${latency.lspDuringScan.map((run) => `; during the scan ${pair(run.samples)}`).join('')}.`);
  out.push(`Rugged's cold workspace scan in the server: ${formatSpread(wall(rescan.serverCold))}, peak RSS ${mb(rss(rescan.serverCold))}; warm: ${rescan.serverWarm.map((s) => `${s.cached} of ${s.files} files from the cache`).join(', ')}; after touching: ${rescan.serverTouched.map((s) => `${s.analysed} analysed`).join(', ')}. Rugged's CLI has no cache, so its warm rows are the server's \`rugged/scanWorkspace\` (content-hash cache on disk, a fresh server process each time); ESLint's are its CLI with \`--cache\` (its cold run in each round is the full-scan row, which writes the cache).`);
  out.push(`Findings: ESLint ${fullScan.eslint[0]?.findings ?? 'n/a'} warnings, Rugged ${fullScan.rugged[0]?.findings ?? 'n/a'} findings (default profile; not comparable one to one, listed to show both did the work).`, '');

  out.push('## Budgets of issues 10 and 11', '');
  const before = wall(budgets.rulesBeforeIssue10).median;
  const after = wall(fullScan.rugged).median;
  const on = spread(budgets.crossModuleOn);
  const off = spread(budgets.crossModuleOff);
  const cpuCost = (withIt: readonly number[] | undefined, without: readonly number[] | undefined) => (withIt && without ? plus(spread(withIt).median, spread(without).median) : 'not recorded');
  out.push(markdownTable(['budget', 'without (wall)', 'with (wall)', 'cost (wall)', 'cost (CPU)', 'target'], [
    ['the 10 rules of issue 10 (full scan, `rugged scan -c`)', formatSpread(wall(budgets.rulesBeforeIssue10)), formatSpread(wall(fullScan.rugged)), plus(after, before), cpuCost(fullScan.rugged.map((s) => s.cpuMs), budgets.rulesBeforeIssue10.map((s) => s.cpuMs)), '≤ +15%'],
    ['cross-module data flow (project scan loop in process, `ScanFilesOptions.crossModule`)', formatSpread(off), formatSpread(on), plus(on.median, off.median), cpuCost(budgets.crossModuleOnCpu, budgets.crossModuleOffCpu), '≤ +25%'],
  ]), '');
  out.push(`The rules turned off for "without": ${budgets.newRules.map((id) => `\`${id}\``).join(', ')}.`, '');

  out.push('## Large files', '');
  out.push(markdownTable(['generated file', 'Rugged analysis', 'per KB', 'parse floor', 'per KB', 'Rugged / floor', 'peak RSS', 'findings'], r.largeFiles.map((f) => [
    `${f.kilobytes} KB`, formatDuration(f.milliseconds), `${(f.milliseconds / f.kilobytes).toFixed(2)} ms`, formatDuration(f.parseMilliseconds), `${(f.parseMilliseconds / f.kilobytes).toFixed(2)} ms`, formatRatio(f.milliseconds, f.parseMilliseconds), formatMegabytes(f.analysisPeakRssBytes), String(f.findings),
  ])), '');
  out.push('Each size runs in a fresh process through `require(\'rugged/api\').analyze` (dist/api.js, fixes not verified); the file repeats numbered blocks of application code (route handlers, helpers, string building, a few sinks) with fresh names (scripts/largeFile.ts, the generator `test/engine/linearCost.test.ts` counts work on). Linear cost shows as a flat "per KB" column.', '');

  out.push('## Workers', '');
  if (!r.jobs.available) out.push(`Scaling with 1, 2 and N workers: not available (${r.jobs.reason}).`, '');
  else {
    const byJobs = r.jobs.byJobs;
    const one = wall(byJobs['1'] ?? []).median;
    out.push(markdownTable(['workers', 'wall', 'CPU', 'peak RSS', 'speed-up'], Object.entries(byJobs).map(([n, samples]) => [n, formatSpread(wall(samples)), formatSpread(cpu(samples)), mb(rss(samples)), formatRatio(one, wall(samples).median)])), '');
  }

  out.push('## The peer', '');
  out.push(`ESLint ${r.peers.eslintVersion} with these rules (every rule of each plugin except eslint-plugin-sonarjs, of which only the vulnerability and security-hotspot rules), installed pinned into the benchmark's cache; \`.ts\` files go through @typescript-eslint/parser. Rules that need type information are left out, since no row gives any tool a type checker${r.peers.typeAwareLeftOut.length > 0 ? `: ${r.peers.typeAwareLeftOut.join(', ')}` : ' (none were)'}.`, '');
  for (const [plugin, rules] of Object.entries(r.peers.rules)) out.push(`- ${plugin} (${rules.length}): ${rules.join(', ')}`);
  out.push('');
  const crashing = Object.entries(r.peers.crashingLeftOut ?? {});
  if (crashing.length > 0) out.push(`Left out because they stop ESLint's whole run on this corpus: ${crashing.map(([id, why]) => `\`${id}\` (${why})`).join('; ')}.`, '');

  out.push('## How it is measured', '');
  out.push('- Every full-scan figure is one fresh process per tool and round, the tools interleaved within each round; wall time from outside, CPU time (user + system) and peak RSS from `process.resourceUsage()` at exit.');
  out.push('- Parse floor: typescript-estree with `range` and `loc` and nothing else, file by file (JSX first for JavaScript, as Rugged parses). ESLint: its CLI with the configuration above. Rugged: `rugged scan -f json` (dist/cli.js), all rules, default profile, cross-module flow on.');
  out.push('- Every tool reads the same files: the corpus is a copy of the packages\' own code without declarations, minified, binary or oversized files and without folders Rugged excludes by default.');
  out.push('- LSP rows: dist/server.js over stdio, driven by the test suite\'s client (test/server/lspClient.ts); `didChange` of a space at the start of a random line (seeded), timed until `publishDiagnostics` carries that version; the next keystroke follows 250 ms after the answer (FAST_TYPING_GAP_MS in editDebounce.ts). "While a workspace scan runs" counts only the keystrokes the scan overlapped, from a fresh server\'s cold scan of the corpus, and starts another such server and scan until as many keystrokes overlapped one as the idle row has (at most 8 scans).');
  out.push('- In-process rows: the same edits; each edit through Rugged\'s library API, the parse floor and ESLint\'s `Linter.verify`, interleaved, after one untimed warm-up pass each.');
  return `${out.join('\n')}\n`;
}

function loads(values: readonly number[]): string {
  return values.length === 0 ? 'n/a' : values.map((v) => v.toFixed(2)).join(' / ');
}

/** The heading of the hand-written section of bench/RESULTS.md that a new run keeps. */
export const NOTES_HEADING = '## Notes';

/**
 * `markdown` with the notes section of the report it replaces: measurements taken between two
 * runs of the bench (an engine change measured in process, say) stay beside the tables until
 * someone edits them, rather than disappearing with the next run.
 */
export function withKeptNotes(markdown: string, previous: string | undefined): string {
  const start = previous?.indexOf(`\n${NOTES_HEADING}\n`) ?? -1;
  if (previous === undefined || start < 0) return markdown;
  const next = previous.indexOf('\n## ', start + NOTES_HEADING.length + 1);
  const notes = previous.slice(start + 1, next < 0 ? undefined : next + 1).trimEnd();
  return `${markdown.trimEnd()}\n\n${notes}\n`;
}
