// A session cookie's story promises only what its missing flags and the app's body parsers allow:
// riding the cookie from another site needs sameSite missing, and changes through a form need the
// app to read form bodies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import type { BodyParser } from '../../server/src/backlog/story/workspaceFacts';
import { FIXED_NOW, findingsOf } from './helpers';

const LOGIN = (options: string) => [
  "const express = require('express');",
  'const router = express.Router();',
  "router.post('/login', (req, res) => {",
  '  const sid = require(\'crypto\').randomBytes(32).toString(\'hex\');',
  `  res.cookie('sid', sid${options});`,
  '  res.sendStatus(204);',
  '});',
  'module.exports = router;',
];

function story(options: string, bodyParsers?: BodyParser[]): Story {
  const text = LOGIN(options).join('\n') + '\n';
  const path = 'src/routes/account.js';
  const findings = findingsOf(text, path).filter((f) => f.ruleId === 'session/no-insecure-session-cookie');
  assert.equal(findings.length, 1, 'the fixture has one cookie without its flags');
  return buildStory({ text, path, findings, rules: allRules, now: FIXED_NOW, toolVersion: 't', ...(bodyParsers ? { workspace: { app: { bodyParsers, sessionCookieHttpOnly: false, cors: false } } } : {}) });
}

describe('a session cookie without its flags', () => {
  it('in an app that reads form bodies keeps the forged changes', () => {
    assert.match(story('', ['json', 'urlencoded']).harm, /submit changes they never asked for/);
  });

  it('in an app that parses only JSON promises only the requests that need no body', () => {
    const s = story('', ['json']);
    assert.match(s.harm, /the requests of this app that need no body, such as a logout$/);
    assert.doesNotMatch(s.harm, /submit changes/);
  });

  it('that already has sameSite is not ridden from another site at all', () => {
    const s = story(", { sameSite: 'lax' }", ['json', 'urlencoded']);
    assert.equal(s.harm, 'I act as the victim with their session');
  });
});
