// The real language server over stdio, spoken to in raw frames: for messages a well-behaved client
// library would never send (bodies that are not JSON, requests after shutdown). Every wait has the
// harness's deadline and the process its memory ceiling, so a hang fails the test.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SERVER_PATH } from '../server/lspClient';
import { DEFAULT_DEADLINE_MS, DEFAULT_MAX_RSS_MB, watchMemory } from './harness';

export interface RawMessage {
  id?: number | string | null;
  method?: string;
  result?: unknown;
  error?: { code: number; message: string };
}

export class RawServer {
  readonly received: RawMessage[] = [];
  private buffer = Buffer.alloc(0);
  private exitCode: number | null | undefined;
  private stderr = '';
  private exceeded = false;
  private readonly waiters = new Set<() => void>();
  private readonly stopWatching: () => number;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.read(chunk));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    child.stdin.on('error', () => undefined);
    child.on('exit', (code) => {
      this.exitCode = code;
      this.changed();
    });
    this.stopWatching = watchMemory(child.pid ?? -1, DEFAULT_MAX_RSS_MB, () => {
      this.exceeded = true;
      child.kill('SIGKILL');
    });
  }

  static start(): RawServer {
    assert.ok(existsSync(SERVER_PATH), 'dist/server.js is missing: run node scripts/build.mjs first');
    return new RawServer(spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: 'pipe' }));
  }

  /** Sends one well-framed message whose body is `body`, JSON or not. */
  sendBody(body: string): void {
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  send(message: object): void {
    this.sendBody(JSON.stringify({ jsonrpc: '2.0', ...message }));
  }

  /** The first received message that satisfies `check`, within the deadline. */
  waitFor(description: string, check: (message: RawMessage) => boolean): Promise<RawMessage> {
    return this.until(description, () => this.received.find(check));
  }

  /** The process's exit code, within the deadline. */
  exited(): Promise<number | null> {
    return this.until('the server to exit', () => (this.exitCode === undefined ? undefined : { code: this.exitCode })).then((r) => r.code);
  }

  /** Kills the process if still running and asserts it stayed within its memory ceiling. */
  finish(): void {
    this.stopWatching();
    if (this.exitCode === undefined) this.child.kill('SIGKILL');
    assert.ok(!this.exceeded, `the server grew past ${DEFAULT_MAX_RSS_MB} MB`);
  }

  private until<T>(description: string, check: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value !== undefined) {
          done();
          resolve(value);
        } else if (this.exitCode !== undefined) {
          done();
          reject(new Error(`the server exited (${this.exitCode}) while waiting for ${description}; stderr: ${this.stderr.slice(0, 2000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${description} within ${DEFAULT_DEADLINE_MS} ms; received: ${JSON.stringify(this.received).slice(0, 2000)}`));
      }, DEFAULT_DEADLINE_MS);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) break;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      const start = headerEnd + 4;
      if (!Number.isFinite(length) || this.buffer.length < start + length) break;
      this.received.push(JSON.parse(this.buffer.subarray(start, start + length).toString()) as RawMessage);
      this.buffer = this.buffer.subarray(start + length);
    }
    this.changed();
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
