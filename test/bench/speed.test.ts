// The speed benchmark's own arithmetic and writing, without timing anything (npm run bench itself
// downloads its corpus and peers, so it stays out of npm test): statistics, ratio formatting, the
// table writer, the options and --help, the seeded edits, the corpus selection and the report.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { selectionReason } from '../../scripts/speed/corpus';
import { editSequence } from '../../scripts/speed/edits';
import { generateLargeFile as largeFileText } from '../../scripts/largeFile';
import { readOptions } from '../../scripts/speed/options';
import { renderResults, withKeptNotes } from '../../scripts/speed/report';
import type { BenchResults } from '../../scripts/speed/results';
import { formatDuration, formatRatio, formatSpread, median, percentile, spread } from '../../scripts/speed/stats';
import { markdownTable } from '../../scripts/speed/table';

const REPO = join(__dirname, '..', '..');

describe('speed benchmark statistics', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even one, unsorted input included', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('interpolates percentiles between closest ranks', () => {
    const samples = Array.from({ length: 101 }, (_, i) => 100 - i);
    assert.equal(percentile(samples, 95), 95);
    assert.equal(percentile(samples, 50), 50);
    assert.equal(percentile([10, 20], 95), 19.5);
    assert.equal(percentile([7], 95), 7);
    assert.equal(percentile([1, 2, 3], 0), 1);
    assert.equal(percentile([1, 2, 3], 100), 3);
    assert.ok(Number.isNaN(percentile([1, 2], 101)));
  });

  it('summarises rounds as median with min and max', () => {
    assert.deepEqual(spread([30, 10, 20]), { median: 20, min: 10, max: 30, n: 3 });
    assert.equal(spread([]).n, 0);
  });

  it('writes ratios with two decimals below 10x, one above, and n/a without a base', () => {
    assert.equal(formatRatio(38.3, 13.4), '2.86x');
    assert.equal(formatRatio(5, 20), '0.25x');
    assert.equal(formatRatio(125, 10), '12.5x');
    assert.equal(formatRatio(1, 0), 'n/a');
    assert.equal(formatRatio(Number.NaN, 1), 'n/a');
  });

  it('writes durations in ms below two seconds and in s above, and a spread only when there were rounds', () => {
    assert.equal(formatDuration(4.25), '4.3 ms');
    assert.equal(formatDuration(184.4), '184 ms');
    assert.equal(formatDuration(38_300), '38.3 s');
    assert.equal(formatSpread(spread([38_300])), '38.3 s');
    assert.equal(formatSpread(spread([38_300, 36_900, 41_000])), '38.3 s (36.9 s–41.0 s)');
    assert.equal(formatSpread(spread([])), 'n/a');
  });
});

describe('speed benchmark table writer', () => {
  it('pads columns and escapes pipes and line breaks inside cells', () => {
    const table = markdownTable(['tool', 'wall'], [['a|b', '1 s'], ['ESLint\nplugins', '22 s']]);
    assert.deepEqual(table.split('\n'), [
      '| tool           | wall |',
      '|----------------|------|',
      '| a\\|b           | 1 s  |',
      '| ESLint plugins | 22 s |',
    ]);
  });
});

describe('speed benchmark options', () => {
  it('defaults to three rounds and 100 edits, and --quick to one round and 30 edits', () => {
    const normal = readOptions([], 'RESULTS.md');
    assert.ok(!('problem' in normal));
    assert.equal(normal.rounds, 3);
    assert.equal(normal.edits, 100);
    assert.equal(normal.results, 'RESULTS.md');
    const quick = readOptions(['--quick', '--offline', '--no-results', '--packages', 'knex, typeorm'], 'RESULTS.md');
    assert.ok(!('problem' in quick));
    assert.deepEqual([quick.rounds, quick.edits, quick.offline, quick.results, quick.packages], [1, 30, true, undefined, ['knex', 'typeorm']]);
    const again = readOptions(['--from-json', 'run.json', '--rounds', '2'], 'RESULTS.md');
    assert.ok(!('problem' in again));
    assert.deepEqual([again.fromJson, again.rounds], ['run.json', 2]);
  });

  it('refuses a round count that is not a positive whole number, and unknown options', () => {
    assert.match((readOptions(['--rounds', '0'], 'R') as { problem: string }).problem, /--rounds needs a positive whole number/);
    assert.match((readOptions(['--rounds', '1.5'], 'R') as { problem: string }).problem, /--rounds/);
    assert.ok('problem' in readOptions(['--fast'], 'R'));
  });

  it('prints its usage for --help and exits 0; a wrong option exits 2 with the usage on stderr', () => {
    const help = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'scripts', 'bench.ts'), '--help'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: npm run bench -- \[options\]/);
    assert.match(help.stdout, /--offline/);
    assert.match(help.stdout, /--quick/);
    const wrong = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'scripts', 'bench.ts'), '--rounds', 'many'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /bench: --rounds needs a positive whole number/);
  });
});

describe('speed benchmark inputs', () => {
  it('types the same seeded keystrokes every time, one character each', () => {
    const text = Array.from({ length: 50 }, (_, i) => `const a${i} = ${i};`).join('\n');
    const first = editSequence(text, 20, 7);
    assert.deepEqual(first, editSequence(text, 20, 7));
    assert.notDeepEqual(first.map((e) => e.line), editSequence(text, 20, 8).map((e) => e.line));
    first.forEach((edit, i) => assert.equal(edit.text.length, text.length + i + 1));
    assert.ok(first.every((edit) => edit.line >= 0 && edit.line < 50));
  });

  it('keeps only the files Rugged would analyse', () => {
    assert.equal(selectionReason('lib/index.js', 'module.exports = 1;\n'), undefined);
    assert.equal(selectionReason('src/app.tsx', 'export const a = 1;\n'), undefined);
    assert.equal(selectionReason('lib/index.d.ts', undefined), 'not a source file');
    assert.equal(selectionReason('README.md', undefined), 'not a source file');
    assert.equal(selectionReason('lib/dist/index.js', undefined), 'default exclude');
    assert.equal(selectionReason('public/app.min.js', undefined), 'default exclude');
    assert.equal(selectionReason('lib/long.js', 'x'.repeat(30_000)), 'minified');
    assert.equal(selectionReason('lib/bin.js', 'a\u0000b'), 'binary');
  });

  it('generates large files of at least the size asked, made of whole sections', () => {
    const text = largeFileText(50 * 1024);
    assert.ok(text.length >= 50 * 1024 && text.length < 52 * 1024);
    assert.match(text, /module\.exports = \{ app, router \};\n$/);
    assert.equal(largeFileText(50 * 1024), text, 'the same size gives the same text');
  });
});

describe('speed benchmark report', () => {
  const sample = (wallMs: number, peakMb = 100) => ({ wallMs, cpuMs: wallMs * 0.9, peakRssBytes: peakMb * 1e6 });
  const results: BenchResults = {
    date: '2026-12-06',
    commit: 'abc1234',
    machine: { cpus: 2, cpuModel: 'Test CPU', node: 'v20.0.0', loadAverageAtStart: [1, 1, 1], loadAverageAtEnd: [2, 2, 2] },
    settings: { rounds: 3, edits: 100, quick: false },
    corpus: { packages: ['knex@3.3.0'], files: 1000, bytes: 5e6, lines: 100_000, leftOut: { 'default exclude': 4 } },
    peers: { eslintVersion: '9.39.5', rules: { 'eslint-plugin-security': ['security/detect-eval-with-expression'] }, typeAwareLeftOut: [], crashingLeftOut: { 'plugin/crashes': 'throws on x' } },
    fullScan: { parseFloor: [sample(10_000), sample(12_000), sample(11_000)], eslint: [sample(40_000, 500)], rugged: [sample(20_000, 250), sample(24_000, 260), sample(22_000, 240)] },
    rescan: { touchedFiles: 10, eslintWarm: [sample(2000)], eslintTouched: [sample(4000)], serverCold: [], serverWarm: [], serverTouched: [] },
    budgets: { rulesBeforeIssue10: [sample(20_000)], crossModuleOn: [12_500], crossModuleOff: [10_000], newRules: ['unsafe-api/no-open-redirect'] },
    latency: { lspIdle: [{ file: 'a.ts', lines: 2500, samples: [300, 400], debounceMs: 200, serverPeakRssBytes: 1e8 }], lspDuringScan: [], inProcess: [] },
    jobs: { available: false, reason: 'no --jobs' },
    largeFiles: [{ kilobytes: 50, milliseconds: 500, parseMilliseconds: 100, analysisPeakRssBytes: 9e7, findings: 3 }],
  };
  const markdown = renderResults(results);

  it('puts the medians, their range and the tracked ratios in the summary row', () => {
    assert.match(markdown, /\| full scan, wall +\| 11\.0 s \(10\.0 s–12\.0 s\) +\| 40\.0 s +\| 22\.0 s \(20\.0 s–24\.0 s\) +\| 2\.00x +\| 0\.55x +\|/);
    assert.match(markdown, /\| full scan, peak RSS +\| 100 MB \(100 MB–100 MB\) +\| 500 MB +\| 250 MB \(240 MB–260 MB\)/);
  });

  it('reports the budgets as the cost over the run without, and the LSP rows with the debounce subtracted', () => {
    assert.match(markdown, /the 10 rules of issue 10[^\n]*\| \+10\.0% +\| \+10\.0% +\| ≤ \+15% +\|/);
    assert.match(markdown, /cross-module data flow[^\n]*\| \+25\.0% +\| not recorded +\| ≤ \+25% +\|/);
    const withCpu = renderResults({ ...results, budgets: { ...results.budgets, crossModuleOnCpu: [11_000], crossModuleOffCpu: [10_000] } });
    assert.match(withCpu, /cross-module data flow[^\n]*\| \+25\.0% +\| \+10\.0% +\| ≤ \+25% +\|/);
    assert.match(markdown, /keystroke → diagnostics over LSP[^\n]*a\.ts +\|[^\n]*\| 150 ms \/ 195 ms +\|/);
    assert.match(markdown, /\| 50 KB +\| 500 ms +\| 10\.00 ms +\| 100 ms +\| 2\.00 ms +\| 5\.00x/);
  });

  it('says how many cold scans the keystrokes under a scan overlapped, and compares their p95 with idle', () => {
    const idle = results.latency.lspIdle[0];
    const under = (scans: number | undefined) =>
      renderResults({ ...results, latency: { ...results.latency, lspDuringScan: [{ ...idle, samples: [500, 800], ...(scans === undefined ? {} : { scans }) }] } });
    assert.match(under(3), /same while a workspace scan runs \(2 edits overlapped 3 cold scans, each by a fresh server\): a\.ts[^\n]*now 3\.00x/);
    assert.match(under(1), /overlapped 1 cold scan, each by a fresh server\)/);
    assert.match(under(undefined), /\(2 edits overlapped it\)/, 'an older results file without the count still reads');
  });

  it('lists the peer rules left out because they crash ESLint', () => {
    assert.match(markdown, /Left out because they stop ESLint's whole run on this corpus: `plugin\/crashes` \(throws on x\)\./);
  });

  it('says plainly when the workers row could not be measured, and names the machine and its load', () => {
    assert.match(markdown, /Scaling with 1, 2 and N workers: not available \(no --jobs\)/);
    assert.doesNotMatch(markdown, /load average exceeded/);
    assert.doesNotMatch(markdown, /reduced run/);
    const reduced = renderResults({ ...results, settings: { ...results.settings, rounds: 2 }, corpus: { ...results.corpus, packagesAvailable: 14 } });
    assert.match(reduced, /This is a reduced run \(2 rounds instead of 3, 1 of the 14 pinned packages\)/);
    const loaded = renderResults({ ...results, machine: { ...results.machine, loadAverageAtEnd: [4, 3, 2] } });
    assert.match(loaded, /The load average exceeded the 2 cores: wall times include waiting for a core/);
    assert.match(markdown, /Machine: 2 cores \(Test CPU\), Node v20\.0\.0, load average 1\.00 \/ 1\.00 \/ 1\.00 at start and 2\.00 \/ 2\.00 \/ 2\.00 at the end/);
  });

  it('keeps the hand-written notes of the report it replaces, and only them', () => {
    const previous = `${markdown}\n## Notes\n\nThe engine change X cut CPU by 10%.\n`;
    const kept = withKeptNotes(markdown, previous);
    assert.ok(kept.startsWith(markdown.trimEnd()));
    assert.match(kept, /\n## Notes\n\nThe engine change X cut CPU by 10%\.\n$/);
    assert.equal(kept.match(/## Notes/g)?.length, 1);
    assert.equal(withKeptNotes(markdown, markdown), markdown, 'no notes section: nothing added');
    assert.equal(withKeptNotes(markdown, undefined), markdown);
  });
});
