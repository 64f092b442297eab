// Fake secrets of every common kind, generated fresh for each run (no credential-shaped literal is
// committed, so push protection and secret scanners have nothing to trip on), and a workspace
// that writes them the ways real code does: literals, names, positions, URLs, SQL, route paths,
// suppression reasons and concatenations. Every file stays under a story excerpt's cap, so a story
// raised for a whole file quotes all of it.
import { randomInt } from 'node:crypto';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Random and dense enough that a long slice of it occurs nowhere else. */
const token = (length: number, alphabet = ALNUM) => pick(alphabet, length);
/** Low entropy on purpose, like passwords people choose: only its name or position gives it away. */
const phrase = () => `${['velvet', 'copper', 'harbor', 'meadow', 'lantern'][randomInt(5)]}-${pick(LOWER, 6)}-${pick(DIGITS, 4)}`;
const base64url = (text: string) => Buffer.from(text).toString('base64url');

function pemBody(): string {
  return Array.from({ length: 4 }, () => token(64, `${ALNUM}+/`)).join('\n');
}

export interface PlantedSecret {
  kind: string;
  value: string;
}

export function plantSecrets(): PlantedSecret[] {
  const jwtPayload = base64url(JSON.stringify({ sub: token(10), iat: randomInt(1_000_000_000, 1_900_000_000) }));
  return [
    { kind: 'aws-access-key-id', value: `AKIA${token(16, UPPER + DIGITS)}` },
    { kind: 'aws-secret-access-key', value: token(40, `${ALNUM}/+`) },
    { kind: 'gcp-service-account-private-key', value: pemBody() },
    { kind: 'gcp-private-key-id', value: token(40, HEX) },
    { kind: 'azure-storage-account-key', value: `${token(86, `${ALNUM}+/`)}==` },
    { kind: 'github-classic', value: `ghp_${token(36)}` },
    { kind: 'github-fine-grained', value: `github_pat_${token(22)}_${token(59)}` },
    { kind: 'gitlab', value: `glpat-${token(20)}` },
    { kind: 'slack-bot', value: `xoxb-${token(12, DIGITS)}-${token(13, DIGITS)}-${token(24)}` },
    { kind: 'slack-webhook', value: `https://hooks.slack.com/services/T${token(10, UPPER + DIGITS)}/B${token(10, UPPER + DIGITS)}/${token(24)}` },
    { kind: 'discord', value: `M${token(25)}.${token(6)}.${token(38)}` },
    { kind: 'stripe-secret', value: `sk_live_${token(24)}` },
    { kind: 'stripe-restricted', value: `rk_live_${token(24)}` },
    { kind: 'twilio-api-key', value: `SK${token(32, HEX)}` },
    { kind: 'twilio-auth-token', value: token(32, HEX) },
    { kind: 'sendgrid', value: `SG.${token(22)}.${token(43)}` },
    { kind: 'npm', value: `npm_${token(36)}` },
    { kind: 'pypi', value: `pypi-AgEIcHlwaS5vcmc${token(60)}` },
    { kind: 'jwt', value: `${base64url('{"alg":"HS256","typ":"JWT"}')}.${jwtPayload}.${token(43)}` },
    { kind: 'pem-rsa', value: pemBody() },
    { kind: 'pem-ec', value: pemBody() },
    { kind: 'pem-openssh', value: pemBody() },
    { kind: 'postgres-password', value: phrase() },
    { kind: 'mongodb-srv-password', value: phrase() },
    { kind: 'mysql-password', value: phrase() },
    { kind: 'redis-password', value: phrase() },
    { kind: 'high-entropy-session-secret', value: token(32) },
    { kind: 'env-line-db-password', value: phrase() },
    { kind: 'env-line-api-key', value: token(28) },
    { kind: 'named-password', value: phrase() },
    { kind: 'named-client-secret', value: phrase() },
    { kind: 'positional-jwt-sign', value: phrase() },
    { kind: 'positional-hmac', value: phrase() },
    { kind: 'sql-pw', value: phrase() },
    { kind: 'sql-pass', value: phrase() },
    { kind: 'sql-pin', value: `${pick(DIGITS, 6)}${pick(LOWER, 3)}` },
    { kind: 'sql-passcode', value: phrase() },
    { kind: 'route-path-token', value: token(32) },
    { kind: 'suppression-reason-token', value: `ghs_${token(36)}` },
    { kind: 'split-aws-key-tail', value: token(16, UPPER + DIGITS) },
    { kind: 'configuration-value', value: `ghu_${token(36)}` },
  ];
}

/** The files of the workspace, each quoting some of the secrets. */
export function secretFiles(planted: readonly PlantedSecret[]): Record<string, string> {
  const s = Object.fromEntries(planted.map((p) => [p.kind, p.value])) as Record<string, string>;
  const pem = (label: string, body: string) => `-----BEGIN ${label}PRIVATE KEY-----\n${body}\n-----END ${label}PRIVATE KEY-----`;
  return {
    // A configuration problem quotes the value it rejects.
    '.rugged.json': `{ "rules": { "unsafe-api/no-eval": "${s['configuration-value']}" } }\n`,
    'src/cloud.js': [
      `const awsAccessKeyId = '${s['aws-access-key-id']}';`,
      `const awsSecretAccessKey = '${s['aws-secret-access-key']}';`,
      'const serviceAccount = {',
      "  type: 'service_account',",
      `  private_key_id: '${s['gcp-private-key-id']}',`,
      `  private_key: '${pem('', s['gcp-service-account-private-key']).replace(/\n/g, '\\n')}\\n',`,
      '};',
      `const storage = 'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${s['azure-storage-account-key']};EndpointSuffix=core.windows.net';`,
      'module.exports = { awsAccessKeyId, awsSecretAccessKey, serviceAccount, storage };',
      '',
    ].join('\n'),
    'src/tokens.js': [
      `const githubToken = '${s['github-classic']}';`,
      `const fineGrained = '${s['github-fine-grained']}';`,
      `const gitlab = '${s.gitlab}';`,
      `const slackBot = '${s['slack-bot']}';`,
      `const slackHook = '${s['slack-webhook']}';`,
      `const discordToken = '${s.discord}';`,
      `const stripe = require('stripe')('${s['stripe-secret']}');`,
      `const restricted = '${s['stripe-restricted']}';`,
      `const twilioKey = '${s['twilio-api-key']}';`,
      `const twilioAuthToken = '${s['twilio-auth-token']}';`,
      `const sendgrid = '${s.sendgrid}';`,
      `const npmToken = '${s.npm}';`,
      `const pypi = '${s.pypi}';`,
      `const jwtToken = '${s.jwt}';`,
      'module.exports = { githubToken, fineGrained, gitlab, slackBot, slackHook, discordToken, stripe, restricted, twilioKey, twilioAuthToken, sendgrid, npmToken, pypi, jwtToken };',
      '',
    ].join('\n'),
    'src/keys.js': [
      `const rsaKey = \`${pem('RSA ', s['pem-rsa'])}\`;`,
      `const ecKey = \`${pem('EC ', s['pem-ec'])}\`;`,
      `const sshKey = \`${pem('OPENSSH ', s['pem-openssh'])}\`;`,
      'module.exports = { rsaKey, ecKey, sshKey };',
      '',
    ].join('\n'),
    'src/connections.js': [
      `const pg = 'postgres://app:${s['postgres-password']}@db.internal:5432/shop';`,
      `const mongo = 'mongodb+srv://admin:${s['mongodb-srv-password']}@cluster0.example.net/app';`,
      `const mysql = 'mysql://root:${s['mysql-password']}@127.0.0.1/shop';`,
      `const redis = 'redis://:${s['redis-password']}@cache:6379/0';`,
      `const sessionSecret = '${s['high-entropy-session-secret']}';`,
      `const envFile = "NODE_ENV=production\\nDB_PASSWORD=${s['env-line-db-password']}\\nAPI_KEY=${s['env-line-api-key']}\\n";`,
      `const password = '${s['named-password']}';`,
      `const oauth = { clientId: 'shop-web', clientSecret: '${s['named-client-secret']}' };`,
      'module.exports = { pg, mongo, mysql, redis, sessionSecret, envFile, password, oauth };',
      '',
    ].join('\n'),
    'src/signing.js': [
      "const jwt = require('jsonwebtoken');",
      "const crypto = require('crypto');",
      `exports.issue = (p) => jwt.sign(p, '${s['positional-jwt-sign']}');`,
      `exports.mac = (body) => crypto.createHmac('sha256', '${s['positional-hmac']}').update(body).digest('hex');`,
      `// rugged-ignore session/no-hardcoded-secret -- rotated; the old one was ${s['suppression-reason-token']}`,
      "const legacySecret = 'k3y-Of-The-Old-Days-2019';",
      `const splitKey = 'AKIA' + '${s['split-aws-key-tail']}';`,
      'module.exports.keys = { legacySecret, splitKey };',
      '',
    ].join('\n'),
    'src/routes.js': [
      "const express = require('express');",
      "const { Pool } = require('pg');",
      'const pool = new Pool();',
      'const app = express();',
      `app.get('/hooks/${s['route-path-token']}', (req, res) => {`,
      `  pool.query("SELECT * FROM users WHERE pw = '${s['sql-pw']}' AND id = " + req.query.id);`,
      `  pool.query("SELECT * FROM users WHERE pass = '${s['sql-pass']}' AND id = " + req.query.id);`,
      `  pool.query("SELECT * FROM cards WHERE pin = '${s['sql-pin']}' AND id = " + req.query.id);`,
      `  pool.query("SELECT * FROM doors WHERE passcode = '${s['sql-passcode']}' AND id = " + req.query.id);`,
      '  res.end();',
      '});',
      'module.exports = app;',
      '',
    ].join('\n'),
  };
}

/** The value and a long slice from its middle: a secret cut short or re-encoded must not leak either. */
export function needles(secret: PlantedSecret): string[] {
  const value = secret.value;
  const slice = value.length >= 24 ? value.slice(Math.floor(value.length / 2) - 8, Math.floor(value.length / 2) + 8) : undefined;
  // PEM bodies are quoted line by line; each line is a needle of its own.
  const lines = value.includes('\n') ? value.split('\n') : [];
  return [value, ...(slice ? [slice] : []), ...lines];
}
