// The config fuzzer: thousands of generated `.rugged.json` files, each through the loader and the
// CLI in-process, and a sample through the real built CLI under the harness's bounds. Whatever the
// file, nothing throws, every problem is one line naming a key, the exit code is 0, 1 or 2, and no
// case takes longer than its bound. The seed is printed; RUGGED_FUZZ_SEED=<seed> replays a run.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { globProblem } from '../../server/src/config/globs';
import { allRules } from '../../rules/index';
import { knownRuleIds } from '../../server/src/catalog/knownRuleIds';
import { parseConfigText, type LoadedConfig } from '../../server/src/config/load';
import { runCli } from '../cli/helpers';
import { generateCase, prng, type FuzzCase } from './configCases';
import { assertBounded, hostileWorkspace, runCliBounded } from './harness';

const KNOWN = { knownRuleIds: knownRuleIds(allRules) };

const DEFAULT_SEED = 20261206;
const SEED = process.env.RUGGED_FUZZ_SEED ? Number(process.env.RUGGED_FUZZ_SEED) : DEFAULT_SEED;
const CASES = 2000;
/** Every CASES_PER_CLI_RUN-th case also runs through `run()`; each CLI_SAMPLE-th through dist/cli.js. */
const CASES_PER_CLI_RUN = 2;
const CLI_SAMPLE_EVERY = 40;
/** Per case, in-process: generous for a busy 2-core machine, far below a quadratic blow-up. */
const CASE_BOUND_MS = 10_000;

const VULNERABLE_JS = `const { Pool } = require('pg');
const pool = new Pool();
exports.find = (req) => pool.query('SELECT * FROM users WHERE name = ' + req.query.name);
`;

// C0 (tab aside), DEL, C1, line and paragraph separators: none may appear in a problem line.
const LINE_BREAKING = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;

function describeCase(c: FuzzCase): string {
  return `case ${c.index} (${c.mutations.join(', ')}; ${c.bytes.length} bytes) of seed ${SEED}; replay with RUGGED_FUZZ_SEED=${SEED}`;
}

function checkLoaded(config: LoadedConfig, c: FuzzCase): void {
  const where = describeCase(c);
  assert.ok(config.problems.length <= 101, `${where}: ${config.problems.length} problems listed`);
  for (const problem of config.problems) {
    assert.ok(problem.key.length > 0, `${where}: a problem without a key`);
    assert.doesNotMatch(`${problem.key}: ${problem.message}`, LINE_BREAKING, `${where}: problem is not one clean line`);
    assert.ok(problem.message.length < 2000, `${where}: problem message of ${problem.message.length} characters`);
  }
  // What the loader hands on is bounded and safe whatever the file said.
  assert.equal(Object.getPrototypeOf(config.backlog), Object.prototype, `${where}: backlog prototype changed`);
  assert.equal(typeof config.backlog.directory, 'string', where);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, `${where}: Object.prototype polluted`);
  for (const glob of config.ignore) assert.equal(globProblem(glob), undefined, `${where}: unusable glob ${JSON.stringify(glob.slice(0, 80))} kept`);
  const contexts = config.engine.contexts;
  for (const glob of [...contexts.production, ...Object.values(contexts.globs).flat()]) {
    assert.ok(typeof glob === 'string' && globProblem(glob) === undefined, `${where}: unusable context glob ${JSON.stringify(String(glob).slice(0, 80))} kept`);
  }
  for (const effect of Object.values(contexts.effects)) assert.ok(['info', 'lower', 'off'].includes(effect), `${where}: context effect ${String(effect)}`);
  assert.ok(config.ignore.length <= 1000 && config.engine.checklist.length <= 500, where);
  assert.ok(Number.isSafeInteger(config.engine.maxFileSize) && config.engine.maxFileSize >= 1, `${where}: maxFileSize ${config.engine.maxFileSize}`);
}

function checkCliOutput(code: number | null, stderr: string, problems: number, c: FuzzCase): void {
  const where = describeCase(c);
  assert.ok(code === 0 || code === 1 || code === 2, `${where}: exit ${code}\n${stderr.slice(0, 1000)}`);
  const lines = stderr.split('\n').filter((line) => line !== '');
  for (const line of lines) assert.match(line, /^rugged: /, `${where}: stderr line not from rugged: ${JSON.stringify(line.slice(0, 200))}`);
  const configLines = lines.filter((line) => line.startsWith('rugged: config error: '));
  // One line per problem: nothing a key holds can split a problem in two or hide one.
  assert.equal(configLines.length, problems, `${where}: ${problems} problems but ${configLines.length} config error lines`);
  if (problems > 0) assert.equal(code, 2, `${where}: configuration problems must exit 2`);
}

describe('config fuzzer', () => {
  let workspace: ReturnType<typeof hostileWorkspace>;
  const cases: FuzzCase[] = [];

  before(() => {
    console.log(`config fuzz seed: ${SEED} (replay with RUGGED_FUZZ_SEED=${SEED})`);
    assert.ok(Number.isFinite(SEED), `RUGGED_FUZZ_SEED must be a number (got ${process.env.RUGGED_FUZZ_SEED})`);
    const random = prng(SEED);
    for (let i = 0; i < CASES; i++) cases.push(generateCase(random, i));
    workspace = hostileWorkspace({ 'a.js': VULNERABLE_JS });
  });
  after(() => workspace.remove());

  it(`loads ${CASES} generated files in-process, each within its bound`, async () => {
    const config = join(workspace.root, '.rugged.json');
    const kinds = new Set<string>();
    for (const c of cases) {
      c.mutations.forEach((m) => kinds.add(m));
      const started = Date.now();
      let loaded: LoadedConfig;
      try {
        loaded = parseConfigText(c.bytes.toString('utf8'), config, KNOWN);
      } catch (error) {
        assert.fail(`${describeCase(c)}: the loader threw ${String(error)}`);
      }
      checkLoaded(loaded, c);
      if (c.index % CASES_PER_CLI_RUN === 0) {
        writeFileSync(config, c.bytes);
        let result;
        try {
          result = await runCli(['scan', 'a.js'], workspace.root);
        } catch (error) {
          assert.fail(`${describeCase(c)}: run() threw ${String(error)}`);
        }
        checkCliOutput(result.code, result.stderr, loaded.problems.length, c);
      }
      const elapsed = Date.now() - started;
      assert.ok(elapsed < CASE_BOUND_MS, `${describeCase(c)}: took ${elapsed} ms, bound ${CASE_BOUND_MS} ms`);
    }
    // The generator must keep exercising every kind of mutation, or the fuzzer quietly weakens.
    for (const kind of ['wrong type', 'huge array', 'many keys', 'long string', 'reserved keys', 'odd text', 'invalid globs', 'near rule ids', 'deep nesting', 'duplicate keys', 'truncated', 'comments', 'bom', 'nul bytes', 'odd numbers', 'valid']) {
      assert.ok(kinds.has(kind), `no case of "${kind}" with seed ${SEED}`);
    }
  });

  it('runs a sample through the real built CLI within the harness bounds', async () => {
    const config = join(workspace.root, '.rugged.json');
    const sample = cases.filter((c) => c.index % CLI_SAMPLE_EVERY === 0);
    assert.ok(sample.length >= 50);
    for (const c of sample) {
      writeFileSync(config, c.bytes);
      const expected = parseConfigText(c.bytes.toString('utf8'), config, KNOWN).problems.length;
      const result = await runCliBounded(['scan', 'a.js'], { cwd: workspace.root });
      assertBounded(result);
      checkCliOutput(result.code, result.stderr, expected, c);
    }
  });
});
