// The juice-bar shapes of SQL injection through Sequelize, on SQLite (sql.js) with EMPTY tables and
// no driver package the story could read a database from: a product search whose LIKE is followed
// by `AND deletedAt IS NULL`, and a sign-in that checks the password in SQL. On empty tables the
// old probes (rows for a value that matches nothing, a condition every row meets) found nothing;
// the UNION's own row must show the injection, a count over `Users.password` joined the way the
// unknown database accepts, and the bound versions must pass.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { EXPRESS_STAND_IN } from './expressStandIn';
import { startFixtureApp } from './fixtureApp';
import { removeDir, tempDir } from './helpers';
import { sequelizeStandIn } from './sqlStandIns';

const EMPTY_TABLES = 'CREATE TABLE Products (id INTEGER, name TEXT, price INTEGER, deletedAt TEXT); CREATE TABLE Users (id INTEGER, email TEXT, password TEXT, role TEXT);';

const APP = [
  "const express = require('express');",
  'const app = express();',
  "app.use('/rest/products', require('./src/routes/products'));",
  "app.use('/rest/user', require('./src/routes/users'));",
  "app.listen(0, (server) => process.stdout.write(server.address().port + '\\n'));",
  '',
].join('\n');

const router = (lines: string[]) =>
  ["const express = require('express');", "const { Sequelize } = require('sequelize');", 'const sequelize = new Sequelize(process.env.DATABASE_URL);', 'const router = express.Router();', ...lines, 'module.exports = router;', ''].join('\n');

const SEARCH = (query: string) =>
  router([
    "router.get('/search', async (req, res) => {",
    "  const criteria = req.query.q || '';",
    `  const [products] = await sequelize.query(${query});`,
    '  res.json({ data: products });',
    '});',
  ]);

const LOGIN = (query: string) =>
  router([
    "router.post('/login', async (req, res) => {",
    `  const [users] = await sequelize.query(${query});`,
    "  if (users.length === 0) return res.status(401).json({ error: 'Invalid email or password' });",
    "  res.json({ token: 'token-for-' + users[0].id });",
    '});',
    "router.post('/register', async (req, res) => {",
    "  await sequelize.query('INSERT INTO Users (email, password, role) VALUES (?, ?, ?)', { replacements: [req.body.email, req.body.password, 'customer'] });",
    '  res.status(201).end();',
    '});',
  ]);

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

async function raise(root: string, file: string): Promise<Story> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
  const code = await run(['story', file, '--lines', '5-9', '--yes', '--write-test', '--format', 'json'], io, { today: '2025-06-01' });
  assert.equal(code, 0, stderr);
  return (JSON.parse(stdout) as { story: Story }).story;
}

async function runTest(root: string, path: string): Promise<{ status: number; output: string }> {
  const app = await startFixtureApp(root);
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, BASE_URL: `http://127.0.0.1:${app.port}` };
    delete env.NODE_TEST_CONTEXT;
    const result = spawnSync(process.execPath, ['--test', path], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    return { status: result.status ?? -1, output: result.stdout + result.stderr };
  } finally {
    app.child.kill();
  }
}

describe('SQL injection tests through Sequelize on SQLite with empty tables', () => {
  const root = tempDir('sql-empty-sqlite');
  after(() => removeDir(root));
  write(root, 'package.json', '{ "name": "juice-like", "private": true, "dependencies": { "express": "^4.19.2", "sequelize": "^6.37.3" } }\n');
  write(root, 'app.js', APP);
  write(root, 'node_modules/express/index.js', EXPRESS_STAND_IN);
  write(root, 'node_modules/sequelize/index.js', sequelizeStandIn(EMPTY_TABLES));
  // The table the story names comes from the code's own queries: the registration stores Users.password.
  write(root, 'src/routes/users.js', LOGIN("\"SELECT id, email, role FROM Users WHERE email = '\" + req.body.email + \"' AND password = '\" + req.body.password + \"'\""));

  it('a product search with AND deletedAt IS NULL after the LIKE: the marker and a count over Users.password come back, the bound search passes', async () => {
    write(root, 'src/routes/products.js', SEARCH("`SELECT id, name, price FROM Products WHERE name LIKE '%${criteria}%' AND deletedAt IS NULL`"));
    const story = await raise(root, 'src/routes/products.js');
    const vulnerable = await runTest(root, story.testSkeleton!.path);
    assert.notEqual(vulnerable.status, 0, vulnerable.output);
    assert.match(vulnerable.output, /q: the SQL sent in q ran: the marker RUGGED-AS-\w+ came back through a UNION/);
    assert.match(vulnerable.output, /Users\.password is reachable: a count over it came back \(0\)/);
    assert.doesNotMatch(vulnerable.output, /record\(s\) came back for a value that matches nothing/);

    write(root, 'src/routes/products.js', SEARCH("\"SELECT id, name, price FROM Products WHERE name LIKE '%' || ? || '%' AND deletedAt IS NULL\", { replacements: [criteria] }"));
    const fixed = await runTest(root, story.testSkeleton!.path);
    assert.equal(fixed.status, 0, fixed.output);
  });

  it('a sign-in on an empty Users table: a made-up user signs in before the fix, never after', async () => {
    const story = await raise(root, 'src/routes/users.js');
    const vulnerable = await runTest(root, story.testSkeleton!.path);
    assert.notEqual(vulnerable.status, 0, vulnerable.output);
    assert.match(vulnerable.output, /email: the SQL sent in email ran: a made-up user added by a UNION signed in \(answered 200, where an unknown email is refused\)/);

    write(root, 'src/routes/users.js', LOGIN("'SELECT id, email, role FROM Users WHERE email = ? AND password = ?', { replacements: [String(req.body.email), String(req.body.password)] }"));
    const fixed = await runTest(root, story.testSkeleton!.path);
    assert.equal(fixed.status, 0, fixed.output);
  });
});
