import { runRuleTests } from '../../test/ruleTester';
import rule from './no-timing-unsafe-comparison';

/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.post('/hook', (req, res) => {\n  ${body}\n});\n`;
const crypto = "const crypto = require('crypto');\n";

runRuleTests(rule, {
  valid: [
    // The safe version: equal-length buffers compared in constant time.
    crypto + route("const given = Buffer.from(req.get('x-api-key') || '');\n  const expected = Buffer.from(process.env.API_KEY);\n  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return res.sendStatus(401);"),
    // Near misses: presence checks, type tags, lengths and literals.
    route("if (req.body.token === undefined || req.body.token === null || req.body.token === '') return res.sendStatus(400);"),
    route("if (req.body.tokenType !== 'Bearer') return res.sendStatus(400);"),
    route('if (req.body.signature.length !== process.env.WEBHOOK_SECRET.length) return res.sendStatus(401);'),
    route("if (typeof req.headers['x-signature'] !== 'string') return res.sendStatus(400);"),
    // Non-secret ids compared with request input.
    route('if (req.params.id !== req.user.id) return res.sendStatus(403);'),
    route('if (req.body.userId === account.ownerId) res.json(account);'),
    // Two request values compared with each other: nothing secret on either side.
    route('if (req.body.token !== req.query.token) return res.sendStatus(400);'),
    // Plain passwords compared in clear are session/no-plaintext-password's finding.
    route('if (user.password !== req.body.password) return res.sendStatus(401);'),
    // A value of the page itself compared in the browser: nothing to time.
    "if (window.location.hash === savedHash) render();\n",
    // A helper's parameter is shown in the audit profile only.
    'function isValidApiToken(apiToken, account) {\n  return apiToken === account.apiToken;\n}\n',
    // Helpers that compare records, not a caller's guess: an inline callback, two parameters, one field of two rows.
    { code: 'function findHook(hooks, expected) {\n  return hooks.find((hook) => hook.secret === expected.secret);\n}\n', profile: 'audit' },
    { code: "function validateKeys({ masterKey, readOnlyMasterKey }) {\n  if (masterKey === readOnlyMasterKey) throw new Error('keys must differ');\n}\n", profile: 'audit' },
    { code: 'function sameGift(existing, gift) {\n  return existing.token === gift.token;\n}\n', profile: 'audit' },
    // Two fields of the same request: the client's value on both sides.
    route("if (req.cookies.session_token === req.token) res.clearCookie('session_token');"),
    // A helper comparing a parameter with a non-secret.
    'function sameUser(userId, session) {\n  return userId === session.userId;\n}\n',
  ],
  invalid: [
    {
      name: 'Buffer#equals against an environment key with an empty fallback (Fastify hook)',
      code: "app.addHook('onRequest', async (request, reply) => {\n  const given = Buffer.from(String(request.headers['x-internal-key'] ?? ''));\n  const expected = Buffer.from(process.env.INTERNAL_KEY ?? '');\n  if (!given.equals(expected)) return reply.code(403).send();\n});\n",
      errors: [
        {
          messageId: 'unsafeComparison',
          line: 4,
          severity: 'warning',
          confidence: 'high',
          suggestions: [{ output: "const { timingSafeEqual } = require('crypto');\napp.addHook('onRequest', async (request, reply) => {\n  const given = Buffer.from(String(request.headers['x-internal-key'] ?? ''));\n  const expected = Buffer.from(process.env.INTERNAL_KEY ?? '');\n  if (!(given.length === expected.length && timingSafeEqual(given, expected))) return reply.code(403).send();\n});\n" }],
        },
      ],
    },
    {
      name: 'API key header compared with an environment secret',
      code: route("if (req.get('x-api-key') !== process.env.API_KEY) return res.sendStatus(401);"),
      errors: [{ messageId: 'unsafeComparison', line: 2, column: 7, severity: 'warning', confidence: 'high', suggestions: [], fixWithheld: /computed/ }],
    },
    {
      name: 'webhook signature compared with an HMAC digest, with a fix that adds the import',
      code: crypto + route("const signature = req.headers['x-signature'];\n  const expected = crypto.createHmac('sha256', secret).update(req.rawBody).digest('hex');\n  if (signature === expected) res.sendStatus(204);"),
      errors: [
        {
          messageId: 'unsafeComparison',
          line: 5,
          column: 7,
          severity: 'warning',
          confidence: 'high',
          data: { operator: '===', secret: '`expected`', input: 'request input (req.headers.x-signature)' },
          suggestions: [
            {
              title: 'Compare with `timingSafeEqual` after an equal-length check',
              output:
                crypto +
                route("const signature = req.headers['x-signature'];\n  const expected = crypto.createHmac('sha256', secret).update(req.rawBody).digest('hex');\n  if ((Buffer.byteLength(signature) === Buffer.byteLength(expected) && crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected)))) res.sendStatus(204);"),
            },
          ],
        },
      ],
    },
    {
      name: 'negated comparison without a crypto import: the fix adds one',
      code: "import express from 'express';\nconst app = express();\napp.post('/reset', (req, res) => {\n  const token = req.body.token;\n  if (token != user.resetToken) return res.sendStatus(403);\n});\n",
      errors: [
        {
          messageId: 'unsafeComparison',
          line: 5,
          column: 7,
          suggestions: [
            {
              output:
                "import express from 'express';\nimport { timingSafeEqual } from 'crypto';\nconst app = express();\napp.post('/reset', (req, res) => {\n  const token = req.body.token;\n  if (!(Buffer.byteLength(token) === Buffer.byteLength(user.resetToken) && timingSafeEqual(Buffer.from(token), Buffer.from(user.resetToken)))) return res.sendStatus(403);\n});\n",
            },
          ],
        },
      ],
    },
    {
      name: 'Buffer#equals on a signature is not constant-time either',
      code: crypto + route("const given = Buffer.from(req.headers['x-hub-signature-256']);\n  const digest = Buffer.from('sha256=' + crypto.createHmac('sha256', key).update(req.rawBody).digest('hex'));\n  if (!given.equals(digest)) return res.sendStatus(401);"),
      errors: [
        {
          messageId: 'unsafeComparison',
          line: 5,
          column: 7,
          data: { operator: 'Buffer#equals', secret: '`digest`', input: 'request input (req.headers.x-hub-signature-256)' },
          suggestions: [{ output: crypto + route("const given = Buffer.from(req.headers['x-hub-signature-256']);\n  const digest = Buffer.from('sha256=' + crypto.createHmac('sha256', key).update(req.rawBody).digest('hex'));\n  if (!(given.length === digest.length && crypto.timingSafeEqual(given, digest))) return res.sendStatus(401);") }],
        },
      ],
    },
    {
      name: 'Koa CSRF token compared with the session copy',
      code: "router.post('/transfer', async (ctx) => {\n  if (ctx.request.body.csrf !== ctx.session.csrfToken) ctx.throw(403);\n});\n",
      errors: [
        {
          messageId: 'unsafeComparison',
          line: 2,
          column: 7,
          severity: 'warning',
          confidence: 'high',
          suggestions: [
            {
              output:
                "const { timingSafeEqual } = require('crypto');\nrouter.post('/transfer', async (ctx) => {\n  if (!(Buffer.byteLength(ctx.request.body.csrf) === Buffer.byteLength(ctx.session.csrfToken) && timingSafeEqual(Buffer.from(ctx.request.body.csrf), Buffer.from(ctx.session.csrfToken)))) ctx.throw(403);\n});\n",
            },
          ],
        },
      ],
    },
    {
      name: 'a helper comparing a token parameter with a stored token: an audit warning',
      code: 'function isValidApiToken(apiToken, account) {\n  return apiToken === account.apiToken;\n}\n',
      profile: 'audit',
      errors: [
        {
          messageId: 'unsafeComparison',
          line: 2,
          column: 10,
          severity: 'warning',
          confidence: 'low',
          suggestions: [{ output: "const { timingSafeEqual } = require('crypto');\nfunction isValidApiToken(apiToken, account) {\n  return (Buffer.byteLength(apiToken) === Buffer.byteLength(account.apiToken) && timingSafeEqual(Buffer.from(apiToken), Buffer.from(account.apiToken)));\n}\n" }],
        },
      ],
    },
    {
      name: 'a weak secret word (a hash) from the request: medium confidence',
      code: "const crypto = require('node:crypto');\n" + route('if (req.query.hash === invite.hash) res.render("join");'),
      errors: [
        {
          messageId: 'unsafeComparison',
          line: 3,
          column: 7,
          severity: 'warning',
          confidence: 'medium',
          suggestions: [{ output: "const crypto = require('node:crypto');\n" + route('if ((Buffer.byteLength(req.query.hash) === Buffer.byteLength(invite.hash) && crypto.timingSafeEqual(Buffer.from(req.query.hash), Buffer.from(invite.hash)))) res.render("join");') }],
        },
      ],
    },
    {
      name: 'Lambda handler checking an API key header',
      code: "exports.handler = async (event) => {\n  const apiKey = process.env.INTERNAL_API_KEY;\n  if (event.headers['x-api-key'] !== apiKey) return { statusCode: 401 };\n  return { statusCode: 200 };\n};\n",
      errors: [
        {
          messageId: 'unsafeComparison',
          line: 3,
          column: 7,
          severity: 'warning',
          confidence: 'high',
          suggestions: [
            {
              output:
                "const { timingSafeEqual } = require('crypto');\nexports.handler = async (event) => {\n  const apiKey = process.env.INTERNAL_API_KEY;\n  if (!(Buffer.byteLength(event.headers['x-api-key']) === Buffer.byteLength(apiKey) && timingSafeEqual(Buffer.from(event.headers['x-api-key']), Buffer.from(apiKey)))) return { statusCode: 401 };\n  return { statusCode: 200 };\n};\n",
            },
          ],
        },
      ],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a NestJS @Headers() parameter is not known as request input; only the helper rule (both names secret) sees it',
      code: "class HookController {\n  receive(@Headers('x-signature') signature: string, @Body() body: string) {\n    if (signature !== sign(body)) throw new UnauthorizedException();\n  }\n}\n",
    },
  ],
});
