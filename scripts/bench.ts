// Speed and memory of Rugged against the parse floor and its peer (issue 12): npm run bench -- --help.
// Interleaved rounds over the pinned packages of bench/precision/apps.json, copied into a cache
// outside the repository; the peers are installed there too. Writes bench/RESULTS.md (and --json).
// Timings are measurements, never test assertions; the statistics and the table writer are tested
// in test/bench/speed.test.ts.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { QUICK_PACKAGES, prepareCorpus, type Corpus } from './speed/corpus';
import { seededRandom } from './speed/edits';
import { keystrokeLatency, serverScan } from './speed/lspRows';
import { readOptions, USAGE, type BenchOptions } from './speed/options';
import { CRASHING_RULES, preparePeers, type Peers } from './speed/peers';
import { measureProcess, writeProbe, type ProcessMeasure } from './speed/processRun';
import { renderResults, withKeptNotes } from './speed/report';
import type { BenchResults, InProcessRun, LargeFileRun, ScanSample } from './speed/results';
import { runWorker } from './speed/workers';

const ROOT = join(__dirname, '..');
/** The rules issue 10 added; the budget row turns them off to time the scan as it was before. */
export const ISSUE_10_RULES = [
  'unsafe-api/no-open-redirect', 'unsafe-api/no-template-injection', 'unsafe-api/no-xml-external-entities',
  'unsafe-api/no-unsafe-deserialization', 'unsafe-api/no-dynamic-code-loading', 'unsafe-api/no-unsafe-regex',
  'session/no-timing-unsafe-comparison', 'session/no-session-fixation', 'session/no-plaintext-password', 'session/no-token-in-web-storage',
];
const LARGE_FILE_KB = [50, 100, 250, 500, 1000];
const QUICK_LARGE_FILE_KB = [50, 200];
/** Keystroke-latency files: at least this long, as issue 12 asks, and no longer than this. */
const LATENCY_MIN_LINES = 2000;
const LATENCY_MAX_LINES = 6000;

function speedCache(): string {
  if (process.env.RUGGED_BENCH_SPEED_CACHE) return process.env.RUGGED_BENCH_SPEED_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rugged', 'bench-speed');
}

const log = (message: string) => process.stderr.write(`${message}\n`);

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--worker') {
    runWorker(argv.slice(1));
    return 0;
  }
  const options = readOptions(argv, join(ROOT, 'bench', 'RESULTS.md'));
  if ('problem' in options) {
    process.stderr.write(`bench: ${options.problem}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const results = options.fromJson ? (JSON.parse(readFileSync(options.fromJson, 'utf8')) as BenchResults) : await runBench(options);
  const markdown = withKeptNotes(renderResults(results), options.results && existsSync(options.results) ? readFileSync(options.results, 'utf8') : undefined);
  process.stdout.write(markdown);
  if (options.results) writeFileSync(options.results, markdown);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
  return 0;
}

async function runBench(options: BenchOptions): Promise<BenchResults> {
  const loadAverageAtStart = loadavg();
  const cache = speedCache();
  mkdirSync(cache, { recursive: true });
  build();
  const corpus = prepareCorpus(ROOT, cache, { only: options.packages ?? (options.quick ? QUICK_PACKAGES : undefined), offline: options.offline });
  log(`corpus: ${corpus.files.length} files, ${corpus.lines} lines, ${(corpus.bytes / 1e6).toFixed(1)} MB`);
  const peers = preparePeers(cache, { offline: options.offline });
  const probe = writeProbe(cache);
  const workers = await bundleWorkers(cache);
  const listFile = join(cache, 'files.json');
  writeFileSync(listFile, JSON.stringify(corpus.files.map((f) => f.path)));
  const configs = writeRuggedConfigs(cache);
  const jobs = jobsSupport();

  const results: BenchResults = {
    date: new Date().toISOString().slice(0, 10),
    commit: gitCommit(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverageAtStart, loadAverageAtEnd: [] },
    settings: { rounds: options.rounds, edits: options.edits, quick: options.quick },
    corpus: { packages: corpus.packages, packagesAvailable: corpus.packagesAvailable, files: corpus.files.length, bytes: corpus.bytes, lines: corpus.lines, leftOut: corpus.leftOut },
    peers: { eslintVersion: peers.eslintVersion, rules: peers.rules, typeAwareLeftOut: peers.typeAwareLeftOut, crashingLeftOut: { ...CRASHING_RULES } },
    fullScan: { parseFloor: [], eslint: [], rugged: [] },
    rescan: { touchedFiles: Math.max(1, Math.round(corpus.files.length / 100)), eslintWarm: [], eslintTouched: [], serverCold: [], serverWarm: [], serverTouched: [] },
    budgets: { rulesBeforeIssue10: [], crossModuleOn: [], crossModuleOff: [], newRules: ISSUE_10_RULES },
    latency: { lspIdle: [], lspDuringScan: [], inProcess: [] },
    jobs: jobs ? { available: true, byJobs: {} } : { available: false, reason: '`rugged scan --help` lists no --jobs option at this commit' },
    largeFiles: [],
  };

  const tools = {
    parseFloor: () => scanSample(measureProcess(probe, workers, ['parse-floor', listFile], { cwd: cache }), 'parse floor'),
    eslint: (round: number) => eslintScan(probe, peers, cache, round),
    rugged: (config: string) => ruggedScan(probe, cache, corpus, config),
  };
  for (let round = 1; round <= options.rounds; round++) {
    log(`round ${round}/${options.rounds}: full scans`);
    rmSync(eslintCacheFile(cache, round), { force: true });
    results.fullScan.parseFloor.push(tools.parseFloor());
    results.fullScan.eslint.push(tools.eslint(round));
    results.fullScan.rugged.push(tools.rugged(configs.allRules));
    results.budgets.rulesBeforeIssue10.push(tools.rugged(configs.beforeIssue10));
    for (const crossModule of ['on', 'off'] as const) {
      const run = measureProcess(probe, workers, ['project-scan', corpus.root, crossModule], { cwd: cache });
      const loop = JSON.parse(checked(run, `project scan (cross-module ${crossModule})`).lastLine) as { milliseconds: number; cpuMilliseconds: number };
      const budgets = results.budgets;
      (crossModule === 'on' ? budgets.crossModuleOn : budgets.crossModuleOff).push(loop.milliseconds);
      (crossModule === 'on' ? (budgets.crossModuleOnCpu ??= []) : (budgets.crossModuleOffCpu ??= [])).push(loop.cpuMilliseconds);
    }
    if (jobs && results.jobs.available) {
      for (const n of jobCounts()) {
        const run = checked(measureProcess(probe, join(ROOT, 'dist', 'cli.js'), ['scan', corpus.root, '-c', configs.allRules, '-f', 'json', '-o', join(cache, 'rugged-out.json'), '--fail-on', 'never', '--jobs', String(n)], { cwd: cache }), `rugged --jobs ${n}`);
        (results.jobs.byJobs[String(n)] ??= []).push({ wallMs: run.wallMs, cpuMs: run.cpuMs, peakRssBytes: run.peakRssBytes });
      }
    }
    log(`round ${round}/${options.rounds}: warm and touched re-scans`);
    const storage = join(cache, `server-storage-${round}`);
    rmSync(storage, { recursive: true, force: true });
    mkdirSync(storage, { recursive: true, mode: 0o700 });
    results.rescan.serverCold.push(await serverScan(corpus.root, storage));
    results.rescan.serverWarm.push(await serverScan(corpus.root, storage));
    results.rescan.eslintWarm.push(tools.eslint(round));
    touchFiles(corpus, results.rescan.touchedFiles, round);
    results.rescan.serverTouched.push(await serverScan(corpus.root, storage));
    results.rescan.eslintTouched.push(tools.eslint(round));
  }

  log('keystroke latency');
  const latencyFiles = pickLatencyFiles(corpus);
  for (const [index, file] of latencyFiles.entries()) {
    const seed = 12 + index;
    const storagePath = join(cache, 'server-storage-latency');
    rmSync(storagePath, { recursive: true, force: true });
    mkdirSync(storagePath, { recursive: true, mode: 0o700 });
    results.latency.lspIdle.push(await keystrokeLatency({ root: corpus.root, file, edits: options.edits, seed, storagePath, duringScan: false }));
    if (index === 0) results.latency.lspDuringScan.push(await keystrokeLatency({ root: corpus.root, file, edits: options.edits, seed, storagePath, duringScan: true }));
    const run = checked(measureProcess(probe, workers, ['edits', file, String(options.edits), String(seed), join(ROOT, 'dist', 'api.js'), peers.configFile, peers.folder], { cwd: cache }), `in-process edits of ${file}`);
    results.latency.inProcess.push(JSON.parse(run.lastLine) as InProcessRun);
  }

  log('large files');
  for (const kilobytes of options.quick ? QUICK_LARGE_FILE_KB : LARGE_FILE_KB) {
    const run = checked(measureProcess(probe, workers, ['large-file', String(kilobytes), join(ROOT, 'dist', 'api.js')], { cwd: cache }), `large file ${kilobytes} KB`);
    results.largeFiles.push(JSON.parse(run.lastLine) as LargeFileRun);
  }
  results.machine.loadAverageAtEnd = loadavg();
  // Paths in the report are relative to the corpus, so RESULTS.md names no home folder.
  for (const run of [...results.latency.lspIdle, ...results.latency.lspDuringScan, ...results.latency.inProcess]) run.file = relative(corpus.root, run.file);
  return results;
}

function build(): void {
  log('building dist/');
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) throw new Error('the build failed');
}

/** The in-process workers, bundled the way scripts/build.mjs bundles the CLI, so they run on plain node. */
async function bundleWorkers(cache: string): Promise<string> {
  const { build: esbuild } = await import('esbuild');
  const outfile = join(cache, 'workers.cjs');
  await esbuild({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'error',
    external: ['vscode'],
    stdin: {
      contents: "import { runWorker } from './scripts/speed/workers';\nrunWorker(process.argv.slice(2));\n",
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'bench-workers.ts',
    },
    outfile,
  });
  return outfile;
}

/** Configurations passed with -c: all rules, and the rules that existed before issue 10. */
function writeRuggedConfigs(cache: string): { allRules: string; beforeIssue10: string } {
  const allRules = join(cache, 'rugged-all-rules.json');
  const beforeIssue10 = join(cache, 'rugged-before-issue-10.json');
  writeFileSync(allRules, '{}\n');
  writeFileSync(beforeIssue10, `${JSON.stringify({ rules: Object.fromEntries(ISSUE_10_RULES.map((id) => [id, 'off'])) }, null, 2)}\n`);
  return { allRules, beforeIssue10 };
}

function jobsSupport(): boolean {
  const help = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'scan', '--help'], { encoding: 'utf8' });
  return /--jobs\b/.test(help.stdout);
}

function jobCounts(): number[] {
  return [...new Set([1, 2, cpus().length])].sort((a, b) => a - b);
}

function checked(run: ProcessMeasure, what: string): ProcessMeasure {
  if (run.status !== 0) throw new Error(`${what} failed (exit ${run.status}): ${run.stderr}`);
  return run;
}

function scanSample(run: ProcessMeasure, what: string, findings?: number): ScanSample {
  checked(run, what);
  return { wallMs: run.wallMs, cpuMs: run.cpuMs, peakRssBytes: run.peakRssBytes, findings };
}

function eslintCacheFile(cache: string, round: number): string {
  return join(cache, `eslint-cache-round-${round}`);
}

/** ESLint's CLI over the corpus with its cache: cold the first time in a round, warm after. */
function eslintScan(probe: string, peers: Peers, cache: string, round: number): ScanSample {
  const output = join(cache, 'eslint-out.json');
  const args = ['-c', peers.configFile, '--cache', '--cache-location', eslintCacheFile(cache, round), '-f', 'json', '-o', output, 'corpus'];
  const run = measureProcess(probe, peers.eslintBin, args, { cwd: cache });
  // ESLint exits 1 when a file does not parse (a fatal error); the timing still stands.
  if (run.status !== 0 && run.status !== 1) throw new Error(`ESLint failed (exit ${run.status}): ${run.stderr}`);
  const report = JSON.parse(readFileSync(output, 'utf8')) as { warningCount: number; errorCount: number }[];
  const findings = report.reduce((sum, file) => sum + file.warningCount, 0);
  return { wallMs: run.wallMs, cpuMs: run.cpuMs, peakRssBytes: run.peakRssBytes, findings };
}

/** `rugged scan` (dist/cli.js) over the corpus with a configuration file, report written as JSON. */
function ruggedScan(probe: string, cache: string, corpus: Corpus, config: string): ScanSample {
  const output = join(cache, 'rugged-out.json');
  const run = measureProcess(probe, join(ROOT, 'dist', 'cli.js'), ['scan', corpus.root, '-c', config, '-f', 'json', '-o', output, '--fail-on', 'never'], { cwd: cache });
  checked(run, 'rugged scan');
  const report = JSON.parse(readFileSync(output, 'utf8')) as { summary: { findings: number } };
  return { wallMs: run.wallMs, cpuMs: run.cpuMs, peakRssBytes: run.peakRssBytes, findings: report.summary.findings };
}

/** Appends a comment line to 1% of the files (a fresh pick each round), changing content and mtime. */
function touchFiles(corpus: Corpus, count: number, round: number): void {
  const random = seededRandom(1000 + round);
  const picked = new Set<number>();
  while (picked.size < Math.min(count, corpus.files.length)) picked.add(Math.floor(random() * corpus.files.length));
  for (const index of picked) appendFileSync(corpus.files[index].path, `\n// touched by the benchmark, round ${round}\n`);
}

/**
 * Two long files within the latency range, from different packages, TypeScript first when the
 * corpus has one that long (published packages mostly ship compiled JavaScript); the longest file
 * of the corpus when none is in range (--quick).
 */
function pickLatencyFiles(corpus: Corpus): string[] {
  const inRange = corpus.files.filter((f) => f.lines >= LATENCY_MIN_LINES && f.lines <= LATENCY_MAX_LINES).sort((a, b) => b.lines - a.lines);
  if (inRange.length === 0) return [...corpus.files].sort((a, b) => b.lines - a.lines).slice(0, 1).map((f) => f.path);
  const packageOf = (path: string) => relative(corpus.root, path).split(/[\\/]/)[0];
  const ordered = [...inRange.filter((f) => /\.[cm]?tsx?$/.test(f.path)), ...inRange];
  const picked: string[] = [];
  for (const file of ordered) {
    if (picked.length === 2) break;
    if (!picked.some((path) => path === file.path || packageOf(path) === packageOf(file.path))) picked.push(file.path);
  }
  return picked;
}

function gitCommit(): string | undefined {
  const run = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
