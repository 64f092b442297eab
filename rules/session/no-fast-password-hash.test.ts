import { runRuleTests } from '../../test/ruleTester';
import rule from './no-fast-password-hash';

const CRYPTO = "const crypto = require('crypto');\n";
const BCRYPT = "const bcrypt = require('bcrypt');\n";

runRuleTests(rule, {
  valid: [
    // The safe version of each invalid case.
    BCRYPT + "async function register(req) {\n  return { email: req.body.email, password: await bcrypt.hash(req.body.password, 12) };\n}\n",
    BCRYPT + "async function login(req, user) {\n  return bcrypt.compare(req.body.password, user.passwordHash);\n}\n",
    BCRYPT + "const SALT_ROUNDS = 12;\nmodule.exports.hash = (password) => bcrypt.hash(password, SALT_ROUNDS);\n",
    CRYPTO + "module.exports.derive = (password, salt) => crypto.pbkdf2Sync(password, salt, 600000, 32, 'sha256');\n",
    // Fast digests are right for random tokens, checksums, cache keys and avatars.
    CRYPTO + "function storeResetToken(user, resetToken) {\n  user.resetTokenHash = crypto.createHash('sha256').update(resetToken).digest('hex');\n}\n",
    CRYPTO + "const gravatarUrl = (email) => 'https://gravatar.com/avatar/' + crypto.createHash('md5').update(email.trim().toLowerCase()).digest('hex');\n",
    CRYPTO + "const etag = (body) => crypto.createHash('sha1').update(body).digest('base64');\n",
    // An HMAC of a password under a server key is another rule's concern (it is still fast, see the doc).
    CRYPTO + "const pepper = (password) => crypto.createHmac('sha256', process.env.PEPPER).update(password).digest('hex');\n",
    // A bcrypt cost read from configuration is trusted.
    BCRYPT + 'module.exports.hash = (password, config) => bcrypt.hash(password, config.rounds);\n',
    // A SHA-2 pre-hash fed into a slow hash (bcrypt reads only 72 bytes): the slow hash protects it.
    CRYPTO + BCRYPT + "async function store(user, password) {\n  user.passwordHash = await bcrypt.hash(crypto.createHash('sha512').update(password).digest('base64'), 12);\n}\n",
    CRYPTO + BCRYPT + "function check(user, password) {\n  const prehashed = crypto.createHash('sha256').update(password).digest('hex');\n  return bcrypt.compareSync(prehashed, user.passwordHash);\n}\n",
    CRYPTO + "const argon2 = require('argon2');\nasync function store(user, password) {\n  user.passwordHash = await argon2.hash(crypto.createHash('sha512').update(password).digest('hex'));\n}\n",
  ],
  invalid: [
    {
      name: 'sha256 of req.body.password stored in an object inside an async handler: bcrypt.hash with the import added',
      code: "const express = require('express');\nconst crypto = require('crypto');\nconst router = express.Router();\nrouter.post('/register', async (req, res) => {\n  await db.users.insert({ email: req.body.email, passwordHash: crypto.createHash('sha256').update(req.body.password).digest('hex') });\n  res.sendStatus(201);\n});\n",
      errors: [
        {
          messageId: 'fastHash',
          line: 5,
          column: 64,
          severity: 'error',
          confidence: 'high',
          data: { call: "crypto.createHash('sha256')", algorithm: '`sha256`' },
          suggestions: [
            {
              title: 'Hash with `bcrypt.hash(req.body.password, 12)` (changes the stored format: existing hashes need a migration)',
              output: "const express = require('express');\nconst crypto = require('crypto');\nconst bcrypt = require('bcrypt');\nconst router = express.Router();\nrouter.post('/register', async (req, res) => {\n  await db.users.insert({ email: req.body.email, passwordHash: await bcrypt.hash(req.body.password, 12) });\n  res.sendStatus(201);\n});\n",
            },
          ],
        },
      ],
    },
    {
      name: 'salted md5 compared with the stored hash in a synchronous function: bcrypt.compareSync',
      code: CRYPTO + BCRYPT + "function checkPassword(user, password) {\n  if (crypto.createHash('md5').update(user.salt + password).digest('hex') !== user.passwordHash) throw new Error('denied');\n}\n",
      errors: [
        {
          messageId: 'fastHash',
          line: 4,
          column: 7,
          suggestions: [
            {
              title: 'Check with `bcrypt.compareSync(password, user.passwordHash)` (stored hashes must be bcrypt hashes)',
              output: CRYPTO + BCRYPT + "function checkPassword(user, password) {\n  if (!bcrypt.compareSync(password, user.passwordHash)) throw new Error('denied');\n}\n",
            },
          ],
        },
      ],
    },
    {
      name: 'ES module, destructured createHash, result in a variable that is only stored',
      code: "import { createHash } from 'node:crypto';\nexport async function changePassword(user, newPassword) {\n  const digest = createHash('sha1').update(newPassword).digest('hex');\n  await user.update({ password: digest });\n}\n",
      errors: [
        {
          messageId: 'fastHash',
          line: 3,
          column: 18,
          data: { call: "createHash('sha1')" },
          suggestions: [
            {
              output: "import { createHash } from 'node:crypto';\nimport bcrypt from 'bcrypt';\nexport async function changePassword(user, newPassword) {\n  const digest = await bcrypt.hash(newPassword, 12);\n  await user.update({ password: digest });\n}\n",
            },
          ],
        },
      ],
    },
    {
      name: 'a helper named hashPassword is reported without a rewrite (it may serve the login check too)',
      code: CRYPTO + "function hashPassword(input) {\n  return crypto.createHash('sha512').update(input).digest('hex');\n}\n",
      errors: [{ messageId: 'fastHash', line: 3, column: 10, confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'a hash object updated in a later statement',
      code: CRYPTO + "function store(user, passphrase) {\n  const hash = crypto.createHash('sha256');\n  hash.update(passphrase);\n  user.secret = hash.digest('hex');\n}\n",
      errors: [{ messageId: 'fastHash', line: 3, column: 16, suggestions: [] }],
    },
    {
      name: 'bcrypt cost below 10, as a literal and through a constant',
      code: "const bcrypt = require('bcryptjs');\nconst ROUNDS = 8;\nexports.hash = (password) => bcrypt.hashSync(password, 4);\nexports.salt = () => bcrypt.genSalt(ROUNDS);\n",
      errors: [
        { messageId: 'lowBcryptCost', line: 3, column: 56, severity: 'warning', data: { cost: '4' }, suggestions: [{ title: 'Raise the cost to 12', output: "const bcrypt = require('bcryptjs');\nconst ROUNDS = 8;\nexports.hash = (password) => bcrypt.hashSync(password, 12);\nexports.salt = () => bcrypt.genSalt(ROUNDS);\n" }] },
        { messageId: 'lowBcryptCost', line: 4, column: 37, data: { cost: '8' }, suggestions: [{ output: "const bcrypt = require('bcryptjs');\nconst ROUNDS = 12;\nexports.hash = (password) => bcrypt.hashSync(password, 4);\nexports.salt = () => bcrypt.genSalt(ROUNDS);\n" }] },
      ],
    },
    {
      name: 'PBKDF2 far below the OWASP iteration count',
      code: CRYPTO + "exports.derive = (password, salt) => crypto.pbkdf2Sync(password, salt, 1000, 64, 'sha512');\n",
      errors: [
        {
          messageId: 'lowPbkdf2Iterations',
          line: 2,
          column: 72,
          data: { iterations: '1000', recommended: '210,000' },
          suggestions: [{ title: 'Raise the iterations to 210_000', output: CRYPTO + "exports.derive = (password, salt) => crypto.pbkdf2Sync(password, salt, 210_000, 64, 'sha512');\n" }],
        },
      ],
    },
    {
      name: 'near miss: the pre-hash variable is also stored as the password',
      code: CRYPTO + BCRYPT + "async function store(user, password) {\n  const prehashed = crypto.createHash('sha512').update(password).digest('base64');\n  user.check = await bcrypt.hash(prehashed, 12);\n  user.passwordHash = prehashed;\n}\n",
      errors: [
        {
          messageId: 'fastHash',
          line: 4,
          column: 21,
          severity: 'error',
          confidence: 'high',
          suggestions: [{ output: CRYPTO + BCRYPT + "async function store(user, password) {\n  const prehashed = await bcrypt.hash(password, 12);\n  user.check = await bcrypt.hash(prehashed, 12);\n  user.passwordHash = prehashed;\n}\n" }],
        },
      ],
    },
    {
      name: 'a password handed to a generic hash helper of the same file is followed into the helper',
      code: CRYPTO + "const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');\nexports.register = (req) => ({ email: req.body.email, hash: sha256(req.body.password) });\n",
      errors: [{ messageId: 'fastHash', line: 2, column: 26, severity: 'error' }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'Web Crypto digests (crypto.subtle.digest) and low scrypt costs are not checked',
      code: "export async function hashPassword(password) {\n  const data = new TextEncoder().encode(password);\n  return crypto.subtle.digest('SHA-256', data);\n}\n",
    },
  ],
});
