// Prism serving a vendor's published OpenAPI description, for the contract tests. Atlassian's Jira
// description is served as published. GitHub's is rewritten first: Prism skips validating a body
// whose schema Ajv refuses, and Ajv refuses `nullable` without `type` (GitHub's issue schema has
// such fields), so each such schema becomes `anyOf: [schema, { type: 'null' }]`. The rewrite is
// cached in the temporary folder, keyed by the spec package's version, so it happens once per
// machine and version.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const SPEC_PACKAGE = join(ROOT, 'node_modules/@octokit/openapi');
const PRISM = join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js');
const START_TIMEOUT_MS = 90_000;

/** Every schema with `nullable: true` and no `type` made explicit for Ajv; returns how many. */
export function rewriteNullable(node: unknown): number {
  let count = 0;
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (!value || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) object[key] = visit(object[key]);
    if (object.nullable === true && object.type === undefined) {
      count++;
      const rest = { ...object };
      delete rest.nullable;
      return { anyOf: [rest, { type: 'null' }] };
    }
    return object;
  };
  visit(node);
  return count;
}

/** The rewritten GitHub spec, from the cache when this version was rewritten before. */
export function preparedGitHubSpec(): string {
  const { version } = JSON.parse(readFileSync(join(SPEC_PACKAGE, 'package.json'), 'utf8')) as { version: string };
  const folder = join(tmpdir(), 'rugged-prism-specs');
  const file = join(folder, `api.github.com-${version}-nullable.json`);
  if (existsSync(file)) return file;
  mkdirSync(folder, { recursive: true });
  const spec = JSON.parse(readFileSync(join(SPEC_PACKAGE, 'generated/api.github.com.json'), 'utf8')) as unknown;
  rewriteNullable(spec);
  // Written aside and renamed, so a concurrent test run never reads half a file.
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(spec));
  renameSync(partial, file);
  return file;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export interface RunningPrism {
  url: string;
  stop(): void;
}

/** Starts `prism mock` on the spec in its own process group; resolves when it listens. */
export async function startPrism(spec: string): Promise<RunningPrism> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [PRISM, 'mock', spec, '-p', String(port), '-h', '127.0.0.1'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => {
    // Prism takes over a second to exit on SIGTERM: end its whole group at once.
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  await new Promise<void>((resolveStart, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`Prism did not start in ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-2000)}`));
    }, START_TIMEOUT_MS);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        resolveStart();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited (${code}) before listening:\n${output.slice(-2000)}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, stop };
}
