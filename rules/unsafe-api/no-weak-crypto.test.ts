import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { runRuleTests } from '../../test/ruleTester';
import fastPasswordHash from '../session/no-fast-password-hash';
import rule from './no-weak-crypto';

const CRYPTO = "const crypto = require('crypto');\n";

runRuleTests(rule, {
  valid: [
    // HMAC-SHA1 (webhook signatures) is shown in the audit profile only.
    "const crypto = require('crypto');\nmodule.exports = (body, key) => crypto.createHmac('sha1', key).update(body).digest('hex');\n",
    // The safe versions.
    CRYPTO + "function encrypt(key, text) {\n  const iv = crypto.randomBytes(12);\n  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);\n  return Buffer.concat([iv, cipher.update(text), cipher.final(), cipher.getAuthTag()]);\n}\n",
    CRYPTO + "function decrypt(key, iv, data) {\n  return crypto.createDecipheriv('aes-256-cbc', key, iv).update(data);\n}\n",
    CRYPTO + "const iv = Buffer.alloc(16);\ncrypto.randomFillSync(iv);\nconst cipher = crypto.createCipheriv('aes-256-cbc', process.env.KEY, iv);\n",
    CRYPTO + "const signature = crypto.createHmac('sha256', process.env.WEBHOOK_SECRET).update(body).digest('hex');\n",
    CRYPTO + "const signer = crypto.createSign('RSA-SHA256');\nconst { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 3072 });\n",
    // Checksums and password hashing are not this rule's business.
    CRYPTO + "const etag = crypto.createHash('md5').update(body).digest('hex');\n",
    CRYPTO + "function store(password) {\n  return crypto.createHash('md5').update(password).digest('hex');\n}\n",
    // Not Node's crypto module.
    "const CryptoJS = require('crypto-js');\nconst box = CryptoJS.DES.encrypt(message, key);\nconst other = { createCipheriv: () => null };\nother.createCipheriv('des', 'k', 'iv');\n",
    // An ECB-free algorithm chosen at run time cannot be judged.
    CRYPTO + "function make(algorithm, key, iv) {\n  return crypto.createCipheriv(algorithm, key, iv);\n}\n",
  ],
  invalid: [
    {
      name: 'createCipher derives key and IV from a password',
      code: CRYPTO + "const cipher = crypto.createCipher('aes-256-cbc', process.env.PASSWORD);\n",
      errors: [{ messageId: 'noIvCipher', line: 2, column: 16, severity: 'error', confidence: 'high', data: { call: 'crypto.createCipher' }, suggestions: [] }],
    },
    {
      name: 'DES and RC4',
      code: "import { createCipheriv } from 'node:crypto';\nexport const legacy = (key, iv) => createCipheriv('des-ede3-cbc', key, iv);\nexport const stream = (key) => createCipheriv('rc4', key, null);\n",
      errors: [
        { messageId: 'weakCipher', line: 2, column: 51, data: { algorithm: 'des-ede3-cbc' }, suggestions: [] },
        { messageId: 'weakCipher', line: 3, column: 47, data: { algorithm: 'rc4' }, suggestions: [] },
      ],
    },
    {
      name: 'ECB through a constant',
      code: CRYPTO + "const ALGORITHM = 'aes-128-ecb';\nconst cipher = crypto.createCipheriv(ALGORITHM, key, null);\n",
      errors: [{ messageId: 'ecbMode', line: 3, column: 38, data: { algorithm: 'aes-128-ecb' }, suggestions: [] }],
    },
    {
      name: 'decrypting with a weak cipher is a warning',
      code: CRYPTO + "function readLegacy(key, iv, data) {\n  return crypto.createDecipheriv('des-cbc', key, iv).update(data);\n}\n",
      errors: [{ messageId: 'weakCipher', line: 3, column: 34, severity: 'warning', suggestions: [] }],
    },
    {
      name: 'a zero IV',
      code: CRYPTO + "const cipher = crypto.createCipheriv('aes-256-cbc', key, Buffer.alloc(16, 0));\n",
      errors: [{ messageId: 'fixedIv', line: 2, column: 58, severity: 'error', confidence: 'high', suggestions: [] }],
    },
    {
      name: 'an IV written as text in a module constant',
      code: CRYPTO + "const IV = Buffer.from('0123456789abcdef');\nexport function seal(key, text) {\n  return crypto.createCipheriv('aes-256-gcm', key, IV).update(text);\n}\n",
      filename: 'seal.mjs',
      errors: [{ messageId: 'fixedIv', line: 4, column: 52, data: { kind: 'written in the code' }, suggestions: [] }],
    },
    {
      name: 'an IV read once from the environment is a warning',
      code: CRYPTO + "const iv = Buffer.from(process.env.ENCRYPTION_IV, 'hex');\nconst cipher = crypto.createCipheriv('aes-256-cbc', key, iv);\n",
      errors: [{ messageId: 'fixedIv', line: 3, column: 58, severity: 'warning', confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'RSA-SHA1 signature becomes RSA-SHA256',
      code: CRYPTO + "const signature = crypto.createSign('RSA-SHA1').update(payload).sign(privateKey, 'base64');\n",
      errors: [
        {
          messageId: 'weakSignature',
          line: 2,
          column: 37,
          severity: 'error',
          suggestions: [{ title: 'Use `RSA-SHA256` (the other side must verify with the same digest)', output: CRYPTO + "const signature = crypto.createSign('RSA-SHA256').update(payload).sign(privateKey, 'base64');\n" }],
        },
      ],
    },
    {
      name: 'one-shot verify with sha1 is a warning',
      code: "const { verify } = require('crypto');\nconst ok = verify('sha1', data, publicKey, signature);\n",
      errors: [{ messageId: 'weakSignature', line: 2, column: 19, severity: 'warning', suggestions: [{ output: "const { verify } = require('crypto');\nconst ok = verify('sha256', data, publicKey, signature);\n" }] }],
    },
    {
      name: 'HMAC-MD5 is a warning',
      code: CRYPTO + 'const mac = crypto.createHmac("md5", secret).update(body).digest("hex");\n',
      errors: [{ messageId: 'weakHmac', line: 2, column: 31, severity: 'warning', confidence: 'medium', suggestions: [{ output: CRYPTO + 'const mac = crypto.createHmac("sha256", secret).update(body).digest("hex");\n' }] }],
    },
    {
      name: 'HMAC-SHA1 is only information',
      profile: 'audit',
      code: CRYPTO + "const mac = crypto.createHmac('SHA1', secret).update(body).digest('hex');\n",
      errors: [{ messageId: 'weakHmac', line: 2, column: 31, severity: 'info', confidence: 'low', suggestions: [{ output: CRYPTO + "const mac = crypto.createHmac('SHA256', secret).update(body).digest('hex');\n" }] }],
    },
    {
      name: '1024-bit RSA key',
      code: CRYPTO + "crypto.generateKeyPair('rsa', { modulusLength: 1024, publicExponent: 0x10001 }, (err, publicKey, privateKey) => {});\n",
      errors: [
        {
          messageId: 'shortKey',
          line: 2,
          column: 48,
          data: { bits: '1024' },
          suggestions: [{ title: 'Use `modulusLength: 3072` (slower key generation and signing, accepted everywhere)', output: CRYPTO + "crypto.generateKeyPair('rsa', { modulusLength: 3072, publicExponent: 0x10001 }, (err, publicKey, privateKey) => {});\n" }],
        },
      ],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'the Web Crypto API (crypto.subtle) and libraries such as crypto-js or node-forge are not modelled',
      code: "const CryptoJS = require('crypto-js');\nconst box = CryptoJS.DES.encrypt(message, key);\n",
    },
    {
      kind: 'missed',
      reason: 'an IV reused across calls because it is created once per process in a variable of another scope is not followed',
      code: CRYPTO + "let iv;\nfunction init() {\n  iv = crypto.randomBytes(16);\n}\nfunction seal(key, text) {\n  return crypto.createCipheriv('aes-256-cbc', key, iv).update(text);\n}\n",
    },
  ],
});

test('an MD5 password hash is reported once, by session/no-fast-password-hash, whose advice is bcrypt', () => {
  const code = CRYPTO + "function store(password) {\n  return crypto.createHash('md5').update(password).digest('hex');\n}\n";
  const { findings } = analyze(code, 'file.js', { rules: [rule, fastPasswordHash], config: defaultEngineConfig() });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]), [['session/no-fast-password-hash', 3, 9]]);
  assert.match(findings[0].message, /bcrypt/);
});
