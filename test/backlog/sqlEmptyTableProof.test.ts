// The SQL injection tests a story proposes must fail on vulnerable code whatever the tables hold:
// here every table is EMPTY, so a value that matches nothing and a condition every row meets bring
// back the same nothing, and only the UNION's own row (the marker, a count over the named column, a
// made-up user who signs in) can show the injected SQL ran. Each shape runs on the real database
// its driver talks to (scripts/setup-databases.sh): a quoted LIKE and a GROUP BY after the value on
// PostgreSQL, a path id on PostgreSQL under an Express 4 stand-in that stops on an unhandled
// rejection, an ORDER BY after the value and a sign-in on MariaDB. Then the parameterised route
// must pass the same test, while the honest request still works.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import mysql2 from 'mysql2/promise';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { ensureDatabases } from '../fixcorrectness/databases';
import { EXPRESS_STAND_IN } from './expressStandIn';
import { removeDir, tempDir } from './helpers';

/** A schema and table names of this test's own: other suites reseed the shared databases' usual tables. */
const SCHEMA = 'rugged_sqlproof';
const ORDERS = 'rugged_sqlproof_orders';
const USERS = 'rugged_sqlproof_users';

const CAUGHT = '.catch((e) => { res.statusCode = 500; res.end(String(e.message)); })';
const EXPRESS_4_STAND_IN = EXPRESS_STAND_IN.replace(CAUGHT, '');

const APP = [
  "const express = require('express');",
  'const app = express();',
  "app.use('/notes', require('./src/routes/notes'));",
  "app.use('/products', require('./src/routes/products'));",
  "app.use('/reports', require('./src/routes/reports'));",
  "app.use('/orders', require('./src/routes/orders'));",
  "app.use('/users', require('./src/routes/users'));",
  "app.listen(0, (server) => process.stdout.write(server.address().port + '\\n'));",
  '',
].join('\n');

const route = (driver: 'pg' | 'mysql', lines: string[]) =>
  [
    "const express = require('express');",
    driver === 'pg' ? "const { Pool } = require('pg');" : "const mysql = require('mysql2/promise');",
    driver === 'pg' ? 'const pool = new Pool();' : 'const db = mysql.createPool({ uri: process.env.MARIADB_URL });',
    'const router = express.Router();',
    ...lines,
    'module.exports = router;',
    '',
  ].join('\n');

const VULNERABLE: Record<string, string> = {
  'src/routes/notes.js': route('pg', [
    "router.get('/search', async (req, res) => {",
    '  try {',
    "    const result = await pool.query(\"SELECT id, text FROM notes WHERE text LIKE '%\" + req.query.q + \"%'\");",
    '    res.json(result.rows);',
    '  } catch {',
    '    res.status(500).end();',
    '  }',
    '});',
  ]),
  'src/routes/products.js': route('pg', [
    "router.get('/:id', async (req, res) => {",
    "  const result = await pool.query('SELECT * FROM products WHERE id = ' + req.params.id);",
    '  res.json(result.rows[0] ?? null);',
    '});',
  ]),
  'src/routes/reports.js': route('pg', [
    "router.get('/sales', async (req, res) => {",
    "  let sql = 'SELECT region, SUM(total) AS total FROM sales WHERE 1 = 1';",
    "  if (req.query.region) sql += \" AND region = '\" + req.query.region + \"'\";",
    "  sql += ' GROUP BY region';",
    '  try {',
    '    res.json((await pool.query(sql)).rows);',
    '  } catch {',
    '    res.status(500).end();',
    '  }',
    '});',
  ]),
  'src/routes/orders.js': route('mysql', [
    "router.get('/', async (req, res) => {",
    '  try {',
    `    const [rows] = await db.query(\`SELECT * FROM ${ORDERS} WHERE total > \${req.query.min} ORDER BY total\`);`,
    '    res.json(rows);',
    '  } catch {',
    '    res.status(500).end();',
    '  }',
    '});',
  ]),
  'src/routes/users.js': route('mysql', [
    "router.post('/login', async (req, res) => {",
    '  try {',
    '    const [users] = await db.query(',
    `      "SELECT id, email, role FROM ${USERS} WHERE email = '" + req.body.email + "' AND password = '" + req.body.password + "'",`,
    '    );',
    "    if (users.length === 0) return res.status(401).json({ error: 'Invalid email or password' });",
    "    res.json({ token: 'token-for-' + users[0].id });",
    '  } catch {',
    '    res.status(500).end();',
    '  }',
    '});',
  ]),
};

/** The same routes with bound values (and the checks their stories ask for). */
const FIXED: Record<string, string> = {
  'src/routes/notes.js': route('pg', [
    "router.get('/search', async (req, res) => {",
    '  try {',
    "    res.json((await pool.query(\"SELECT id, text FROM notes WHERE text LIKE '%' || $1 || '%'\", [String(req.query.q)])).rows);",
    '  } catch {',
    '    res.status(500).end();',
    '  }',
    '});',
  ]),
  'src/routes/products.js': route('pg', [
    "router.get('/:id', async (req, res) => {",
    "  if (!/^\\d+$/.test(req.params.id)) return res.status(400).json({ error: 'id must be an integer' });",
    '  try {',
    "    res.json((await pool.query('SELECT * FROM products WHERE id = $1', [Number(req.params.id)])).rows[0] ?? null);",
    '  } catch {',
    '    res.status(500).end();',
    '  }',
    '});',
  ]),
  'src/routes/reports.js': route('pg', [
    "router.get('/sales', async (req, res) => {",
    "  let sql = 'SELECT region, SUM(total) AS total FROM sales WHERE 1 = 1';",
    '  const values = [];',
    '  if (req.query.region) { values.push(req.query.region); sql += ` AND region = $${values.length}`; }',
    "  sql += ' GROUP BY region';",
    '  try {',
    '    res.json((await pool.query(sql, values)).rows);',
    '  } catch {',
    '    res.status(500).end();',
    '  }',
    '});',
  ]),
  'src/routes/orders.js': route('mysql', [
    "router.get('/', async (req, res) => {",
    "  if (!/^\\d+$/.test(String(req.query.min))) return res.status(400).json({ error: 'min must be an integer' });",
    '  try {',
    `    const [rows] = await db.query('SELECT * FROM ${ORDERS} WHERE total > ? ORDER BY total', [Number(req.query.min)]);`,
    '    res.json(rows);',
    '  } catch {',
    '    res.status(500).end();',
    '  }',
    '});',
  ]),
  'src/routes/users.js': route('mysql', [
    "router.post('/login', async (req, res) => {",
    '  try {',
    `    const [users] = await db.query('SELECT id, email, role FROM ${USERS} WHERE email = ? AND password = ?', [String(req.body.email), String(req.body.password)]);`,
    "    if (users.length === 0) return res.status(401).json({ error: 'Invalid email or password' });",
    "    res.json({ token: 'token-for-' + users[0].id });",
    '  } catch {',
    '    res.status(500).end();',
    '  }',
    '});',
  ]),
};

/** The schema the stories read the named column from: customers.password_hash lives in PostgreSQL. */
const POSTGRES_SCHEMA = [
  'CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL);',
  'CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, price int NOT NULL);',
  'CREATE TABLE sales (region text, total int, sold_at timestamp);',
  'CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL, password_hash text NOT NULL);',
  '',
].join('\n');
const MARIADB_SCHEMA = [
  `CREATE TABLE ${ORDERS} (id int PRIMARY KEY, customer_id int NOT NULL, total int NOT NULL);`,
  `CREATE TABLE ${USERS} (id int PRIMARY KEY, email varchar(200) NOT NULL, password varchar(200) NOT NULL, role varchar(20) NOT NULL);`,
  '',
].join('\n');

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
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

describe('SQL injection tests fail on vulnerable code over empty tables, on real PostgreSQL and MariaDB, and pass once values are bound', () => {
  let env: NodeJS.ProcessEnv = {};
  const root = tempDir('sql-empty');
  after(() => removeDir(root));

  before(async () => {
    const facts = ensureDatabases();
    const client = new pg.Client({ ...facts.postgres });
    await client.connect();
    try {
      await client.query(`SET client_min_messages = warning; DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}; SET search_path = ${SCHEMA}; ${POSTGRES_SCHEMA}`);
    } finally {
      await client.end();
    }
    const maria = await mysql2.createConnection({ ...facts.mariadb, multipleStatements: true });
    try {
      await maria.query(`DROP TABLE IF EXISTS ${ORDERS}, ${USERS}; ${MARIADB_SCHEMA}`);
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
      MARIADB_URL: `mysql://${m.user}:${m.password}@${m.host}:${m.port}/${m.database}`,
    };
    write(root, 'package.json', JSON.stringify({ name: 'empty-tables', private: true, dependencies: { express: '^4.19.0', pg: '^8.11.0', mysql2: '^3.9.0' } }));
    write(root, 'app.js', APP);
    write(root, 'db/postgres.sql', POSTGRES_SCHEMA);
    write(root, 'db/mariadb.sql', MARIADB_SCHEMA);
    write(root, 'node_modules/express/index.js', EXPRESS_4_STAND_IN);
    for (const module of ['pg', 'mysql2']) symlinkSync(dirname(require.resolve(`${module}/package.json`)), join(root, 'node_modules', module), 'dir');
    for (const [path, text] of Object.entries(VULNERABLE)) write(root, path, text);
  });

  function start(): Promise<{ child: ChildProcess; port: number }> {
    const child = spawn(process.execPath, ['app.js'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    return new Promise((resolvePort, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolvePort({ child, port: Number(String(chunk).trim()) }));
      child.once('exit', (code) => reject(new Error(`the app exited with ${code}`)));
    });
  }

  /** Runs the written test in its own process against the started app; `honest` runs against the same app after it. */
  async function runTest(path: string, honest?: (base: string) => Promise<void>): Promise<{ status: number; output: string }> {
    const app = await start();
    try {
      const base = `http://127.0.0.1:${app.port}`;
      const testEnv: NodeJS.ProcessEnv = { ...process.env, BASE_URL: base };
      delete testEnv.NODE_TEST_CONTEXT;
      const result = spawnSync(process.execPath, ['--test', path], { cwd: root, env: testEnv, encoding: 'utf8' });
      if (honest) await honest(base);
      return { status: result.status ?? -1, output: result.stdout + result.stderr };
    } finally {
      app.child.kill();
    }
  }

  /** Raises the story, runs its test on the vulnerable route (it must fail, at its assertion), then on the fixed one (it must pass). */
  async function proveBothWays(file: string, from: string, honest: (base: string) => Promise<void>): Promise<{ story: Story; vulnerable: string }> {
    write(root, file, VULNERABLE[file]);
    const story = await raise(root, file, from);
    const skeleton = story.testSkeleton!;
    const vulnerable = await runTest(skeleton.path);
    assert.notEqual(vulnerable.status, 0, vulnerable.output);
    assert.match(vulnerable.output, /code: 'ERR_ASSERTION'/);
    assert.doesNotMatch(vulnerable.output, /record\(s\) came back for a value that matches nothing/, 'the tables are empty: only the UNION can show it');
    assert.doesNotMatch(vulnerable.output, /gave no answer|stopped answering|the request errored/, 'it fails at its assertion, not by crashing the app');
    write(root, file, FIXED[file]);
    const fixed = await runTest(skeleton.path, honest);
    assert.equal(fixed.status, 0, `${fixed.output}\n--- test ---\n${skeleton.code}`);
    return { story, vulnerable: vulnerable.output };
  }

  const getJson = async (url: string) => {
    const answer = await fetch(url);
    assert.equal(answer.status, 200, url);
    return answer.json();
  };

  it('a quoted LIKE on PostgreSQL: the marker and a count over customers.password_hash come back from empty tables', async () => {
    const { story, vulnerable } = await proveBothWays('src/routes/notes.js', "router.get('/search'", async (base) => {
      assert.deepEqual(await getJson(`${base}/notes/search?q=milk`), []);
    });
    assert.match(vulnerable, /the marker RUGGED-AS-\w+ came back through a UNION/);
    assert.match(vulnerable, /customers\.password_hash is reachable: a count over it came back \(0\)/);
    assert.match(story.testSkeleton!.criterion ?? '', /a UNION that adds a row of its own \(the marker `RUGGED-AS-\w+`, then a count over `customers\.password_hash`/);
  });

  it('a path id under Express 4 on PostgreSQL: a row of nulls, then the marker in the text column, without stopping the app', async () => {
    const { vulnerable } = await proveBothWays('src/routes/products.js', "router.get('/:id'", async (base) => {
      assert.equal(await getJson(`${base}/products/1`), null);
    });
    assert.match(vulnerable, /a record whose 3 fields are all null, which no table holds, came back through a UNION/);
    assert.match(vulnerable, /the marker RUGGED-AS-\w+ came back/);
    assert.match(vulnerable, /customers\.password_hash is reachable/);
  });

  it('a GROUP BY after the quoted value on PostgreSQL: the emptied first SELECT keeps its GROUP BY and the marker comes back', async () => {
    const { vulnerable } = await proveBothWays('src/routes/reports.js', "router.get('/sales'", async (base) => {
      assert.deepEqual(await getJson(`${base}/reports/sales?region=north`), []);
    });
    assert.match(vulnerable, /region: the SQL sent in region ran: the marker RUGGED-AS-\w+ came back/);
  });

  it('an ORDER BY after a bare value on MariaDB: the marker comes back and no PostgreSQL table is named', async () => {
    const { vulnerable } = await proveBothWays('src/routes/orders.js', "router.get('/'", async (base) => {
      assert.deepEqual(await getJson(`${base}/orders?min=1`), []);
    });
    assert.match(vulnerable, /min: the SQL sent in min ran: a record whose 3 fields are all null.*the marker RUGGED-AS-\w+ came back/);
    assert.doesNotMatch(vulnerable, /password_hash/, 'customers lives in PostgreSQL: a MariaDB query cannot reach it');
  });

  it('a sign-in on MariaDB with no user at all: a made-up user signs in before the fix, the fixed sign-in refuses it', async () => {
    const { vulnerable } = await proveBothWays('src/routes/users.js', "router.post('/login'", async (base) => {
      const answer = await fetch(`${base}/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.com', password: 'x' }) });
      assert.equal(answer.status, 401);
    });
    assert.match(vulnerable, /email: the SQL sent in email ran: a made-up user added by a UNION signed in \(answered 200, where an unknown email is refused\)/);
  });
});
