// The SQL injection tests a story proposes, run on the example shop's own routes against real
// PostgreSQL and MariaDB (scripts/setup-databases.sh) with the real pg and mysql2 drivers, under an
// Express stand-in that, like Express 4, lets a rejected promise of an async handler stop the app.
// Each test must fail on the vulnerable route at its assertion (rows came back), not because the
// app crashed, and pass once the fix its story asks for is in; a fix that binds the value but lets
// the database error through fails with its own message.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import mysql2 from 'mysql2/promise';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { ensureDatabases, type DatabaseFacts } from '../fixcorrectness/databases';
import { EXPRESS_STAND_IN } from './expressStandIn';
import { removeDir, tempDir } from './helpers';

const SHOP = resolve(__dirname, '..', '..', 'examples', 'express-shop', 'src', 'routes');
const shopRoute = (name: string) => readFileSync(join(SHOP, name), 'utf8');
/** Its own schema and table names: the fix-correctness harness reseeds `orders` and `products` in the same databases. */
const SCHEMA = 'rugged_sqlstory';
const ORDERS_TABLE = 'rugged_sqlstory_orders';

const CAUGHT = '.catch((e) => { res.statusCode = 500; res.end(String(e.message)); })';
/** Express 4 does not catch a rejected promise of an async handler: Node stops the process. */
const EXPRESS_4_STAND_IN = EXPRESS_STAND_IN.replace(CAUGHT, '');

const APP = [
  "const express = require('express');",
  'const app = express();',
  "app.use('/products', require('./src/routes/products'));",
  "app.use('/orders', require('./src/routes/orders'));",
  "app.use('/reports', require('./src/routes/reports'));",
  "app.listen(0, (server) => process.stdout.write(server.address().port + '\\n'));",
  '',
].join('\n');

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** The shop's orders route on this test's own table. */
function ordersRoute(text: string): string {
  return text.replace(/\bFROM orders\b/g, `FROM ${ORDERS_TABLE}`);
}

async function raise(root: string, file: string, from: string): Promise<Story> {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const start = lines.findIndex((line) => line.includes(from)) + 1;
  const end = lines.findIndex((line, i) => i >= start && line.startsWith('});')) + 1;
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
  const code = await run(['story', file, '--lines', `${start}-${end}`, '--yes', '--write-test', '--format', 'json'], io, { today: '2025-06-01' });
  assert.equal(code, 0, stderr);
  return (JSON.parse(stdout) as { story: Story }).story;
}

describe('SQL injection tests on the shop\'s query shapes, on real PostgreSQL and MariaDB', () => {
  let facts: DatabaseFacts;
  let env: NodeJS.ProcessEnv = {};
  const root = tempDir('sql-proof');
  after(() => removeDir(root));

  before(async () => {
    facts = ensureDatabases();
    const pgClient = new pg.Client({ ...facts.postgres });
    await pgClient.connect();
    try {
      await pgClient.query(`SET client_min_messages = warning; DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`);
      await pgClient.query(`SET search_path = ${SCHEMA};
        CREATE TABLE sales (region text, total int, sold_at timestamp);
        INSERT INTO sales VALUES ('north', 10, '2024-01-05'), ('south', 20, '2024-02-05'), ('west', 30, '2024-03-05');
        CREATE TABLE products (id int PRIMARY KEY, name text, price int);
        INSERT INTO products VALUES (1, 'apple', 3), (2, 'pear', 4);`);
    } finally {
      await pgClient.end();
    }
    const maria = await mysql2.createConnection({ ...facts.mariadb });
    try {
      await maria.query(`DROP TABLE IF EXISTS ${ORDERS_TABLE}`);
      await maria.query(`CREATE TABLE ${ORDERS_TABLE} (id int PRIMARY KEY, customer_id int, total int)`);
      await maria.query(`INSERT INTO ${ORDERS_TABLE} VALUES (1, 1, 30), (2, 1, 10), (3, 2, 20), (4, 3, 40)`);
    } finally {
      await maria.end();
    }
    const p = facts.postgres;
    const m = facts.mariadb;
    env = {
      PGHOST: p.host,
      PGPORT: String(p.port),
      PGUSER: p.user,
      PGPASSWORD: p.password,
      PGDATABASE: p.database,
      PGOPTIONS: `-c search_path=${SCHEMA}`,
      ORDERS_DATABASE_URL: `mysql://${m.user}:${m.password}@${m.host}:${m.port}/${m.database}`,
    };
    write(root, 'package.json', JSON.stringify({ name: 'express-shop-example', private: true, dependencies: { express: '^4.19.0', pg: '^8.11.0', mysql2: '^3.9.0' } }));
    write(root, 'app.js', APP);
    write(root, 'node_modules/express/index.js', EXPRESS_4_STAND_IN);
    for (const module of ['pg', 'mysql2']) symlinkSync(dirname(require.resolve(`${module}/package.json`)), join(root, 'node_modules', module), 'dir');
    write(root, 'src/routes/products.js', shopRoute('products.js'));
    write(root, 'src/routes/orders.js', ordersRoute(shopRoute('orders.js')));
    write(root, 'src/routes/reports.js', shopRoute('reports.js'));
  });

  function start(): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(process.execPath, ['app.js'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    return new Promise((resolvePort, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolvePort({ child, port: Number(String(chunk).trim()) }));
      child.once('exit', (code) => reject(new Error(`the shop exited with ${code}`)));
    });
  }

  /** Runs the written test as the team would: its own process, against the started shop. */
  async function runTest(path: string): Promise<{ status: number; output: string }> {
    const app = await start();
    try {
      const testEnv: NodeJS.ProcessEnv = { ...process.env, BASE_URL: `http://127.0.0.1:${app.port}` };
      delete testEnv.NODE_TEST_CONTEXT;
      const result = spawnSync(process.execPath, ['--test', path], { cwd: root, env: testEnv, encoding: 'utf8' });
      return { status: result.status ?? -1, output: result.stdout + result.stderr };
    } finally {
      app.child.kill();
    }
  }

  it('the payload for a quoted slot keeps the GROUP BY valid and returns every region on both databases; a comment payload does not', async () => {
    const story = await raise(root, 'src/routes/reports.js', "router.get('/sales'");
    const payload = story.testSkeleton!.payload;
    assert.ok(!payload.includes('--'), payload);
    // The shop's query as it builds it with the payload as `region`, on each database.
    const query = (value: string) => `SELECT region, SUM(total) AS total FROM sales WHERE 1 = 1 AND region = '${value}' GROUP BY region`;
    const pgClient = new pg.Client({ ...facts.postgres, options: `-c search_path=${SCHEMA}` });
    await pgClient.connect();
    const maria = await mysql2.createConnection({ ...facts.mariadb });
    try {
      await maria.query('CREATE TEMPORARY TABLE sales (region text, total int, sold_at datetime)');
      await maria.query("INSERT INTO sales VALUES ('north', 10, '2024-01-05'), ('south', 20, '2024-02-05'), ('west', 30, '2024-03-05')");
      assert.equal((await pgClient.query(query(payload))).rows.length, 3, 'PostgreSQL returns every region');
      assert.equal(((await maria.query(query(payload)))[0] as unknown[]).length, 3, 'MariaDB returns every region');
      // The same slot as a date (`sold_at >= '…'`, the `from` field): still a valid comparison.
      const fromQuery = `SELECT region FROM sales WHERE 1 = 1 AND sold_at >= '${payload}' GROUP BY region`;
      assert.equal((await pgClient.query(fromQuery)).rows.length, 3);
      assert.equal(((await maria.query(fromQuery))[0] as unknown[]).length, 3);
      await assert.rejects(pgClient.query(query("zz-no-such-value' OR '1'='1' -- ")), 'the former payload comments out the GROUP BY: PostgreSQL answers an error, not rows');
    } finally {
      await pgClient.end();
      await maria.end();
    }
  });

  it('GET /reports/sales: names region and from, fails at its assertion on both on the shop\'s code, passes once they are bound and checked', async () => {
    const story = await raise(root, 'src/routes/reports.js', "router.get('/sales'");
    const skeleton = story.testSkeleton!;
    const fix = story.acceptanceCriteria.find((c) => c.kind === 'control')!.text;
    assert.match(fix, /for `req\.query\.region` and `req\.query\.from`/);
    assert.ok(story.acceptanceCriteria.some((c) => c.kind === 'test' && /as `region` and .* as `from`/.test(c.text)), JSON.stringify(story.acceptanceCriteria));
    assert.ok(story.acceptanceCriteria.some((c) => /Express 4 does not catch a rejected promise/.test(c.text)), 'async handler under Express 4: errors must become answers');
    assert.ok(skeleton.code.includes(`${story.key}: GET /reports/sales refuses an injected region`) && skeleton.code.includes(`${story.key}: GET /reports/sales refuses an injected from`), skeleton.code);

    const vulnerable = await runTest(skeleton.path);
    assert.notEqual(vulnerable.status, 0);
    assert.match(vulnerable.output, /the SQL sent in region ran/);
    assert.match(vulnerable.output, /the SQL sent in from ran/);
    assert.doesNotMatch(vulnerable.output, /gave no answer|the request errored/, 'it fails at its assertion, not by crashing the app');

    write(root, 'src/routes/reports.js', [
      "const express = require('express');",
      "const { Pool } = require('pg');",
      'const pool = new Pool();',
      'const router = express.Router();',
      "router.get('/sales', async (req, res) => {",
      '  const { region, from } = req.query;',
      "  if (from !== undefined && !/^\\d{4}-\\d{2}-\\d{2}$/.test(from)) return res.status(400).json({ error: 'from must be a date' });",
      "  let sql = 'SELECT region, SUM(total) AS total FROM sales WHERE 1 = 1';",
      '  const values = [];',
      '  if (region) { values.push(region); sql += ` AND region = $${values.length}`; }',
      '  if (from) { values.push(from); sql += ` AND sold_at >= $${values.length}`; }',
      "  sql += ' GROUP BY region';",
      '  try {',
      '    res.json((await pool.query(sql, values)).rows);',
      '  } catch {',
      '    res.status(500).end();',
      '  }',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'));
    const fixed = await runTest(skeleton.path);
    assert.equal(fixed.status, 0, fixed.output);
  });

  it('GET /orders: tests sort and customer, fails at both assertions on the shop\'s code, passes after the allow-list, the bound customer and the check', async () => {
    const story = await raise(root, 'src/routes/orders.js', "router.get('/'");
    const skeleton = story.testSkeleton!;
    const fix = story.acceptanceCriteria.find((c) => c.kind === 'control')!.text;
    assert.match(fix, /`req\.query\.sort` and `req\.query\.customer`/);
    assert.ok(story.acceptanceCriteria.some((c) => /`customer` is an integer/.test(c.text)), JSON.stringify(story.acceptanceCriteria));
    assert.ok(skeleton.code.includes(`${story.key}: GET /orders refuses an injected customer`), skeleton.code);
    // The customer request sends a well-formed sort, so it does not build `ORDER BY undefined`.
    assert.match(skeleton.code, /\/orders\?sort=1&customer=/);

    const vulnerable = await runTest(skeleton.path);
    assert.notEqual(vulnerable.status, 0);
    assert.match(vulnerable.output, /differ: the name sent was used to sort/);
    assert.match(vulnerable.output, /the SQL sent in customer ran/);
    assert.doesNotMatch(vulnerable.output, /gave no answer|the request errored/, 'it fails at its assertions, not by crashing the app');

    write(root, 'src/routes/orders.js', ordersRoute([
      "const express = require('express');",
      "const mysql = require('mysql2/promise');",
      'const db = mysql.createPool({ uri: process.env.ORDERS_DATABASE_URL });',
      'const router = express.Router();',
      "const SORTS = { id: 'id', total: 'total' };",
      "router.get('/', async (req, res) => {",
      '  const { customer, sort } = req.query;',
      "  if (!/^\\d+$/.test(String(customer))) return res.status(400).json({ error: 'customer must be an integer' });",
      "  const column = SORTS[sort] || 'id';",
      '  try {',
      '    const [rows] = await db.query(`SELECT * FROM orders WHERE customer_id = ? ORDER BY ${column}`, [Number(customer)]);',
      '    res.json(rows);',
      '  } catch {',
      '    res.status(500).end();',
      '  }',
      '});',
      'module.exports = router;',
      '',
    ].join('\n')));
    const fixed = await runTest(skeleton.path);
    assert.equal(fixed.status, 0, fixed.output);
  });

  it('GET /products/:id: a bound id alone errors (22P02) and says so, without the try/catch the app stops and the test says that, with the integer check it passes', async () => {
    const story = await raise(root, 'src/routes/products.js', "router.get('/:id'");
    const skeleton = story.testSkeleton!;
    assert.ok(story.acceptanceCriteria.some((c) => /`id` is an integer/.test(c.text)), JSON.stringify(story.acceptanceCriteria));

    const vulnerable = await runTest(skeleton.path);
    assert.notEqual(vulnerable.status, 0);
    assert.match(vulnerable.output, /the SQL sent in id ran/);

    const route = (body: string[]) =>
      ["const express = require('express');", "const { Pool } = require('pg');", 'const pool = new Pool();', 'const router = express.Router();', "router.get('/:id', async (req, res) => {", ...body, '});', 'module.exports = router;', ''].join('\n');
    write(root, 'src/routes/products.js', route(["  const result = await pool.query('SELECT * FROM products WHERE id = $1', [req.params.id]);", '  res.json(result.rows[0]);']));
    const crashes = await runTest(skeleton.path);
    assert.notEqual(crashes.status, 0);
    assert.match(crashes.output, /gave no answer/);

    write(root, 'src/routes/products.js', route(['  try {', "    res.json((await pool.query('SELECT * FROM products WHERE id = $1', [req.params.id])).rows[0]);", '  } catch {', '    res.status(500).end();', '  }']));
    const errors = await runTest(skeleton.path);
    assert.notEqual(errors.status, 0);
    assert.match(errors.output, /answered 500: the request errored/);

    write(root, 'src/routes/products.js', route([
      "  if (!/^\\d+$/.test(req.params.id)) return res.status(400).json({ error: 'id must be an integer' });",
      '  try {',
      "    res.json((await pool.query('SELECT * FROM products WHERE id = $1', [Number(req.params.id)])).rows[0] ?? null);",
      '  } catch {',
      '    res.status(500).end();',
      '  }',
    ]));
    const fixed = await runTest(skeleton.path);
    assert.equal(fixed.status, 0, fixed.output);
  });
});
