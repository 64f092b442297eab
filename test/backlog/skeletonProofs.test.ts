// Each kind of security test a story proposes is a real test: written for a small vulnerable app,
// it fails there and passes once the app is fixed. The app runs on a stand-in for Express (and the
// real jsonwebtoken), the test runs in its own `node --test` process as a team would run it.
// Reflected and stored XSS are raised from a finding shaped like the server-side XSS rule's, which
// lives on another branch; every other kind goes through `rugged story --write-test`.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import type { Finding } from '../../server/src/engine/finding';
import { buildStory, type RuleInfo } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { EXPRESS_STAND_IN } from './expressStandIn';
import { mysql2PromiseStandIn, pgStandIn } from './sqlStandIns';
import { FIXED_NOW, findingsOf, removeDir, tempDir } from './helpers';
import { startFixtureApp } from './fixtureApp';

const ROUTES = 'src/routes/api.js';

/** The installed jsonwebtoken (it ships no types), for checking what it refuses on its own. */
const jwt = createRequire(__filename)('jsonwebtoken') as { verify(token: string, key: string, options?: { algorithms: string[] }): unknown };
const APP = [
  "const express = require('express');",
  'const app = express();',
  "app.use('/api', require('./src/routes/api'));",
  "app.listen(0, (server) => process.stdout.write(server.address().port + '\\n'));",
  '',
].join('\n');

/** node-serialize's `unserialize` as the library writes it: a value marked as a function is evaluated. */
const NODE_SERIALIZE_STAND_IN = [
  "const FUNC = '_$$ND_FUNC$$_';",
  'exports.unserialize = (text) => {',
  "  const value = typeof text === 'string' ? JSON.parse(text) : text;",
  '  for (const key of Object.keys(value)) {',
  "    if (typeof value[key] === 'string' && value[key].startsWith(FUNC)) value[key] = eval('(' + value[key].slice(FUNC.length) + ')');",
  '  }',
  '  return value;',
  '};',
  '',
].join('\n');

/**
 * libxmljs as far as the XXE test reaches: with `noent` an external entity naming a file is replaced
 * by the file's contents (what libxml2's XML_PARSE_NOENT does); without it the reference stays empty.
 */
const LIBXMLJS_STAND_IN = [
  "const fs = require('fs');",
  'exports.parseXml = (xml, options = {}) => {',
  '  const entities = {};',
  '  const body = String(xml).replace(/<!DOCTYPE[^[]*\\[([\\s\\S]*?)\\]>/, (_, declarations) => {',
  '    for (const m of declarations.matchAll(/<!ENTITY\\s+(\\w+)\\s+SYSTEM\\s+"([^"]+)"\\s*>/g)) entities[m[1]] = m[2];',
  "    return '';",
  '  });',
  "  const expanded = body.replace(/&(\\w+);/g, (_, name) => (options.noent && entities[name] ? fs.readFileSync(new URL(entities[name]), 'utf8') : ''));",
  "  const text = expanded.replace(/<\\?[^>]*\\?>|<[^>]+>/g, '');",
  "  const find = (xpath) => [...expanded.matchAll(new RegExp('<' + xpath.replace(/^\\/\\//, '') + '\\\\b', 'g'))];",
  '  return { root: () => ({ text: () => text }), find };',
  '};',
  '',
].join('\n');

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A fixture app: the stand-in Express, the real jsonwebtoken, and `routes` mounted under /api. */
function fixtureApp(prefix: string, routes: string, extra: Record<string, string> = {}): string {
  const root = tempDir(prefix);
  write(root, 'package.json', '{ "name": "fixture", "private": true, "dependencies": { "jsonwebtoken": "^9.0.2" } }\n');
  write(root, 'app.js', APP);
  write(root, 'node_modules/express/index.js', EXPRESS_STAND_IN);
  symlinkSync(dirname(require.resolve('jsonwebtoken/package.json')), join(root, 'node_modules/jsonwebtoken'), 'dir');
  write(root, ROUTES, routes);
  for (const [path, text] of Object.entries(extra)) write(root, path, text);
  return root;
}


/** Runs the written test as the team would: its own process, without this runner's context. */
async function runSkeleton(root: string, path: string, http: boolean, more: NodeJS.ProcessEnv = {}): Promise<{ status: number; output: string }> {
  const app = http ? await startFixtureApp(root) : undefined;
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, PROJECT_ROOT: root, ...(app ? { BASE_URL: `http://127.0.0.1:${app.port}` } : {}), ...more };
    delete env.NODE_TEST_CONTEXT;
    // A test that never ends (an open pool keeping its process alive) is stopped and reported as such.
    const result = spawnSync(process.execPath, ['--test', path], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    if (result.signal) return { status: -1, output: `${result.stdout}${result.stderr}\nthe test process did not end: stopped with ${result.signal}` };
    return { status: result.status ?? -1, output: result.stdout + result.stderr };
  } finally {
    app?.child.kill();
  }
}

async function raise(root: string, file: string, lines: string, args: string[] = []): Promise<{ story: Story; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
  const code = await run(['story', file, '--lines', lines, ...args, '--yes', '--write-test', '--format', 'json'], io, { today: '2025-06-01' });
  assert.equal(code, 0, stderr);
  return { story: (JSON.parse(stdout) as { story: Story }).story, stderr };
}

interface ProofCase {
  kind: string;
  routes: string;
  extra?: Record<string, string>;
  file?: string;
  lines: string;
  /** The test's name, after the story key. */
  name: string;
  fixed: Record<string, string>;
  http?: boolean;
  /** More `rugged story` options (a chosen goal). */
  args?: string[];
  /** What the test's failure on the vulnerable app must say: the attack, not a crash. */
  failsWith?: RegExp;
  /** Environment of the fixed app and its test run (a rotated key, the old value for the test). */
  fixedEnv?: Record<string, string>;
}

/** Users whose e-mail address a PUT changes; the fixed version checks the caller owns the record. */
function othersRecordRoutes(checksOwner: boolean): string {
  return [
    "const express = require('express');",
    'const router = express.Router();',
    "const users = { 1: { id: 1, email: 'ann@example.test' }, 2: { id: 2, email: 'bob@example.test' } };",
    "router.get('/users/:id', (req, res) => {",
    '  const user = users[req.params.id];',
    '  return user ? res.json(user) : res.status(404).end();',
    '});',
    "router.put('/users/:id', (req, res) => {",
    "  const me = req.headers['x-user-id'];",
    '  if (!me) return res.status(401).end();',
    '  const user = users[req.params.id];',
    checksOwner ? '  if (!user || String(user.id) !== me) return res.status(404).end();' : '  if (!user) return res.status(404).end();',
    '  user.email = req.body.email;',
    '  res.json(user);',
    '});',
    'module.exports = router;',
    '',
  ].join('\n');
}

/** A login whose query is `query` (source text): it hashes the password first and answers `{ data: rows }`. */
function loginQueryRoutes(query: string): string {
  return [
    "const crypto = require('crypto');",
    "const express = require('express');",
    "const { Pool } = require('pg');",
    'const pool = new Pool();',
    'const router = express.Router();',
    "router.post('/login', async (req, res) => {",
    "  const hash = crypto.createHash('sha256').update(req.body.password).digest('hex');",
    `  const { rows } = await pool.query(${query});`,
    '  res.json({ data: rows });',
    '});',
    'module.exports = router;',
    '',
  ].join('\n');
}

const CASES: ProofCase[] = [
  {
    kind: 'path traversal',
    routes: [
      "const express = require('express');",
      "const path = require('path');",
      'const router = express.Router();',
      "router.get('/files', (req, res) => {",
      "  res.sendFile(path.join(__dirname, 'files', req.query.name));",
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '4-6',
    name: 'GET /api/files refuses a ../ path in name',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        "const path = require('path');",
        'const router = express.Router();',
        "router.get('/files', (req, res) => {",
        "  const base = path.join(__dirname, 'files');",
        '  const target = path.resolve(base, String(req.query.name));',
        "  if (!target.startsWith(base + path.sep)) return res.status(400).send('bad name');",
        '  res.sendFile(target);',
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    kind: 'open redirect',
    routes: [
      "const express = require('express');",
      'const router = express.Router();',
      "router.get('/continue', (req, res) => {",
      '  res.redirect(req.query.next);',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '3-5',
    name: 'GET /api/continue keeps the redirect from next on this site',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        'const router = express.Router();',
        "router.get('/continue', (req, res) => {",
        '  const next = String(req.query.next);',
        "  res.redirect(/^\\/(?![/\\\\])/.test(next) ? next : '/');",
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    kind: 'command injection',
    routes: [
      "const express = require('express');",
      "const { exec } = require('child_process');",
      'const router = express.Router();',
      "router.get('/lookup', (req, res) => {",
      "  exec('echo checking ' + req.query.host, (err, out) => res.send(out));",
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '4-6',
    name: 'GET /api/lookup runs no shell command sent in host',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        "const { execFile } = require('child_process');",
        'const router = express.Router();',
        "router.get('/lookup', (req, res) => {",
        "  execFile('echo', ['checking', String(req.query.host)], (err, out) => res.send(out));",
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    // The review's case: the code appends its own suffix (`tar czf ${name}.tgz`), which a payload
    // ending in the marker's path would turn into another file name.
    kind: 'command injection where the code appends a suffix to the value',
    routes: [
      "const express = require('express');",
      "const { exec } = require('child_process');",
      'const router = express.Router();',
      "router.get('/export', (req, res) => {",
      "  exec('echo /tmp/orders-' + req.query.month + '.tgz', (err, out) => res.send(out));",
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '4-6',
    name: 'GET /api/export runs no shell command sent in month',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        "const { execFile } = require('child_process');",
        'const router = express.Router();',
        "router.get('/export', (req, res) => {",
        "  execFile('echo', ['/tmp/orders-' + String(req.query.month) + '.tgz'], (err, out) => res.send(out));",
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    // The review's cases: a login reading a password it was not sent crashed (500, counted as no
    // record), and a `{ data: [] }` envelope counted as one record, so the test could never pass.
    kind: 'SQL injection in a login that hashes the password and answers an envelope',
    routes: loginQueryRoutes("\"SELECT id, email FROM users WHERE email = '\" + req.body.email + \"' AND password = '\" + hash + \"'\""),
    extra: { 'node_modules/pg/index.js': pgStandIn("CREATE TABLE users (id INTEGER, email TEXT, password TEXT); INSERT INTO users VALUES (1, 'ann@example.test', 'x');") },
    lines: '6-10',
    name: 'POST /api/login refuses an injected email',
    fixed: { [ROUTES]: loginQueryRoutes("'SELECT id, email FROM users WHERE email = $1 AND password = $2', [req.body.email, hash]") },
  },
  {
    kind: 'unsigned JWT',
    routes: [
      "const express = require('express');",
      "const jwt = require('jsonwebtoken');",
      'const router = express.Router();',
      "router.get('/admin/stats', (req, res) => {",
      "  const claims = jwt.decode(String(req.headers.authorization).replace('Bearer ', ''));",
      "  if (!claims || claims.role !== 'admin') return res.status(403).end();",
      '  res.json({ orders: 42 });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '4-8',
    name: 'GET /api/admin/stats refuses an unsigned (alg none) token',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        "const jwt = require('jsonwebtoken');",
        'const router = express.Router();',
        "router.get('/admin/stats', (req, res) => {",
        '  let claims;',
        '  try {',
        "    claims = jwt.verify(String(req.headers.authorization).replace('Bearer ', ''), process.env.JWT_KEY || 'fixture-only', { algorithms: ['HS256'] });",
        '  } catch {',
        '    return res.status(401).end();',
        '  }',
        "  if (claims.role !== 'admin') return res.status(403).end();",
        '  res.json({ orders: 42 });',
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    kind: 'session cookie flags',
    routes: [
      "const express = require('express');",
      'const router = express.Router();',
      "router.post('/login', (req, res) => {",
      "  res.cookie('sid', require('crypto').randomUUID(), { httpOnly: false });",
      '  res.json({ ok: true });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '3-6',
    name: 'POST /api/login sets cookies with HttpOnly, Secure and SameSite',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        'const router = express.Router();',
        "router.post('/login', (req, res) => {",
        "  res.cookie('sid', require('crypto').randomUUID(), { httpOnly: true, secure: true, sameSite: 'lax' });",
        '  res.json({ ok: true });',
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    kind: 'server-side eval',
    routes: [
      "const express = require('express');",
      'const router = express.Router();',
      "router.post('/close', (req, res) => {",
      "  const keep = eval('(todo) => ' + req.body.filter);",
      '  res.json({ kept: [{ done: true }, { done: false }].filter(keep).length });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '3-6',
    name: 'POST /api/close runs no JavaScript sent in filter',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        'const router = express.Router();',
        'const FILTERS = { done: (todo) => todo.done, open: (todo) => !todo.done };',
        "router.post('/close', (req, res) => {",
        '  const keep = FILTERS[req.body.filter];',
        "  if (!keep) return res.status(400).json({ error: 'unknown filter' });",
        '  res.json({ kept: [{ done: true }, { done: false }].filter(keep).length });',
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    // The review's case (todo-notes TASK-11): the evaluated value is used later as a callback, inside
    // a database callback, where `undefined` throws and kills the app before it answers.
    kind: 'server-side eval whose result is used later as a callback',
    routes: [
      "const express = require('express');",
      'const router = express.Router();',
      "router.post('/bulk-close', (req, res) => {",
      "  const keep = eval('(todo) => ' + req.body.filter);",
      '  setImmediate(() => {',
      '    const ids = [{ id: 1, done: false }].filter(keep).map((t) => t.id);',
      '    res.json({ closed: ids.length });',
      '  });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '3-9',
    name: 'POST /api/bulk-close runs no JavaScript sent in filter',
    failsWith: /the injected JavaScript ran/,
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        'const router = express.Router();',
        'const FILTERS = { done: (todo) => todo.done, open: (todo) => !todo.done };',
        "router.post('/bulk-close', (req, res) => {",
        '  const keep = FILTERS[req.body.filter];',
        "  if (!keep) return res.status(400).json({ error: 'unknown filter' });",
        '  res.json({ closed: [{ id: 1, done: false }].filter(keep).length });',
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    kind: 'timing-unsafe comparison',
    routes: [
      "const express = require('express');",
      'const router = express.Router();',
      "router.get('/deluxe', (req, res) => {",
      "  if (req.headers['x-api-key'] === process.env.DELUXE_API_KEY) return res.json({ deluxe: true });",
      '  res.status(403).end();',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '3-6',
    name: `${ROUTES} compares the secret with crypto.timingSafeEqual`,
    // The review's case (juice TASK-5): with the variable unset, a request without the header got in.
    failsWith: /a request without the x-api-key header got in while DELUXE_API_KEY is unset \(answered 200\)/,
    fixed: {
      [ROUTES]: [
        "const crypto = require('crypto');",
        "const express = require('express');",
        "if (!process.env.DELUXE_API_KEY) throw new Error('DELUXE_API_KEY is not set');",
        'const router = express.Router();',
        '/** Equal-length digests, so timingSafeEqual never throws and the key length does not leak. */',
        "const digest = (value) => crypto.createHash('sha256').update(String(value)).digest();",
        "router.get('/deluxe', (req, res) => {",
        "  if (crypto.timingSafeEqual(digest(req.headers['x-api-key']), digest(process.env.DELUXE_API_KEY))) return res.json({ deluxe: true });",
        '  res.status(403).end();',
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
    http: false,
  },
  {
    kind: 'predictable token (Math.random)',
    routes: [
      "const express = require('express');",
      'const router = express.Router();',
      "router.post('/login', (req, res) => {",
      '  const sid = Math.random().toString(36).slice(2);',
      "  res.cookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' });",
      '  res.json({ ok: true });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '3-7',
    name: 'POST /api/login issues tokens that do not depend on Math.random or the clock',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        "const { randomBytes } = require('crypto');",
        'const router = express.Router();',
        "router.post('/login', (req, res) => {",
        "  const sid = randomBytes(32).toString('base64url');",
        "  res.cookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' });",
        '  res.json({ ok: true });',
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
    http: false,
  },
  {
    kind: 'predictable token (clock)',
    routes: [
      "const express = require('express');",
      'const router = express.Router();',
      "router.post('/reset', (req, res) => {",
      "  const resetToken = Date.now().toString(16) + '-' + String(req.body.email).length;",
      '  res.json({ resetToken });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '3-6',
    name: 'POST /api/reset issues tokens that do not depend on Math.random or the clock',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        "const { randomBytes } = require('crypto');",
        'const router = express.Router();',
        "router.post('/reset', (req, res) => {",
        "  const resetToken = randomBytes(32).toString('base64url');",
        '  res.json({ resetToken });',
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
    http: false,
  },
  {
    kind: 'unsafe deserialisation (node-serialize)',
    routes: [
      "const express = require('express');",
      "const serialize = require('node-serialize');",
      'const router = express.Router();',
      "router.get('/remember', (req, res) => {",
      '  const profile = serialize.unserialize(req.query.p);',
      '  res.json({ hello: profile.name });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    extra: { 'node_modules/node-serialize/index.js': NODE_SERIALIZE_STAND_IN },
    lines: '4-7',
    name: 'GET /api/remember runs no function in a serialized object sent in p',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        'const router = express.Router();',
        "router.get('/remember', (req, res) => {",
        '  let profile;',
        '  try {',
        '    profile = JSON.parse(String(req.query.p));',
        '  } catch {',
        "    return res.status(400).json({ error: 'bad profile' });",
        '  }',
        "  res.json({ hello: typeof profile.name === 'string' ? profile.name : '' });",
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    kind: 'unsafe deserialisation (node-serialize) of a base64 cookie',
    routes: [
      "const express = require('express');",
      "const { unserialize } = require('node-serialize');",
      'const router = express.Router();',
      "router.get('/profile', (req, res) => {",
      "  if (!req.cookies.profile) return res.json({ hello: 'guest' });",
      "  const profile = unserialize(Buffer.from(req.cookies.profile, 'base64').toString());",
      '  res.json({ hello: profile.username });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    extra: { 'node_modules/node-serialize/index.js': NODE_SERIALIZE_STAND_IN },
    lines: '4-8',
    name: 'GET /api/profile runs no function in a serialized object sent in the profile cookie',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        'const router = express.Router();',
        "router.get('/profile', (req, res) => {",
        "  if (!req.cookies.profile) return res.json({ hello: 'guest' });",
        '  let profile;',
        '  try {',
        "    profile = JSON.parse(Buffer.from(req.cookies.profile, 'base64').toString());",
        '  } catch {',
        "    return res.status(400).json({ error: 'bad profile' });",
        '  }',
        "  res.json({ hello: typeof profile.username === 'string' ? profile.username : '' });",
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    kind: 'XML external entity (libxmljs noent)',
    routes: [
      "const express = require('express');",
      "const libxml = require('libxmljs');",
      'const router = express.Router();',
      "router.post('/import', (req, res) => {",
      '  const doc = libxml.parseXml(req.body.xml, { noent: true });',
      '  res.send(doc.root().text());',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    extra: { 'node_modules/libxmljs/index.js': LIBXMLJS_STAND_IN },
    lines: '4-7',
    name: 'POST /api/import expands no external entity sent in xml',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        "const libxml = require('libxmljs');",
        'const router = express.Router();',
        "router.post('/import', (req, res) => {",
        '  const doc = libxml.parseXml(req.body.xml);',
        '  res.send(doc.root().text());',
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    // The review's case (juice TASK-10): blind XXE whose answer only counts orders; an entity naming
    // a file that holds one order turns the count 0 into 1.
    kind: 'XML external entity whose answer only counts (libxmljs noent)',
    routes: [
      "const express = require('express');",
      "const libxml = require('libxmljs');",
      'const router = express.Router();',
      "router.post('/import', (req, res) => {",
      '  const doc = libxml.parseXml(req.body.xml, { noent: true });',
      "  res.json({ orders: doc.find('//order').length });",
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    extra: { 'node_modules/libxmljs/index.js': LIBXMLJS_STAND_IN },
    lines: '4-7',
    name: 'POST /api/import expands no external entity sent in xml',
    failsWith: /the answer counts the <order\/> that only the file named by the external entity holds/,
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        "const libxml = require('libxmljs');",
        'const router = express.Router();',
        "router.post('/import', (req, res) => {",
        '  const doc = libxml.parseXml(req.body.xml);',
        "  res.json({ orders: doc.find('//order').length });",
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    kind: 'open redirect chosen as the goal, field destructured in the parameters',
    routes: [
      "const express = require('express');",
      'const router = express.Router();',
      "router.get('/continue', ({ query: { next } }, res) => {",
      "  res.redirect(next || '/');",
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    lines: '3-5',
    args: ['--goal', 's-open-redirect'],
    name: 'GET /api/continue keeps the redirect from next on this site',
    fixed: {
      [ROUTES]: [
        "const express = require('express');",
        'const router = express.Router();',
        "router.get('/continue', ({ query: { next } }, res) => {",
        "  res.redirect(/^\\/(?![/\\\\])/.test(String(next)) ? next : '/');",
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
  },
  {
    kind: "write-IDOR chosen as the goal: another user's record changed through its id, caller named by a header",
    routes: othersRecordRoutes(false),
    lines: '8-15',
    args: ['--goal', 't-others-record'],
    name: "PUT /api/users/:id refuses to change another user's record",
    fixed: { [ROUTES]: othersRecordRoutes(true) },
  },
  {
    kind: 'fast password hash at registration (the rule leads)',
    routes: [
      "const crypto = require('crypto');",
      "const express = require('express');",
      "const { pool } = require('../db');",
      'const router = express.Router();',
      "router.post('/register', async (req, res) => {",
      "  const hash = crypto.createHash('sha256').update(req.body.password).digest('hex');",
      "  await pool.query('INSERT INTO customers (email, password_hash) VALUES ($1, $2)', [req.body.email, hash]);",
      '  res.status(201).end();',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    extra: {
      'src/db.js': "const { Pool } = require('pg');\nmodule.exports = { pool: new Pool() };\n",
      'node_modules/pg/index.js': pgStandIn('CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, password_hash TEXT);'),
    },
    lines: '5-9',
    name: 'POST /api/register stores no password as typed or as a fast hash',
    fixed: {
      [ROUTES]: [
        "const crypto = require('crypto');",
        "const express = require('express');",
        "const { pool } = require('../db');",
        'const router = express.Router();',
        "router.post('/register', async (req, res) => {",
        "  const salt = crypto.randomBytes(16).toString('hex');",
        "  const hash = `scrypt$${salt}$${crypto.scryptSync(req.body.password, salt, 32).toString('hex')}`;",
        "  await pool.query('INSERT INTO customers (email, password_hash) VALUES ($1, $2)', [req.body.email, hash]);",
        '  res.status(201).end();',
        '});',
        'module.exports = router;',
        '',
      ].join('\n'),
    },
    http: false,
  },
  {
    // The review's case (juice TASK-8): the check verifies with a key written in the source, so the
    // way in is a token signed with it; the test reads the key where the app does, and after the
    // rotation it is given the old value to prove the app refuses it.
    kind: 'JWT checked with a committed key',
    routes: [
      "const express = require('express');",
      "const jwt = require('jsonwebtoken');",
      "const { SIGNING_KEY } = require('../security');",
      'const router = express.Router();',
      "router.get('/partner/orders', (req, res) => {",
      '  let partner;',
      '  try {',
      "    partner = jwt.verify(String(req.headers.authorization).replace('Bearer ', ''), SIGNING_KEY);",
      '  } catch {',
      '    return res.status(401).end();',
      '  }',
      '  res.json({ partner: partner.sub });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n'),
    extra: { 'src/security.js': "const SIGNING_KEY = 'jbk_live_fixture_5e1c7f2d3b4a9c2e71d64b05a9';\nmodule.exports = { SIGNING_KEY };\n" },
    lines: '5-13',
    name: 'GET /api/partner/orders refuses a token signed with the committed SIGNING_KEY',
    failsWith: /a token signed with the committed key was accepted \(answered 200\)/,
    fixed: {
      'src/security.js': "const SIGNING_KEY = process.env.JWT_KEY;\nif (!SIGNING_KEY) throw new Error('JWT_KEY is not set');\nmodule.exports = { SIGNING_KEY };\n",
    },
    fixedEnv: { JWT_KEY: 'rotated-fixture-key-0b6f2c', COMMITTED_KEY: 'jbk_live_fixture_5e1c7f2d3b4a9c2e71d64b05a9' },
  },
  {
    kind: 'hard-coded secret',
    routes: "const express = require('express');\nmodule.exports = express.Router();\n",
    extra: { 'src/config.js': "module.exports = {\n  jwtSecret: 'k3y-Sup3r-s3cret-shop-2024',\n};\n" },
    file: 'src/config.js',
    lines: '2',
    name: 'src/config.js holds no committed secret',
    fixed: { 'src/config.js': 'module.exports = {\n  jwtSecret: process.env.JWT_SECRET,\n};\n' },
    http: false,
  },
];

describe('the security test of each kind of story fails on the vulnerable app and passes once it is fixed', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeDir));

  for (const proof of CASES) {
    it(proof.kind, async () => {
      const root = fixtureApp(proof.kind.replace(/\W+/g, '-'), proof.routes, proof.extra);
      roots.push(root);
      const { story, stderr } = await raise(root, proof.file ?? ROUTES, proof.lines, proof.args);
      const skeleton = story.testSkeleton;
      assert.ok(skeleton, `no test for ${proof.kind}: ${stderr}`);
      assert.match(stderr, /wrote the security test skeleton/);
      assert.ok(skeleton.code.includes(`${story.key}: ${proof.name}`), skeleton.code);
      assert.ok(story.acceptanceCriteria.some((c) => c.kind === 'test' && c.text.includes(skeleton.path)), 'the test criterion names the file');
      assert.ok(existsSync(join(root, skeleton.path)));

      const before = await runSkeleton(root, skeleton.path, proof.http !== false);
      assert.notEqual(before.status, 0, `passes on the vulnerable app:\n${before.output}`);
      if (proof.failsWith) assert.match(before.output, proof.failsWith);
      for (const [path, text] of Object.entries(proof.fixed)) write(root, path, text);
      const saved = Object.fromEntries(Object.keys(proof.fixedEnv ?? {}).map((name) => [name, process.env[name]]));
      Object.assign(process.env, proof.fixedEnv ?? {});
      try {
        const fixed = await runSkeleton(root, skeleton.path, proof.http !== false);
        assert.equal(fixed.status, 0, `fails on the fixed app:\n${fixed.output}`);
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    });
  }
});

/** The orders route with `order` as its ORDER BY clause; ids and totals sort differently. */
function ordersRoute(order: string, guard: string[] = []): string {
  return [
    "const express = require('express');",
    "const { Pool } = require('pg');",
    'const pool = new Pool();',
    'const router = express.Router();',
    "const SORTS = { id: 'id', total: 'total' };",
    "router.get('/orders', async (req, res) => {",
    ...guard,
    `  const result = await pool.query('SELECT id, total FROM orders ORDER BY ' + ${order});`,
    '  res.json(result.rows);',
    '});',
    'module.exports = router;',
    '',
  ].join('\n');
}

describe('the sort allow-list test agrees with its fix criterion: a refusal or the default order passes, a used name fails', () => {
  const root = fixtureApp('sql-identifier', ordersRoute('req.query.sort'), {
    'node_modules/pg/index.js': pgStandIn('CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO orders VALUES (1, 30), (2, 10), (3, 20);'),
  });
  after(() => removeDir(root));
  let skeletonPath = '';

  it('is proposed with the criterion the fix criterion allows', async () => {
    const { story } = await raise(root, ROUTES, '6-9');
    const skeleton = story.testSkeleton;
    assert.ok(skeleton, JSON.stringify(story.acceptanceCriteria));
    assert.ok(skeleton.code.includes(`${story.key}: GET /api/orders ignores or refuses a sort outside its allow-list`), skeleton.code);
    const fix = story.acceptanceCriteria.find((c) => c.kind === 'control')!.text;
    assert.match(fix, /rejected or falls back to a default/);
    assert.match(fix, /refused \(4xx\), or it answers exactly as it does without `sort` \(the default order\)/);
    assert.ok(story.acceptanceCriteria.some((c) => c.kind === 'test' && c.text.includes(skeleton.path) && c.text.includes('the default order')));
    skeletonPath = skeleton.path;
  });

  const variants = [
    { app: 'vulnerable, no default', routes: ordersRoute('req.query.sort'), passes: false },
    { app: "vulnerable, with a default (`sort || 'id'`)", routes: ordersRoute("(req.query.sort || 'id')"), passes: false },
    { app: 'vulnerable, with a newest-first default', routes: ordersRoute("(req.query.sort || 'id DESC')"), passes: false },
    { app: 'fixed by refusing an unknown sort (400)', routes: ordersRoute('column', ['  const column = SORTS[req.query.sort || \'id\'];', "  if (!column) return res.status(400).json({ error: 'unknown sort' });"]), passes: true },
    { app: 'fixed by falling back to the default column', routes: ordersRoute("(SORTS[req.query.sort] || 'id')"), passes: true },
  ];
  for (const variant of variants) {
    it(`${variant.passes ? 'passes' : 'fails'} on the app ${variant.app}`, async () => {
      write(root, ROUTES, variant.routes);
      const result = await runSkeleton(root, skeletonPath, true);
      if (variant.passes) assert.equal(result.status, 0, `fails on the fixed app:\n${result.output}`);
      else assert.notEqual(result.status, 0, `passes on the vulnerable app:\n${result.output}`);
    });
  }
});

describe("the example shop's GET /orders story (TASK-4): its test fails on the shop's code and passes after either fix its criterion allows", () => {
  const ordersPath = 'src/routes/orders.js';
  const shopOrders = readFileSync(resolve(__dirname, '..', '..', 'examples', 'express-shop', ordersPath), 'utf8');
  const query = '`SELECT * FROM orders WHERE customer_id = ${customer} ORDER BY ${sort}`';
  assert.ok(shopOrders.includes(query), 'the shop still builds its orders query this way');
  const allowList = "const SORTS = { id: 'id', total: 'total' };\nrouter.get('/',";
  // Each fix also binds `customer`, which the same test attacks, and checks it is an integer.
  const fixed = (choose: string) =>
    shopOrders
      .replace("router.get('/',", allowList)
      .replace('  const { customer, sort } = req.query;\n', `  const { customer, sort } = req.query;\n  if (!/^\\d+$/.test(String(customer))) return res.status(400).end();\n${choose}`)
      .replace(`${query},`, `${query.replace('${customer}', '?').replace('${sort}', '${column}')}, [Number(customer)],`);
  const root = tempDir('shop-orders');
  after(() => removeDir(root));
  write(root, 'package.json', '{ "name": "express-shop-example", "private": true }\n');
  write(root, 'app.js', APP.replace("app.use('/api', require('./src/routes/api'));", "app.use('/orders', require('./src/routes/orders'));"));
  write(root, 'node_modules/express/index.js', EXPRESS_STAND_IN);
  write(root, 'node_modules/mysql2/promise.js', mysql2PromiseStandIn('CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total INTEGER); INSERT INTO orders VALUES (1, 1, 30), (2, 1, 10), (3, 1, 20);'));
  write(root, ordersPath, shopOrders);
  let skeletonPath = '';

  it('proposes the sort test, naming the field the other requests need', async () => {
    const { story } = await raise(root, ordersPath, '8-14', ['--prerequisites', 'with a customer account', '--asset', "customers' orders"]);
    const skeleton = story.testSkeleton;
    assert.ok(skeleton, JSON.stringify(story.acceptanceCriteria));
    assert.ok(skeleton.code.includes(`${story.key}: GET /orders ignores or refuses a sort outside its allow-list`), skeleton.code);
    assert.match(skeleton.code, /\/orders\?customer=1&sort=/);
    skeletonPath = skeleton.path;
  });

  const variants = [
    { app: "the shop's code", text: shopOrders, passes: false },
    { app: 'the fix that refuses an unknown sort', text: fixed("  const column = SORTS[sort || 'id'];\n  if (!column) return res.status(400).json({ error: 'unknown sort' });\n"), passes: true },
    { app: 'the fix that falls back to the default column', text: fixed("  const column = SORTS[sort] || 'id';\n"), passes: true },
  ];
  for (const variant of variants) {
    it(`${variant.passes ? 'passes' : 'fails'} on ${variant.app}`, async () => {
      write(root, ordersPath, variant.text);
      const result = await runSkeleton(root, skeletonPath, true);
      if (variant.passes) assert.equal(result.status, 0, `fails on the fixed shop:\n${result.output}`);
      else assert.notEqual(result.status, 0, `passes on the vulnerable shop:\n${result.output}`);
    });
  }
});

describe('the write-IDOR test where the caller logs in with a cookie: it fails until its login step is written, then proves the fix', () => {
  const routes = (checksOwner: boolean) =>
    [
      "const express = require('express');",
      'const router = express.Router();',
      "const SESSIONS = { 'sid-ann': 1, 'sid-bob': 2 };",
      "const reviews = { 1: { id: 1, author: 1, message: 'fresh' }, 2: { id: 2, author: 2, message: 'tasty' } };",
      "router.get('/reviews/:id', (req, res) => res.json(reviews[req.params.id] || null));",
      "router.delete('/reviews/:id', (req, res) => {",
      '  const me = SESSIONS[req.cookies.sid];',
      '  if (!me) return res.status(401).end();',
      '  const review = reviews[req.params.id];',
      checksOwner ? '  if (!review || review.author !== me) return res.status(404).end();' : '  if (!review) return res.status(404).end();',
      '  delete reviews[req.params.id];',
      '  res.status(204).end();',
      '});',
      'module.exports = router;',
      '',
    ].join('\n');
  const root = fixtureApp('write-idor-cookie', routes(false));
  after(() => removeDir(root));

  it('is proposed with a marked login step and fails until it is written; written, it fails on the vulnerable app and passes on the fixed one', async () => {
    const { story } = await raise(root, ROUTES, '6-13', ['--goal', 't-others-record']);
    const skeleton = story.testSkeleton;
    assert.ok(skeleton, JSON.stringify(story.acceptanceCriteria));
    assert.match(skeleton.code, /the handler knows its caller by `req\.cookies\.sid`/);
    assert.match(skeleton.code, /DELETE \/api\/reviews\/:id refuses to change another user's review/);
    assert.ok(story.acceptanceCriteria.some((c) => c.kind === 'test' && c.text.includes('with the login headers of two test accounts')));
    const unwritten = await runSkeleton(root, skeleton.path, true);
    assert.notEqual(unwritten.status, 0);
    assert.match(unwritten.output, /put the login headers of two test accounts in LOGINS first/);

    // The team writes the login step the way the app logs in: its session cookie.
    const path = join(root, skeleton.path);
    const written = readFileSync(path, 'utf8').replace('const LOGINS = { ATTACKER: undefined, VICTIM: undefined };', "const LOGINS = { ATTACKER: { cookie: 'sid=sid-ann' }, VICTIM: { cookie: 'sid=sid-bob' } };");
    assert.notEqual(written, readFileSync(path, 'utf8'));
    writeFileSync(path, written);
    const before = await runSkeleton(root, skeleton.path, true);
    assert.notEqual(before.status, 0, `passes on the vulnerable app:\n${before.output}`);
    assert.match(before.output, /answered 204/);
    write(root, ROUTES, routes(true));
    const fixed = await runSkeleton(root, skeleton.path, true);
    assert.equal(fixed.status, 0, `fails on the fixed app:\n${fixed.output}`);
  });
});

describe('the plaintext-password test reads what registration stored through the app\'s own database module', () => {
  const register = (stored: string, setup: string[] = []) =>
    [
      "const crypto = require('crypto');",
      "const express = require('express');",
      "const { pool: db } = require('../db');",
      'const router = express.Router();',
      "router.post('/register', async (req, res) => {",
      ...setup,
      `  await db.query('INSERT INTO users (email, password) VALUES ($1, $2)', [req.body.email, ${stored}]);`,
      '  res.status(201).end();',
      '});',
      'module.exports = router;',
      '',
    ].join('\n');
  const root = fixtureApp('stored-password', register('req.body.password'), {
    'src/db.js': "const { Pool } = require('pg');\nmodule.exports = { pool: new Pool() };\n",
    'node_modules/pg/index.js': pgStandIn("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, password TEXT); INSERT INTO users (email, password) VALUES ('ann@example.test', 'x');"),
  });
  after(() => removeDir(root));
  let skeletonPath = '';

  it('is proposed for the chosen goal, about the password field, naming the store module', async () => {
    const { story } = await raise(root, ROUTES, '5-9', ['--goal', 'i-plaintext-password']);
    const skeleton = story.testSkeleton;
    assert.ok(skeleton, JSON.stringify(story.acceptanceCriteria));
    assert.ok(skeleton.code.includes(`${story.key}: POST /api/register stores no password as typed or as a fast hash`), skeleton.code);
    assert.ok(story.acceptanceCriteria.some((c) => c.kind === 'control' && c.text.includes('`req.body.password`')), JSON.stringify(story.acceptanceCriteria));
    assert.ok(story.acceptanceCriteria.some((c) => c.kind === 'test' && c.text.includes(skeleton.path) && c.text.includes('`src/db`')));
    skeletonPath = skeleton.path;
  });

  const variants = [
    { app: 'stores the password as typed', text: register('req.body.password'), passes: false },
    { app: 'stores an unsalted MD5 of it', text: register("crypto.createHash('md5').update(req.body.password).digest('hex')"), passes: false },
    { app: 'stores an unsalted SHA-256 of it in base64', text: register("crypto.createHash('sha256').update(req.body.password).digest('base64')"), passes: false },
    {
      app: 'stores a salted scrypt hash (the fix)',
      text: register('`${salt}:${crypto.scryptSync(req.body.password, salt, 32).toString(\'hex\')}`', ["  const salt = crypto.randomBytes(16).toString('hex');"]),
      passes: true,
    },
  ];
  for (const variant of variants) {
    it(`${variant.passes ? 'passes' : 'fails'} when the app ${variant.app}`, async () => {
      write(root, ROUTES, variant.text);
      const result = await runSkeleton(root, skeletonPath, false);
      if (variant.passes) assert.equal(result.status, 0, `fails on the fixed app:\n${result.output}`);
      else {
        assert.notEqual(result.status, 0, `passes on the vulnerable app:\n${result.output}`);
        assert.match(result.output, /stored as typed or as a fast, unsalted hash/);
      }
    });
  }

  it('asks for a manual check where the database handle is not a module the test can load', () => {
    const text = register('req.body.password').replace("const { pool: db } = require('../db');", "const { Pool } = require('pg');\nconst db = new Pool();");
    const story = buildStory({ text, path: ROUTES, findings: [], selection: { startLine: 6, endLine: 10 }, rules: allRules, choices: { goalId: 'i-plaintext-password' }, mountPrefix: '/api', now: FIXED_NOW, toolVersion: 't' });
    assert.equal(story.testSkeleton, undefined);
    assert.match(story.testNote ?? '', /manual check: register a user, read the stored record/);
    assert.ok(story.acceptanceCriteria.some((c) => c.kind === 'test' && c.text.startsWith('No failing test is proposed')));
  });
});

/** A finding as the server-side XSS rule reports it: at the sent markup, with where the input enters. */
function xssFinding(text: string, sink: string, source: string): Finding {
  const point = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length, offset };
  };
  const at = (needle: string) => ({ start: point(text.indexOf(needle)), end: point(text.indexOf(needle) + needle.length) });
  return {
    ruleId: 'unsafe-api/no-server-side-xss',
    severity: 'error',
    confidence: 'high',
    message: `Markup sent with \`res.send\` is built from request input (${source}); escape it.`,
    range: at(sink),
    fixes: [],
    related: [{ message: `${source} enters here`, range: at(source) }],
    fingerprint: createHash('sha256').update(sink).digest('hex'),
  };
}

const XSS_RULE: RuleInfo = {
  id: 'unsafe-api/no-server-side-xss',
  meta: {
    title: 'Markup built from request input',
    cwe: ['CWE-79'],
    owasp: ['A03:2021-Injection'],
    abuserStory: {
      actor: 'anonymous internet user',
      goal: "make the site send my script to a victim's browser",
      harm: "I act in the victim's session",
      stride: ['T', 'I'],
      asset: 'user sessions',
      controls: ['Values are escaped for HTML before they are written into a page'],
      likelihood: 3,
      impact: 2,
    },
  },
};

const ESCAPE = "const escape = (s) => String(s).replace(/[&<>\"']/g, (c) => '&#' + c.charCodeAt(0) + ';');";

describe('the XSS test fails while markup comes back unescaped and passes once it is escaped', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeDir));
  const variants = [
    {
      kind: 'reflected',
      sink: "'<h1>Hello ' + req.query.name + '</h1>'",
      source: 'req.query.name',
      routes: (escape: boolean) =>
        [
          "const express = require('express');",
          'const router = express.Router();',
          ...(escape ? [ESCAPE] : []),
          "router.get('/hello', (req, res) => {",
          `  res.send('<h1>Hello ' + ${escape ? 'escape(req.query.name)' : 'req.query.name'} + '</h1>');`,
          '});',
          'module.exports = router;',
          '',
        ].join('\n'),
      name: 'GET /api/hello escapes markup sent as name',
    },
    {
      kind: 'stored',
      sink: "'<li>' + c + '</li>'",
      source: 'req.body.text',
      routes: (escape: boolean) =>
        [
          "const express = require('express');",
          'const router = express.Router();',
          'const comments = [];',
          ...(escape ? [ESCAPE] : []),
          "router.post('/comments', (req, res) => {",
          '  comments.push(req.body.text);',
          `  res.send('<ul>' + comments.map((c) => '<li>' + ${escape ? 'escape(c)' : 'c'} + '</li>').join('') + '</ul>');`,
          '});',
          "router.get('/comments', (req, res) => res.send('<ul>' + comments.map((c) => '<li>' + " + (escape ? 'escape(c)' : 'c') + " + '</li>').join('') + '</ul>'));",
          'module.exports = router;',
          '',
        ].join('\n'),
      name: 'POST /api/comments escapes markup sent as text',
    },
  ];
  for (const variant of variants) {
    it(variant.kind, async () => {
      const text = variant.routes(false);
      const root = fixtureApp(`xss-${variant.kind}`, text);
      roots.push(root);
      const findings = [...findingsOf(text, ROUTES), xssFinding(text, variant.sink, variant.source)];
      const story = buildStory({ text, path: ROUTES, findings, rules: [...allRules, XSS_RULE], choices: { ruleId: XSS_RULE.id }, mountPrefix: '/api', now: FIXED_NOW, toolVersion: 't' });
      const skeleton = story.testSkeleton;
      assert.ok(skeleton, JSON.stringify(story.acceptanceCriteria));
      assert.equal(skeleton.payload, '"><script>alert(document.domain)</script>');
      assert.ok(skeleton.code.includes(`${story.key}: ${variant.name}`), skeleton.code);
      write(root, skeleton.path, skeleton.code);
      const before = await runSkeleton(root, skeleton.path, true);
      assert.notEqual(before.status, 0, `passes on the vulnerable app:\n${before.output}`);
      write(root, ROUTES, variant.routes(true));
      const fixed = await runSkeleton(root, skeleton.path, true);
      assert.equal(fixed.status, 0, `fails on the fixed app:\n${fixed.output}`);
    });
  }
});

describe("no test is proposed where a request cannot show the attack, and the story says why", () => {
  const cases = [
    { kind: 'token from a counter', rule: 'session/no-predictable-token', code: "let issued = 1000;\nrouter.post('/login', (req, res) => {\n  const sid = 'sid-' + issued++;\n  res.cookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' });\n  res.end();\n});", reason: /two tokens differ/ },
    { kind: 'XXE whose answer shows nothing of the document', rule: 'unsafe-api/no-xml-external-entities', code: "const libxml = require('libxmljs');\nconst imported = [];\nrouter.post('/import', (req, res) => {\n  imported.push(libxml.parseXml(req.body.xml, { noent: true }));\n  res.status(204).end();\n});", reason: /entity expansion/ },
    { kind: 'deserialisation with funcster', rule: 'unsafe-api/no-unsafe-deserialization', code: "const funcster = require('funcster');\nrouter.post('/remember', (req, res) => {\n  const profile = funcster.deepDeserialize(req.body.p);\n  res.json({ hello: profile.name });\n});", reason: /JSON\.parse/ },
    {
      kind: "'none' listed beside a key in jwt.verify (jsonwebtoken still demands a signature)",
      rule: 'session/no-unverified-jwt',
      code: "const jwt = require('jsonwebtoken');\nrouter.get('/admin/stats', (req, res) => {\n  const claims = jwt.verify(String(req.headers.authorization).replace('Bearer ', ''), process.env.JWT_KEY, { algorithms: ['HS256', 'none'] });\n  res.json({ admin: claims.role === 'admin' });\n});",
      reason: /refuses an unsigned token in jwt\.verify whenever it is given a key/,
    },
    {
      kind: "tokens signed with 'none' (the check happens elsewhere)",
      rule: 'session/no-unverified-jwt',
      code: "const jwt = require('jsonwebtoken');\nrouter.post('/login', (req, res) => {\n  res.json({ token: jwt.sign({ sub: req.body.name }, '', { algorithm: 'none' }) });\n});",
      reason: /issues unsigned tokens, and whether one is accepted is decided where tokens are checked/,
    },
    {
      kind: 'hand-made session store whose logout already deletes the session',
      rule: 'session/no-homemade-session-store',
      code: [
        'const sessions = {};',
        "router.post('/login', (req, res) => {",
        "  const sid = require('crypto').randomUUID();",
        '  sessions[sid] = { user: req.body.name };',
        "  res.cookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' });",
        '  res.end();',
        '});',
        "router.get('/me', (req, res) => (sessions[req.cookies.sid] ? res.json(sessions[req.cookies.sid]) : res.status(401).end()));",
        "router.post('/logout', (req, res) => {",
        '  delete sessions[req.cookies.sid];',
        '  res.end();',
        '});',
      ].join('\n'),
      reason: /logout already deletes the session from the store \(`delete sessions\[req\.cookies\.sid\]`\)/,
    },
  ];
  for (const c of cases) {
    it(c.kind, () => {
      const text = ["const express = require('express');", 'const router = express.Router();', c.code, 'module.exports = router;', ''].join('\n');
      const findings = findingsOf(text, ROUTES).filter((f) => f.ruleId === c.rule);
      assert.ok(findings.length > 0, `${c.rule} does not fire on the fixture`);
      const story = buildStory({ text, path: ROUTES, findings, rules: allRules, choices: { ruleId: c.rule }, mountPrefix: '/api', now: FIXED_NOW, toolVersion: 't' });
      assert.equal(story.testSkeleton, undefined);
      assert.match(story.testNote ?? '', c.reason);
      assert.ok(story.acceptanceCriteria.some((a) => a.kind === 'test' && a.text.startsWith('No failing test is proposed')), JSON.stringify(story.acceptanceCriteria));
      assert.ok(!story.acceptanceCriteria.some((a) => /^An automated security test/.test(a.text)), 'the seed still asks for the test');
    });
  }

  it("holds for the installed jsonwebtoken: verify with a key refuses an unsigned token even with 'none' allowed", () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'rugged-attacker', role: 'admin' })}.`;
    assert.throws(() => jwt.verify(unsigned, 'fixture-key', { algorithms: ['HS256', 'none'] }), /jwt signature is required/);
    assert.throws(() => jwt.verify(unsigned, 'fixture-key'), /jwt signature is required/);
  });

  it('keeps the replay criterion where logout leaves the session in the store', () => {
    const text = [
      "const express = require('express');",
      'const router = express.Router();',
      'const sessions = {};',
      "router.post('/login', (req, res) => {",
      "  const sid = require('crypto').randomUUID();",
      '  sessions[sid] = { user: req.body.name };',
      "  res.cookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' });",
      '  res.end();',
      '});',
      "router.get('/me', (req, res) => (sessions[req.cookies.sid] ? res.json(sessions[req.cookies.sid]) : res.status(401).end()));",
      "router.post('/logout', (req, res) => res.clearCookie('sid').end());",
      'module.exports = router;',
      '',
    ].join('\n');
    const rule = 'session/no-homemade-session-store';
    const findings = findingsOf(text, ROUTES).filter((f) => f.ruleId === rule);
    assert.ok(findings.length > 0, `${rule} does not fire on the fixture`);
    const story = buildStory({ text, path: ROUTES, findings, rules: allRules, choices: { ruleId: rule }, mountPrefix: '/api', now: FIXED_NOW, toolVersion: 't' });
    assert.equal(story.testNote, undefined);
  });
});

/** A login that succeeds only for ann's name and password; `after` is what it does then (source lines). */
function loginRoutes(after: string[]): string {
  return [
    "const express = require('express');",
    'const router = express.Router();',
    "const ACCOUNTS = new Set(['ann:ann-secret']);",
    "router.post('/login', (req, res) => {",
    "  if (!ACCOUNTS.has(req.body.name + ':' + req.body.password)) return res.status(401).end();",
    ...after,
    '});',
    'module.exports = router;',
    '',
  ].join('\n');
}

/**
 * A database pool that keeps its process alive until it is ended, as pg's does with an idle client:
 * an in-process test that leaves it open never ends.
 */
const OPEN_POOL = [
  'const timer = setInterval(() => {}, 1000);',
  'exports.pool = { query: async () => ({ rows: [] }), end: async () => clearInterval(timer) };',
  '',
].join('\n');

describe('a test whose attack needs a successful login fails until its account is set in the environment, then proves the fix', () => {
  const ACCOUNT = { TEST_ACCOUNT_NAME: 'ann', TEST_ACCOUNT_PASSWORD: 'ann-secret' };
  const cases = [
    {
      // The review's case: unauthenticated, the login answered 401 without a Location and the test passed.
      kind: 'open redirect after login',
      vulnerable: loginRoutes(['  res.redirect(req.query.next);']),
      fixed: loginRoutes(["  const next = String(req.query.next);", "  res.redirect(/^\\/(?![/\\\\])/.test(next) ? next : '/');"]),
      name: 'POST /api/login keeps the redirect from next on this site',
      http: true,
    },
    {
      // The review's case: an empty body earned a 401 and no cookie, so the test could never pass.
      kind: 'session cookie flags on a login',
      vulnerable: loginRoutes(["  res.cookie('sid', require('crypto').randomUUID(), { httpOnly: false });", '  res.json({ ok: true });']),
      fixed: loginRoutes(["  res.cookie('sid', require('crypto').randomUUID(), { httpOnly: true, secure: true, sameSite: 'lax' });", '  res.json({ ok: true });']),
      name: 'POST /api/login sets cookies with HttpOnly, Secure and SameSite',
      http: true,
    },
    {
      // The shop's case: a token test with empty credentials got a 401 from the login, before and after the fix.
      // The app's pool is open too: the test, which loads the app in its own process, must end it.
      kind: 'predictable session id on a login, with an open database pool',
      vulnerable: loginRoutes(["  require('../../db').pool.query('SELECT 1');", '  const sid = Math.random().toString(36).slice(2);', "  res.cookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' });", '  res.json({ ok: true });']),
      fixed: loginRoutes(["  require('../../db').pool.query('SELECT 1');", "  const sid = require('crypto').randomBytes(32).toString('hex');", "  res.cookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' });", '  res.json({ ok: true });']),
      name: 'POST /api/login issues tokens that do not depend on Math.random or the clock',
      http: false,
    },
  ];
  const roots: string[] = [];
  after(() => roots.forEach(removeDir));

  for (const proof of cases) {
    it(proof.kind, async () => {
      const root = fixtureApp(proof.kind.replace(/\W+/g, '-'), proof.vulnerable, { 'db.js': OPEN_POOL });
      roots.push(root);
      const { story } = await raise(root, ROUTES, proof.http ? '4-7' : '4-9');
      const skeleton = story.testSkeleton;
      assert.ok(skeleton, JSON.stringify(story.acceptanceCriteria));
      assert.ok(skeleton.code.includes(`${story.key}: ${proof.name}`), skeleton.code);
      assert.match(skeleton.code, /const CREDENTIALS = \{ "name": process\.env\.TEST_ACCOUNT_NAME, "password": process\.env\.TEST_ACCOUNT_PASSWORD \};/);
      const unset = await runSkeleton(root, skeleton.path, proof.http);
      assert.notEqual(unset.status, 0, `passes without logging in:\n${unset.output}`);
      assert.match(unset.output, /set TEST_ACCOUNT_NAME and TEST_ACCOUNT_PASSWORD first/);

      const before = await runSkeleton(root, skeleton.path, proof.http, ACCOUNT);
      assert.notEqual(before.status, 0, `passes on the vulnerable app:\n${before.output}`);
      assert.doesNotMatch(before.output, /TEST_ACCOUNT_\w+ first|refused the request|did not end/, before.output);
      write(root, ROUTES, proof.fixed);
      const fixed = await runSkeleton(root, skeleton.path, proof.http, ACCOUNT);
      assert.equal(fixed.status, 0, `fails on the fixed app:\n${fixed.output}`);
    });
  }
});

describe('the open-redirect test on a route behind a session fails until its login headers are filled in, then proves the fix', () => {
  const routes = (redirect: string) =>
    [
      "const express = require('express');",
      'const router = express.Router();',
      "router.get('/continue', (req, res) => {",
      "  if (req.headers.cookie !== 'sid=ann') return res.status(401).end();",
      `  res.redirect(${redirect});`,
      '});',
      'module.exports = router;',
      '',
    ].join('\n');
  const root = fixtureApp('redirect-behind-session', routes('req.query.next'));
  after(() => removeDir(root));

  it('fails without a login, fails on the vulnerable route once logged in, passes on the fixed one', async () => {
    const { story } = await raise(root, ROUTES, '3-6');
    const skeleton = story.testSkeleton;
    assert.ok(skeleton, JSON.stringify(story.acceptanceCriteria));
    assert.match(skeleton.code, /TODO\(login\): if the route redirects only for a logged-in user/);
    const unfilled = await runSkeleton(root, skeleton.path, true);
    assert.notEqual(unfilled.status, 0, `passes without logging in:\n${unfilled.output}`);
    assert.match(unfilled.output, /answered 401 without redirecting to a page of this site: log in first/);

    const path = join(root, skeleton.path);
    writeFileSync(path, readFileSync(path, 'utf8').replace('const LOGIN_HEADERS = {};', "const LOGIN_HEADERS = { cookie: 'sid=ann' };"));
    const before = await runSkeleton(root, skeleton.path, true);
    assert.notEqual(before.status, 0, `passes on the vulnerable app:\n${before.output}`);
    write(root, ROUTES, routes("/^\\/(?![/\\\\])/.test(String(req.query.next)) ? req.query.next : '/'"));
    const fixed = await runSkeleton(root, skeleton.path, true);
    assert.equal(fixed.status, 0, `fails on the fixed app:\n${fixed.output}`);
  });
});
