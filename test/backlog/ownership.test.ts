// Ownership is decided by who signed in: the app's login is found among its routes (with the mount
// prefix, the credential fields, how the login travels and what it records about the user), and a
// story whose route lets the request name the owner (`customer`, `userId`) asks for the owner to
// come from the session, naming the route, the file, the field and the login.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { ownerFieldIn, recordNoun } from '../../server/src/backlog/story/ownership';
import { signInOf, workspaceRoutes } from '../../server/src/backlog/story/signIn';
import { FIXED_NOW, findingsOf, removeDir, tempDir } from './helpers';

const JUICE_USERS = [
  "const express = require('express');",
  "const { hashPassword, issueToken } = require('../security');",
  'const router = express.Router();',
  "router.post('/login', async (req, res) => {",
  "  const [users] = await sequelize.query('SELECT id FROM Users WHERE email = ? AND password = ?', { replacements: [req.body.email, hashPassword(req.body.password)] });",
  "  if (users.length === 0) return res.status(401).json({ error: 'Invalid email or password' });",
  '  res.json({ token: issueToken(users[0]) });',
  '});',
  "router.post('/register', async (req, res) => res.status(201).end());",
  'module.exports = router;',
  '',
].join('\n');
const JUICE_SECURITY = "function issueToken(user) {\n  return jwt.sign({ sub: user.id, role: user.role }, KEY, { expiresIn: '6h' });\n}\n";

const TODO_SESSION = [
  "const express = require('express');",
  'const router = express.Router();',
  "router.post('/login', (req, res) => {",
  '  const { username, password } = req.body;',
  '  const user = findUser(username, password);',
  '  if (!user) return res.status(401).end();',
  '  req.session.userId = user.id;',
  "  res.redirect('/');",
  '});',
  'module.exports = router;',
  '',
].join('\n');

describe("the app's login, read from its routes", () => {
  it('finds a token login under its mount prefix, with its fields and the claim its helper signs', () => {
    const login = signInOf([{ path: 'src/routes/users.js', text: JUICE_USERS, prefix: '/rest/user' }], [JUICE_SECURITY]);
    assert.deepEqual(login, { method: 'POST', route: '/rest/user/login', path: 'src/routes/users.js', fields: ['email', 'password'], carrier: { kind: 'bearer', field: 'token' }, identity: { kind: 'claim', name: 'sub' } });
  });

  it('finds a session login and the field it stores about the user', () => {
    const login = signInOf([{ path: 'src/routes/session.js', text: TODO_SESSION, prefix: '/session' }]);
    assert.equal(login?.route, '/session/login');
    assert.deepEqual(login?.fields, ['username', 'password']);
    assert.deepEqual(login?.carrier, { kind: 'cookie' });
    assert.deepEqual(login?.identity, { kind: 'session', name: 'userId' });
  });

  it('finds none where no route named like a login reads a password and hands back a token or a cookie', () => {
    const noPassword = "router.post('/login', (req, res) => res.json({ token: make(req.body.email) }));\n";
    const nothingBack = "router.post('/login', (req, res) => res.json({ ok: check(req.body.email, req.body.password) }));\n";
    const notALogin = "router.post('/register', (req, res) => { req.session.userId = add(req.body.email, req.body.password); res.end(); });\n";
    for (const text of [noPassword, nothingBack, notALogin]) assert.equal(signInOf([{ path: 'a.js', text, prefix: '' }]), undefined, text);
  });

  it('lists every route of the workspace with its mount prefix', () => {
    const routes = workspaceRoutes([{ path: 'src/routes/users.js', text: JUICE_USERS, prefix: '/rest/user' }]);
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path}`), ['POST /rest/user/login', 'POST /rest/user/register']);
  });
});

describe('the words of ownership', () => {
  it('names a record after the path segment before its id, else the last segment', () => {
    assert.deepEqual(recordNoun('/rest/products/reviews/:id'), { one: 'review', many: 'reviews' });
    assert.deepEqual(recordNoun('/orders'), { one: 'order', many: 'orders' });
    assert.deepEqual(recordNoun('/todos/lists'), { one: 'list', many: 'lists' });
    assert.deepEqual(recordNoun('/account/addresses/:addressId'), { one: 'address', many: 'addresses' });
    assert.deepEqual(recordNoun('/categories/:id/edit'), { one: 'category', many: 'categories' });
  });

  it('recognises the request fields that name an owner, and not others', () => {
    const names = (fields: string[]) => ownerFieldIn(fields.map((name) => ({ location: 'query' as const, name })))?.name;
    assert.equal(names(['sort', 'customer']), 'customer');
    assert.equal(names(['userId']), 'userId');
    assert.equal(names(['author_id']), 'author_id');
    assert.equal(names(['owner']), 'owner');
    assert.equal(names(['sort', 'q', 'customerName', 'username']), undefined);
  });
});

const ORDERS_PATH = 'src/routes/orders.js';
const ORDERS = [
  "const express = require('express');",
  "const mysql = require('mysql2/promise');",
  'const db = mysql.createPool({});',
  'const router = express.Router();',
  "router.get('/', async (req, res) => {",
  '  const { customer, sort } = req.query;',
  '  const [rows] = await db.query(`SELECT * FROM orders WHERE customer_id = ${customer} ORDER BY ${sort}`);',
  '  res.json(rows);',
  '});',
  'module.exports = router;',
  '',
].join('\n');

describe("a story whose route lets the request name the owner asks for the owner from the session", () => {
  const shopLogin = { method: 'POST', route: '/account/login', path: 'src/routes/account.js', fields: ['email', 'password'], carrier: { kind: 'cookie' as const }, identity: { kind: 'session' as const, name: 'customerId' } };
  const raise = (prerequisites: string) =>
    buildStory({
      text: ORDERS,
      path: ORDERS_PATH,
      findings: findingsOf(ORDERS, ORDERS_PATH),
      rules: allRules,
      selection: { startLine: 5, endLine: 9 },
      mountPrefix: '/orders',
      workspace: { signIn: shopLogin },
      choices: { prerequisites },
      now: FIXED_NOW,
      toolVersion: 't',
    });

  it("binds the shop's `customer` to the signed-in customer's session, naming the route, file, field and login", () => {
    const criteria = raise('with a customer account').acceptanceCriteria.map((c) => c.text);
    const ownership = criteria.find((c) => c.includes('never from `req.query.customer`'));
    assert.equal(
      ownership,
      "`GET /orders` in `src/routes/orders.js:5-9` takes the customer whose orders it returns from the signed-in customer's session (the `customerId` that `POST /account/login` stores), never from `req.query.customer`; a request for another customer's orders answers 404 or 403, or lists only the signed-in customer's own",
    );
  });

  it('leaves it out where the route is for staff, who may look up any customer', () => {
    const criteria = raise('with a staff account').acceptanceCriteria.map((c) => c.text);
    assert.ok(!criteria.some((c) => c.includes('never from `req.query.customer`')), criteria.join('\n'));
  });
});

/** Raises a story with `rugged story --yes` on a copy of an example app, as the exercise does. */
async function raiseOnExample(app: string, file: string, from: string, args: string[]): Promise<Story> {
  const root = tempDir(`ownership-${app}`);
  try {
    cpSync(resolve(__dirname, '..', '..', 'examples', app), root, { recursive: true });
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    const start = lines.findIndex((l) => l.includes(from));
    const end = lines.findIndex((l, i) => i > start && l.trimEnd() === '});');
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
    const code = await run(['story', file, '--lines', `${start + 1}-${end + 1}`, '--yes', '--format', 'json', ...args], io, { today: '2025-06-01' });
    assert.equal(code, 0, stderr);
    return (JSON.parse(stdout) as { story: Story }).story;
  } finally {
    removeDir(root);
  }
}

describe('the example apps the review scored', () => {
  it("juice's review IDOR (TASK-6) signs in through POST /rest/user/login and never sends the attack anonymously", async () => {
    const story = await raiseOnExample('juice-bar-api', 'src/routes/products.js', "router.patch('/reviews/:id'", [
      '--goal', 't-others-record', '--prerequisites', 'with a customer account', '--asset', 'product reviews', '--stride', 'T',
    ]);
    const code = story.testSkeleton?.code ?? '';
    assert.match(code, /const attacker = await signIn\(ATTACKER\);/);
    assert.match(code, /fetch\(`\$\{BASE_URL\}\/rest\/user\/login`/);
    assert.match(code, /return \{ authorization: `Bearer \$\{token\}` \};/);
    const attack = code.split('\n').find((line) => line.includes('const attack = await fetch('));
    assert.match(attack ?? '', /headers: \{ \.\.\.attacker/, 'the attack carries the attacker\'s token');
    // The app reads no single review back, so the test says it judges by the answer instead of reading a page that does not exist.
    assert.doesNotMatch(code, /READ_BACK/);
    assert.match(code, /No route of the app reads one review back \(no GET \/rest\/products\/reviews\/:id\)/);
    const criteria = story.acceptanceCriteria.map((c) => c.text);
    assert.ok(
      criteria.includes(
        "`PATCH /rest/products/reviews/:id` in `src/routes/products.js:13-16` changes a review only when it belongs to the signed-in customer (known by the `sub` claim of the token `POST /rest/user/login` issues, read only once its signature is verified), whatever review `req.params.id` names; a request for another customer's review answers 404 or 403 and changes nothing",
      ),
      criteria.join('\n'),
    );
    // The missing login is the work of the router's missing-login story, raised with this one: the
    // ownership story keeps its own fix and test, and carries no login test of its own.
    assert.equal(story.loginTest, undefined);
    assert.ok(story.raisedWith?.some((s) => /without logging in/.test(s.title)), JSON.stringify(story.raisedWith));
  });

  it("the shop's GET /orders (TASK-4) binds `customer` to the signed-in customer's session", async () => {
    const story = await raiseOnExample('express-shop', 'src/routes/orders.js', "router.get('/'", ['--prerequisites', 'with a customer account', '--asset', "customers' orders"]);
    const criteria = story.acceptanceCriteria.map((c) => c.text);
    assert.ok(
      criteria.includes(
        "`GET /orders` in `src/routes/orders.js:8-14` takes the customer whose orders it returns from the signed-in customer's session (the `customerId` that `POST /account/login` stores), never from `req.query.customer`; a request for another customer's orders answers 404 or 403, or lists only the signed-in customer's own",
      ),
      criteria.join('\n'),
    );
  });
});
