// Measures how long the language server's thread is held at a stretch during a workspace scan:
// the built server (dist/server.js) scans a copy of some benchmark packages plus one large
// generated file, while a client asks for hover on a small open document every 20 ms. A preloaded
// probe records the event loop's delay (perf_hooks, whole run, start-up included) and each stall
// over 50 ms (only those during the scan are counted); the client records how long each hover took. Numbers for bench/RESULTS.md's notes, never asserted by a test.
// `--type-in-large` also opens the large file and types into it every 250 ms while the scan runs.
//
//   node --import tsx scripts/serverStalls.ts [--workers N] [--large-kb 500] [--type-in-large] [--cpu-prof DIR] [package ...]
//
// Packages are folders of ~/.cache/rugged/bench-speed/corpus (`npm run bench` installs them).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, SERVER_PATH } from '../test/server/lspClient';
import { generateLargeFile } from './largeFile';

const STALL_MS = 50;
const PROBE_EVERY_MS = 20;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const workers = option('--workers');
const largeKb = Number(option('--large-kb') ?? '500');
const cpuProf = option('--cpu-prof');
const typeInLarge = process.argv.includes('--type-in-large');
const TYPE_EVERY_MS = 250;
const flags = new Set(['--workers', '--large-kb', '--cpu-prof']);
const packages = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !flags.has(all[i - 1] ?? ''));
const corpus = join(homedir(), '.cache', 'rugged', 'bench-speed', 'corpus');

const scratch = mkdtempSync(join(tmpdir(), 'rugged-stalls-'));
const root = join(scratch, 'workspace');
mkdirSync(root);
for (const name of packages.length > 0 ? packages : ['knex_3.3.0', 'sequelize_6.37.8']) cpSync(join(corpus, name), join(root, name), { recursive: true });
const largePath = join(root, 'large.js');
writeFileSync(largePath, generateLargeFile(largeKb * 1024));
const openPath = join(root, 'open.js');
writeFileSync(openPath, "const db = require('./db');\napp.get('/u', (req, res) => db.query('SELECT * FROM u WHERE id = ' + req.query.id));\n");
writeFileSync(join(root, '.rugged.json'), '{}\n');
const storage = join(scratch, 'storage');
mkdirSync(storage, { mode: 0o700 });

// The probe runs inside the server process (NODE_OPTIONS --require) and writes its numbers at exit.
const probeOut = join(scratch, 'probe.json');
const probe = join(scratch, 'probe.cjs');
writeFileSync(
  probe,
  `const { monitorEventLoopDelay, performance } = require('node:perf_hooks');
const { writeFileSync } = require('node:fs');
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const stalls = [];
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  if (now - last > ${STALL_MS}) stalls.push({ at: Math.round(performance.timeOrigin + last), ms: Math.round(now - last) });
  last = now;
}, 5).unref();
process.on('exit', () => writeFileSync(${JSON.stringify(probeOut)}, JSON.stringify({ maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, stalls })));
`,
);

// --cpu-prof is refused in NODE_OPTIONS: the server is started through a file that profiles its thread.
const profiled = join(scratch, 'profiledServer.cjs');
writeFileSync(
  profiled,
  `const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');
process.on('exit', () => session.post('Profiler.stop', (error, result) => { if (!error) writeFileSync(${JSON.stringify(join(cpuProf ?? scratch, 'server.cpuprofile'))}, JSON.stringify(result.profile)); }));
require(${JSON.stringify(SERVER_PATH)});
`,
);

async function main(): Promise<void> {
  const client = await LspTestClient.start({
    ...(cpuProf ? { serverPath: profiled } : {}),
    workspaceFolders: [root],
    settings: () => ({ scanOnStartup: false }),
    initializationOptions: { storagePath: storage, ...(workers !== undefined ? { scanWorkers: Number(workers) } : {}) },
    env: { ...process.env, NODE_OPTIONS: `--require ${probe}` },
  });
  const uri = pathToFileURL(openPath).href;
  client.open(uri, readFileSync(openPath, 'utf8'));
  await client.diagnosticsOf(uri);
  const largeUri = pathToFileURL(largePath).href;
  let largeText = readFileSync(largePath, 'utf8');
  let largeVersion = 1;
  if (typeInLarge) {
    client.open(largeUri, largeText);
    await client.diagnosticsOf(largeUri);
  }
  const hovers: number[] = [];
  const started = performance.now();
  // Stalls before this (loading the server, the open document's first analysis) are not the scan's.
  const scanFrom = Date.now();
  let done = false;
  const scan = client.request<{ files: number; analysed: number }>('rugged/scanWorkspace', {}).finally(() => (done = true));
  // A space typed at the start of a line that moves through the file: each keystroke is analysed in full.
  const typing = typeInLarge
    ? setInterval(() => {
        const at = largeText.indexOf('\n', Math.floor(((largeVersion * 7919) % 997) / 997 * largeText.length)) + 1;
        largeText = `${largeText.slice(0, at)} ${largeText.slice(at)}`;
        client.change(largeUri, largeText, ++largeVersion);
      }, TYPE_EVERY_MS)
    : undefined;
  while (!done) {
    const sent = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 40 } });
    hovers.push(performance.now() - sent);
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
  }
  const result = await scan;
  clearInterval(typing);
  const wallMs = performance.now() - started;
  const backgroundLines = client.logMessages.filter((line) => line.startsWith('Data flow:'));
  if (process.env.STALLS_VERBOSE) console.log(backgroundLines.join('\n'));
  await client.stop();
  const probed = JSON.parse(readFileSync(probeOut, 'utf8')) as { maxMs: number; p99Ms: number; stalls: { at: number; ms: number }[] };
  hovers.sort((a, b) => a - b);
  const stalls = probed.stalls.filter((s) => s.at + s.ms >= scanFrom).map((s) => s.ms).sort((a, b) => b - a);
  console.log(
    JSON.stringify({
      workers: workers ?? 'default',
      typedInLarge: typeInLarge ? largeVersion - 1 : 0,
      files: result.files,
      analysed: result.analysed,
      analysedAgainInServerThread: backgroundLines.length,
      scanWallMs: Math.round(wallMs),
      eventLoopDelay: { maxMs: Math.round(probed.maxMs), p99Ms: Math.round(probed.p99Ms) },
      stallsOver50ms: { count: stalls.length, totalMs: stalls.reduce((a, b) => a + b, 0), longestMs: stalls.slice(0, 5) },
      hover: { count: hovers.length, p50Ms: Math.round(hovers[Math.floor(hovers.length / 2)] ?? 0), p95Ms: Math.round(hovers[Math.floor(hovers.length * 0.95)] ?? 0), maxMs: Math.round(hovers.at(-1) ?? 0) },
    }),
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
