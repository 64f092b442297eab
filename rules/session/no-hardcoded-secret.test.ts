import { runRuleTests } from '../../test/ruleTester';
import rule from './no-hardcoded-secret';

// Token-shaped test values are assembled here so that this file never holds one whole.
const STRIPE_KEY = ['sk', 'live', '51HxQ2dKk9vT3mPq8ZrWy7LbN'].join('_');
const GITHUB_TOKEN = 'gh' + 'p_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const SESSION = "const express = require('express');\nconst session = require('express-session');\nconst app = express();\n";
const JWT = "const jwt = require('jsonwebtoken');\n";

runRuleTests(rule, {
  valid: [
    "import { jwtVerify, SignJWT } from 'jose';\nconst key = new TextEncoder().encode(process.env.JWT_SECRET);\nexport const check = (t) => jwtVerify(t, key);\nexport const issue = (c) => new SignJWT(c).sign(key);\nconst sig = other.sign('n0t-a-jose-k3y!');\n",
    // Assembled options whose secret comes from the environment; a strategy's client id; settings that are not secrets.
    SESSION + "const opts = { resave: false };\nopts.secret = process.env.SESSION_SECRET;\napp.use(session(Object.assign({}, opts, { saveUninitialized: false })));\n",
    "const GitHubStrategy = require('passport-github2').Strategy;\npassport.use(new GitHubStrategy({ clientID: 'Iv1.8a61f9b3a7aba766', clientSecret: process.env.GITHUB_CLIENT_SECRET, callbackURL: '/auth/github/callback' }, verify));\n",
    "app.set('view engine', 'pug');\nres.set('x-api-token', 'abc123-def456-ghi');\nconfig.set('jwtSecret', process.env.JWT_SECRET);\n",
    { filename: 'auth.module.ts', code: "import { JwtModule } from '@nestjs/jwt';\nexport const jwt = JwtModule.register({ secret: process.env.JWT_SECRET });\n" },
    // The safe version of each invalid case: secrets come from the environment.
    SESSION + 'app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));\n',
    JWT + 'const JWT_SECRET = process.env.JWT_SECRET;\nmodule.exports.issue = (user) => jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: "15m" });\n',
    "const crypto = require('crypto');\nmodule.exports.mac = (body) => crypto.createHmac('sha256', process.env.WEBHOOK_KEY).update(body).digest('hex');\n",
    'module.exports = { db: { host: "db.internal", password: process.env.DB_PASSWORD }, stripeSecretKey: process.env.STRIPE_SECRET_KEY };\n',
    // Labels, field names, header names, placeholders and sample values are not secrets.
    "const messages = { password: 'Passwort', token: 'Jeton invalide', secret: 'Secret question' };\n",
    "const PASSWORD_FIELD = 'password';\nconst TOKEN_HEADER = 'x-auth-token';\nconst FLOW_PASSWORD_REQUIRED = 'FlowPasswordRequiredResult';\n",
    "export const defaults = { apiKey: 'your-api-key', password: '<password>', clientSecret: 'changeme' };\n",
    "const selector = { password: '[type=password]' };\nconst grant = { JWT_BEARER: 'urn:ietf:params:oauth:grant-type:jwt-bearer' };\n",
    "const sample = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' };\n",
    // koa-session's `key` names the cookie; Koa's signing keys read from the environment; `keys` of another object.
    "const Koa = require('koa');\nconst session = require('koa-session');\nconst app = new Koa();\napp.keys = (process.env.COOKIE_KEYS || '').split(',');\napp.use(session({ key: 'shop.sess-2024', maxAge: 86400000 }, app));\nconst ring = new KeyRing();\nring.keys = ['r1ng-k3y-0001'];\n",
    // A public key is meant to be public; an empty secret is another bug.
    JWT + "const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\\nMIIBIjANBgkqh\\n-----END PUBLIC KEY-----';\nmodule.exports.check = (t) => jwt.verify(t, PUBLIC_KEY, { algorithms: ['RS256'] });\n",
    JWT + "module.exports.check = (t) => jwt.verify(t, '', { algorithms: ['HS256'] });\n",
    // A form field showing the key format with its body elided is a hint, not a key.
    "export const fields = [\n  { name: 'signingKey', placeholder: '-----BEGIN PRIVATE' + ' KEY-----\\nMIIEvgIB<...>9xQ=\\n-----END PRIVATE KEY-----' },\n  { name: 'pem', hint: 'Paste it in PEM form:<br>-----BEGIN RSA PRIVATE' + ' KEY-----<br>your key here<br>-----END RSA PRIVATE KEY-----' },\n];\n",
  ],
  invalid: [
    {
      name: "Koa's cookie signing keys written in the source",
      code: "import Koa from 'koa';\nconst app = new Koa();\napp.keys = ['k0a-signing-k3y-2022', 'older-k3y-2021'];\n",
      errors: [
        { messageId: 'hardcoded', line: 3, column: 13, severity: 'error' },
        { messageId: 'hardcoded', line: 3, column: 37, severity: 'error' },
      ],
    },
    {
      name: 'a literal secret followed by a spread of other options is still committed',
      code: SESSION + "app.use(session({ secret: 'k3yboard-cat-43', ...overrides }));\n",
      errors: [{ messageId: 'hardcoded', line: 4, column: 27, suggestions: [{ output: SESSION + "app.use(session({ secret: process.env.SESSION_SECRET, ...overrides }));\n" }] }],
    },
    {
      name: 'jose: a literal key encoded for jwtVerify and SignJWT',
      code: "import { jwtVerify, SignJWT } from 'jose';\nconst key = new TextEncoder().encode('j0se-hs256-s3cret');\nexport const check = (t) => jwtVerify(t, key, { algorithms: ['HS256'] });\nexport const issue = (c) => new SignJWT(c).setProtectedHeader({ alg: 'HS256' }).sign(key);\n",
      errors: [{ messageId: 'hardcoded', line: 2, column: 38, relatedLines: [3, 4], suggestions: [{ output: "import { jwtVerify, SignJWT } from 'jose';\nconst key = new TextEncoder().encode(process.env.JWT_SECRET);\nexport const check = (t) => jwtVerify(t, key, { algorithms: ['HS256'] });\nexport const issue = (c) => new SignJWT(c).setProtectedHeader({ alg: 'HS256' }).sign(key);\n" }] }],
    },
    {
      name: 'jwt-simple: a literal key in Buffer.from',
      code: "const jwt = require('jwt-simple');\nconst token = jwt.encode({ sub: 1 }, Buffer.from('s1mple-k3y-0001'));\n",
      errors: [{ messageId: 'hardcoded', line: 2, column: 50, suggestions: [{ output: "const jwt = require('jwt-simple');\nconst token = jwt.encode({ sub: 1 }, Buffer.from(process.env.JWT_SECRET));\n" }] }],
    },
    {
      name: 'express-session options filled in after creation: the literal is reported, the call beside it',
      code: SESSION + "const opts = {};\nopts.secret = 'k3yboard-cat-42';\napp.use(session(opts));\n",
      errors: [{ messageId: 'hardcoded', line: 5, column: 15, severity: 'error', relatedLines: [6], suggestions: [{ output: SESSION + "const opts = {};\nopts.secret = process.env.SESSION_SECRET;\napp.use(session(opts));\n" }] }],
    },
    {
      name: 'a secret from a spread base and Object.assign, used by two middlewares: both shown',
      code: SESSION + "const cookieSession = require('cookie-session');\nconst SECRET = 'Sup3r-s3cret-value';\nconst base = { secret: SECRET };\napp.use(session({ ...base, resave: false }));\napp.use(cookieSession(Object.assign({}, base)));\n",
      errors: [{ messageId: 'hardcoded', line: 5, column: 16, relatedLines: [7, 8], suggestions: [{ output: SESSION + "const cookieSession = require('cookie-session');\nconst SECRET = process.env.SESSION_SECRET;\nconst base = { secret: SECRET };\napp.use(session({ ...base, resave: false }));\napp.use(cookieSession(Object.assign({}, base)));\n" }] }],
    },
    {
      name: 'passport OAuth strategies: client secret and consumer secret',
      code: "const GoogleStrategy = require('passport-google-oauth20').Strategy;\nconst { Strategy: TwitterStrategy } = require('passport-twitter');\npassport.use(new GoogleStrategy({ clientID: '1234.apps.googleusercontent.com', clientSecret: 'GOCSPX-7hT2kQ9vLm3xR8pW', callbackURL: '/cb' }, verify));\npassport.use(new TwitterStrategy({ consumerKey: 'abc', consumerSecret: 'q8Zr5Tn2Wv7Yx4Bc1Dm6', callbackURL: '/cb' }, verify));\n",
      errors: [
        { messageId: 'hardcoded', line: 3, column: 94, data: { what: 'The OAuth client secret' }, suggestions: [{ output: "const GoogleStrategy = require('passport-google-oauth20').Strategy;\nconst { Strategy: TwitterStrategy } = require('passport-twitter');\npassport.use(new GoogleStrategy({ clientID: '1234.apps.googleusercontent.com', clientSecret: process.env.OAUTH_CLIENT_SECRET, callbackURL: '/cb' }, verify));\npassport.use(new TwitterStrategy({ consumerKey: 'abc', consumerSecret: 'q8Zr5Tn2Wv7Yx4Bc1Dm6', callbackURL: '/cb' }, verify));\n" }] },
        { messageId: 'hardcoded', line: 4, column: 72, data: { what: 'The OAuth consumer secret' }, suggestions: [{ output: "const GoogleStrategy = require('passport-google-oauth20').Strategy;\nconst { Strategy: TwitterStrategy } = require('passport-twitter');\npassport.use(new GoogleStrategy({ clientID: '1234.apps.googleusercontent.com', clientSecret: 'GOCSPX-7hT2kQ9vLm3xR8pW', callbackURL: '/cb' }, verify));\npassport.use(new TwitterStrategy({ consumerKey: 'abc', consumerSecret: process.env.OAUTH_CONSUMER_SECRET, callbackURL: '/cb' }, verify));\n" }] },
      ],
    },
    {
      name: 'NestJS JwtModule.register and a config setter',
      filename: 'auth.module.ts',
      code: "import { JwtModule } from '@nestjs/jwt';\nconfig.set('jwtSecret', 'n3st-jwt-s3cret');\nexport const jwt = JwtModule.register({ secret: 'n3st-jwt-s3cret!', signOptions: { expiresIn: '1h' } });\n",
      errors: [
        { messageId: 'hardcoded', line: 2, column: 25, severity: 'warning', suggestions: [{ output: "import { JwtModule } from '@nestjs/jwt';\nconfig.set('jwtSecret', process.env.JWT_SECRET);\nexport const jwt = JwtModule.register({ secret: 'n3st-jwt-s3cret!', signOptions: { expiresIn: '1h' } });\n" }] },
        { messageId: 'hardcoded', line: 3, column: 49, severity: 'error', data: { what: 'The JwtModule secret' }, suggestions: [{ output: "import { JwtModule } from '@nestjs/jwt';\nconfig.set('jwtSecret', 'n3st-jwt-s3cret');\nexport const jwt = JwtModule.register({ secret: process.env.JWT_SECRET, signOptions: { expiresIn: '1h' } });\n" }] },
      ],
    },
    {
      name: 'a token split across a concatenation is judged joined',
      code: "const k = 'AK' + 'IA' + 'Q7W3E5R1T9Y2U4I6';\n",
      errors: [{ messageId: 'hardcoded', line: 1, column: 11, data: { what: 'An AWS access key id' }, suggestions: [{ output: 'const k = process.env.AWS_ACCESS_KEY_ID;\n' }] }],
    },
    {
      name: 'a key block pasted into a template literal',
      code: 'const pem = `-----BEGIN RSA PRIVATE' + ' KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----`;\n',
      errors: [{ messageId: 'hardcoded', line: 1, column: 13, data: { what: 'A private key' } }],
    },
    {
      name: 'an encrypted key block with its PEM header lines is still a key',
      code: "const pem = '-----BEGIN RSA PRIVATE' + ' KEY-----\\nProc-Type: 4,ENCRYPTED\\nDEK-Info: AES-128-CBC,3F1A9C\\n\\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf\\n-----END RSA PRIVATE KEY-----';\n",
      errors: [{ messageId: 'hardcoded', line: 1, column: 13, data: { what: 'A private key' } }],
    },
    {
      name: "express-session's documented 'keyboard cat'",
      code: SESSION + "app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));\n",
      errors: [
        {
          messageId: 'hardcoded',
          line: 4,
          column: 27,
          severity: 'error',
          confidence: 'high',
          data: { what: 'The express-session secret', env: 'SESSION_SECRET' },
          suggestions: [{ title: 'Read it from `process.env.SESSION_SECRET`', output: SESSION + 'app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));\n' }],
        },
      ],
    },
    {
      name: 'a JWT key in a constant: the constant is fixed',
      code: JWT + "const JWT_SECRET = 'supersecret';\nmodule.exports.issue = (user) => jwt.sign({ sub: user.id }, JWT_SECRET);\n",
      errors: [{ messageId: 'hardcoded', line: 2, column: 20, data: { what: 'The JWT signing key' }, suggestions: [{ output: JWT + 'const JWT_SECRET = process.env.JWT_SECRET;\nmodule.exports.issue = (user) => jwt.sign({ sub: user.id }, JWT_SECRET);\n' }] }],
    },
    {
      name: 'an environment variable with a built-in fallback (cookie-parser)',
      code: "const cookieParser = require('cookie-parser');\nmodule.exports = cookieParser(process.env.COOKIE_SECRET || 'dev-cookie-secret');\n",
      errors: [
        {
          messageId: 'fallback',
          line: 2,
          column: 60,
          data: { env: 'process.env.COOKIE_SECRET' },
          suggestions: [{ title: 'Use `process.env.COOKIE_SECRET` without the built-in fallback', output: "const cookieParser = require('cookie-parser');\nmodule.exports = cookieParser(process.env.COOKIE_SECRET);\n" }],
        },
      ],
    },
    {
      name: 'an HMAC key and a cipher key (ES module, named imports)',
      code: "import { createHmac, createCipheriv } from 'node:crypto';\nexport const sign = (body) => createHmac('sha256', 'f3a9c1d2e4b5a697').update(body).digest('hex');\nexport const encrypt = (iv) => createCipheriv('aes-128-cbc', '0123456789abcdef', iv);\n",
      errors: [
        { messageId: 'hardcoded', line: 2, column: 52, data: { env: 'HMAC_KEY' }, suggestions: [{ output: "import { createHmac, createCipheriv } from 'node:crypto';\nexport const sign = (body) => createHmac('sha256', process.env.HMAC_KEY).update(body).digest('hex');\nexport const encrypt = (iv) => createCipheriv('aes-128-cbc', '0123456789abcdef', iv);\n" }] },
        { messageId: 'hardcoded', line: 3, column: 62, data: { env: 'ENCRYPTION_KEY' }, suggestions: [{ output: "import { createHmac, createCipheriv } from 'node:crypto';\nexport const sign = (body) => createHmac('sha256', 'f3a9c1d2e4b5a697').update(body).digest('hex');\nexport const encrypt = (iv) => createCipheriv('aes-128-cbc', process.env.ENCRYPTION_KEY, iv);\n" }] },
      ],
    },
    {
      name: 'a database password in a config object: the variable is named after its owner',
      code: "module.exports = { db: { host: 'db.internal', user: 'shop', password: 'S3cr3t!pw' } };\n",
      errors: [
        {
          messageId: 'hardcoded',
          line: 1,
          column: 71,
          severity: 'warning',
          confidence: 'medium',
          data: { what: '`password`', env: 'DB_PASSWORD' },
          suggestions: [{ output: "module.exports = { db: { host: 'db.internal', user: 'shop', password: process.env.DB_PASSWORD } };\n" }],
        },
      ],
    },
    {
      name: 'a live Stripe key under a secret name: the token format decides the variable',
      code: `const stripe = require('stripe')('${STRIPE_KEY}');\nconst config = { stripeSecretKey: '${STRIPE_KEY}' };\n`,
      errors: [
        { messageId: 'hardcoded', line: 1, column: 34, data: { what: 'A Stripe secret key' }, suggestions: [{ output: `const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\nconst config = { stripeSecretKey: '${STRIPE_KEY}' };\n` }] },
        { messageId: 'hardcoded', line: 2, column: 35, suggestions: [{ output: `const stripe = require('stripe')('${STRIPE_KEY}');\nconst config = { stripeSecretKey: process.env.STRIPE_SECRET_KEY };\n` }] },
      ],
    },
    {
      name: 'a token inside a longer header value is reported without a rewrite',
      code: `export const headers = { Authorization: 'Bearer ${GITHUB_TOKEN}' };\n`,
      errors: [{ messageId: 'hardcoded', line: 1, column: 41, data: { what: 'A GitHub token' }, suggestions: [] }],
    },
    {
      name: 'a rotation list of cookie-session keys is reported without a rewrite',
      code: "const cookieSession = require('cookie-session');\nmodule.exports = cookieSession({ name: 'session', keys: ['k3y-2024-a', 'k3y-2023-b'] });\n",
      errors: [
        { messageId: 'hardcoded', line: 2, column: 58, data: { what: 'The cookie-session key' }, suggestions: [] },
        { messageId: 'hardcoded', line: 2, column: 72, suggestions: [] },
      ],
    },
    {
      name: 'in a test file the context policy lowers a literal signing key to info',
      code: JWT + "const token = jwt.sign({ sub: 'u1' }, 'test-secret');\n",
      filename: 'test/auth.test.js',
      errors: [{ messageId: 'hardcoded', line: 2, column: 39, severity: 'info', confidence: 'high', suggestions: [{ output: JWT + "const token = jwt.sign({ sub: 'u1' }, process.env.JWT_SECRET);\n" }] }],
    },
    {
      name: 'a vendor token shape in a test file stays an error: it is a live credential wherever it is committed',
      code: `export const headers = { Authorization: 'Bearer ${GITHUB_TOKEN}' };\n`,
      filename: 'test/fixtures/client.js',
      errors: [{ messageId: 'hardcoded', line: 1, column: 41, severity: 'error', data: { what: 'A GitHub token' }, suggestions: [] }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a secret without digits or symbols under a generic name is taken for a word',
      code: "export const config = { adminPassword: 'supersecret' };\n",
    },
    {
      kind: 'missed',
      reason: 'secrets assembled from pieces, or kept in JSON and .env files committed with the code, are not seen',
      code: "const key = ['f3a9c1d2', 'e4b5a697'].join('');\nmodule.exports = require('crypto').createHmac('sha256', key);\n",
    },
    {
      kind: 'false-alarm',
      reason: 'a fixed token in a local development seed script is reported like any other',
      code: "const seed = { users: [{ email: 'dev@example.test', password: 'Dev-2024!' }] };\nmodule.exports = seed;\n",
    },
  ],
});
