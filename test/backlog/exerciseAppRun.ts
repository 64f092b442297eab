// What running an example app's proposed security tests against the app itself takes, shared by
// the shop's harness (exerciseShopTests.test.ts) and the other apps' (exerciseAppTests.test.ts):
// copying the app with a story's fix applied, starting it on a free port, running one proposed
// test file with node:test, and judging its TAP. A test that fails on the vulnerable app must fail
// at its own assertions: a crash, or a stop to ask for its set-up, proves nothing about the attack.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Edit {
  /** Path inside the app. */
  file: string;
  from: string;
  to: string;
}

/** Applies each edit to the copy at `root`; each `from` must occur exactly once, so a change to the app breaks the fix loudly. */
export function applyEdits(root: string, edits: readonly Edit[]): void {
  for (const edit of edits) {
    const path = join(root, edit.file);
    const text = readFileSync(path, 'utf8');
    const count = text.split(edit.from).length - 1;
    assert.equal(count, 1, `${edit.file}: the fix expects this text once, found it ${count} times (the app changed?):\n${edit.from}`);
    writeFileSync(path, text.replace(edit.from, () => edit.to));
  }
}

/** Loaded before the app: prints the port of the first server it starts (the app listens on PORT=0). */
const PORT_REPORTER = `const { Server } = require('node:http');
const listen = Server.prototype.listen;
Server.prototype.listen = function (...args) {
  Server.prototype.listen = listen;
  this.once('listening', () => process.stdout.write('port ' + this.address().port + '\\n'));
  return listen.apply(this, args);
};
`;

/** The file the harness loads before the app, written into each copy. */
export const PORT_REPORTER_FILE = 'port-reporter.js';

export function writePortReporter(dir: string): void {
  writeFileSync(join(dir, PORT_REPORTER_FILE), PORT_REPORTER);
}

export interface RunningApp {
  child: ChildProcess;
  port: number;
  /** What the app wrote to stderr so far. */
  log: () => string;
}

/** Starts `entry` in `dir` with `env` (PORT=0 among it) and resolves once it listens. */
export function startApp(dir: string, entry: string, env: NodeJS.ProcessEnv): Promise<RunningApp> {
  const child = spawn(process.execPath, ['--require', `./${PORT_REPORTER_FILE}`, entry], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += String(chunk)));
  let out = '';
  return new Promise((resolvePort, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      // Up to the line's end: a chunk may end inside the number.
      out += String(chunk);
      const port = /^port (\d+)\n/m.exec(out)?.[1];
      if (port) resolvePort({ child, port: Number(port), log: () => log });
    });
    child.once('exit', (code) => reject(new Error(`the app exited with ${code} before listening:\n${log}`)));
  });
}

export interface Outcome {
  status: number | null;
  /** The test run's TAP and stderr. */
  output: string;
  /** The app's stderr. */
  appLog: string;
}

/**
 * Runs the proposed test `file` (under test/security of `dir`) against a fresh app started from
 * `dir`, then `honest` against that app while it still runs. An in-process test loads its own app
 * from PROJECT_ROOT; BASE_URL points the others at the one started here.
 */
export async function runProposedTest(options: { dir: string; entry: string; file: string; env: NodeJS.ProcessEnv; honest?: (base: string) => Promise<void> }): Promise<Outcome> {
  const { dir, entry, file, env, honest } = options;
  const app = await startApp(dir, entry, env);
  try {
    const base = `http://127.0.0.1:${app.port}`;
    const testEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PROJECT_ROOT: dir, BASE_URL: base };
    // Set by the node:test run this harness is itself in; left in, it would change how the child reports.
    delete testEnv.NODE_TEST_CONTEXT;
    const result = spawnSync(process.execPath, ['--test', '--test-reporter=tap', join('test', 'security', file)], { cwd: dir, env: testEnv, encoding: 'utf8', timeout: 120_000 });
    const outcome = { status: result.status, output: result.stdout + result.stderr, appLog: app.log() };
    if (honest) {
      try {
        await honest(base);
      } catch (error) {
        (error as Error).message += `\n--- app stderr ---\n${app.log().slice(-2000)}`;
        throw error;
      }
    }
    return outcome;
  } finally {
    app.child.kill();
  }
}

/** Every failing subtest in node's TAP output, with the error code it failed with. */
export function failures(tap: string): { name: string; code: string; error: string }[] {
  const found: { name: string; code: string; error: string }[] = [];
  const pattern = /^\s*not ok \d+ - (.*)\n([\s\S]*?)^\s*\.\.\.$/gm;
  for (let match = pattern.exec(tap); match; match = pattern.exec(tap)) {
    const block = match[2];
    found.push({
      name: match[1],
      code: /^\s*code: '([^']*)'/m.exec(block)?.[1] ?? '(none)',
      error: /^\s*error: (.*)$/m.exec(block)?.[1] ?? '',
    });
  }
  return found;
}

function context(outcome: Outcome): string {
  return `\n--- test output ---\n${outcome.output.slice(-4000)}\n--- app stderr ---\n${outcome.appLog.slice(-2000)}`;
}

/** The vulnerable app's run: the test failed, and only at its assertions about the attack. */
export function assertFailsAtItsAssertions(outcome: Outcome): void {
  assert.notEqual(outcome.status, 0, `the attack this test reproduces works on the app, so it must fail${context(outcome)}`);
  const failed = failures(outcome.output);
  assert.ok(failed.length > 0, `no failing subtest in the output${context(outcome)}`);
  const notAssertions = failed.filter((f) => f.code !== 'ERR_ASSERTION');
  assert.deepEqual(notAssertions, [], `failed by something other than its assertions${context(outcome)}`);
  // A test that stops to ask for its set-up has not tried the attack.
  const unset = failed.filter((f) => /\bset [A-Z][A-Z_]+\b.*\bfirst\b|\bfill in\b/.test(f.error));
  assert.deepEqual(unset, [], `stopped for its set-up instead of trying the attack${context(outcome)}`);
}

/** The fixed copy's run: every subtest ran and passed. */
export function assertPasses(outcome: Outcome): void {
  assert.equal(outcome.status, 0, `the fixed app must pass the test its story proposes${context(outcome)}`);
  assert.match(outcome.output, /^# pass [1-9]/m, `no test ran${context(outcome)}`);
  assert.match(outcome.output, /^# fail 0$/m, context(outcome));
}

/**
 * Where the vulnerable runs' TAP of `app` goes, when asked for: RUGGED_EXERCISE_TAP_DIR/<app>.tap
 * (the exercise's test-runs folder, read by scripts/abuser-stories-exercise.ts for the report).
 */
export function tapOut(app: string): string | undefined {
  const dir = process.env.RUGGED_EXERCISE_TAP_DIR;
  return dir ? join(dir, `${app}.tap`) : undefined;
}

/**
 * Writes the vulnerable runs' TAP with the copy's folder cut from the paths, as the team's own run
 * would print them, under a header naming the app, the date and each test that was not run and why
 * (a report that reads it then shows those stories' tests as not run, never as passed).
 */
export function writeTap(path: string, options: { app: string; copy: string; runs: readonly string[]; notRun?: ReadonlyMap<string, string> }): void {
  const header = [`# The ${options.app} stories' proposed tests, run against examples/${options.app} as committed, on ${new Date().toISOString()}`];
  for (const [file, why] of options.notRun ?? []) header.push(`# not run: test/security/${file}: ${why}`);
  writeFileSync(path, `${header.join('\n')}\n${options.runs.join('').split(`${options.copy}/`).join('')}`);
}
