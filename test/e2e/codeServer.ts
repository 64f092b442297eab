// Runs the packaged extension in a real VS Code: code-server (VS Code 1.100.3 from npm) serving a
// copy of a fixture workspace, driven in headless Chromium with playwright-core. Shared by every
// end-to-end test file; each file packages and installs the .vsix once and starts its own sessions.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO_ROOT = join(__dirname, '..', '..');
const CODE_SERVER_ENTRY = join(REPO_ROOT, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// Starting code-server and loading the workbench take seconds on an idle machine; this deadline
// only fires when they are broken, not when the machine is busy.
const START_TIMEOUT = 120_000;
export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test', 'e2e', 'workspace');
const RESULTS = join(REPO_ROOT, 'test-results');
// A quiet workbench: no welcome page stealing focus, no telemetry banner over the panel.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  // Saving is the user's explicit step in the tests, not a timer's.
  'files.autoSave': 'off',
  // The TypeScript extension would otherwise try to download type definitions.
  'typescript.disableAutomaticTypeAcquisition': true,
};

/** Installs code-server when missing; the script returns in well under a second when it is there. */
export function ensureCodeServer(): void {
  const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'setup-code-server.sh')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('scripts/setup-code-server.sh failed; see its output above');
}

/** Packs the extension exactly as `npm run package` does and installs it into a fresh extensions folder. */
export function installPackagedExtension(scratch: string): string {
  const vsix = join(scratch, 'rugged.vsix');
  run(process.execPath, [join(REPO_ROOT, 'scripts', 'package.mjs'), '--out', vsix]);
  const extensionsDir = join(scratch, 'extensions');
  run(process.execPath, [
    CODE_SERVER_ENTRY,
    '--user-data-dir',
    join(scratch, 'install-user-data'),
    '--extensions-dir',
    extensionsDir,
    '--install-extension',
    vsix,
  ]);
  return extensionsDir;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${args.slice(0, 2).join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export interface SessionOptions {
  extensionsDir: string;
  /** false leaves workspace trust on, so the folder opens in Restricted Mode once trust is declined. */
  trusted: boolean;
  /**
   * Extra files written into the workspace copy before VS Code starts (relative path → content);
   * a function is called at start, for content known only then (a stand-in server's port).
   */
  files?: Record<string, string> | (() => Record<string, string>);
  /** Extra environment for code-server and every process it starts; a function is called at start. */
  env?: Record<string, string> | (() => Record<string, string>);
  /**
   * Unpacked test-only extensions (folders named publisher.name-version) for this session alone:
   * the session gets its own copy of the extensions folder with them registered beside Rugged.
   */
  extraExtensions?: string[] | (() => string[]);
}

export class VsCodeSession {
  private constructor(
    readonly page: Page,
    readonly workspace: string,
    /** When the workbench page started loading, for activation timing. */
    readonly loadStartedAt: number,
    private readonly browser: Browser,
    private readonly server: ChildProcess,
    private readonly scratch: string,
    readonly userDataDir: string,
  ) {}

  static async start(options: SessionOptions): Promise<VsCodeSession> {
    const scratch = mkdtempSync(join(tmpdir(), 'rugged-e2e-'));
    const workspace = join(scratch, 'workspace');
    cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
    const files = typeof options.files === 'function' ? options.files() : (options.files ?? {});
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(workspace, path, '..'), { recursive: true });
      writeFileSync(join(workspace, path), content);
    }
    const userDataDir = join(scratch, 'user-data');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    const extra = typeof options.extraExtensions === 'function' ? options.extraExtensions() : (options.extraExtensions ?? []);
    const extensionsDir = extra.length > 0 ? withExtraExtensions(options.extensionsDir, extra, join(scratch, 'extensions')) : options.extensionsDir;
    const env = typeof options.env === 'function' ? options.env() : options.env;
    const port = await freePort();
    const args = [
      CODE_SERVER_ENTRY,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--config',
      join(scratch, 'code-server.yaml'),
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
    ];
    if (options.trusted) args.push('--disable-workspace-trust');
    args.push(workspace);
    // A process group of its own, so the extension host and the language server die with it.
    const server = spawn(process.execPath, args, { cwd: scratch, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let browser: Browser | undefined;
    try {
      await waitForListening(server, port);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const loadStartedAt = Date.now();
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: START_TIMEOUT });
      return new VsCodeSession(page, workspace, loadStartedAt, browser, server, scratch, userDataDir);
    } catch (error) {
      await browser?.close().catch(() => undefined);
      killGroup(server);
      rmSync(scratch, { recursive: true, force: true });
      throw error;
    }
  }

  /** Writes a PNG to test-results/ (kept as a CI artifact) and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(RESULTS, { recursive: true });
    const slug = name.replace(/[^a-z0-9-]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase();
    const path = join(RESULTS, `${slug}.png`);
    await this.page.screenshot({ path, fullPage: true }).catch(() => undefined);
    return path;
  }

  readWorkspaceFile(path: string): string {
    return readFileSync(join(this.workspace, path), 'utf8');
  }

  /** Names in a workspace folder; empty while the folder does not exist. */
  listWorkspaceFiles(path: string): string[] {
    const folder = join(this.workspace, path);
    return existsSync(folder) ? readdirSync(folder) : [];
  }

  /** Lines of the Rugged output channel's log file (VS Code writes log channels to disk). */
  ruggedLog(): string {
    const found = spawnSync('find', [join(this.userDataDir, 'logs'), '-name', 'Rugged.log'], { encoding: 'utf8' });
    const file = found.stdout.split('\n').find((line) => line.trim() !== '');
    return file ? readFileSync(file, 'utf8') : '';
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    killGroup(this.server);
    await waitForExit(this.server, 5_000);
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

/**
 * A copy of the installed extensions folder with `folders` added and listed in its
 * extensions.json, which is what VS Code reads to know the installed extensions.
 */
function withExtraExtensions(installed: string, folders: string[], copy: string): string {
  cpSync(installed, copy, { recursive: true });
  const manifestPath = join(copy, 'extensions.json');
  const listed = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as unknown[]) : [];
  for (const folder of folders) {
    const name = basename(folder);
    const { publisher, name: extension, version } = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    const location = join(copy, name);
    cpSync(folder, location, { recursive: true });
    listed.push({
      identifier: { id: `${publisher}.${extension}` },
      version,
      location: { $mid: 1, fsPath: location, path: location, scheme: 'file' },
      relativeLocation: name,
      metadata: { installedTimestamp: 0, source: 'vsix' },
    });
  }
  writeFileSync(manifestPath, JSON.stringify(listed));
  return copy;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function waitForListening(server: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`code-server did not listen on ${port} within ${START_TIMEOUT / 1000} s:\n${output}`)), START_TIMEOUT);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('HTTP server listening')) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null) => fail(new Error(`code-server exited (${code}) before listening:\n${output}`));
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
    function cleanup() {
      clearTimeout(timer);
      server.stdout?.off('data', onData);
      server.stderr?.off('data', onData);
      server.off('exit', onExit);
      // Keep draining the pipes so a chatty server never blocks on a full buffer.
      server.stdout?.resume();
      server.stderr?.resume();
    }
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.once('exit', onExit);
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
