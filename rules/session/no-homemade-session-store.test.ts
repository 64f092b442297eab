import { runRuleTests } from '../../test/ruleTester';
import rule from './no-homemade-session-store';

const EXPRESS = "const express = require('express');\nconst crypto = require('crypto');\nconst app = express();\n";

runRuleTests(rule, {
  valid: [
    // The safe version: express-session keeps the session and its cookie.
    EXPRESS +
      "const session = require('express-session');\napp.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));\n" +
      "app.post('/login', (req, res, next) => {\n  req.session.regenerate((err) => {\n    if (err) return next(err);\n    req.session.user = req.body.email;\n    res.redirect('/');\n  });\n});\n" +
      "app.get('/me', (req, res) => res.json({ user: req.session.user }));\n",
    // A cache keyed by something other than a cookie.
    EXPRESS + "const cache = new Map();\napp.get('/products/:id', (req, res) => {\n  if (!cache.has(req.params.id)) cache.set(req.params.id, { id: req.params.id });\n  res.json(cache.get(req.params.id));\n});\n",
    // Counters keyed by the incoming cookie store nothing new under a fresh id.
    EXPRESS + "const hits = {};\napp.use((req, res, next) => {\n  hits[req.cookies.sid] = (hits[req.cookies.sid] || 0) + 1;\n  next();\n});\n",
    // A cart keyed by a cookie that carries no login.
    EXPRESS + "const carts = {};\napp.post('/cart', (req, res) => {\n  const id = crypto.randomUUID();\n  carts[id] = [];\n  res.cookie('cart', id);\n  res.json(carts[req.cookies.cart]);\n});\n",
    // A map local to one request is not a store.
    EXPRESS + "app.get('/me', (req, res) => {\n  const sessions = {};\n  sessions[crypto.randomUUID()] = 1;\n  res.json(sessions[req.cookies.sid]);\n});\n",
    // No lookup in the file, and the cookie carries another value than the store's key.
    EXPRESS + "const logins = {};\napp.post('/login', (req, res) => {\n  const sid = crypto.randomUUID();\n  logins[req.body.email] = Date.now();\n  res.cookie('sid', sid, { httpOnly: true });\n  res.end();\n});\n",
    // No lookup, and the id goes out in a cookie that carries no login.
    EXPRESS + "const carts = new Map();\napp.post('/cart', (req, res) => {\n  const id = crypto.randomUUID();\n  carts.set(id, []);\n  res.setHeader('Set-Cookie', `cart=${id}; Path=/`);\n  res.end();\n});\n",
    // A read-only table of keys loaded elsewhere.
    EXPRESS + "const apiKeys = new Map();\nmodule.exports.load = (entries) => entries.forEach(([k, v]) => apiKeys.set(k, v));\napp.use((req, res, next) => (apiKeys.has(req.query.key) ? next() : res.sendStatus(401)));\n",
  ],
  invalid: [
    {
      name: 'object store, sid cookie and lookup from req.cookies: high confidence, three related places',
      code:
        EXPRESS +
        "const sessions = {};\napp.post('/login', (req, res) => {\n  const sid = crypto.randomBytes(32).toString('hex');\n  sessions[sid] = { user: req.body.email };\n  res.cookie('sid', sid, { httpOnly: true });\n  res.redirect('/');\n});\n" +
        "app.get('/me', (req, res) => {\n  const session = sessions[req.cookies.sid];\n  if (!session) return res.sendStatus(401);\n  res.json(session);\n});\n",
      errors: [{ messageId: 'homemadeStore', line: 4, column: 7, severity: 'warning', confidence: 'high', data: { store: 'sessions', carrier: 'the `sid` cookie' }, suggestions: [] }],
    },
    {
      name: 'Map store with Koa cookies',
      code:
        "import { randomUUID } from 'node:crypto';\nconst store = new Map();\nexport async function login(ctx) {\n  const id = randomUUID();\n  store.set(id, ctx.state.user);\n  ctx.cookies.set('session', id, { sameSite: 'lax' });\n}\n" +
        "export async function requireUser(ctx, next) {\n  const user = store.get(ctx.cookies.get('session'));\n  if (!user) ctx.throw(401);\n  await next();\n}\n",
      errors: [{ messageId: 'homemadeStore', line: 2, column: 7, confidence: 'high', data: { carrier: 'the `session` cookie' } }],
    },
    {
      name: 'a Set of valid tokens checked against a signed cookie, without the cookie write in this file',
      code:
        EXPRESS +
        "const liveTokens = new Set();\nexports.remember = (token) => liveTokens.add(token);\napp.use((req, res, next) => {\n  if (!liveTokens.has(req.signedCookies.auth_token)) return res.sendStatus(401);\n  next();\n});\n",
      errors: [{ messageId: 'homemadeStore', line: 4, column: 7, confidence: 'medium', data: { carrier: 'the `auth_token` cookie' } }],
    },
    {
      name: 'bearer tokens looked up in an exported map (TypeScript)',
      code:
        "import express from 'express';\nimport { randomUUID } from 'node:crypto';\nconst app = express();\nexport const sessions = new Map<string, string>();\n" +
        "app.post('/login', (req, res) => {\n  const token = randomUUID();\n  sessions.set(token, req.body.user);\n  res.json({ token });\n});\n" +
        "app.use((req, res, next) => {\n  const token = req.headers.authorization?.replace('Bearer ', '') ?? '';\n  if (!sessions.has(token)) return res.sendStatus(401);\n  next();\n});\n",
      filename: 'server.ts',
      errors: [{ messageId: 'homemadeStore', line: 4, column: 14, confidence: 'medium', data: { carrier: '`req.headers.authorization`' } }],
    },
    {
      name: 'a store exported to the module that does the lookups: reported where the session is made',
      code: "const crypto = require('crypto');\nconst sessions = {};\nexports.sessions = sessions;\nexports.login = (res, user) => {\n  const sid = crypto.randomUUID();\n  sessions[sid] = user;\n  res.cookie('sid', sid);\n};\n",
      errors: [{ messageId: 'issuedStore', line: 6, column: 3, severity: 'warning', confidence: 'medium', data: { store: 'sessions', cookie: 'sid' } }],
    },
    {
      name: 'a Set-Cookie header built with the id, the store declared after the route (Fastify, TypeScript)',
      code:
        "import Fastify from 'fastify';\nimport { randomBytes } from 'node:crypto';\nconst app = Fastify();\n" +
        "app.post('/login', async (request, reply) => {\n  const token = randomBytes(32).toString('hex');\n  sessions.set(token, { user: 1 });\n  reply.header('Set-Cookie', 'session=' + token + '; HttpOnly; Secure');\n  return { ok: true };\n});\n" +
        "const sessions = new Map<string, { user: number }>();\n",
      filename: 'auth.ts',
      errors: [{ messageId: 'issuedStore', line: 6, column: 3, confidence: 'medium', data: { store: 'sessions', cookie: 'session' } }],
    },
    {
      name: "a prototype-free dictionary checked with 'in'",
      code:
        EXPRESS +
        "const active = Object.create(null);\napp.post('/login', (req, res) => {\n  const sessionId = crypto.randomUUID();\n  active[sessionId] = Date.now();\n  res.cookie('session_id', sessionId);\n  res.end();\n});\n" +
        "app.use((req, res, next) => (req.cookies.session_id in active ? next() : res.redirect('/login')));\n",
      errors: [{ messageId: 'homemadeStore', line: 4, column: 7, confidence: 'high' }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a store exported to another module, written under an id that no cookie in this file carries, is not followed across files',
      code: "const crypto = require('crypto');\nconst sessions = {};\nexports.sessions = sessions;\nexports.login = (user) => {\n  const sid = crypto.randomUUID();\n  sessions[sid] = user;\n  return sid;\n};\n",
    },
    {
      kind: 'missed',
      reason: 'stores kept as class fields (this.sessions = new Map()) are not recognised',
      code: "class SessionManager {\n  constructor() {\n    this.sessions = new Map();\n  }\n  open(res, id, user) {\n    this.sessions.set(id, user);\n    res.cookie('sid', id);\n  }\n  find(req) {\n    return this.sessions.get(req.cookies.sid);\n  }\n}\nmodule.exports = SessionManager;\n",
    },
    {
      kind: 'missed',
      reason: 'sessions kept in an array and searched with find() are not recognised',
      code: "const express = require('express');\nconst app = express();\nconst sessions = [];\napp.post('/login', (req, res) => {\n  const id = String(sessions.length + 1);\n  sessions.push({ id, user: req.body.user });\n  res.cookie('sid', id);\n  res.end();\n});\napp.get('/me', (req, res) => res.json(sessions.find((s) => s.id === req.cookies.sid)));\n",
    },
  ],
});
