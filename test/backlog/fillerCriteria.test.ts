// Every criterion names something a developer changes or a tester checks in this code: no seed
// control about reset codes or OAuth where the code has none, no "a reviewer confirms" beside a test
// that reproduces the attack, and a stored-password fix that names the login it would break.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory, type StoryInput } from '../../server/src/backlog/story/story';
import { controlApplies, fitControl } from '../../server/src/backlog/story/controlRelevance';
import type { Story } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf } from './helpers';

function story(path: string, lines: string[], overrides: Partial<StoryInput> = {}): Story {
  const text = lines.join('\n') + '\n';
  return buildStory({ text, path, findings: findingsOf(text, path), rules: allRules, now: FIXED_NOW, toolVersion: 't', ...overrides });
}
const criteria = (s: Story) => s.acceptanceCriteria.map((c) => c.text);

const SESSION_LOGIN = [
  "const express = require('express');",
  'const router = express.Router();',
  'const sessions = {};',
  "router.post('/login', (req, res) => {",
  '  const sid = Math.random().toString(36).slice(2);',
  '  sessions[sid] = { email: req.body.email };',
  "  res.cookie('sid', sid);",
  '  res.json({ ok: true });',
  '});',
  'module.exports = router;',
];

const USERS = [
  "const express = require('express');",
  "const { sequelize } = require('../db');",
  "const { hashPassword } = require('../security');",
  'const router = express.Router();',
  "router.post('/login', async (req, res) => {",
  "  const [users] = await sequelize.query(\"SELECT id FROM Users WHERE email = '\" + req.body.email + \"' AND password = '\" + hashPassword(req.body.password) + \"'\");",
  '  res.json(users[0]);',
  '});',
  "router.post('/register', async (req, res) => {",
  "  await sequelize.query('INSERT INTO Users (email, password) VALUES (?, ?)', { replacements: [req.body.email, req.body.password] });",
  '  res.status(201).end();',
  '});',
  'module.exports = router;',
];

describe('criteria for this code', () => {
  it('leave out seed controls about reset codes and code guessing where the code issues no such code', () => {
    const s = story('src/routes/account.js', SESSION_LOGIN, { mountPrefix: '/account', choices: { ruleId: 'session/no-predictable-token' } });
    assert.equal(s.findings[0]?.ruleId, 'session/no-predictable-token');
    assert.ok(!criteria(s).some((c) => /^Reset codes|^Repeated guesses/.test(c)), criteria(s).join('\n'));
  });

  it('name only the kinds of token the code hands out, and no YAML loader where the code parses none', () => {
    const s = story('src/routes/account.js', SESSION_LOGIN, { mountPrefix: '/account', choices: { ruleId: 'session/no-predictable-token' } });
    assert.match(criteria(s)[0], /: every session id comes from crypto\.randomBytes/);
    assert.doesNotMatch(criteria(s).join('\n'), /reset code|nonce/);
    assert.equal(fitControl('Every session id, token, nonce and reset code comes from crypto.randomBytes', 'const resetToken = Math.random(); req.session.x = 1;'), 'Every session id, token and reset code comes from crypto.randomBytes');
    const cookie = [
      "const express = require('express');",
      "const serialize = require('node-serialize');",
      'const router = express.Router();',
      "router.get('/remember', (req, res) => {",
      "  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());",
      '  res.json({ hello: profile.name });',
      '});',
      'module.exports = router;',
    ];
    const d = story('src/routes/session.js', cookie, { mountPrefix: '/session' });
    assert.equal(d.findings[0]?.ruleId, 'unsafe-api/no-unsafe-deserialization');
    assert.match(criteria(d)[0], /parsed with JSON\.parse, which builds only plain data/);
    assert.doesNotMatch(criteria(d).join('\n'), /YAML/);
    assert.match(fitControl('Data from outside is parsed with JSON.parse or a YAML loader that builds only plain data', "const yaml = require('js-yaml');"), /YAML loader/);
  });

  it('leave no "a reviewer confirms" where no test is proposed but the rule going quiet is the check', () => {
    const s = story('src/routes/admin.js', [
      "const express = require('express');",
      "const jwt = require('jsonwebtoken');",
      'const router = express.Router();',
      "router.get('/partner/orders', (req, res) => {",
      "  const partner = jwt.verify((req.headers.authorization || '').replace('Bearer ', ''), process.env.KEY);",
      '  res.json({ partner: partner.sub });',
      '});',
      'module.exports = router;',
    ], { libraries: { jsonwebtoken: '9.0.2' } });
    assert.ok(s.testNote, 'no test is proposed against a library that already refuses the forgery');
    assert.doesNotMatch(criteria(s).join('\n'), /reviewer|by review/);
    assert.match(criteria(s).join('\n'), /the rule no longer firing \(below\) is the check instead/);
  });

  it('keep them where the code does issue reset codes', () => {
    assert.equal(controlApplies('Reset codes and one-time codes expire within minutes', 'const resetCode = Math.random();'), true);
    assert.equal(controlApplies('Reset codes and one-time codes expire within minutes', 'const sid = Math.random();'), false);
    assert.equal(controlApplies('Login, logout and OAuth flows keep the return address server-side', "const passport = require('passport');"), true);
    assert.equal(controlApplies('Every query passes user values as bound parameters', ''), true, 'a control about no particular subject stays');
  });

  it('a stored-password story with its own test has no reviewer filler, and changes the login that compares in SQL with it', () => {
    const s = story('src/routes/users.js', USERS, { mountPrefix: '/rest/user', selection: { startLine: 9, endLine: 12 }, choices: { goalId: 'i-plaintext-password' } });
    assert.ok(s.testSkeleton, 'the story proposes its test');
    assert.ok(!criteria(s).some((c) => /^A reviewer confirms/.test(c)), criteria(s).join('\n'));
    const login = criteria(s).find((c) => /^The login in/.test(c));
    assert.ok(login, criteria(s).join('\n'));
    assert.match(login, /^The login in `POST \/rest\/user\/login` \(`src\/routes\/users\.js:6`\) changes in the same release/);
    assert.match(login, /today it compares `hashPassword\(req\.body\.password\)` in the SQL/);
  });
});
