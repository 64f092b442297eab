import { runRuleTests } from '../../test/ruleTester';
import rule from './no-predictable-token';

const EXPRESS = "const express = require('express');\nconst app = express();\n";
const CRYPTO = "const crypto = require('crypto');\n";
/** An Express handler around `body`. */
const route = (body: string) => `app.post('/login', (req, res) => {\n  ${body}\n});\n`;

runRuleTests(rule, {
  valid: [
    // The safe version of each invalid case: a CSPRNG makes the secret.
    // A timestamp shown beside a keyed hash is its public expiry, not the secret part.
    "async function proofFor(code, token, signer) {\n  const timestamp = Math.floor(Date.now() / 1000);\n  const hash = signer.createVerificationHash(code, token, timestamp);\n  return `${timestamp}:${hash}`;\n}\nmodule.exports = { proofForToken: proofFor };\nclass Links { makeToken(code, token, signer) { const timestamp = Date.now(); return timestamp + '.' + signer.createVerificationHash(code, token, timestamp); } }\nmodule.exports.Links = Links;\n",
    // How long a token lived is a duration, not a token.
    "function check(model, validity) {\n  const tokenLifetimeMilliseconds = Date.now() - model.createdAt;\n  if (tokenLifetimeMilliseconds > validity) throw new Error('expired');\n}\nmodule.exports = check;\n",
    EXPRESS + CRYPTO + route("const sid = crypto.randomBytes(32).toString('base64url');\n  res.cookie('sid', sid, { httpOnly: true, secure: true });"),
    EXPRESS + CRYPTO + route("req.session.state = crypto.randomBytes(16).toString('hex');"),
    CRYPTO + 'function generateToken() {\n  return crypto.randomUUID();\n}\n',
    "import { randomInt } from 'node:crypto';\nexport const resetCode = () => String(randomInt(100000, 1000000));\n",
    "import { v4 as uuidv4 } from 'uuid';\nexport function createSession(store, user) {\n  const sessionId = uuidv4();\n  store.set(sessionId, user);\n  return sessionId;\n}\n",
    "import { nanoid } from 'nanoid';\nexport const inviteCode = nanoid();\n",
    // Randomness that protects nothing: colours, jitter, shuffles, games, A/B buckets.
    "const colour = '#' + Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0');\n",
    'function retryDelay(attempt) {\n  const jitter = Math.random() * 100;\n  return 2 ** attempt * 100 + jitter;\n}\n',
    'const sessionTimeout = 30 * 60 * 1000 + Math.floor(Math.random() * 5000);\n',
    'export function shuffle(items) {\n  return items.map((item) => ({ item, sort: Math.random() })).sort((a, b) => a.sort - b.sort).map((x) => x.item);\n}\n',
    EXPRESS + route("res.cookie('ab_variant', Math.random() < 0.5 ? 'a' : 'b');"),
    { code: 'export const List = ({ items }) => items.map((item) => <li key={Math.random()}>{item}</li>);\n', filename: 'list.jsx' },
    // Times recorded next to a secret are not the secret.
    EXPRESS + route('req.session.lastSeen = Date.now();\n  user.resetTokenExpiresAt = Date.now() + 3600 * 1000;'),
    // A lookup key for a token is not the token (`tokenKey`, `sessionKey`).
    'export function track(cancellations, message) {\n  const tokenKey = message.id ?? String(Date.now());\n  cancellations.set(tokenKey, message);\n}\n',
    // A predictable part mixed with a CSPRNG adds no weakness.
    CRYPTO + "const apiKey = 'sk_' + Date.now().toString(36) + crypto.randomBytes(24).toString('hex');\n",
    CRYPTO + "function makeToken() {\n  const bytes = crypto.randomBytes(32);\n  let token = '';\n  for (let i = 0; i < 32; i++) token += 'abcdefghijklmnopqrstuvwxyz012345'[bytes[i] % 32];\n  return token;\n}\n",
    // An HMAC keyed by a server secret is not guessable from the time it covers.
    CRYPTO + "const token = crypto.createHmac('sha256', process.env.TOKEN_KEY).update(String(Date.now())).digest('hex');\n",
    // Order references by use: the safe version, and uses that do not make them secrets.
    EXPRESS + CRYPTO + "app.post('/orders', async (req, res) => {\n  const reference = 'ORD-' + crypto.randomUUID();\n  await db.query('INSERT INTO orders (ref) VALUES (?)', [reference]);\n  res.json({ reference });\n});\n",
    // An incident reference shown on an error page and logged, never kept to be looked up.
    EXPRESS + "app.use((err, req, res, next) => {\n  const ref = Date.now().toString(36);\n  console.error(ref, err);\n  res.status(500).json({ error: 'internal', ref });\n});\n",
    // Kept but never handed out.
    EXPRESS + "app.post('/orders', async (req, res) => {\n  const reference = 'ORD-' + Date.now();\n  await db.query('INSERT INTO orders (ref) VALUES (?)', [reference]);\n  res.sendStatus(201);\n});\n",
    // A code that classifies (an error code) and an id that names a row are not bearer values.
    EXPRESS + "app.post('/reports', async (req, res) => {\n  const errorCode = 'E' + Date.now();\n  const id = Date.now();\n  await db.insert({ id, errorCode });\n  res.json({ id, errorCode });\n});\n",
    // A constant coupon code.
    EXPRESS + "app.get('/welcome', (req, res) => {\n  const couponCode = 'WELCOME10';\n  res.json({ couponCode });\n});\n",
    // A reference read back with a query is not made here.
    EXPRESS + "app.get('/orders/:id', async (req, res) => {\n  const reference = await db.one('SELECT ref FROM orders WHERE id = $1', [req.params.id]);\n  res.json({ reference });\n});\n",
    // A signed token may carry the time.
    "const jwt = require('jsonwebtoken');\nconst token = jwt.sign({ sub: 'u1', iat: Date.now() }, process.env.JWT_SECRET);\n",
  ],
  invalid: [
    {
      name: 'an order reference from Math.random, kept in the database and handed to the client',
      code: EXPRESS + "app.post('/orders', async (req, res) => {\n  const reference = 'ORD-' + Math.random().toString(36).slice(2, 10);\n  await db.query('INSERT INTO orders (ref, item) VALUES (?, ?)', [reference, req.body.item]);\n  res.status(201).json({ reference });\n});\n",
      errors: [
        {
          messageId: 'predictable',
          line: 4,
          column: 30,
          severity: 'error',
          confidence: 'medium',
          data: { source: '`Math.random()`', sink: '`reference`, which is handed to the client and kept to be looked up again' },
          suggestions: [
            {
              title: "Generate it with `randomBytes(32).toString('base64url')`",
              output:
                "const express = require('express');\nconst { randomBytes } = require('crypto');\nconst app = express();\napp.post('/orders', async (req, res) => {\n  const reference = 'ORD-' + randomBytes(32).toString('base64url');\n  await db.query('INSERT INTO orders (ref, item) VALUES (?, ?)', [reference, req.body.item]);\n  res.status(201).json({ reference });\n});\n",
            },
          ],
        },
      ],
    },
    {
      name: 'a coupon code hashed from the clock and returned by a NestJS route method',
      code: "import { Controller, Post } from '@nestjs/common';\nimport { createHash } from 'crypto';\n@Controller('coupons')\nexport class CouponsController {\n  @Post()\n  createCoupon() {\n    const code = createHash('md5').update(String(Date.now())).digest('hex').slice(0, 8);\n    return { code };\n  }\n}\n",
      filename: 'coupons.controller.ts',
      errors: [{ messageId: 'predictable', line: 7, data: { source: '`Date.now()`', sink: '`code`, which is handed to the client' }, suggestions: [{ title: "Generate it with `randomBytes(32).toString('base64url')`", output: "import { Controller, Post } from '@nestjs/common';\nimport { createHash } from 'crypto';\nimport { randomBytes } from 'crypto';\n@Controller('coupons')\nexport class CouponsController {\n  @Post()\n  createCoupon() {\n    const code = randomBytes(32).toString('base64url');\n    return { code };\n  }\n}\n" }] }],
    },
    {
      name: 'a voucher from the clock saved through a model and put in the Koa body',
      code: "router.post('/vouchers', async (ctx) => {\n  const voucher = 'V' + Date.now();\n  await Voucher.create({ voucher, amount: 10 });\n  ctx.body = { voucher };\n});\n",
      errors: [{ messageId: 'predictable', line: 2, data: { source: '`Date.now()`', sink: '`voucher`, which is handed to the client and kept to be looked up again' }, suggestions: [{ title: "Generate it with `randomBytes(32).toString('base64url')`", output: "const { randomBytes } = require('crypto');\nrouter.post('/vouchers', async (ctx) => {\n  const voucher = 'V' + randomBytes(32).toString('base64url');\n  await Voucher.create({ voucher, amount: 10 });\n  ctx.body = { voucher };\n});\n" }] }],
    },
    {
      name: 'a counter as the reference property of an order object that is stored and sent',
      code: EXPRESS + "let nextOrder = 1000;\napp.post('/orders', async (req, res) => {\n  const order = { reference: 'R' + nextOrder++, items: req.body.items };\n  await orders.insertOne(order);\n  res.json(order);\n});\n",
      errors: [{ messageId: 'predictable', line: 5, data: { source: 'the counter `nextOrder`', sink: '`reference`, which is handed to the client and kept to be looked up again' }, suggestions: [{ title: "Generate it with `randomBytes(32).toString('base64url')`", output: "const express = require('express');\nconst { randomBytes } = require('crypto');\nconst app = express();\nlet nextOrder = 1000;\napp.post('/orders', async (req, res) => {\n  const order = { reference: 'R' + randomBytes(32).toString('base64url'), items: req.body.items };\n  await orders.insertOne(order);\n  res.json(order);\n});\n" }] }],
    },
    {
      name: 'a claim code from Math.random kept in Redis and returned by a serverless function',
      code: "exports.claim = async (event) => {\n  const code = Math.random().toString(36).slice(2, 8);\n  await redis.set('claim:' + code, event.pathParameters.prize);\n  return { statusCode: 200, body: JSON.stringify({ code }) };\n};\n",
      errors: [{ messageId: 'predictable', line: 2, data: { source: '`Math.random()`', sink: '`code`, which is handed to the client and kept to be looked up again' }, suggestions: [{ title: "Generate it with `randomBytes(32).toString('base64url')`", output: "const { randomBytes } = require('crypto');\nexports.claim = async (event) => {\n  const code = randomBytes(32).toString('base64url');\n  await redis.set('claim:' + code, event.pathParameters.prize);\n  return { statusCode: 200, body: JSON.stringify({ code }) };\n};\n" }] }],
    },
    {
      name: 'a nonce from Math.random is a warning: some protocols need it unpredictable, others only unique',
      code: "const OAuth = {};\nOAuth.nonce = function () {\n  let text = '';\n  for (let i = 0; i < 30; i++) text += 'abcdef0123456789'.charAt(Math.floor(Math.random() * 16));\n  return text;\n};\nmodule.exports = OAuth;\n",
      errors: [{ messageId: 'predictable', line: 4, severity: 'warning' }],
    },
    {
      name: 'a hash of the clock alone is as predictable as the clock (near miss of a keyed derivation)',
      code: "const crypto = require('crypto');\nfunction resetToken() {\n  return crypto.createHash('sha256').update(String(Date.now())).digest('hex');\n}\nmodule.exports = resetToken;\n",
      errors: [
        {
          messageId: 'predictable',
          line: 3,
          severity: 'error',
          suggestions: [
            {
              title: "Generate it with `crypto.randomBytes(32).toString('base64url')`",
              output: "const crypto = require('crypto');\nfunction resetToken() {\n  return crypto.randomBytes(32).toString('base64url');\n}\nmodule.exports = resetToken;\n",
            },
          ],
        },
      ],
    },
    {
      name: 'Math.random session id through a helper: the helper is fixed, the import added',
      code: EXPRESS + 'function newId() {\n  return Math.random().toString(36).slice(2);\n}\n' + route("const id = newId();\n  res.cookie('sid', id);"),
      errors: [
        {
          messageId: 'predictable',
          line: 4,
          column: 10,
          severity: 'error',
          confidence: 'high',
          data: { source: '`Math.random()`', sink: 'the `sid` cookie' },
          suggestions: [
            {
              title: "Generate it with `randomBytes(32).toString('base64url')`",
              output:
                "const express = require('express');\nconst { randomBytes } = require('crypto');\nconst app = express();\nfunction newId() {\n  return randomBytes(32).toString('base64url');\n}\n" +
                route("const id = newId();\n  res.cookie('sid', id);"),
            },
          ],
        },
      ],
    },
    {
      name: 'Date.now and Math.random in one token: one finding, a constant prefix is kept',
      code: CRYPTO + "const csrfToken = 'csrf_' + Date.now() + Math.random();\n",
      errors: [
        {
          messageId: 'predictable',
          line: 2,
          column: 29,
          data: { source: '`Date.now()`', sink: '`csrfToken`' },
          suggestions: [{ output: CRYPTO + "const csrfToken = 'csrf_' + crypto.randomBytes(32).toString('base64url');\n" }],
        },
      ],
    },
    {
      name: 'six-digit reset code: crypto.randomInt keeps the format',
      code: "import crypto from 'node:crypto';\nexport function sendReset(user) {\n  user.resetCode = String(Math.floor(100000 + Math.random() * 900000));\n}\n",
      errors: [
        {
          messageId: 'predictable',
          line: 3,
          column: 47,
          data: { sink: '`user.resetCode`' },
          suggestions: [
            {
              title: 'Draw it with `crypto.randomInt(100000, 1000000)`',
              output: "import crypto from 'node:crypto';\nexport function sendReset(user) {\n  user.resetCode = String(crypto.randomInt(100000, 1000000));\n}\n",
            },
          ],
        },
      ],
    },
    {
      name: 'OAuth state in the session from Math.random (ES module gets a node:crypto import)',
      code: "import express from 'express';\nconst router = express.Router();\nrouter.get('/oauth/start', (req, res) => {\n  req.session.state = Math.random().toString(36).substring(2);\n  res.redirect('/authorize?state=' + req.session.state);\n});\n",
      errors: [
        {
          messageId: 'predictable',
          line: 4,
          column: 23,
          data: { sink: '`req.session.state`' },
          suggestions: [
            {
              output: "import express from 'express';\nimport { randomBytes } from 'node:crypto';\nconst router = express.Router();\nrouter.get('/oauth/start', (req, res) => {\n  req.session.state = randomBytes(32).toString('base64url');\n  res.redirect('/authorize?state=' + req.session.state);\n});\n",
            },
          ],
        },
      ],
    },
    {
      name: 'uuid v1 session id becomes crypto.randomUUID()',
      code: "import { v1 as uuidv1 } from 'uuid';\nimport crypto from 'crypto';\nexport function login(res) {\n  const sessionId = uuidv1();\n  res.cookie('session', sessionId, { httpOnly: true, secure: true });\n}\n",
      errors: [
        {
          messageId: 'predictable',
          line: 4,
          column: 21,
          confidence: 'high',
          data: { source: '`uuidv1()`' },
          suggestions: [
            {
              title: 'Use `crypto.randomUUID()` instead of a time-based UUID',
              output: "import { v1 as uuidv1 } from 'uuid';\nimport crypto from 'crypto';\nexport function login(res) {\n  const sessionId = crypto.randomUUID();\n  res.cookie('session', sessionId, { httpOnly: true, secure: true });\n}\n",
            },
          ],
        },
      ],
    },
    {
      name: 'crypto.pseudoRandomBytes is a warning and is renamed',
      code: CRYPTO + "const nonce = crypto.pseudoRandomBytes(16).toString('hex');\n",
      errors: [
        {
          messageId: 'deprecatedGenerator',
          line: 2,
          column: 15,
          severity: 'warning',
          suggestions: [{ title: 'Call `crypto.randomBytes()` instead', output: CRYPTO + "const nonce = crypto.randomBytes(16).toString('hex');\n" }],
        },
      ],
    },
    {
      name: 'shortid for an API key',
      code: "const shortid = require('shortid');\nconst crypto = require('node:crypto');\nmodule.exports.createApiKey = () => 'key_' + shortid.generate();\n",
      errors: [
        {
          messageId: 'predictable',
          line: 3,
          column: 46,
          data: { sink: 'the value returned by `createApiKey()`' },
          suggestions: [{ output: "const shortid = require('shortid');\nconst crypto = require('node:crypto');\nmodule.exports.createApiKey = () => 'key_' + crypto.randomBytes(32).toString('base64url');\n" }],
        },
      ],
    },
    {
      name: 'a module-level counter as session id, in a Koa cookie',
      code: CRYPTO + "let lastSession = 0;\nexport async function login(ctx) {\n  const sid = `s${++lastSession}`;\n  ctx.cookies.set('koa.sess', sid);\n}\n",
      errors: [
        {
          messageId: 'predictable',
          line: 4,
          column: 19,
          data: { source: 'the counter `lastSession`', sink: '`sid`' },
          suggestions: [{ output: CRYPTO + "let lastSession = 0;\nexport async function login(ctx) {\n  const sid = `s${crypto.randomBytes(32).toString('base64url')}`;\n  ctx.cookies.set('koa.sess', sid);\n}\n" }],
        },
      ],
    },
    {
      name: 'homemade UUID v4 from Math.random in a replace callback, returned by a token generator',
      code:
        CRYPTO +
        "function generateSessionToken() {\n  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {\n    const r = (Math.random() * 16) | 0;\n    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);\n  });\n}\n",
      errors: [
        {
          messageId: 'predictable',
          line: 4,
          column: 16,
          data: { sink: 'the value returned by `generateSessionToken()`' },
          suggestions: [{ output: CRYPTO + "function generateSessionToken() {\n  return crypto.randomBytes(32).toString('base64url');\n}\n" }],
        },
      ],
    },
    {
      name: 'a token assembled piecewise in a loop is reported without a rewrite',
      code: "const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';\nexport function createResetToken() {\n  let token = '';\n  for (let i = 0; i < 24; i++) token += CHARS.charAt(Math.floor(Math.random() * CHARS.length));\n  return token;\n}\n",
      errors: [{ messageId: 'predictable', line: 4, column: 65, data: { sink: '`token`' }, suggestions: [] }],
    },
    {
      name: 'a property of an object literal, a clock read through new Date()',
      code: CRYPTO + "export const issue = (userId) => ({ userId, accessToken: String(new Date().getTime()) });\n",
      errors: [
        {
          messageId: 'predictable',
          line: 2,
          column: 65,
          data: { source: '`new Date()`', sink: 'the `accessToken` property' },
          suggestions: [{ output: CRYPTO + "export const issue = (userId) => ({ userId, accessToken: crypto.randomBytes(32).toString('base64url') });\n" }],
        },
      ],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a generator imported from another module is not followed across files',
      code: EXPRESS + "const { makeId } = require('./ids');\n" + route("res.cookie('sid', makeId());"),
    },
    {
      kind: 'missed',
      reason: 'seeded or library PRNGs (seedrandom, chance) are not known as predictable sources',
      code: "const seedrandom = require('seedrandom');\nconst rng = seedrandom('fixed');\nconst sessionToken = rng().toString(36).slice(2);\n",
    },
    {
      kind: 'missed',
      reason: 'an id that only becomes a session key in a map, with no secret name or cookie in sight, is left to session/no-homemade-session-store',
      code: 'const sessions = new Map();\nexport function open(user) {\n  const id = Math.random().toString(36).slice(2);\n  sessions.set(id, user);\n  return id;\n}\n',
    },
    {
      kind: 'false-alarm',
      reason: 'names decide what is secret, so a board-game "token" drawn at random is reported',
      code: "const PIECES = ['hat', 'car', 'dog'];\nexport const token = PIECES[Math.floor(Math.random() * PIECES.length)];\n",
    },
  ],
});
