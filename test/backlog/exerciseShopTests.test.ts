// The security tests the exercise's shop stories propose, run as a team would run them: against
// the example shop itself (examples/express-shop, unchanged), with real Express, pg and mysql2, on
// PostgreSQL and MariaDB seeded from the shop's own db/*.sql. The shop is vulnerable on purpose,
// so every proposed test must fail, and fail at one of its assertions about the attack: a test
// that fails because it crashed, or because the shop it needed was gone, proves nothing. Then each
// test runs against a copy of the shop with the fix its story asks for (shopFixes.ts) and must
// pass, while the copy still serves the honest request: a test that cannot pass is as useless as
// one that cannot fail, and a fix that refuses everyone proves nothing.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import mysql2 from 'mysql2/promise';
import { ensureDatabases } from '../fixcorrectness/databases';
import { removeDir, tempDir } from './helpers';
import { applyEdits, ARCHIVE, CUSTOMER, SHOP_FIXES, STAFF_EMAILS, type Edit } from './shopFixes';

const REPO = resolve(__dirname, '..', '..');
const SHOP = join(REPO, 'examples', 'express-shop');
// RUGGED_SHOP_TESTS runs tests generated elsewhere (`abuser-stories-exercise.ts --out`), to try a change to them before the example is regenerated.
const TESTS = process.env.RUGGED_SHOP_TESTS ? resolve(process.env.RUGGED_SHOP_TESTS) : join(REPO, 'examples', 'abuser-stories-exercise', 'express-shop', 'test', 'security');
/** The packages the shop requires, linked from this repository's own install. */
const PACKAGES = ['express', 'cookie-parser', 'jsonwebtoken', 'pg', 'mysql2'];
/** Loaded before the shop: prints the port of the first server it starts (the shop listens on PORT=0). */
const PORT_REPORTER = `const { Server } = require('node:http');
const listen = Server.prototype.listen;
Server.prototype.listen = function (...args) {
  Server.prototype.listen = listen;
  this.once('listening', () => process.stdout.write('port ' + this.address().port + '\\n'));
  return listen.apply(this, args);
};
`;

interface Outcome {
  status: number | null;
  output: string;
}

/** Every failing subtest in node's TAP output, with the error code it failed with. */
function failures(tap: string): { name: string; code: string; error: string }[] {
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

/** The tests that change rows (a registration, a deletion): the databases are seeded again after them. */
const WRITES = new Set(['as-2derdv81.test.js', 'as-d7ah3fss-login.test.js']);

describe("the shop stories' proposed tests, run against the example shop and against its fixed copies on real databases", () => {
  const root = tempDir('exercise-shop');
  let env: NodeJS.ProcessEnv = {};
  let reseed: () => Promise<void> = () => Promise.resolve();
  after(() => removeDir(root));
  // The vulnerable runs' TAP, kept for the exercise's report when asked for (see the exercise's
  // README): the report then shows each story's test failing, the attack still working, as evidence.
  const vulnerableTap: string[] = [];
  after(() => {
    const out = process.env.RUGGED_SHOP_TAP_OUT;
    // Paths relative to the shop, as the team's own run would print them, not this run's temp folder.
    if (out) writeFileSync(out, `# The shop's proposed tests, run against examples/express-shop as committed, on ${new Date().toISOString()}\n${vulnerableTap.join('').split(`${join(root, 'vulnerable')}/`).join('')}`);
  });

  before(async () => {
    const facts = ensureDatabases();
    const database = 'rugged_fixcheck_exercise';
    const postgres = { ...facts.postgres, database };
    const mariadb = { ...facts.mariadb, database };
    reseed = async () => {
      const client = new pg.Client(postgres);
      await client.connect();
      try {
        await client.query(`SET client_min_messages = warning; ${readFileSync(join(SHOP, 'db', 'postgres.sql'), 'utf8')}`);
      } finally {
        await client.end();
      }
      const maria = await mysql2.createConnection({ ...mariadb, multipleStatements: true });
      try {
        await maria.query(readFileSync(join(SHOP, 'db', 'mariadb.sql'), 'utf8'));
      } finally {
        await maria.end();
      }
    };
    env = {
      DATABASE_URL: `postgres://${postgres.user}@${postgres.host}:${postgres.port}/${database}`,
      // The routers that open their own pg pool (`new Pool()`) read libpq's variables, as a team's environment would set them.
      PGHOST: postgres.host,
      PGPORT: String(postgres.port),
      PGUSER: postgres.user,
      PGPASSWORD: postgres.password,
      PGDATABASE: database,
      ORDERS_DATABASE_URL: `mysql://${mariadb.user}:${mariadb.password}@${mariadb.host}:${mariadb.port}/${database}`,
      PARTNER_JWT_SECRET: 'partner-secret-known-only-to-this-test',
      PORT: '0',
      // Who is staff in the fixed copies, which check it.
      STAFF_EMAILS,
      // An account of db/postgres.sql, for the tests that must sign in before the answer shows anything.
      TEST_ACCOUNT_EMAIL: CUSTOMER.email,
      TEST_ACCOUNT_PASSWORD: CUSTOMER.password,
      // Two customers of db/postgres.sql with orders of their own in db/mariadb.sql, for the tests
      // that sign in as one customer and ask for the other's records.
      ATTACKER_EMAIL: 'ada@example.com',
      ATTACKER_PASSWORD: 'correct horse battery',
      ATTACKER_CUSTOMER: '1',
      VICTIM_EMAIL: 'grace@example.com',
      VICTIM_PASSWORD: 'hunter2',
      VICTIM_CUSTOMER: '2',
    };
    copyShop(join(root, 'vulnerable'), []);
    await reseed();
  });

  /** A copy of the shop at `dir` with `edits` applied, its packages, the proposed tests and an export folder to serve. */
  function copyShop(dir: string, edits: readonly Edit[]): string {
    for (const part of ['src', 'public', 'package.json']) cpSync(join(SHOP, part), join(dir, part), { recursive: true });
    applyEdits(dir, edits);
    mkdirSync(join(dir, 'node_modules'));
    for (const name of PACKAGES) symlinkSync(dirname(require.resolve(`${name}/package.json`)), join(dir, 'node_modules', name), 'dir');
    writeFileSync(join(dir, 'port-reporter.js'), PORT_REPORTER);
    cpSync(TESTS, join(dir, 'test', 'security'), { recursive: true });
    mkdirSync(join(dir, 'exports', 'orders'), { recursive: true });
    writeFileSync(join(dir, 'exports', 'orders', '1.json'), '{"id":1}');
    writeFileSync(join(dir, 'exports', ARCHIVE.name), ARCHIVE.text);
    return dir;
  }

  function startShop(dir: string): Promise<{ child: ChildProcess; port: number; log: () => string }> {
    const child = spawn(process.execPath, ['--require', './port-reporter.js', 'src/app.js'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stderr.on('data', (chunk: Buffer) => (log += String(chunk)));
    return new Promise((resolvePort, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const port = /port (\d+)/.exec(String(chunk))?.[1];
        if (port) resolvePort({ child, port: Number(port), log: () => log });
      });
      child.once('exit', (code) => reject(new Error(`the shop exited with ${code} before listening:\n${log}`)));
    });
  }

  /**
   * Runs the proposed test against a fresh shop started from `dir` (an in-process test loads its own
   * from PROJECT_ROOT), then `honest` against that shop; the databases are seeded again after a
   * test that writes, so no test sees what another one did.
   */
  async function runProposedTest(dir: string, file: string, honest?: (base: string) => Promise<void>): Promise<Outcome & { shopLog: string }> {
    const shop = await startShop(dir);
    try {
      const base = `http://127.0.0.1:${shop.port}`;
      const testEnv: NodeJS.ProcessEnv = { ...process.env, ...env, PROJECT_ROOT: dir, BASE_URL: base };
      delete testEnv.NODE_TEST_CONTEXT;
      const result = spawnSync(process.execPath, ['--test', '--test-reporter=tap', join('test', 'security', file)], { cwd: dir, env: testEnv, encoding: 'utf8', timeout: 120_000 });
      const outcome = { status: result.status, output: result.stdout + result.stderr, shopLog: shop.log() };
      if (honest) {
        try {
          await honest(base);
        } catch (error) {
          (error as Error).message += `\n--- shop stderr ---\n${shop.log().slice(-2000)}`;
          throw error;
        }
      }
      return outcome;
    } finally {
      shop.child.kill();
      if (WRITES.has(file)) await reseed();
    }
  }

  /** Signs in through the shop's login and returns the Cookie header that carries it. */
  const signInAt = (base: string) => async (email: string, password: string) => {
    const answer = await fetch(`${base}/account/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    assert.equal(answer.status, 200, `signing in as ${email}`);
    return answer.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
  };

  const files = readdirSync(TESTS).filter((name) => name.endsWith('.test.js'));

  it('finds the proposed tests', () => {
    assert.ok(files.length >= 10, `expected the shop's proposed tests in ${TESTS}, found ${files.join(', ')}`);
  });

  for (const file of files) {
    it(`${file} fails on the vulnerable shop, at its own assertions`, async () => {
      const outcome = await runProposedTest(join(root, 'vulnerable'), file);
      vulnerableTap.push(outcome.output);
      const context = `\n--- test output ---\n${outcome.output.slice(-4000)}\n--- shop stderr ---\n${outcome.shopLog.slice(-2000)}`;
      assert.notEqual(outcome.status, 0, `the attack this test reproduces works on the shop, so it must fail${context}`);
      const failed = failures(outcome.output);
      assert.ok(failed.length > 0, `no failing subtest in the output${context}`);
      const notAssertions = failed.filter((f) => f.code !== 'ERR_ASSERTION');
      assert.deepEqual(notAssertions, [], `failed by something other than its assertions${context}`);
      // A test that stops to ask for its set-up has not tried the attack.
      const unset = failed.filter((f) => /\bset [A-Z][A-Z_]+\b.*\bfirst\b|\bfill in\b/.test(f.error));
      assert.deepEqual(unset, [], `stopped for its set-up instead of trying the attack${context}`);
    });

    it(`${file} passes on a copy of the shop with its story's fix, which still serves the honest request`, async () => {
      const fix = SHOP_FIXES.find((f) => f.test === file);
      assert.ok(fix, `no fix written for ${file}: add the fix its story asks for to test/backlog/shopFixes.ts`);
      const dir = copyShop(join(root, `fixed-${file.replace(/\.test\.js$/, '')}`), fix.edits);
      const outcome = await runProposedTest(dir, file, (base) => fix.honest({ base, signIn: signInAt(base) }));
      const context = `\n--- test output ---\n${outcome.output.slice(-4000)}\n--- shop stderr ---\n${outcome.shopLog.slice(-2000)}`;
      assert.equal(outcome.status, 0, `the fixed shop must pass the test its story proposes${context}`);
      assert.match(outcome.output, /^# pass [1-9]/m, `no test ran${context}`);
      assert.match(outcome.output, /^# fail 0$/m, context);
    });
  }

  it('has a fix for no test that is gone', () => {
    assert.deepEqual(SHOP_FIXES.map((f) => f.test).filter((test) => !files.includes(test)), []);
  });
});
