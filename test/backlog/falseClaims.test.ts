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
  it('is self-XSS: no victim in the title or the narrative, and the story says why', () => {
    const s = story('src/routes/todos.js', ECHO, { workspace: { app: { bodyParsers: ['json'], sessionCookieHttpOnly: true, cors: false } }, mountPrefix: '/todos' });
    assert.doesNotMatch(`${s.title} ${s.narrative}`, /victim/i);
    assert.match(s.title, /self-XSS/);
    assert.match(s.narrative, /talked into sending it themselves \(self-XSS\)/);
  });

  it('keeps its victim where a form can deliver the script', () => {
    const s = story('src/routes/todos.js', ECHO, { workspace: { app: { bodyParsers: ['json', 'urlencoded'], sessionCookieHttpOnly: true, cors: false } }, mountPrefix: '/todos' });
    assert.match(s.title, /victim/);
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
