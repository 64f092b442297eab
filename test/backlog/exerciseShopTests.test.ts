// The security tests the exercise's shop stories propose, run as a team would run them: against
// the example shop itself (examples/express-shop, unchanged), with real Express, pg and mysql2, on
// PostgreSQL and MariaDB seeded from the shop's own db/*.sql. The shop is vulnerable on purpose,
// so every proposed test must fail, and fail at one of its assertions about the attack: a test
// that fails because it crashed, or because the shop it needed was gone, proves nothing. Then each
// test runs against a copy of the shop with the fix its story asks for (shopFixes.ts) and must
// pass, while the copy still serves the honest request: a test that cannot pass is as useless as
// one that cannot fail, and a fix that refuses everyone proves nothing.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import mysql2 from 'mysql2/promise';
import { ensureDatabases } from '../fixcorrectness/databases';
import { removeDir, tempDir } from './helpers';
import { applyEdits, assertFailsAtItsAssertions, assertPasses, runProposedTest as runTest, tapOut, writePortReporter, writeTap, type Edit, type Outcome } from './exerciseAppRun';
import { ARCHIVE, CUSTOMER, SHOP_FIXES, STAFF_EMAILS } from './shopFixes';

const REPO = resolve(__dirname, '..', '..');
const SHOP = join(REPO, 'examples', 'express-shop');
// RUGGED_SHOP_TESTS runs tests generated elsewhere (`abuser-stories-exercise.ts --out`), to try a change to them before the example is regenerated.
const TESTS = process.env.RUGGED_SHOP_TESTS ? resolve(process.env.RUGGED_SHOP_TESTS) : join(REPO, 'examples', 'abuser-stories-exercise', 'express-shop', 'test', 'security');
/** The packages the shop requires, linked from this repository's own install. */
const PACKAGES = ['express', 'cookie-parser', 'jsonwebtoken', 'pg', 'mysql2'];
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
    // RUGGED_SHOP_TAP_OUT, the file the exercise's README names, still works beside the folder all apps write to.
    const out = process.env.RUGGED_SHOP_TAP_OUT ?? tapOut('express-shop');
    if (out) writeTap(out, { app: 'express-shop', copy: join(root, 'vulnerable'), runs: vulnerableTap });
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
    writePortReporter(dir);
    cpSync(TESTS, join(dir, 'test', 'security'), { recursive: true });
    mkdirSync(join(dir, 'exports', 'orders'), { recursive: true });
    writeFileSync(join(dir, 'exports', 'orders', '1.json'), '{"id":1}');
    writeFileSync(join(dir, 'exports', ARCHIVE.name), ARCHIVE.text);
    return dir;
  }

  /**
   * Runs the proposed test against a fresh shop started from `dir` (an in-process test loads its own
   * from PROJECT_ROOT), then `honest` against that shop; the databases are seeded again after a
   * test that writes, so no test sees what another one did.
   */
  async function runProposedTest(dir: string, file: string, honest?: (base: string) => Promise<void>): Promise<Outcome> {
    try {
      return await runTest({ dir, entry: 'src/app.js', file, env, honest });
    } finally {
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
      assertFailsAtItsAssertions(outcome);
    });

    it(`${file} passes on a copy of the shop with its story's fix, which still serves the honest request`, async () => {
      const fix = SHOP_FIXES.find((f) => f.test === file);
      assert.ok(fix, `no fix written for ${file}: add the fix its story asks for to test/backlog/shopFixes.ts`);
      const dir = copyShop(join(root, `fixed-${file.replace(/\.test\.js$/, '')}`), fix.edits);
      assertPasses(await runProposedTest(dir, file, (base) => fix.honest({ base, signIn: signInAt(base) })));
    });
  }

  it('has a fix for no test that is gone', () => {
    assert.deepEqual(SHOP_FIXES.map((f) => f.test).filter((test) => !files.includes(test)), []);
  });
});
