// Scan speed and memory on a real tree, against a peer in the same run:
//   npm run bench [-- <path>] [--max-files N]
// Default tree: the JavaScript under this repository's node_modules/. The same file list goes to
// three measurements, each in its own process so peak memory is its own: Rugged's engine as the
// CLI bundles it (all rules, fixes verified), ESLint 9 with eslint-plugin-security's recommended
// rules, and typescript-estree parsing alone (the floor any AST-based checker stands on).
// Prints a table and writes bench-results.json. Timings are measurements, never test assertions.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENGINE_BUNDLE = join(ROOT, '.cache', 'bench', 'engine.cjs');
const RESULTS_FILE = join(ROOT, 'bench-results.json');
/** ESLint parses JavaScript only without a TypeScript parser plugin, so the comparison is on JavaScript. */
const EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.jsx']);
/** Rugged's defaults (engine/config.ts, engine/run.ts): files it would skip are left out for every tool. */
const MAX_FILE_SIZE = 1024 * 1024;
const MINIFIED_MIN_LENGTH = 20_000;
const MINIFIED_AVERAGE_LINE = 500;

if (process.argv[2] === '--worker') {
  await worker(process.argv[3], process.argv[4]);
} else {
  await main(process.argv.slice(2));
}

// ---------------------------------------------------------------------------------------------
// Orchestrator

async function main(argv) {
  let target = join(ROOT, 'node_modules');
  let maxFiles = Infinity;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max-files') maxFiles = Number(argv[++i]);
    else if (argv[i] === '--help' || argv[i] === '-h') return usage(0);
    else if (argv[i].startsWith('-')) return usage(2, `unknown option ${argv[i]}`);
    else target = resolve(argv[i]);
  }
  if (!existsSync(target)) return usage(2, `no such path: ${target}`);
  if (Number.isNaN(maxFiles) || maxFiles < 1) return usage(2, '--max-files needs a positive number');

  const { files, excluded } = selectFiles(target, maxFiles);
  if (files.length === 0) return usage(2, `no JavaScript files under ${target}`);
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  console.log(`Tree: ${relative(process.cwd(), target) || '.'}: ${files.length} JavaScript files, ${mb(bytes)} MB (left out: ${describeExcluded(excluded)})`);

  await ensureEngineBundle();
  const listFile = join(tmpdir(), `rugged-bench-${process.pid}.json`);
  writeFileSync(listFile, JSON.stringify(files.map((f) => f.path)));

  const runs = [];
  for (const kind of ['rugged', 'eslint', 'parse-only']) {
    process.stdout.write(`Running ${kind}... `);
    const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', kind, listFile], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) {
      console.log('failed');
      console.error(run.stderr.trim().split('\n').slice(-5).join('\n'));
      process.exitCode = 1;
      return;
    }
    const result = JSON.parse(run.stdout.trim().split('\n').pop());
    console.log(`${(result.milliseconds / 1000).toFixed(1)} s`);
    runs.push(result);
  }

  const [rugged, eslint, parseOnly] = runs;
  const results = {
    tree: target,
    files: files.length,
    bytes,
    excluded,
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAverageAtStart: loadavg()[0] },
    commit: gitCommit(),
    runs: runs.map((r) => ({ ...r, filesPerSecond: files.length / (r.milliseconds / 1000), megabytesPerSecond: bytes / 1e6 / (r.milliseconds / 1000) })),
    ratios: {
      ruggedToEslintTime: rugged.milliseconds / eslint.milliseconds,
      ruggedToParseOnlyTime: rugged.milliseconds / parseOnly.milliseconds,
      ruggedToEslintPeakMemory: rugged.maxRssKb / eslint.maxRssKb,
    },
  };
  printTable(results);
  writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nWritten to ${relative(process.cwd(), RESULTS_FILE)}`);
}

function usage(code, problem) {
  if (problem) console.error(`bench: ${problem}`);
  (code === 0 ? console.log : console.error)('Usage: npm run bench [-- <path>] [--max-files N]');
  process.exitCode = code;
}

/** JavaScript files, sorted; every tool gets exactly the files Rugged would analyse (not skip). */
function selectFiles(target, maxFiles) {
  const all = [];
  const walk = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (name !== '.git' && name !== '.cache') walk(join(path, name));
    } else if (stat.isFile() && EXTENSIONS.has(extname(path))) all.push(path);
  };
  walk(target);
  const excluded = { large: 0, minified: 0, binary: 0 };
  const files = [];
  for (const path of all) {
    const buffer = readFileSync(path);
    if (buffer.length > MAX_FILE_SIZE) excluded.large++;
    else if (buffer.includes(0)) excluded.binary++;
    else if (looksMinified(buffer.toString('utf8'))) excluded.minified++;
    else files.push({ path, bytes: buffer.length });
  }
  if (files.length <= maxFiles) return { files, excluded };
  // An even spread over the sorted list, so a sample still covers many packages.
  const step = files.length / maxFiles;
  return { files: Array.from({ length: maxFiles }, (_, i) => files[Math.floor(i * step)]), excluded: { ...excluded, sampledOut: files.length - maxFiles } };
}

function looksMinified(text) {
  if (text.length < MINIFIED_MIN_LENGTH) return false;
  return text.length / text.split('\n').length > MINIFIED_AVERAGE_LINE;
}

function describeExcluded(excluded) {
  const parts = [`${excluded.large} over 1 MB`, `${excluded.minified} minified`, `${excluded.binary} binary`];
  if (excluded.sampledOut) parts.push(`${excluded.sampledOut} by --max-files`);
  return parts.join(', ');
}

/** The engine, rules and file reader bundled exactly as scripts/build.mjs bundles the CLI. */
async function ensureEngineBundle() {
  if (existsSync(ENGINE_BUNDLE) && statSync(ENGINE_BUNDLE).mtimeMs > newestSource([join(ROOT, 'server', 'src'), join(ROOT, 'rules')])) return;
  process.stdout.write('Building the engine bundle... ');
  const { build } = await import('esbuild');
  mkdirSync(dirname(ENGINE_BUNDLE), { recursive: true });
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    external: ['vscode'],
    stdin: {
      contents: [
        "export { analyze } from './server/src/engine/run';",
        "export { parseSource } from './server/src/engine/parse';",
        "export { defaultEngineConfig } from './server/src/engine/config';",
        "export { readSourceFile } from './server/src/files/walk';",
        "export { allRules } from './rules/index';",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'bench-entry.ts',
    },
    outfile: ENGINE_BUNDLE,
  });
  console.log('done');
}

function newestSource(dirs) {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else if (path.endsWith('.ts')) newest = Math.max(newest, stat.mtimeMs);
  };
  for (const dir of dirs) if (existsSync(dir)) visit(dir);
  return newest;
}

function gitCommit() {
  const run = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

function printTable(results) {
  const header = ['', 'files', 'MB', 'seconds', 'files/s', 'MB/s', 'peak RSS MB', 'findings', 'parse errors'];
  const rows = results.runs.map((r) => [
    r.label,
    String(r.files),
    mb(r.bytes),
    (r.milliseconds / 1000).toFixed(2),
    r.filesPerSecond.toFixed(0),
    r.megabytesPerSecond.toFixed(2),
    (r.maxRssKb / 1024).toFixed(0),
    r.findings === undefined ? '-' : String(r.findings),
    String(r.parseErrors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  const { ratios } = results;
  console.log('');
  console.log(`Rugged / ESLint time: ${ratios.ruggedToEslintTime.toFixed(2)}x; Rugged / parse-only time: ${ratios.ruggedToParseOnlyTime.toFixed(2)}x; Rugged / ESLint peak memory: ${ratios.ruggedToEslintPeakMemory.toFixed(2)}x`);
  console.log(`Machine: ${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${results.machine.node}, load average ${results.machine.loadAverageAtStart.toFixed(1)} at start (a shared machine slows every column alike).`);
}

// ---------------------------------------------------------------------------------------------
// Workers: one measurement each, in a fresh process; the result is one JSON line on stdout.

async function worker(kind, listFile) {
  const files = JSON.parse(readFileSync(listFile, 'utf8'));
  const loadStart = performance.now();
  const measure = await loadTool(kind);
  const loadMilliseconds = performance.now() - loadStart;
  const counts = { bytes: 0, findings: 0, parseErrors: 0, notes: 0, internalErrors: 0 };
  const started = performance.now();
  for (const path of files) measure(path, counts);
  const milliseconds = performance.now() - started;
  const result = { kind, label: measure.label, files: files.length, ...counts, milliseconds, loadMilliseconds, maxRssKb: process.resourceUsage().maxRSS };
  if (kind === 'parse-only') delete result.findings;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function loadTool(kind) {
  const { createRequire } = await import('node:module');
  const require = createRequire(join(ROOT, 'package.json'));
  if (kind === 'rugged') {
    const engine = require(ENGINE_BUNDLE);
    const options = { rules: engine.allRules, config: engine.defaultEngineConfig(), today: '2026-01-01' };
    const measure = (path, counts) => {
      const read = engine.readSourceFile(path);
      if (!('text' in read)) return void counts.notes++;
      counts.bytes += Buffer.byteLength(read.text);
      const result = engine.analyze(read.text, path, options);
      counts.notes += result.notes.length;
      for (const finding of result.findings) {
        if (finding.ruleId === 'rugged/parse-error') counts.parseErrors++;
        else if (finding.ruleId === 'rugged/internal-error') counts.internalErrors++;
        else counts.findings++;
      }
    };
    measure.label = `Rugged (${engine.allRules.length} rules, fixes verified)`;
    return measure;
  }
  if (kind === 'eslint') {
    const { Linter } = require('eslint');
    const security = require('eslint-plugin-security');
    const linter = new Linter({ configType: 'flat' });
    const config = (sourceType) => [
      {
        ...security.configs.recommended,
        files: ['**/*'],
        languageOptions: { ecmaVersion: 'latest', sourceType, parserOptions: { ecmaFeatures: { jsx: true } } },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
      },
    ];
    // ESLint's own defaults: .cjs is CommonJS, .js and .mjs are modules.
    const configs = { commonjs: config('commonjs'), module: config('module') };
    const measure = (path, counts) => {
      const text = readFileSync(path, 'utf8');
      counts.bytes += Buffer.byteLength(text);
      // Flat config ignores node_modules/ by default; the security rules never look at the path.
      const filename = `file${extname(path)}`;
      const messages = linter.verify(text, path.endsWith('.cjs') ? configs.commonjs : configs.module, { filename });
      for (const message of messages) {
        if (message.fatal) counts.parseErrors++;
        else if (message.ruleId?.startsWith('security/')) counts.findings++;
        // Anything else is about the packages' own eslint comments (rules not loaded here), except this.
        else if (/no matching configuration/i.test(message.message)) throw new Error(`ESLint did not lint ${path}: ${message.message}`);
      }
    };
    measure.label = `ESLint ${require('eslint/package.json').version} + security (${Object.keys(security.configs.recommended.rules).length} rules)`;
    return measure;
  }
  if (kind === 'parse-only') {
    const engine = require(ENGINE_BUNDLE);
    const measure = (path, counts) => {
      const read = engine.readSourceFile(path);
      if (!('text' in read)) return;
      counts.bytes += Buffer.byteLength(read.text);
      if (!engine.parseSource(read.text, path).ok) counts.parseErrors++;
    };
    measure.label = 'typescript-estree parse only';
    return measure;
  }
  throw new Error(`unknown worker ${kind}`);
}
