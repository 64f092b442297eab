import { runRuleTests } from '../../test/ruleTester';
import rule from './no-insecure-session-cookie';

const EXPRESS = "const express = require('express');\nconst app = express();\n";
const SESSION = "const session = require('express-session');\n";
/** An Express handler around `body`. */
const route = (body: string) => `app.post('/login', (req, res) => {\n  ${body}\n});\n`;

runRuleTests(rule, {
  valid: [
    // Assembled options that end up right, or that cannot be read in full (a later spread may override).
    "const session = require('express-session');\nconst opts = { secret: process.env.S };\nif (settings.cookieOptions) {\n  opts.cookie = { httpOnly: true, secure: false, ...settings.cookieOptions };\n}\napp.use(session(opts));\n",
    "app.post('/login', (req, res) => {\n  res.cookie('session', token, { httpOnly: true, secure: false, sameSite: 'lax', ...config.cookie });\n});\n",
    "const session = require('express-session');\nconst opts = { secret: process.env.S };\nopts.cookie = { sameSite: 'lax' };\nopts.cookie.secure = true;\napp.use(session(opts));\n",
    "const BASE = { httpOnly: true, secure: true, sameSite: 'strict' };\napp.post('/login', (req, res) => {\n  res.cookie('session', token, { ...BASE, maxAge: 3600 });\n  res.cookie('sid', token, Object.assign({}, BASE, { path: '/' }));\n  res.cookie('token', token, { ...cookieDefaults(), maxAge: 60 });\n});\n",
    // The safe version of each invalid case.
    "import { serialize } from 'cookie';\nexport const loginCookie = (token) => serialize('session', token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });\nexport const themeCookie = (t) => serialize('theme', t, { path: '/' });\nconst other = { serialize: (n, v) => n + v };\nother.serialize('session', 'x');\n",
    "const Koa = require('koa');\nconst session = require('koa-session');\nconst app = new Koa();\napp.use(session({ key: 'shop.sess', maxAge: 86400000 }, app));\n",
    "import fastifySession from '@fastify/session';\napp.register(fastifySession, { secret: process.env.SESSION_SECRET, cookie: { maxAge: 3600000 } });\n",
    "const Hapi = require('@hapi/hapi');\nserver.state('session', { ttl: 86400000, encoding: 'iron', password: process.env.COOKIE_PASSWORD });\nserver.state('theme', { isSecure: false, isHttpOnly: false });\nserver.auth.strategy('session', 'cookie', { cookie: { name: 'sid', password: process.env.COOKIE_PASSWORD } });\n",
    EXPRESS + route("res.cookie('sid', req.sessionId, { httpOnly: true, secure: true, sameSite: 'lax' });"),
    EXPRESS + SESSION + "app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false, cookie: { httpOnly: true, secure: true, sameSite: 'strict' } }));\n",
    "const cookieSession = require('cookie-session');\nmodule.exports = cookieSession({ name: 'session', keys: [process.env.KEY], sameSite: 'lax' });\n",
    "export async function login(ctx) {\n  ctx.cookies.set('koa.sess', ctx.state.sid, { sameSite: 'strict' });\n}\n",
    EXPRESS + route("res.setHeader('Set-Cookie', `sid=${req.sessionId}; Path=/; HttpOnly; Secure; SameSite=Strict`);"),
    // Flags decided at run time, and secure: 'auto' of express-session.
    EXPRESS + route("res.cookie('token', req.token, { httpOnly: true, secure: process.env.NODE_ENV === 'production', sameSite: 'lax' });"),
    EXPRESS + SESSION + "app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: 'auto', sameSite: 'lax' } }));\n",
    // Options that cannot be read here: spread, a parameter, a function call.
    EXPRESS + "const base = require('./cookie-defaults');\n" + route("res.cookie('sid', req.sessionId, { ...base, maxAge: 3600 * 1000 });"),
    EXPRESS + "function setLogin(res, token, options) {\n  res.cookie('auth', token, options);\n}\n",
    // Cookies that carry no login.
    EXPRESS + route("res.cookie('theme', 'dark');\n  res.cookie('user_locale', 'fr');\n  res.cookie('session_expires_at', String(Date.now() + 3600e3));"),
    // A double-submit CSRF cookie must stay readable by the page's scripts.
    EXPRESS + route("res.cookie('XSRF-TOKEN', req.csrfToken(), { secure: true, sameSite: 'strict' });"),
    // `cookie` on something that is not a response.
    "export function remember(jar, token) {\n  jar.cookie('sid', token);\n}\n",
    EXPRESS + route("res.setHeader('Set-Cookie', 'lang=en; Path=/');"),
  ],
  invalid: [
    {
      name: "the cookie package's serialize sets no flag it is not given",
      code: "import { serialize } from 'cookie';\nexport const loginCookie = (token) => serialize('session', token, { path: '/', maxAge: 3600 });\n",
      errors: [{ messageId: 'cookieFlags', line: 2, severity: 'warning', suggestions: [{ output: "import { serialize } from 'cookie';\nexport const loginCookie = (token) => serialize('session', token, { path: '/', maxAge: 3600, httpOnly: true, secure: true, sameSite: 'lax' });\n" }] }],
    },
    {
      name: 'cookie.serialize inside a Set-Cookie header, with no options at all',
      code: "const cookie = require('cookie');\nexport function login(res, sid) {\n  res.setHeader('Set-Cookie', cookie.serialize('sid', sid));\n}\n",
      errors: [{ messageId: 'cookieFlags', line: 3, severity: 'warning', suggestions: [{ output: "const cookie = require('cookie');\nexport function login(res, sid) {\n  res.setHeader('Set-Cookie', cookie.serialize('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' }));\n}\n" }] }],
    },
    {
      name: 'koa-session told to drop httpOnly, in a constant options object',
      code: "const session = require('koa-session');\nconst OPTIONS = {\n  key: 'bo.sess',\n  httpOnly: false,\n};\napp.use(session(OPTIONS, app));\n",
      errors: [{ messageId: 'sessionCookieFlags', line: 4, severity: 'warning' }],
    },
    {
      name: '@fastify/session told to send its cookie over plain HTTP',
      code: "import fastifySession from '@fastify/session';\napp.register(fastifySession, {\n  secret: process.env.SESSION_SECRET,\n  cookie: { secure: false },\n});\n",
      errors: [{ messageId: 'sessionCookieFlags', line: 4, severity: 'warning' }],
    },
    {
      name: "hapi's server.state and the @hapi/cookie strategy with their protections switched off",
      code: "const Hapi = require('@hapi/hapi');\nserver.state('visitor_session', { isSecure: false, isHttpOnly: false, isSameSite: false });\nserver.auth.strategy('admin', 'cookie', {\n  cookie: {\n    name: 'admin-session',\n    isSecure: false,\n  },\n});\n",
      errors: [
        { messageId: 'cookieFlags', line: 2, severity: 'warning' },
        { messageId: 'sessionCookieFlags', line: 6, severity: 'warning' },
      ],
    },
    {
      name: 'express-session cookie options assigned after creation: reported where they are set, the middleware beside it',
      code: "const session = require('express-session');\nconst opts = { secret: process.env.S, resave: false };\nopts.cookie = { httpOnly: true, sameSite: 'lax' };\nopts.cookie.secure = false;\napp.use(session(opts));\n",
      errors: [{ messageId: 'sessionCookieFlags', line: 4, column: 1, relatedLines: [5] }],
    },
    {
      name: 'res.cookie options from a spread of shared defaults with httpOnly turned off',
      code: "const BASE = { secure: true, sameSite: 'strict' };\napp.post('/login', (req, res) => {\n  res.cookie('session', token, { ...BASE, httpOnly: false });\n});\n",
      errors: [{ messageId: 'cookieFlags', line: 3, column: 43, suggestions: [{ output: "const BASE = { secure: true, sameSite: 'strict' };\napp.post('/login', (req, res) => {\n  res.cookie('session', token, { ...BASE, httpOnly: true });\n});\n" }] }],
    },
    {
      name: 'Object.assign of cookie options that never set secure',
      code: "app.post('/login', (req, res) => {\n  const options = Object.assign({}, { httpOnly: true }, { sameSite: 'lax' });\n  res.cookie('sid', id, options);\n});\n",
      errors: [{ messageId: 'cookieFlags', line: 3, column: 25, suggestions: [] }],
    },
    {
      name: 'Express res.cookie without options: an options argument is added',
      code: EXPRESS + route("res.cookie('sid', req.sessionId);"),
      errors: [
        {
          messageId: 'cookieFlags',
          line: 4,
          column: 3,
          severity: 'warning',
          confidence: 'high',
          data: { name: 'sid', flags: "`httpOnly: true`, `secure: true` and `sameSite: 'lax'`" },
          suggestions: [
            {
              title: "Set `httpOnly: true`, `secure: true` and `sameSite: 'lax'`",
              output: EXPRESS + route("res.cookie('sid', req.sessionId, { httpOnly: true, secure: true, sameSite: 'lax' });"),
            },
          ],
        },
      ],
    },
    {
      name: 'Express res.cookie with some options: the missing flags are appended',
      code: EXPRESS + route("res.status(200).cookie('auth_token', req.token, { maxAge: 900000 }).json({ ok: true });"),
      errors: [
        {
          messageId: 'cookieFlags',
          line: 4,
          column: 51,
          suggestions: [{ output: EXPRESS + route("res.status(200).cookie('auth_token', req.token, { maxAge: 900000, httpOnly: true, secure: true, sameSite: 'lax' }).json({ ok: true });") }],
        },
      ],
    },
    {
      name: 'httpOnly: false on a multi-line options object: the property is reported and set to true',
      code: EXPRESS + route("res.cookie('remember_me', req.token, {\n    httpOnly: false,\n    secure: true,\n    sameSite: 'strict',\n  });"),
      errors: [
        {
          messageId: 'cookieFlags',
          line: 5,
          column: 5,
          data: { problems: 'readable by page scripts (`httpOnly: false`)' },
          suggestions: [{ output: EXPRESS + route("res.cookie('remember_me', req.token, {\n    httpOnly: true,\n    secure: true,\n    sameSite: 'strict',\n  });") }],
        },
      ],
    },
    {
      name: 'express-session without cookie options gets a cookie object',
      code: EXPRESS + SESSION + "app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));\n",
      errors: [
        {
          messageId: 'sessionCookieFlags',
          line: 4,
          column: 17,
          data: { library: 'express-session', name: 'connect.sid' },
          suggestions: [
            {
              output: EXPRESS + SESSION + "app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false, cookie: { httpOnly: true, secure: true, sameSite: 'lax' } }));\n",
            },
          ],
        },
      ],
    },
    {
      name: 'express-session with cookie.secure false, written over several lines',
      code: "import session from 'express-session';\nexport const sessions = session({\n  name: 'shop.sid',\n  secret: process.env.SESSION_SECRET,\n  cookie: {\n    secure: false,\n    maxAge: 30 * 60 * 1000,\n  },\n});\n",
      errors: [
        {
          messageId: 'sessionCookieFlags',
          line: 5,
          column: 11,
          data: { name: 'shop.sid' },
          suggestions: [
            {
              output: "import session from 'express-session';\nexport const sessions = session({\n  name: 'shop.sid',\n  secret: process.env.SESSION_SECRET,\n  cookie: {\n    secure: true,\n    maxAge: 30 * 60 * 1000,\n    sameSite: 'lax',\n  },\n});\n",
            },
          ],
        },
      ],
    },
    {
      name: "cookie-session with sameSite: 'none'",
      code: "const cookieSession = require('cookie-session');\nmodule.exports = cookieSession({ name: 'session', keys: [process.env.KEY], sameSite: 'none' });\n",
      errors: [
        {
          messageId: 'sessionCookieFlags',
          line: 2,
          column: 76,
          severity: 'warning',
          suggestions: [{ title: "Set `sameSite: 'lax'`", output: "const cookieSession = require('cookie-session');\nmodule.exports = cookieSession({ name: 'session', keys: [process.env.KEY], sameSite: 'lax' });\n" }],
        },
      ],
    },
    {
      name: 'Koa: httpOnly false (secure follows the connection there)',
      code: "export async function login(ctx) {\n  ctx.cookies.set('koa.sess', ctx.state.sid, { httpOnly: false, sameSite: 'lax' });\n}\n",
      errors: [
        {
          messageId: 'cookieFlags',
          line: 2,
          column: 48,
          suggestions: [{ output: "export async function login(ctx) {\n  ctx.cookies.set('koa.sess', ctx.state.sid, { httpOnly: true, sameSite: 'lax' });\n}\n" }],
        },
      ],
    },
    {
      name: 'Fastify reply.setCookie in TypeScript',
      code: "import type { FastifyReply } from 'fastify';\nexport function login(reply: FastifyReply, token: string) {\n  reply.setCookie('session', token, { path: '/' });\n}\n",
      filename: 'login.ts',
      errors: [
        {
          messageId: 'cookieFlags',
          line: 3,
          column: 37,
          suggestions: [{ output: "import type { FastifyReply } from 'fastify';\nexport function login(reply: FastifyReply, token: string) {\n  reply.setCookie('session', token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });\n}\n" }],
        },
      ],
    },
    {
      name: 'raw Set-Cookie header built with a template: attributes are appended',
      code: EXPRESS + route("res.setHeader('Set-Cookie', `sid=${req.sessionId}; Path=/`);"),
      errors: [
        {
          messageId: 'headerFlags',
          line: 4,
          column: 31,
          data: { name: 'sid' },
          suggestions: [
            {
              title: 'Give the cookie `HttpOnly`, `Secure` and `SameSite=Lax`',
              output: EXPRESS + route("res.setHeader('Set-Cookie', `sid=${req.sessionId}; Path=/; HttpOnly; Secure; SameSite=Lax`);"),
            },
          ],
        },
      ],
    },
    {
      name: 'raw Set-Cookie header with SameSite=None, in writeHead',
      code: "const http = require('http');\nhttp.createServer((req, res) => {\n  res.writeHead(200, { 'Set-Cookie': 'session=' + newSession() + '; HttpOnly; Secure; SameSite=None' });\n  res.end();\n});\n",
      errors: [
        {
          messageId: 'headerFlags',
          line: 3,
          column: 38,
          suggestions: [{ output: "const http = require('http');\nhttp.createServer((req, res) => {\n  res.writeHead(200, { 'Set-Cookie': 'session=' + newSession() + '; HttpOnly; Secure; SameSite=Lax' });\n  res.end();\n});\n" }],
        },
      ],
    },
    {
      name: 'a shared options constant is reported where it is written, with the cookie write beside it, but not edited',
      code: EXPRESS + "const COOKIE_OPTIONS = { httpOnly: true, maxAge: 3600 * 1000 };\n" + route("res.cookie('jwt', req.token, COOKIE_OPTIONS);"),
      errors: [{ messageId: 'cookieFlags', line: 3, column: 24, relatedLines: [5], data: { flags: "`secure: true` and `sameSite: 'lax'`" }, suggestions: [] }],
    },
    {
      name: 'only sameSite missing: a hardening note',
      code: EXPRESS + route("res.cookie('sid', req.sessionId, { httpOnly: true, secure: true });"),
      errors: [
        {
          messageId: 'cookieFlags',
          line: 4,
          column: 36,
          severity: 'info',
          suggestions: [{ output: EXPRESS + route("res.cookie('sid', req.sessionId, { httpOnly: true, secure: true, sameSite: 'lax' });") }],
        },
      ],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'options made by a helper function are not followed',
      code: EXPRESS + "function cookieOptions() {\n  return { maxAge: 3600 * 1000 };\n}\n" + route("res.cookie('sid', req.sessionId, cookieOptions());"),
    },
    {
      kind: 'false-alarm',
      reason: 'a cookie is judged by its name, so one that only remembers where to go after login counts as a login cookie',
      code: EXPRESS + route("res.cookie('auth_redirect', req.originalUrl);"),
    },
  ],
});
