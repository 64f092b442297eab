// `npm start`: packages Rugged, installs it into VS Code for the Web (code-server, set up on first
// use) and serves the example app with it, so a newcomer sees findings and fixes in a browser.
// The example is copied to the temporary directory first, so applying fixes or raising stories in
// the demo never changes the repository (and the copy is not mistaken for part of its Git tree).
// Environment: PORT (default 8080, or a free one when taken), HOST (default 127.0.0.1).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, '.cache', 'demo');
const entry = join(root, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const host = process.env.HOST || '127.0.0.1';

function step(message) {
  console.log(`[demo] ${message}`);
}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`[demo] ${what} failed; the output above says why.`);
    process.exit(1);
  }
}

function portIsFree(port) {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, host, () => probe.close(() => done(true)));
  });
}

async function choosePort() {
  const wanted = Number(process.env.PORT || 8080);
  if (await portIsFree(wanted)) return wanted;
  return new Promise((done) => {
    const probe = createServer();
    probe.listen(0, host, () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

step('setting up VS Code for the Web (code-server); the first run takes a few minutes');
run('bash', [join(root, 'scripts', 'setup-code-server.sh')], 'Installing code-server');

rmSync(demo, { recursive: true, force: true });
mkdirSync(demo, { recursive: true });
const vsix = join(demo, 'rugged.vsix');
step('building and packaging the extension');
run(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix], 'Packaging');

const extensions = join(demo, 'extensions');
const userData = join(demo, 'user-data');
step('installing the .vsix into code-server');
run(process.execPath, [entry, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], 'Installing the .vsix');

const workspace = join(tmpdir(), 'rugged-demo', 'examples');
rmSync(workspace, { recursive: true, force: true });
cpSync(join(root, 'examples'), workspace, { recursive: true });
mkdirSync(join(userData, 'User'), { recursive: true });
writeFileSync(
  join(userData, 'User', 'settings.json'),
  JSON.stringify(
    { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'git.openRepositoryInParentFolders': 'never' },
    null,
    2,
  ),
);

const port = await choosePort();
const server = spawn(
  process.execPath,
  [
    entry,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--config', join(demo, 'code-server.yaml'),
    '--user-data-dir', userData,
    '--extensions-dir', extensions,
    workspace,
  ],
  { cwd: demo, stdio: ['ignore', 'pipe', 'pipe'] },
);

const url = `http://${host}:${port}/?folder=${encodeURIComponent(workspace)}`;
let announced = false;
function watch(chunk) {
  const text = chunk.toString();
  if (process.env.DEBUG) process.stderr.write(text);
  if (!announced && text.includes('HTTP server listening')) {
    announced = true;
    console.log('');
    console.log(`  Rugged demo: ${url}`);
    console.log('');
    console.log('  Open a file under express-shop/src/routes: findings are underlined, and Ctrl+. offers the fix.');
    console.log(`  The example app was copied to ${workspace}, so your edits stay out of the repository.`);
    console.log('  Press Ctrl+C to stop.');
  }
}
server.stdout.on('data', watch);
server.stderr.on('data', watch);

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  step('stopping code-server');
  server.kill('SIGTERM');
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code, signal) => {
  if (!stopping) console.error(`[demo] code-server stopped unexpectedly (${signal ?? code}); rerun with DEBUG=1 to see its log.`);
  process.exitCode = stopping ? 0 : 1;
});
