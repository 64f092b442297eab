// The hostile-workspace harness: runs the real CLI (dist/cli.js) and the real language server
// (dist/server.js over stdio) on workspaces an attacker wrote, with a wall-clock deadline and a
// memory ceiling that the harness itself enforces. A process that hangs or grows past its bound is
// killed and the test fails with what was seen, instead of the suite timing out.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LspTestClient, type StartOptions } from '../server/lspClient';

export const REPO = resolve(__dirname, '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');

/** Default bounds: generous for a busy 2-core machine, far below what a runaway process reaches. */
export const DEFAULT_DEADLINE_MS = 60_000;
export const DEFAULT_MAX_RSS_MB = 700;

export interface BoundedResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Why the harness killed the process, if it did. */
  killedFor?: 'deadline' | 'memory';
  elapsedMs: number;
  peakRssMb: number;
}

export interface BoundedOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Text written to standard input, then closed; standard input is closed at once by default. */
  stdin?: string;
  deadlineMs?: number;
  maxRssMb?: number;
}

/** Resident memory of a process in MB, from /proc; 0 when it has exited. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Watches a process's memory every 50 ms; calls `onExceeded` once when it passes `maxRssMb`.
 * Returns a function that stops watching and reports the peak.
 */
export function watchMemory(pid: number, maxRssMb: number, onExceeded: () => void): () => number {
  let peak = 0;
  let fired = false;
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now > peak) peak = now;
    if (now > maxRssMb && !fired) {
      fired = true;
      onExceeded();
    }
  }, 50);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/** Runs the built CLI with a deadline and a memory ceiling; never rejects. */
export function runCliBounded(argv: string[], options: BoundedOptions): Promise<BoundedResult> {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `node scripts/build.mjs` (npm test does it first)');
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxRssMb = options.maxRssMb ?? DEFAULT_MAX_RSS_MB;
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [CLI, ...argv], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killedFor: BoundedResult['killedFor'];
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < 4_000_000) stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4_000_000) stderr += chunk.toString();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
    const kill = (why: 'deadline' | 'memory') => {
      killedFor ??= why;
      child.kill('SIGKILL');
    };
    const stopWatching = watchMemory(child.pid ?? -1, maxRssMb, () => kill('memory'));
    const timer = setTimeout(() => kill('deadline'), deadlineMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const peakRssMb = stopWatching();
      resolvePromise({ code, signal, stdout, stderr, killedFor, elapsedMs: Date.now() - started, peakRssMb });
    });
  });
}

/** Asserts the process ended by itself, within its bounds, with one of the given exit codes. */
export function assertBounded(result: BoundedResult, allowedCodes: number[] = [0, 1, 2]): void {
  const context = `exit ${result.code} signal ${result.signal} after ${result.elapsedMs} ms, peak ${result.peakRssMb.toFixed(0)} MB\nstderr: ${result.stderr.slice(0, 2000)}`;
  assert.equal(result.killedFor, undefined, `the harness killed the process (${result.killedFor}): ${context}`);
  assert.ok(result.code !== null && allowedCodes.includes(result.code), `unexpected exit: ${context}`);
}

/** A language server over stdio with the harness's memory ceiling; `finish()` asserts it held. */
export async function startBoundedServer(options: StartOptions & { maxRssMb?: number } = {}): Promise<{ client: LspTestClient; finish: () => Promise<number> }> {
  const client = await LspTestClient.start(options);
  let exceeded = false;
  const maxRssMb = options.maxRssMb ?? DEFAULT_MAX_RSS_MB;
  const stopWatching = watchMemory(client.pid ?? -1, maxRssMb, () => {
    exceeded = true;
  });
  return {
    client,
    async finish() {
      const peak = stopWatching();
      const running = client.isRunning;
      await client.stop();
      assert.ok(!exceeded, `the server grew past ${maxRssMb} MB (peak ${peak.toFixed(0)} MB)`);
      assert.ok(running, `the server died: ${client.errorOutput.slice(0, 2000)}`);
      return peak;
    },
  };
}

/** An entry of a hostile workspace: text, bytes, or a symbolic link to a target. */
export type HostileEntry = string | Buffer | { symlink: string };

/** A workspace in a fresh temporary folder; `remove()` deletes it. */
export function hostileWorkspace(files: Record<string, HostileEntry>): { root: string; remove: () => void } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-hostile-')));
  const all: Record<string, HostileEntry> = { 'package.json': '{ "name": "hostile", "private": true }\n', ...files };
  for (const [path, entry] of Object.entries(all)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof entry === 'object' && !Buffer.isBuffer(entry)) symlinkSync(entry.symlink, target);
    else writeFileSync(target, entry);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
