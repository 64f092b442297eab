// Claims a story makes must hold for the code: a script echoed only to its sender has no victim
// (self-XSS), a read of data is no Tampering, a traversal's title names what `../` reaches rather
// than what the route is for, and an open redirect after a POST names what it really enables.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory, type StoryInput } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf } from './helpers';

function story(path: string, lines: string[], overrides: Partial<StoryInput> = {}): Story {
  const text = lines.join('\n') + '\n';
  return buildStory({ text, path, findings: findingsOf(text, path), rules: allRules, now: FIXED_NOW, toolVersion: 't', ...overrides });
}

const ECHO = [
  "const express = require('express');",
  'const router = express.Router();',
  "router.post('/', (req, res) => {",
  "  res.send('<p>Added: ' + req.body.text + '</p>');",
  '});',
  'module.exports = router;',
];

describe('a script echoed only to its sender', () => {
  it('is hardening: no browser shows the answer to a JSON body as a page, so no victim, not even its sender, and the story says why', () => {
    const s = story('src/routes/todos.js', ECHO, { workspace: { app: { bodyParsers: ['json'], sessionCookieHttpOnly: true, cors: false } }, mountPrefix: '/todos' });
    assert.doesNotMatch(`${s.title} ${s.narrative}`, /victim/i);
    assert.match(s.title, /self-XSS/);
    // The "so that" is the harm that remains; why it is small is the likelihood's reason.
    assert.match(s.narrative, /once a page of the app shows this route's answer as HTML or the route accepts form bodies/);
    assert.match(s.narrative, /so that my script would run in that user's session of this site and act as them while the page is open\.$/);
    assert.match(s.risk.rationale, /so no browser runs it today/);
    assert.match(s.hardening ?? '', /no browser shows this answer as a page today/);
    assert.doesNotMatch(s.harm, /httpOnly|cross-site form|only the person/);
  });

  it('keeps its victim where a form can deliver the script', () => {
    const s = story('src/routes/todos.js', ECHO, { workspace: { app: { bodyParsers: ['json', 'urlencoded'], sessionCookieHttpOnly: true, cors: false } }, mountPrefix: '/todos' });
    assert.match(s.title, /victim/);
    assert.equal(s.hardening, undefined, 'a form makes it a risk today');
  });
});

const DECODE = (method: string, body: string) => [
  "const express = require('express');",
  "const jwt = require('jsonwebtoken');",
  'const router = express.Router();',
  `router.${method}('/users', async (req, res) => {`,
  "  const claims = jwt.decode((req.headers.authorization || '').replace('Bearer ', ''));",
  "  if (!claims || claims.role !== 'admin') return res.status(403).end();",
  `  ${body}`,
  '});',
  'module.exports = router;',
];

describe('passing as another user', () => {
  it('on a route that only reads is Information disclosure, not Tampering', () => {
    const s = story('src/routes/admin.js', DECODE('get', "res.json(await db.query('SELECT id, email FROM users'));"), { mountPrefix: '/admin' });
    assert.equal(s.findings[0].ruleId, 'session/no-unverified-jwt');
    assert.ok(!s.stride.includes('T'), s.stride.join(','));
    assert.ok(s.stride.includes('I') && s.stride.includes('S'), s.stride.join(','));
  });

  it('keeps Tampering where the route changes data', () => {
    const s = story('src/routes/admin.js', DECODE('post', "await db.query('DELETE FROM users WHERE id = ?', [req.body.id]); res.end();"), { mountPrefix: '/admin' });
    assert.ok(s.stride.includes('T'), s.stride.join(','));
  });
});

describe('a path traversal with no better file in reach', () => {
  it('names any file the process can read in its title, not what the route is for', () => {
    const lines = [
      "const express = require('express');",
      "const path = require('path');",
      'const router = express.Router();',
      "router.get('/exports/:file', (req, res) => {",
      "  res.sendFile(path.join(__dirname, '..', '..', 'exports', req.params.file));",
      '});',
      'module.exports = router;',
    ];
    const s = story('src/routes/admin.js', lines, { mountPrefix: '/admin', choices: { asset: 'order archives and the server configuration files' } });
    assert.equal(s.title, 'Read any file the server process may read in GET /admin/exports/:file');
  });
});

describe('an open redirect after a POST', () => {
  const LOGIN = [
    "const express = require('express');",
    'const router = express.Router();',
    "router.post('/login', (req, res) => {",
    "  db.get('SELECT id FROM users WHERE name = ? AND password = ?', [req.body.name, req.body.password], (err, user) => {",
    '    if (!user) return res.status(401).end();',
    '    req.session.userId = user.id;',
    '    res.redirect(req.query.next);',
    '  });',
    '});',
    'module.exports = router;',
  ];

  it('claims no account takeover by link: it sends a user who just signed in to a look-alike page, and says what it takes', () => {
    const s = story('src/routes/session.js', LOGIN, { mountPrefix: '/session', choices: { ruleId: 'unsafe-api/no-open-redirect' }, workspace: { app: { bodyParsers: ['json'], sessionCookieHttpOnly: true, cors: false } } });
    assert.deepEqual(s.findings.map((f) => f.ruleId), ['unsafe-api/no-open-redirect']);
    assert.doesNotMatch(`${s.title} ${s.narrative}`, /take over|OAuth/i);
    assert.match(s.title, /^Send a user who has just signed in to a look-alike page in POST \/session\/login$/);
    assert.equal(s.risk.likelihood, 1);
    // Why it is hard to set off is the likelihood's reason; the "so that" is the harm alone.
    assert.match(s.risk.rationale, /the redirect answers a POST, so a link cannot set it off, and the app reads only JSON bodies, so a cross-site form cannot either/);
    assert.match(s.narrative, /, so that they arrive on my page straight from the real site and type their password again, believing the session expired\.$/);
  });

  it('says where the address is read from, in plain words: the query string here, a body field there', () => {
    const app = { app: { bodyParsers: ['json' as const], sessionCookieHttpOnly: true, cors: false } };
    const query = story('src/routes/session.js', LOGIN, { mountPrefix: '/session', choices: { ruleId: 'unsafe-api/no-open-redirect' }, workspace: app });
    assert.match(query.technique ?? '', /in the `next` parameter of the POST request's web address \(its query string\)/);
    assert.doesNotMatch(`${query.narrative} ${query.technique}`, /form it sends|where POST takes/);
    const body = story('src/routes/session.js', LOGIN.map((l) => l.replace('req.query.next', 'req.body.next')), { mountPrefix: '/session', choices: { ruleId: 'unsafe-api/no-open-redirect' }, workspace: app });
    assert.match(body.technique ?? '', /in the `next` field of the POST request's body/);
  });
});
