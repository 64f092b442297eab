import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { runRuleTests } from '../../test/ruleTester';
import rule from './no-unverified-jwt';

const JWT = "const jwt = require('jsonwebtoken');\n";
const SECRET = 'const JWT_SECRET = process.env.JWT_SECRET;\n';

runRuleTests(rule, {
  valid: [
    // decode of another service, and JwtService.decode only shown, not trusted.
    { filename: 'billing.controller.ts', code: "import { Injectable, UnauthorizedException } from '@nestjs/common';\nimport { JwtService } from '@nestjs/jwt';\n@Injectable()\nexport class Billing {\n  constructor(private readonly jwtService: JwtService, private readonly other: Other) {}\n  a(token: string) {\n    const claims = this.other.decode(token);\n    if (claims.role !== 'billing') throw new UnauthorizedException();\n  }\n  b(token: string) {\n    return { expiresAt: (this.jwtService.decode(token) as { exp: number }).exp };\n  }\n}\n" },
    // jose used safely: the header is read to route the token, the claims only after jwtVerify.
    "import { decodeProtectedHeader, decodeJwt, jwtVerify } from 'jose';\nexport async function check(token, key) {\n  const { kid } = decodeProtectedHeader(token);\n  const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'] });\n  return payload.role === 'admin';\n}\nexport function expiresAt(token) {\n  return decodeJwt(token).exp * 1000;\n}\n",
    "const jwt = require('jwt-simple');\nconst a = jwt.decode(token, process.env.JWT_SECRET);\nconst b = jwt.decode(token, process.env.JWT_SECRET, false, 'HS256');\n",
    "const { expressjwt } = require('express-jwt');\napp.use(expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] }));\napp.use(expressjwt({ ...sharedJwtOptions(), credentialsRequired: false }));\n",
    // The safe version of each invalid case.
    JWT + SECRET + "function auth(req, res, next) {\n  req.user = jwt.verify(req.cookies.token, JWT_SECRET, { algorithms: ['HS256'] });\n  next();\n}\n",
    JWT + "const publicKey = require('fs').readFileSync('jwt.pub');\nfunction auth(req, res, next) {\n  jwt.verify(req.cookies.token, publicKey, { algorithms: ['RS256'], audience: 'shop' }, (err, claims) => {\n    req.user = claims;\n    next(err);\n  });\n}\n",
    JWT + SECRET + "module.exports.issue = (user) => jwt.sign({ sub: user.id }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '15m' });\n",
    // decode for display or logging decides nothing.
    JWT + "function logToken(logger, token) {\n  const claims = jwt.decode(token);\n  logger.info({ sub: claims && claims.sub }, 'token received');\n}\n",
    // decode that picks the key, followed by verify in the same function.
    JWT + "async function auth(req, keys) {\n  const { header } = jwt.decode(req.headers.authorization, { complete: true });\n  const key = keys[header.kid];\n  if (header.alg !== 'RS256') throw new Error('bad alg');\n  return jwt.verify(req.headers.authorization, key, { algorithms: ['RS256'] });\n}\n",
    // An expiry check in the browser is not an access decision.
    JWT + "export function isExpired(token) {\n  const decoded = jwt.decode(token);\n  return !decoded || decoded.exp < Date.now() / 1000;\n}\n",
    // The issuer picks which verifier runs next; it grants nothing by itself.
    JWT + "export function isOurs(token) {\n  if (jwt.decode(token, { json: true })?.iss !== 'shop') return false;\n  return true;\n}\n",
    JWT + "export function expiresAt(token) {\n  const decoded = jwt.decode(token);\n  if (decoded && typeof decoded === 'object' && decoded.exp) return decoded.exp;\n  return null;\n}\n",
    // Decoded claims returned from a helper whose token is not request input, or is the page's own.
    JWT + "export function claimsOf(token) {\n  return jwt.decode(token);\n}\n",
    JWT + "export function currentUser() {\n  return jwt.decode(localStorage.getItem('token'));\n}\n",
    // Returned by a helper that verifies it as well.
    JWT + SECRET + "function currentUser(req) {\n  const token = req.cookies.token;\n  jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'] });\n  return jwt.decode(token);\n}\n",
    // Other libraries' decode/verify are not jsonwebtoken.
    "import { jwtDecode } from 'jwt-decode';\nexport const isAdmin = (token) => jwtDecode(token).role === 'admin';\n",
    "const argon2 = require('argon2');\nmodule.exports.check = (hash, password) => argon2.verify(hash, password);\n",
    // Options that cannot be read here are trusted.
    JWT + 'module.exports.check = (token, key, options) => jwt.verify(token, key, options);\n',
  ],
  invalid: [
    {
      name: "NestJS JwtService.decode whose role claim decides access, fixed with the service's verify",
      filename: 'billing.controller.ts',
      code: "import { Injectable, UnauthorizedException } from '@nestjs/common';\nimport { JwtService } from '@nestjs/jwt';\n@Injectable()\nexport class Billing {\n  constructor(private readonly jwtService: JwtService, private readonly other: Other) {}\n  pay(token: string) {\n    const claims = this.jwtService.decode(token) as { role?: string } | null;\n    if (claims?.role !== 'billing') throw new UnauthorizedException();\n  }\n}\n",
      errors: [{ messageId: 'nestDecodedForAccess', line: 7, severity: 'error', suggestions: [{ output: "import { Injectable, UnauthorizedException } from '@nestjs/common';\nimport { JwtService } from '@nestjs/jwt';\n@Injectable()\nexport class Billing {\n  constructor(private readonly jwtService: JwtService, private readonly other: Other) {}\n  pay(token: string) {\n    const claims = this.jwtService.verify(token) as { role?: string } | null;\n    if (claims?.role !== 'billing') throw new UnauthorizedException();\n  }\n}\n" }] }],
    },
    {
      name: 'claims of a request token returned as the caller\'s identity (Koa helper)',
      code: JWT + "async function currentUser(ctx) {\n  const token = ctx.cookies.get('token') || '';\n  const claims = jwt.decode(token);\n  return claims;\n}\n",
      errors: [{ messageId: 'decodedForAccess', line: 4, severity: 'error', confidence: 'high', relatedLines: [3, 5] }],
    },
    {
      name: 'the Authorization header decoded and its role compared: the header is named as where the token enters',
      code: JWT + "router.get('/users', (req, res) => {\n  const claims = jwt.decode((req.headers.authorization || '').replace('Bearer ', ''));\n  if (!claims || claims.role !== 'admin') return res.status(403).end();\n  res.json([]);\n});\n",
      errors: [{ messageId: 'decodedForAccess', line: 3, severity: 'error', confidence: 'high', data: { use: 'decide access here' }, relatedLines: [3, 4], suggestions: [] }],
    },
    {
      name: 'claims of the Authorization header returned from an arrow helper',
      code: JWT + "const userOf = (req) => jwt.decode(req.headers.authorization.split(' ')[1]);\nmodule.exports = { userOf };\n",
      errors: [{ messageId: 'decodedForAccess', line: 2 }],
    },
    {
      name: 'jose: decodeJwt compared in an arrow function',
      code: "import { decodeJwt } from 'jose';\nexport const isAdmin = (token) => decodeJwt(token).role === 'admin';\n",
      errors: [{ messageId: 'joseDecodedForAccess', line: 2, column: 35 }],
    },
    {
      name: 'jose: decodeJwt claims decide access without jwtVerify',
      code: "import { decodeJwt } from 'jose';\nexport function isAdmin(token) {\n  const claims = decodeJwt(token);\n  return claims.role === 'admin';\n}\n",
      errors: [{ messageId: 'joseDecodedForAccess', line: 3, column: 18, severity: 'error', relatedLines: [4], suggestions: [] }],
    },
    {
      name: 'jose: an unsecured JWT becomes the request user',
      code: "const jose = require('jose');\napp.use((req, res, next) => {\n  req.user = jose.UnsecuredJWT.decode(req.headers.authorization).payload;\n  next();\n});\n",
      errors: [{ messageId: 'joseDecodedForAccess', line: 3, column: 14 }],
    },
    {
      name: 'jwt-simple: decode with noVerify set',
      code: "const jwt = require('jwt-simple');\nconst payload = jwt.decode(token, process.env.JWT_SECRET, true);\n",
      errors: [
        {
          messageId: 'simpleNoVerify',
          line: 2,
          column: 59,
          severity: 'error',
          suggestions: [{ title: 'Check the signature (`false` for noVerify)', output: "const jwt = require('jwt-simple');\nconst payload = jwt.decode(token, process.env.JWT_SECRET, false);\n" }],
        },
      ],
    },
    {
      name: "express-jwt: no algorithms, and 'none' accepted",
      code: "const { expressjwt } = require('express-jwt');\napp.use(expressjwt({ secret: process.env.JWT_SECRET }));\nconst opts = { secret: process.env.JWT_SECRET };\nopts.algorithms = ['HS256', 'none'];\napp.use(expressjwt(opts));\n",
      errors: [
        { messageId: 'missingAlgorithms', line: 2, column: 20, severity: 'warning', suggestions: [{ output: "const { expressjwt } = require('express-jwt');\napp.use(expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] }));\nconst opts = { secret: process.env.JWT_SECRET };\nopts.algorithms = ['HS256', 'none'];\napp.use(expressjwt(opts));\n" }] },
        { messageId: 'noneAccepted', line: 4, column: 29, severity: 'error', suggestions: [] },
      ],
    },
    {
      name: 'verify without options: an HS256 allowlist is added',
      code: JWT + SECRET + "function auth(req, res, next) {\n  req.user = jwt.verify(req.cookies.token, JWT_SECRET);\n  next();\n}\n",
      errors: [
        {
          messageId: 'missingAlgorithms',
          line: 4,
          column: 14,
          severity: 'warning',
          confidence: 'high',
          data: { call: 'jwt.verify', algorithm: 'HS256' },
          suggestions: [
            {
              title: "Accept only HS256 (`algorithms: ['HS256']`)",
              output: JWT + SECRET + "function auth(req, res, next) {\n  req.user = jwt.verify(req.cookies.token, JWT_SECRET, { algorithms: ['HS256'] });\n  next();\n}\n",
            },
          ],
        },
      ],
    },
    {
      name: 'verify with a public key and a callback: RS256 goes before the callback',
      code: JWT + "const publicKey = require('fs').readFileSync('jwt.pub');\nfunction auth(req, res, next) {\n  jwt.verify(req.cookies.token, publicKey, (err, claims) => next(err));\n}\n",
      errors: [
        {
          messageId: 'missingAlgorithms',
          line: 4,
          column: 3,
          data: { algorithm: 'RS256' },
          suggestions: [{ output: JWT + "const publicKey = require('fs').readFileSync('jwt.pub');\nfunction auth(req, res, next) {\n  jwt.verify(req.cookies.token, publicKey, { algorithms: ['RS256'] }, (err, claims) => next(err));\n}\n" }],
        },
      ],
    },
    {
      name: 'verify options without algorithms, written over several lines (ES module, named import)',
      code: "import { verify } from 'jsonwebtoken';\nexport function claims(token: string, secret: string) {\n  return verify(token, secret, {\n    audience: 'shop',\n    issuer: 'auth.example.com',\n  });\n}\n",
      filename: 'claims.ts',
      errors: [
        {
          messageId: 'missingAlgorithms',
          line: 3,
          column: 32,
          data: { call: 'verify' },
          suggestions: [{ output: "import { verify } from 'jsonwebtoken';\nexport function claims(token: string, secret: string) {\n  return verify(token, secret, {\n    audience: 'shop',\n    issuer: 'auth.example.com',\n    algorithms: ['HS256'],\n  });\n}\n" }],
        },
      ],
    },
    {
      name: "'none' among the accepted algorithms",
      code: JWT + SECRET + "module.exports.check = (token) => jwt.verify(token, JWT_SECRET, { algorithms: ['HS256', 'none'] });\n",
      errors: [
        {
          messageId: 'noneAccepted',
          line: 3,
          column: 89,
          severity: 'error',
          suggestions: [{ title: "Remove 'none' from the accepted algorithms", output: JWT + SECRET + "module.exports.check = (token) => jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'] });\n" }],
        },
      ],
    },
    {
      name: "sign with algorithm 'none' and a private key: RS256",
      code: JWT + "const privateKey = process.env.JWT_PRIVATE_KEY;\nmodule.exports.issue = (user) => jwt.sign({ sub: user.id }, privateKey, { algorithm: 'none' });\n",
      errors: [
        {
          messageId: 'noneSigned',
          line: 3,
          column: 75,
          data: { algorithm: 'RS256' },
          suggestions: [{ title: 'Sign with RS256', output: JWT + "const privateKey = process.env.JWT_PRIVATE_KEY;\nmodule.exports.issue = (user) => jwt.sign({ sub: user.id }, privateKey, { algorithm: 'RS256' });\n" }],
        },
      ],
    },
    {
      name: 'decode whose role claim is compared: verified with the module-level secret',
      code: JWT + SECRET + "function requireAdmin(req, res, next) {\n  const claims = jwt.decode(req.cookies.token);\n  if (claims.role !== 'admin') return res.sendStatus(403);\n  next();\n}\n",
      errors: [
        {
          messageId: 'decodedForAccess',
          line: 4,
          column: 18,
          severity: 'error',
          confidence: 'high',
          relatedLines: [4, 5],
          data: { use: 'decide access here' },
          suggestions: [
            {
              title: 'Verify the signature with `JWT_SECRET` (throws on a forged or expired token)',
              output: JWT + SECRET + "function requireAdmin(req, res, next) {\n  const claims = jwt.verify(req.cookies.token, JWT_SECRET, { algorithms: ['HS256'] });\n  if (claims.role !== 'admin') return res.sendStatus(403);\n  next();\n}\n",
            },
          ],
        },
      ],
    },
    {
      name: 'decode stored as req.user, the key taken from the sign call of the same file',
      code: JWT + "exports.issue = (user) => jwt.sign({ sub: user.id }, process.env.TOKEN_KEY, { expiresIn: '1h' });\nexports.attach = (req, res, next) => {\n  req.user = jwt.decode(req.headers.authorization.slice(7));\n  next();\n};\n",
      errors: [
        {
          messageId: 'decodedForAccess',
          line: 4,
          column: 14,
          data: { use: 'become `req.user`' },
          suggestions: [
            {
              output: JWT + "exports.issue = (user) => jwt.sign({ sub: user.id }, process.env.TOKEN_KEY, { expiresIn: '1h' });\nexports.attach = (req, res, next) => {\n  req.user = jwt.verify(req.headers.authorization.slice(7), process.env.TOKEN_KEY, { algorithms: ['HS256'] });\n  next();\n};\n",
            },
          ],
        },
      ],
    },
    {
      name: 'decode with a roles check and no key in sight: reported without a rewrite',
      code: "import jwt from 'jsonwebtoken';\nexport function canDelete(token) {\n  const { roles } = jwt.decode(token);\n  return roles.includes('admin');\n}\n",
      errors: [{ messageId: 'decodedForAccess', line: 3, column: 21, confidence: 'medium', relatedLines: [4], suggestions: [] }],
    },
    {
      name: 'a shared options constant without algorithms is reported, not edited',
      code: JWT + SECRET + "const VERIFY_OPTIONS = { audience: 'shop' };\nmodule.exports.check = (token) => jwt.verify(token, JWT_SECRET, VERIFY_OPTIONS);\n",
      errors: [{ messageId: 'missingAlgorithms', line: 4, column: 65, suggestions: [] }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'claims handed to a helper that decides access are not followed into it',
      code: JWT + "const authorize = require('./authorize');\nmodule.exports = (req, res, next) => (authorize(jwt.decode(req.cookies.token)) ? next() : res.sendStatus(403));\n",
    },
    {
      kind: 'false-alarm',
      reason: 'a token verified by an earlier middleware in another file and only decoded here is still reported',
      code: JWT + "module.exports = (req, res, next) => {\n  const claims = jwt.decode(req.cookies.token);\n  if (claims.tenant !== req.params.tenant) return res.sendStatus(404);\n  next();\n};\n",
    },
  ],
});

test("a helper in another module that returns a token's unverified claims is reported where the request's token is handed to it", () => {
  const options = { rules: [rule], config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false };
  const helpers = [
    JWT + SECRET,
    'exports.peek = (token) => jwt.decode(token);',
    "exports.check = (token) => jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'] });",
  ].join('\n');
  const helperResult = analyze(helpers, '/app/tokens.js', { ...options, summarize: true });
  // Alone, the helper decides nothing: no finding in its own file.
  assert.deepEqual(helperResult.findings, []);
  assert.ok(helperResult.summary);
  const routes = [
    "const tokens = require('./tokens');",
    "app.get('/admin', (req, res) => { const claims = tokens.peek(req.get('authorization')); if (claims.role !== 'admin') return res.sendStatus(403); res.end(); });",
    "app.get('/me', (req, res) => res.json(tokens.check(req.get('authorization'))));",
    "app.get('/exp', (req, res) => res.json(tokens.peek(process.env.SERVICE_TOKEN)));",
  ].join('\n');
  const result = analyze(routes, '/app/routes.js', { ...options, importedSummaries: { './tokens': helperResult.summary.functions } });
  assert.deepEqual(result.findings.map((f) => [f.ruleId, f.range.start.line]), [['session/no-unverified-jwt', 2]]);
  assert.match(result.findings[0].message, /`jwt\.decode` does not check the signature/);
});
