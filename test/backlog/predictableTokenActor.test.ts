// A predictable token is predicted from samples of it, so the story's attacker is whoever can collect
// them: with a sign-up route, anyone; with none, someone who holds an account.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import type { WorkspaceFacts } from '../../server/src/backlog/story/workspaceFacts';
import { FIXED_NOW, findingsOf } from './helpers';

const LOGIN = [
  "const express = require('express');",
  'const router = express.Router();',
  'const sessions = {};',
  "router.post('/login', async (req, res) => {",
  '  const user = await findUser(req.body.email, req.body.password);',
  "  if (!user) return res.sendStatus(401);",
  '  const sid = Math.random().toString(36).slice(2);',
  '  sessions[sid] = { userId: user.id };',
  "  res.cookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' });",
  '  res.sendStatus(204);',
  '});',
  'module.exports = router;',
];

function story(lines: string[], workspace?: WorkspaceFacts): Story {
  const text = lines.join('\n') + '\n';
  const path = 'src/routes/account.js';
  const findings = findingsOf(text, path).filter((f) => f.ruleId === 'session/no-predictable-token');
  assert.equal(findings.length, 1, 'the fixture has one predictable token');
  return buildStory({ text, path, findings, rules: allRules, now: FIXED_NOW, toolVersion: 't', ...(workspace ? { workspace } : {}) });
}

describe('a predictable session id handed out at sign-in', () => {
  it('with a sign-up route, the attacker is anyone who signs up and collects ids by signing in', () => {
    const s = story(LOGIN, { routes: [{ method: 'POST', path: '/account/register', file: 'src/routes/account.js' }] });
    assert.match(s.narrative, /^As an anonymous internet user who signs up through `POST \/account\/register` and signs in again and again to collect sample ids to recover V8's Math\.random state from, /);
  });

  it('without one, the attacker holds an account of their own', () => {
    const s = story(LOGIN);
    assert.match(s.narrative, /^As an attacker with an account of my own, who signs in again and again to collect sample ids/);
  });

  it('outside a sign-in keeps the rule\'s story', () => {
    const s = story(['function token() {', '  return Math.random().toString(36).slice(2);', '}', 'module.exports = { token };']);
    assert.doesNotMatch(s.narrative, /signs in again and again/);
  });
});
