// An ownership story's test acts as one real user against another user's record: it signs in
// through the app's own login (a bearer token from its JSON answer, or its session cookie), sends
// the change with the attacker's login, and fails on the vulnerable app and on an app that only
// added a login, and passes once the route checks who owns the record. A list route whose request
// names the customer (`GET /orders?customer=2`) gets the same signed-in case beside its injection
// test. The apps run on the stand-in Express (with the real jsonwebtoken, and mysql2 backed by
// sql.js); each test runs in its own `node --test` process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { EXPRESS_STAND_IN } from './expressStandIn';
import { mysql2PromiseStandIn } from './sqlStandIns';
import { removeDir, tempDir } from './helpers';
import { startFixtureApp } from './fixtureApp';

const PRODUCTS = 'src/routes/products.js';

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const APP = [
  "const express = require('express');",
  'const app = express();',
  "app.use('/rest/user', require('./src/routes/users'));",
  "app.use('/rest/products', require('./src/routes/products'));",
  "app.listen(0, (server) => process.stdout.write(server.address().port + '\\n'));",
  '',
].join('\n');

/** Two customers, each with a review of their own. */
const DB = [
  'exports.users = [',
  "  { id: 1, email: 'ann@example.test', password: 'ann-pass' },",
  "  { id: 2, email: 'bob@example.test', password: 'bob-pass' },",
  '];',
  "exports.reviews = { 1: { id: 1, author: 1, message: 'fresh' }, 2: { id: 2, author: 2, message: 'tasty' } };",
  'exports.sessions = {};',
  '',
].join('\n');

/** How the app signs a user in and how its routes know who is calling. */
interface Login {
  name: string;
  users: string;
  /** The handler's first lines once it asks who is calling: `me` is the caller's id, or the request is refused with 401. */
  whoIsCalling: string[];
  /** The app has a route that reads one review back. */
  readBack: boolean;
}

const BEARER: Login = {
  name: 'a bearer token from the login answer',
  users: [
    "const express = require('express');",
    "const jwt = require('jsonwebtoken');",
    "const db = require('../db');",
    "const KEY = 'test-only-key';",
    'const router = express.Router();',
    "router.post('/login', (req, res) => {",
    '  const user = db.users.find((u) => u.email === req.body.email && u.password === req.body.password);',
    "  if (!user) return res.status(401).json({ error: 'Invalid email or password' });",
    "  res.json({ token: jwt.sign({ sub: user.id }, KEY, { algorithm: 'HS256' }) });",
    '});',
    'router.KEY = KEY;',
    'module.exports = router;',
    '',
  ].join('\n'),
  whoIsCalling: [
    "  let me;",
    "  try { me = require('jsonwebtoken').verify((req.headers.authorization || '').replace('Bearer ', ''), 'test-only-key').sub; } catch { return res.status(401).end(); }",
  ],
  readBack: false,
};

const COOKIE: Login = {
  name: 'a session cookie, with a route that reads the review back',
  users: [
    "const crypto = require('crypto');",
    "const express = require('express');",
    "const db = require('../db');",
    'const router = express.Router();',
    "router.post('/login', (req, res) => {",
    '  const user = db.users.find((u) => u.email === req.body.email && u.password === req.body.password);',
    "  if (!user) return res.status(401).json({ error: 'Invalid email or password' });",
    "  const sid = crypto.randomBytes(16).toString('hex');",
    '  db.sessions[sid] = { customerId: user.id };',
    "  res.cookie('sid', sid);",
    '  res.json({ email: user.email });',
    '});',
    'module.exports = router;',
    '',
  ].join('\n'),
  whoIsCalling: ['  const session = db.sessions[req.cookies.sid];', '  if (!session) return res.status(401).end();', '  const me = session.customerId;'],
  readBack: true,
};

type Fix = 'vulnerable' | 'login only' | 'ownership';

/** The review routes: the PATCH as vulnerable, behind a login only, or checking the review's author. */
function products(login: Login, fix: Fix): string {
  return [
    "const express = require('express');",
    "const db = require('../db');",
    'const router = express.Router();',
    "router.patch('/reviews/:id', (req, res) => {",
    ...(fix === 'vulnerable' ? [] : login.whoIsCalling),
    '  const review = db.reviews[req.params.id];',
    fix === 'ownership' ? '  if (!review || review.author !== me) return res.status(404).end();' : '  if (!review) return res.status(404).end();',
    '  review.message = req.body.message;',
    '  res.json({ updated: true });',
    '});',
    ...(login.readBack ? ["router.get('/reviews/:id', (req, res) => res.json(db.reviews[req.params.id] || null));"] : []),
    'module.exports = router;',
    '',
  ].join('\n');
}

function fixtureApp(login: Login): string {
  const root = tempDir('ownership');
  write(root, 'package.json', '{ "name": "juice-like", "private": true, "dependencies": { "jsonwebtoken": "^9.0.2" } }\n');
  write(root, 'app.js', APP);
  write(root, 'node_modules/express/index.js', EXPRESS_STAND_IN);
  symlinkSync(dirname(require.resolve('jsonwebtoken/package.json')), join(root, 'node_modules/jsonwebtoken'), 'dir');
  write(root, 'src/db.js', DB);
  write(root, 'src/routes/users.js', login.users);
  write(root, PRODUCTS, products(login, 'vulnerable'));
  return root;
}


/** Runs the written test as the team would, in its own process, with the accounts it asks for in `env`. */
async function runSkeleton(root: string, path: string, env: Record<string, string>): Promise<{ status: number; output: string }> {
  const app = await startFixtureApp(root);
  try {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, BASE_URL: `http://127.0.0.1:${app.port}` };
    delete childEnv.NODE_TEST_CONTEXT;
    const result = spawnSync(process.execPath, ['--test', path], { cwd: root, env: childEnv, encoding: 'utf8' });
    return { status: result.status ?? -1, output: result.stdout + result.stderr };
  } finally {
    app.child.kill();
  }
}

async function raise(root: string, args: string[] = ['story', PRODUCTS, '--lines', '4-9', '--goal', 't-others-record', '--prerequisites', 'with a customer account', '--asset', 'product reviews']): Promise<Story> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
  args = [...args, '--yes', '--write-test', '--format', 'json'];
  const code = await run(args, io, { today: '2025-06-01' });
  assert.equal(code, 0, stderr);
  return (JSON.parse(stdout) as { story: Story }).story;
}

/** Ann attacks Bob's review; Bob signs in only where the test reads his review back. */
const ACCOUNTS = {
  ATTACKER_EMAIL: 'ann@example.test',
  ATTACKER_PASSWORD: 'ann-pass',
  VICTIM_EMAIL: 'bob@example.test',
  VICTIM_PASSWORD: 'bob-pass',
  VICTIM_RECORD_ID: '2',
};

for (const login of [BEARER, COOKIE]) {
  describe(`the ownership test signs in through the app's login (${login.name})`, () => {
    const root = fixtureApp(login);
    after(() => removeDir(root));
    let story: Story;

    it('is proposed signed in as one customer, with the ownership criterion naming the login', async () => {
      story = await raise(root);
      const code = story.testSkeleton?.code ?? '';
      assert.ok(code, JSON.stringify(story.acceptanceCriteria));
      assert.match(code, /fetch\(`\$\{BASE_URL\}\/rest\/user\/login`/, 'it signs in through the login route, with its mount prefix');
      assert.match(code, /const attacker = await signIn\(ATTACKER\);/);
      assert.match(code, /headers: \{ \.\.\.attacker, 'content-type': 'application\/json' \}/, 'the attack carries the attacker\'s login');
      assert.match(code, login === BEARER ? /authorization: `Bearer \$\{token\}`/ : /getSetCookie\(\)/);
      assert.equal(/READ_BACK/.test(code), login.readBack);
      const criteria = story.acceptanceCriteria.map((c) => c.text);
      const ownership = criteria.find((c) => c.includes('only when it belongs to the signed-in customer'));
      assert.ok(ownership, criteria.join('\n'));
      assert.match(ownership, /^`PATCH \/rest\/products\/reviews\/:id` in `src\/routes\/products\.js:4-9`/);
      assert.match(ownership, login === BEARER ? /the `sub` claim of the token `POST \/rest\/user\/login` issues/ : /the `customerId` that `POST \/rest\/user\/login` stores in the session/);
      assert.match(ownership, /a request for another customer's review answers 404 or 403 and changes nothing/);
      assert.ok(criteria.some((c) => c.includes(story.testSkeleton!.path) && c.includes('signs in as one customer through `POST /rest/user/login`') && c.includes('still fails after a fix that only asks for a login')));
    });

    it('says which accounts it needs and fails until they are given', async () => {
      const result = await runSkeleton(root, story.testSkeleton!.path, {});
      assert.notEqual(result.status, 0);
      assert.match(result.output, /set ATTACKER_EMAIL, ATTACKER_PASSWORD/);
    });

    const variants: { fix: Fix; passes: boolean }[] = [
      { fix: 'vulnerable', passes: false },
      { fix: 'login only', passes: false },
      { fix: 'ownership', passes: true },
    ];
    for (const variant of variants) {
      it(`${variant.passes ? 'passes' : 'fails'} on the app that is ${variant.fix}`, async () => {
        write(root, PRODUCTS, products(login, variant.fix));
        write(root, 'src/db.js', DB);
        const result = await runSkeleton(root, story.testSkeleton!.path, ACCOUNTS);
        if (variant.passes) assert.equal(result.status, 0, `fails on the fixed app:\n${result.output}`);
        else {
          assert.notEqual(result.status, 0, `passes on the ${variant.fix} app:\n${result.output}`);
          // It fails because Bob's review was changed by Ann, not because signing in went wrong.
          assert.match(result.output, /answered 200 to a signed-in customer changing another customer's review/);
        }
      });
    }
  });
}

const ORDERS = 'src/routes/orders.js';

/** The shop's login: a session id in a cookie, the customer's id in a store the routes share. */
const SHOP_ACCOUNT = [
  "const crypto = require('crypto');",
  "const express = require('express');",
  "const sessions = require('../sessions');",
  'const router = express.Router();',
  "const CUSTOMERS = [{ id: 1, email: 'ann@example.test', password: 'ann-pass' }, { id: 2, email: 'bob@example.test', password: 'bob-pass' }];",
  "router.post('/login', (req, res) => {",
  '  const customer = CUSTOMERS.find((c) => c.email === req.body.email && c.password === req.body.password);',
  "  if (!customer) return res.status(401).json({ error: 'Invalid email or password' });",
  "  const sid = crypto.randomBytes(16).toString('hex');",
  '  sessions[sid] = { customerId: customer.id };',
  "  res.cookie('sid', sid);",
  '  res.json({ email: customer.email });',
  '});',
  'module.exports = router;',
  '',
].join('\n');

/** The orders list: `customer` pasted into SQL, bound behind a login only, or taken from the session. */
function orders(fix: Fix): string {
  const query = {
    vulnerable: '  const [rows] = await db.query(`SELECT id, total FROM orders WHERE customer_id = ${req.query.customer} ORDER BY id`);',
    'login only': "  const [rows] = await db.query('SELECT id, total FROM orders WHERE customer_id = ? ORDER BY id', [Number(req.query.customer)]);",
    ownership: "  const [rows] = await db.query('SELECT id, total FROM orders WHERE customer_id = ? ORDER BY id', [session.customerId]);",
  }[fix];
  return [
    "const express = require('express');",
    "const mysql = require('mysql2/promise');",
    "const sessions = require('../sessions');",
    'const db = mysql.createPool({});',
    'const router = express.Router();',
    "router.get('/', async (req, res) => {",
    ...(fix === 'vulnerable' ? [] : ['  const session = sessions[req.cookies.sid];', '  if (!session) return res.status(401).end();']),
    query,
    '  res.json(rows);',
    '});',
    'module.exports = router;',
    '',
  ].join('\n');
}

/** A shop-like app: the shop's account routes and an orders router on a mysql2 stand-in holding `schema`. */
function writeShopLike(root: string, schema: string, ordersRoute: string): void {
  write(root, 'package.json', '{ "name": "shop-like", "private": true }\n');
  write(root, 'app.js', APP.replace("app.use('/rest/user', require('./src/routes/users'));\napp.use('/rest/products', require('./src/routes/products'));", "app.use('/account', require('./src/routes/account'));\napp.use('/orders', require('./src/routes/orders'));"));
  write(root, 'node_modules/express/index.js', EXPRESS_STAND_IN);
  write(root, 'node_modules/mysql2/promise.js', mysql2PromiseStandIn(schema));
  write(root, 'src/sessions.js', 'module.exports = {};\n');
  write(root, 'src/routes/account.js', SHOP_ACCOUNT);
  write(root, ORDERS, ordersRoute);
}

describe("the shop's orders story, whose request names the customer, tests ownership signed in as well as the injection", () => {
  const root = tempDir('ownership-orders');
  after(() => removeDir(root));
  writeShopLike(root, 'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total INTEGER); INSERT INTO orders VALUES (1, 1, 30), (2, 2, 10), (3, 2, 20);', orders('vulnerable'));
  let story: Story;

  it('asks for the customer from the session and adds a signed-in case to the injection test', async () => {
    story = await raise(root, ['story', ORDERS, '--lines', '6-9', '--prerequisites', 'with a customer account', '--asset', "customers' orders"]);
    const code = story.testSkeleton?.code ?? '';
    assert.match(code, /GET \/orders answers a signed-in customer with their own orders, whatever customer names/);
    assert.match(code, /const attacker = await signIn\(ATTACKER\);/);
    const criteria = story.acceptanceCriteria.map((c) => c.text);
    assert.ok(criteria.some((c) => c.startsWith('`GET /orders` in `src/routes/orders.js:6-9` takes the customer whose orders it returns from the signed-in customer\'s session (the `customerId` that `POST /account/login` stores), never from `req.query.customer`')), criteria.join('\n'));
    assert.ok(criteria.some((c) => c.includes(story.testSkeleton!.path) && c.includes("asks `GET /orders` for another customer's orders by `customer`")), criteria.join('\n'));
  });

  const env = { ...ACCOUNTS, ATTACKER_CUSTOMER: '1', VICTIM_CUSTOMER: '2' };
  for (const variant of [
    { fix: 'vulnerable' as const, passes: false },
    { fix: 'login only' as const, passes: false },
    { fix: 'ownership' as const, passes: true },
  ]) {
    it(`${variant.passes ? 'passes' : 'fails'} on the orders route that is ${variant.fix}`, async () => {
      write(root, ORDERS, orders(variant.fix));
      const result = await runSkeleton(root, story.testSkeleton!.path, env);
      if (variant.passes) assert.equal(result.status, 0, `fails on the fixed app:\n${result.output}`);
      else assert.notEqual(result.status, 0, `passes on the ${variant.fix} app:\n${result.output}`);
      // Behind a login, with the customer bound as a parameter, only the ownership case is left to fail.
      if (variant.fix === 'login only') {
        assert.match(result.output, /the attacker's answer for the victim's customer is not their own orders/);
        assert.match(result.output, /# fail 1\n/);
      }
    });
  }
});

/** The order form: `customer` taken from the body and pasted into SQL, bound behind a login only, or taken from the session. */
function newOrder(fix: Fix): string {
  const insert = {
    vulnerable: '  const [rows] = await db.query(`INSERT INTO orders (customer_id, total) VALUES (${req.body.customer}, ${req.body.total}) RETURNING id, customer_id AS customer`);',
    'login only': "  const [rows] = await db.query('INSERT INTO orders (customer_id, total) VALUES (?, ?) RETURNING id, customer_id AS customer', [Number(req.body.customer), Number(req.body.total)]);",
    ownership: "  const [rows] = await db.query('INSERT INTO orders (customer_id, total) VALUES (?, ?) RETURNING id, customer_id AS customer', [session.customerId, Number(req.body.total)]);",
  }[fix];
  return [
    "const express = require('express');",
    "const mysql = require('mysql2/promise');",
    "const sessions = require('../sessions');",
    'const db = mysql.createPool({});',
    'const router = express.Router();',
    "router.post('/', async (req, res) => {",
    ...(fix === 'vulnerable' ? [] : ['  const session = sessions[req.cookies.sid];', '  if (!session) return res.status(401).end();']),
    insert,
    '  res.status(201).json(rows[0]);',
    '});',
    'module.exports = router;',
    '',
  ].join('\n');
}

describe('a write that takes the owner from its body is tested signed in as the attacker, naming the victim as owner', () => {
  const root = tempDir('ownership-write');
  after(() => removeDir(root));
  writeShopLike(root, 'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total INTEGER);', newOrder('vulnerable'));
  let story: Story;

  it('binds the owner to the session and adds a signed-in case that names another customer as the owner', async () => {
    story = await raise(root, ['story', ORDERS, '--lines', '6-9', '--prerequisites', 'with a customer account', '--asset', "customers' orders"]);
    const code = story.testSkeleton?.code ?? '';
    assert.match(code, /POST \/orders stores a signed-in customer's order as theirs, whatever customer names/);
    assert.match(code, /const login = await signIn\(ATTACKER\);/);
    assert.match(code, /"customer": VICTIM_CUSTOMER/);
    const criteria = story.acceptanceCriteria.map((c) => c.text);
    assert.ok(criteria.some((c) => c.includes('never from `req.body.customer`')), criteria.join('\n'));
    assert.ok(criteria.some((c) => c.includes(story.testSkeleton!.path) && c.includes('sends `POST /orders` naming another customer in `customer`')), criteria.join('\n'));
  });

  const env = { ATTACKER_EMAIL: 'ann@example.test', ATTACKER_PASSWORD: 'ann-pass', ATTACKER_CUSTOMER: '1', VICTIM_CUSTOMER: '2' };
  for (const variant of [
    { fix: 'vulnerable' as const, passes: false },
    { fix: 'login only' as const, passes: false },
    { fix: 'ownership' as const, passes: true },
  ]) {
    it(`${variant.passes ? 'passes' : 'fails'} on the order form that is ${variant.fix}`, async () => {
      write(root, ORDERS, newOrder(variant.fix));
      const result = await runSkeleton(root, story.testSkeleton!.path, env);
      if (variant.passes) assert.equal(result.status, 0, `fails on the fixed app:\n${result.output}`);
      else assert.notEqual(result.status, 0, `passes on the ${variant.fix} app:\n${result.output}`);
      if (variant.fix === 'login only') {
        assert.match(result.output, /the order was stored for the customer the request named, not for the one who signed in/);
        assert.match(result.output, /# fail 1\n/);
      }
    });
  }
});
