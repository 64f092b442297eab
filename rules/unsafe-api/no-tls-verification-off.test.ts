import { runRuleTests } from '../../test/ruleTester';
import rule from './no-tls-verification-off';

const AXIOS = "const axios = require('axios');\nconst https = require('https');\n";

runRuleTests(rule, {
  valid: [
    // The safe versions: verification on, a private CA trusted explicitly.
    AXIOS + "const fs = require('fs');\nconst client = axios.create({ httpsAgent: new https.Agent({ ca: fs.readFileSync('/etc/ssl/corp-ca.pem') }) });\n",
    "const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: { ca: process.env.DB_CA } });\n",
    "const tls = require('tls');\nconst socket = tls.connect({ host: 'mail.example.com', port: 465, rejectUnauthorized: true });\n",
    "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';\n",
    "request({ url: 'https://api.example.com', strictSSL: true }, () => {});\n",
    // A host name check that really checks.
    "const tls = require('tls');\ntls.connect({ host: 'db.internal', checkServerIdentity: (host, cert) => {\n  if (!cert.subject.CN.endsWith('.internal')) return new Error('unexpected host ' + host);\n  return undefined;\n} });\n",
    // Computed from the environment: the rule cannot tell, and production is the usual default.
    AXIOS + "const agent = new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === 'production' });\n",
    // Names that only look alike.
    "const stats = { rejectUnauthorizedCount: 0, strictSSLMode: false };\nconst form = { insecure: true };\n",
  ],
  invalid: [
    {
      name: 'axios with an https.Agent that accepts any certificate',
      code: AXIOS + 'const client = axios.create({ httpsAgent: new https.Agent({ rejectUnauthorized: false }) });\n',
      errors: [
        {
          messageId: 'optionOff',
          line: 3,
          column: 61,
          severity: 'error',
          confidence: 'high',
          data: { option: 'rejectUnauthorized: false' },
          suggestions: [
            {
              title: 'Remove `rejectUnauthorized: false` (certificate errors then fail the request; supply `ca` for a private CA)',
              output: AXIOS + 'const client = axios.create({ httpsAgent: new https.Agent({}) });\n',
            },
          ],
        },
      ],
    },
    {
      name: 'pg ssl options: the empty ssl object still verifies',
      code: "const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } });\n",
      errors: [{ messageId: 'optionOff', line: 2, column: 76, suggestions: [{ output: "const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: {} });\n" }] }],
    },
    {
      name: 'got https options keep their other settings',
      code: "const got = require('got');\nexport const api = got.extend({ https: { rejectUnauthorized: false, certificate: process.env.CLIENT_CERT } });\n",
      errors: [{ messageId: 'optionOff', line: 2, column: 42, suggestions: [{ output: "const got = require('got');\nexport const api = got.extend({ https: { certificate: process.env.CLIENT_CERT } });\n" }] }],
    },
    {
      name: 'the process-wide switch, removed with its line',
      code: "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nconst res = await fetch('https://api.example.com/items');\n",
      filename: 'client.mjs',
      errors: [
        {
          messageId: 'envOff',
          line: 1,
          column: 1,
          suggestions: [{ title: 'Remove this setting (certificate errors then fail the connection; use NODE_EXTRA_CA_CERTS for a private CA)', output: "const res = await fetch('https://api.example.com/items');\n" }],
        },
      ],
    },
    {
      name: 'limited to development by a condition: warning naming the condition',
      code: "if (process.env.NODE_ENV !== 'production') {\n  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n}\n",
      errors: [
        {
          messageId: 'envOff',
          line: 2,
          column: 3,
          severity: 'warning',
          confidence: 'medium',
          data: { guard: " when `process.env.NODE_ENV !== 'production'` holds" },
          suggestions: [{ output: "if (process.env.NODE_ENV !== 'production') {\n}\n" }],
        },
      ],
    },
    {
      name: 'the body of an if without braces is not deleted (the next statement would become the body)',
      code: 'if (isDev) process.env.NODE_TLS_REJECT_UNAUTHORIZED = 0;\nstart();\n',
      errors: [{ messageId: 'envOff', line: 1, column: 12, severity: 'warning', suggestions: [] }],
    },
    {
      name: 'checkServerIdentity that accepts every certificate',
      code: "const tls = require('tls');\nconst socket = tls.connect({ host: 'db.internal', port: 5433, checkServerIdentity: () => undefined });\n",
      errors: [
        {
          messageId: 'identityOff',
          line: 2,
          column: 63,
          suggestions: [{ title: 'Remove `checkServerIdentity` (the default check compares the certificate with the host name)', output: "const tls = require('tls');\nconst socket = tls.connect({ host: 'db.internal', port: 5433 });\n" }],
        },
      ],
    },
    {
      name: "request's strictSSL",
      code: "const request = require('request');\nrequest({ url: process.env.BILLING_URL, strictSSL: false }, (err, res, body) => {});\n",
      errors: [{ messageId: 'optionOff', line: 2, column: 41, data: { option: 'strictSSL: false' }, suggestions: [{ output: "const request = require('request');\nrequest({ url: process.env.BILLING_URL }, (err, res, body) => {});\n" }] }],
    },
    {
      name: 'MongoDB client options',
      code: "const { MongoClient } = require('mongodb');\nconst client = new MongoClient(process.env.MONGO_URL, { tls: true, tlsAllowInvalidCertificates: true });\n",
      errors: [{ messageId: 'optionOff', line: 2, column: 68, data: { option: 'tlsAllowInvalidCertificates: true' }, suggestions: [{ output: "const { MongoClient } = require('mongodb');\nconst client = new MongoClient(process.env.MONGO_URL, { tls: true });\n" }] }],
    },
    {
      name: 'the global agent switched off by assignment',
      code: "const https = require('https');\nhttps.globalAgent.options.rejectUnauthorized = false;\nmodule.exports = https;\n",
      errors: [{ messageId: 'optionOff', line: 2, column: 1, data: { option: 'rejectUnauthorized = false' }, suggestions: [{ output: "const https = require('https');\nmodule.exports = https;\n" }] }],
    },
    {
      name: "superagent's disableTLSCerts in a chain",
      code: "const superagent = require('superagent');\nasync function status() {\n  return superagent.get(process.env.STATUS_URL).disableTLSCerts().set('Accept', 'application/json');\n}\n",
      errors: [
        {
          messageId: 'disabledCerts',
          line: 3,
          column: 49,
          suggestions: [{ output: "const superagent = require('superagent');\nasync function status() {\n  return superagent.get(process.env.STATUS_URL).set('Accept', 'application/json');\n}\n" }],
        },
      ],
    },
    {
      name: 'the switch handed to a child process environment',
      code: "const { spawn } = require('child_process');\nspawn('npm', ['test'], { env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });\n",
      errors: [{ messageId: 'envOff', line: 2, column: 49, suggestions: [{ output: "const { spawn } = require('child_process');\nspawn('npm', ['test'], { env: { ...process.env } });\n" }] }],
    },
    {
      name: 'an explicit opt-out setting, like curl -k, is a warning',
      code: AXIOS + "class Client {\n  agentFor(agent) {\n    if (this.options.ignoreSslErrors) agent.options = Object.assign(agent.options || {}, { rejectUnauthorized: false });\n    return agent;\n  }\n}\n",
      errors: [{ messageId: 'optionOff', line: 5, column: 92, severity: 'warning', confidence: 'medium', data: { guard: ' when `this.options.ignoreSslErrors` holds' }, suggestions: [{ output: AXIOS + "class Client {\n  agentFor(agent) {\n    if (this.options.ignoreSslErrors) agent.options = Object.assign(agent.options || {}, {});\n    return agent;\n  }\n}\n" }] }],
    },
    {
      name: 'an opt-out setting in a conjunction still limits the setting to users who opted out: a warning naming that part',
      code: "function socketFor(credentials) {\n  const socket = { host: credentials.host, tls: credentials.ssl === true };\n  if (credentials.ssl === true && credentials.disableTlsVerification === true) {\n    socket.rejectUnauthorized = false;\n  }\n  return socket;\n}\n",
      errors: [{ messageId: 'optionOff', line: 4, severity: 'warning', confidence: 'medium', data: { guard: ' when `credentials.disableTlsVerification === true` holds' }, suggestions: [{ output: "function socketFor(credentials) {\n  const socket = { host: credentials.host, tls: credentials.ssl === true };\n  if (credentials.ssl === true && credentials.disableTlsVerification === true) {\n  }\n  return socket;\n}\n" }] }],
    },
    {
      name: 'a conjunction of conditions that are not an opt-out is no guard (near miss)',
      code: "function socketFor(credentials) {\n  const socket = { host: credentials.host };\n  if (credentials.ssl === true && credentials.port === 6380) {\n    socket.rejectUnauthorized = false;\n  }\n  return socket;\n}\n",
      errors: [{ messageId: 'optionOff', line: 4, severity: 'error', confidence: 'high', data: { guard: '' }, suggestions: [{ output: "function socketFor(credentials) {\n  const socket = { host: credentials.host };\n  if (credentials.ssl === true && credentials.port === 6380) {\n  }\n  return socket;\n}\n" }] }],
    },
    {
      name: 'a disjunction holds whenever its other part does, so one opt-out in it is no guard (near miss)',
      code: "function socketFor(credentials) {\n  const socket = { host: credentials.host };\n  if (credentials.ssl === true || credentials.disableTlsVerification === true) {\n    socket.rejectUnauthorized = false;\n  }\n  return socket;\n}\n",
      errors: [{ messageId: 'optionOff', line: 4, severity: 'error', data: { guard: '' }, suggestions: [{ output: "function socketFor(credentials) {\n  const socket = { host: credentials.host };\n  if (credentials.ssl === true || credentials.disableTlsVerification === true) {\n  }\n  return socket;\n}\n" }] }],
    },
    {
      name: 'an agent chosen by a development flag',
      code: AXIOS + 'const agent = isDev ? new https.Agent({ rejectUnauthorized: false }) : undefined;\n',
      errors: [{ messageId: 'optionOff', line: 3, column: 41, severity: 'warning', data: { guard: ' when `isDev` holds' }, suggestions: [{ output: AXIOS + 'const agent = isDev ? new https.Agent({}) : undefined;\n' }] }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a constant variable holding false is not followed',
      code: AXIOS + 'const VERIFY = false;\nconst agent = new https.Agent({ rejectUnauthorized: VERIFY });\n',
    },
    {
      kind: 'missed',
      reason: 'an options object built up property by property is not followed',
      code: AXIOS + 'const options = {};\noptions.ca = undefined;\noptions["reject" + "Unauthorized"] = false;\nconst agent = new https.Agent(options);\n',
    },
  ],
});
