// The fix each juice-bar-api story asks for, written as a developer following its acceptance
// criteria would write it into examples/juice-bar-api, and the honest request the fixed app must
// still serve. Each edit replaces text that must occur exactly once in the app, so a change to the
// app breaks the test that uses it instead of silently leaving a copy unfixed.
import assert from 'node:assert/strict';
import type { Edit } from './exerciseAppRun';

/** The seeded accounts of db/seed.sql: the administrator first; Ada wrote review 1, Grace review 2. */
export const ADMIN = { email: 'admin@juice-bar.test', password: 'juice-admin-pass' };
export const ADA = { email: 'ada@juice-bar.test', password: 'correct horse battery' };
export const GRACE_REVIEW = '2';

/** The key the harness gives the app for the deluxe API. */
export const DELUXE_API_KEY = 'deluxe-key-known-only-to-this-test';

/** A document the copies' ftp folder holds (examples/juice-bar-api/ftp). */
export const FTP_FILE = { name: 'legal.md', text: 'terms of sale' };

export interface JuiceFix {
  /** The proposed test this fix must make pass. */
  test: string;
  edits: Edit[];
  /** The legitimate request the story's feature serves, still served after the fix. */
  honest: (base: string) => Promise<void>;
}

/** Signs in through POST /rest/user/login and returns the Authorization header that carries the token. */
export async function signIn(base: string, account: { email: string; password: string }): Promise<string> {
  const answer = await fetch(`${base}/rest/user/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  const body = await answer.text();
  assert.equal(answer.status, 200, `signing in as ${account.email}: ${body}`);
  return `Bearer ${(JSON.parse(body) as { token: string }).token}`;
}

async function json(response: Response, what: string, status = 200): Promise<unknown> {
  const body = await response.text();
  assert.equal(response.status, status, `${what} answered ${response.status}: ${body}`);
  return body ? (JSON.parse(body) as unknown) : undefined;
}

const send = (method: string, body: unknown, authorization = ''): RequestInit => ({ method, headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(body) });

const USERS = 'src/routes/users.js';
const PRODUCTS = 'src/routes/products.js';

/** Checks the token once for every products route after the search, and changes a review only for its author. */
const REVIEW_OWNER: Edit[] = [
  {
    file: PRODUCTS,
    from: "const { sequelize } = require('../db');",
    to: "const jwt = require('jsonwebtoken');\nconst { sequelize } = require('../db');\nconst { SIGNING_KEY } = require('../security');",
  },
  {
    file: PRODUCTS,
    from: "router.patch('/reviews/:id', async (req, res) => {",
    to: [
      '// The search serves everyone; every route below is a signed-in customer\'s.',
      'router.use((req, res, next) => {',
      '  try {',
      "    req.customer = jwt.verify((req.headers.authorization || '').replace('Bearer ', ''), SIGNING_KEY, { algorithms: ['HS256'] });",
      '  } catch {',
      '    return res.status(401).end();',
      '  }',
      '  next();',
      '});',
      '',
      "router.patch('/reviews/:id', async (req, res) => {",
      "  const [[review]] = await sequelize.query('SELECT userId FROM Reviews WHERE id = ?', { replacements: [req.params.id] });",
      '  if (!review || review.userId !== req.customer.sub) return res.status(404).end();',
    ].join('\n'),
  },
];

async function changeOwnReview(base: string): Promise<void> {
  const ada = await signIn(base, ADA);
  assert.deepEqual(await json(await fetch(`${base}/rest/products/reviews/1`, send('PATCH', { message: 'Still fresh.' }, ada)), 'Ada changing her own review'), { updated: true });
  assert.deepEqual(await json(await fetch(`${base}/rest/products/search?q=apple`), 'an anonymous search'), { data: [{ id: 1, name: 'Apple Juice', price: 1.99 }] });
}

/** Passwords stored as salted scrypt hashes; the accounts stored before keep their MD5 until they are reset. */
const SLOW_HASH: Edit[] = [
  {
    file: 'src/security.js',
    from: 'module.exports = { SIGNING_KEY, hashPassword, issueToken };',
    to: [
      'function hashSlowly(password) {',
      "  const salt = crypto.randomBytes(16).toString('hex');",
      "  return `scrypt:${salt}:${crypto.scryptSync(password, salt, 64).toString('hex')}`;",
      '}',
      '',
      'function passwordMatches(password, stored) {',
      "  const [kind, salt, hash] = stored.split(':');",
      "  if (kind !== 'scrypt') return hashPassword(password) === stored;",
      "  return crypto.timingSafeEqual(Buffer.from(hash, 'hex'), crypto.scryptSync(password, salt, 64));",
      '}',
      '',
      'module.exports = { SIGNING_KEY, hashPassword, hashSlowly, passwordMatches, issueToken };',
    ].join('\n'),
  },
  { file: USERS, from: "const { hashPassword, issueToken } = require('../security');", to: "const { hashSlowly, passwordMatches, issueToken } = require('../security');" },
  {
    file: USERS,
    from: [
      '  const [users] = await sequelize.query(',
      `    "SELECT id, email, role FROM Users WHERE email = '" + req.body.email + "' AND password = '" + hashPassword(req.body.password) + "'",`,
      '  );',
      '  if (users.length === 0) return res.status(401).json({ error: \'Invalid email or password\' });',
    ].join('\n'),
    to: [
      "  const [users] = await sequelize.query('SELECT id, email, role, password FROM Users WHERE email = ?', { replacements: [String(req.body.email)] });",
      "  if (users.length === 0 || !passwordMatches(String(req.body.password), users[0].password)) return res.status(401).json({ error: 'Invalid email or password' });",
    ].join('\n'),
  },
  { file: USERS, from: 'replacements: [req.body.email, req.body.password, ', to: 'replacements: [req.body.email, hashSlowly(String(req.body.password)), ' },
];

export const JUICE_FIXES: readonly JuiceFix[] = [
  { test: 'as-3q5zbaje.test.js', edits: REVIEW_OWNER, honest: changeOwnReview },
  { test: 'as-fqme9aar-login.test.js', edits: REVIEW_OWNER, honest: changeOwnReview },
  {
    test: 'as-ak4adxsn.test.js',
    edits: [
      {
        file: 'src/security.js',
        from: "const SIGNING_KEY = 'jbk_live_8f3a9c2e71d64b05a9e1c7f2d3b4a5e6';",
        to: "// Rotated: the committed key is no longer trusted, and the new one lives only in the environment.\nconst SIGNING_KEY = process.env.JWT_SIGNING_KEY;\nif (!SIGNING_KEY) throw new Error('set JWT_SIGNING_KEY');",
      },
      {
        file: 'src/routes/admin.js',
        from: "  const claims = jwt.decode((req.headers.authorization || '').replace('Bearer ', ''));",
        to: [
          '  let claims;',
          '  try {',
          "    claims = jwt.verify((req.headers.authorization || '').replace('Bearer ', ''), SIGNING_KEY, { algorithms: ['HS256'] });",
          '  } catch {',
          '    return res.status(401).end();',
          '  }',
        ].join('\n'),
      },
    ],
    async honest(base) {
      const admin = await signIn(base, ADMIN);
      const users = (await json(await fetch(`${base}/rest/admin/users`, { headers: { authorization: admin } }), 'the administrator listing the users')) as { email: string }[];
      assert.equal(users.length, 4);
      assert.equal((await fetch(`${base}/rest/admin/users`, { headers: { authorization: await signIn(base, ADA) } })).status, 403, 'a customer');
    },
  },
  {
    test: 'as-cncstbcm.test.js',
    edits: [{ file: 'src/routes/files.js', from: '  const doc = libxml.parseXml(req.body, { noent: true });', to: '  const doc = libxml.parseXml(req.body);' }],
    async honest(base) {
      const orders = '<?xml version="1.0"?><orders><order id="1"/><order id="2"/></orders>';
      assert.deepEqual(await json(await fetch(`${base}/orders/import`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: orders }), 'importing two orders'), { orders: 2 });
    },
  },
  {
    test: 'as-d6yc4r29.test.js',
    edits: SLOW_HASH,
    async honest(base) {
      const account = { email: 'new-customer@example.test', password: 'a long new passphrase' };
      assert.equal((await fetch(`${base}/rest/user/register`, send('POST', account))).status, 201, 'registering a new customer');
      await signIn(base, account);
      // An account stored before the fix still signs in.
      await signIn(base, ADA);
      assert.equal((await fetch(`${base}/rest/user/login`, send('POST', { ...ADA, password: 'wrong' }))).status, 401, 'a wrong password');
    },
  },
  {
    test: 'as-qy61ats2.test.js',
    edits: [
      { file: USERS, from: "const express = require('express');", to: "const crypto = require('crypto');\nconst express = require('express');" },
      {
        file: USERS,
        from: 'const router = express.Router();\n',
        to: "const router = express.Router();\n// Without a key every request would match an absent header: the app does not start without one.\nif (!process.env.DELUXE_API_KEY) throw new Error('set DELUXE_API_KEY');\n",
      },
      {
        file: USERS,
        from: "  if (req.headers['x-api-key'] === process.env.DELUXE_API_KEY) return res.json({ deluxe: true });",
        to: [
          "  const given = Buffer.from(String(req.headers['x-api-key'] || ''));",
          '  const expected = Buffer.from(process.env.DELUXE_API_KEY);',
          '  if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) return res.json({ deluxe: true });',
        ].join('\n'),
      },
    ],
    async honest(base) {
      assert.deepEqual(await json(await fetch(`${base}/rest/user/deluxe`, { headers: { 'x-api-key': DELUXE_API_KEY } }), 'a partner with the key'), { deluxe: true });
      assert.equal((await fetch(`${base}/rest/user/deluxe`, { headers: { 'x-api-key': 'guess' } })).status, 403, 'a wrong key');
    },
  },
  {
    test: 'as-vgqr4h5m.test.js',
    edits: [{ file: 'src/routes/files.js', from: '  res.sendFile(path.join(FTP, req.params.file));', to: '  res.sendFile(req.params.file, { root: FTP });' }],
    async honest(base) {
      const answer = await fetch(`${base}/ftp/${FTP_FILE.name}`);
      assert.equal(answer.status, 200, 'downloading a legal document');
      assert.match(await answer.text(), new RegExp(FTP_FILE.text));
    },
  },
  {
    test: 'as-xwjdbkh3.test.js',
    edits: [
      {
        file: PRODUCTS,
        from: "  const [products] = await sequelize.query(`SELECT id, name, price FROM Products WHERE name LIKE '%${criteria}%' AND deletedAt IS NULL`);",
        to: "  const [products] = await sequelize.query(\"SELECT id, name, price FROM Products WHERE name LIKE '%' || ? || '%' AND deletedAt IS NULL\", { replacements: [criteria] });",
      },
    ],
    async honest(base) {
      assert.deepEqual(await json(await fetch(`${base}/rest/products/search?q=apple`), 'a search for apple'), { data: [{ id: 1, name: 'Apple Juice', price: 1.99 }] });
    },
  },
  {
    test: 'as-xyevrq33.test.js',
    edits: [
      {
        file: USERS,
        from: `    "SELECT id, email, role FROM Users WHERE email = '" + req.body.email + "' AND password = '" + hashPassword(req.body.password) + "'",`,
        to: "    'SELECT id, email, role FROM Users WHERE email = ? AND password = ?',\n    { replacements: [String(req.body.email), hashPassword(String(req.body.password))] },",
      },
    ],
    async honest(base) {
      await signIn(base, ADMIN);
      assert.equal((await fetch(`${base}/rest/user/login`, send('POST', { ...ADMIN, password: 'wrong' }))).status, 401, 'a wrong password');
    },
  },
];
