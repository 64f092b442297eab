// Shared by the CLI tests: temporary projects, running the CLI in-process and as the built
// dist/cli.js, Microsoft's SARIF validator, and a tiny snapshot helper.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { run, type RunOptions } from '../../server/src/cli/main';

export const REPO = resolve(__dirname, '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');

/** A project in a fresh temporary folder (outside any git repository); `remove()` deletes it. */
export function tempProject(files: Record<string, string | Buffer>): { root: string; remove: () => void } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-cli-')));
  writeFiles(root, { 'package.json': '{ "name": "fixture", "private": true }\n', ...files });
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `rugged <argv>` in-process with captured streams. */
export async function runCli(argv: string[], cwd: string, options: RunOptions & { tty?: boolean; env?: Record<string, string> } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    cwd,
    env: options.env ?? {},
  };
  const code = await run(argv, io, { rules: options.rules, today: options.today ?? '2026-01-01' });
  return { code, stdout, stderr };
}

/** Runs the built `dist/cli.js` as a child process, as `npx rugged` would. */
export function runBuiltCli(argv: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `node scripts/build.mjs` (npm test does it first)');
  const result = spawnSync(process.execPath, [CLI, ...argv], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    // A scan of every fixture writes more than spawnSync's 1 MB default, which would kill the CLI.
    maxBuffer: 64 * 1024 * 1024,
  });
  // A CLI killed (no exit status) says why, instead of a bare -1.
  const stderr = result.error ? `${result.stderr ?? ''}\n${result.error.message}` : result.stderr;
  return { code: result.status ?? -1, stdout: result.stdout, stderr };
}

interface ValidatorResult {
  ruleId: string;
  level?: string;
  message: { text?: string };
}

/**
 * Validates a SARIF file with Microsoft's multitool (`--rule-kind Sarif` is the spec's own rules,
 * `Gh` GitHub's ingestion rules) and returns what it found, read from its own SARIF output.
 */
export function validateSarif(file: string, ruleKind: 'Sarif' | 'Gh'): ValidatorResult[] {
  const binary = join(REPO, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
  // npm does not run install scripts here, so the self-contained binary may arrive without its execute bit.
  if (existsSync(binary) && (statSync(binary).mode & 0o100) === 0) chmodSync(binary, statSync(binary).mode | 0o100);
  const out = `${file}.${ruleKind}.validation.sarif`;
  const result = spawnSync('npx', ['--no-install', 'sarif-multitool', 'validate', file, '--rule-kind', ruleKind, '--log', 'ForceOverwrite', '-o', out], {
    cwd: REPO,
    encoding: 'utf8',
  });
  assert.ok(existsSync(out), `sarif-multitool wrote no output (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: ValidatorResult[] }[] };
  return log.runs.flatMap((r) => r.results ?? []);
}

/** Asserts that the validator reports no errors for either rule kind. */
export function assertValidSarif(file: string): void {
  for (const kind of ['Sarif', 'Gh'] as const) {
    const errors = validateSarif(file, kind).filter((r) => (r.level ?? 'warning') === 'error');
    assert.deepEqual(errors.map((e) => `${e.ruleId}: ${e.message.text ?? ''}`), [], `sarif-multitool --rule-kind ${kind} found errors in ${file}`);
  }
}

/**
 * Compares `actual` with the checked-in snapshot `test/cli/snapshots/<name>.snap`. With
 * UPDATE_SNAPSHOTS=1 it rewrites the file instead (review the diff before committing it).
 */
export function matchSnapshot(name: string, actual: string): void {
  const file = join(REPO, 'test', 'cli', 'snapshots', `${name}.snap`);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `snapshot ${name}.snap is missing; create it with UPDATE_SNAPSHOTS=1 node scripts/test.mjs test/cli/snapshot`);
  const expected = readFileSync(file, 'utf8');
  assert.equal(actual, expected, `output differs from test/cli/snapshots/${name}.snap; if the change is intended, run UPDATE_SNAPSHOTS=1 node scripts/test.mjs test/cli/snapshot and review the diff`);
}
