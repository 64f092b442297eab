// A token read with jwt.decode is rated by what the routes that trust it do: a read of ids, emails
// and roles is High, not the Critical of a takeover; a route that changes data raises it and is
// named; a route of the same router that verifies its token is said not to be opened.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStories } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf } from './helpers';

const PATH = 'src/routes/admin.js';

function adminRouter(extra: string[] = []): string {
  return [
    "const express = require('express');",
    "const jwt = require('jsonwebtoken');",
    "const { sequelize } = require('../db');",
    'const router = express.Router();',
    "router.get('/users', async (req, res) => {",
    "  const claims = jwt.decode((req.headers.authorization || '').replace('Bearer ', ''));",
    "  if (!claims || claims.role !== 'admin') return res.status(403).end();",
    "  const [users] = await sequelize.query('SELECT id, email, role FROM Users');",
    '  res.json(users);',
    '});',
    "router.get('/partner/orders', async (req, res) => {",
    '  let partner;',
    "  try { partner = jwt.verify((req.headers.authorization || '').replace('Bearer ', ''), process.env.KEY); } catch { return res.status(401).end(); }",
    "  const [orders] = await sequelize.query('SELECT id, total FROM Orders WHERE partnerId = ?', { replacements: [partner.sub] });",
    '  res.json(orders);',
    '});',
    ...extra,
    'module.exports = router;',
    '',
  ].join('\n');
}

function jwtStory(text: string): Story {
  const stories = buildStories({
    text,
    path: PATH,
    findings: findingsOf(text, PATH),
    rules: allRules,
    selection: { startLine: 5, endLine: 10 },
    mountPrefix: '/rest/admin',
    now: FIXED_NOW,
    toolVersion: 't',
  });
  const story = stories.find((s) => s.findings.some((f) => f.ruleId === 'session/no-unverified-jwt'));
  assert.ok(story, stories.map((s) => s.title).join('\n'));
  return story;
}

describe('the rating of a story on a token read without its signature', () => {
  it('rates a read of ids, emails and roles as a read of personal data, High, and names the columns', () => {
    const story = jwtStory(adminRouter());
    assert.equal(story.risk.impact, 2, story.risk.rationale);
    assert.equal(story.risk.severity, 'High');
    assert.match(story.risk.rationale, /`GET \/rest\/admin\/users` reads users \(id, email and role\), a read of personal data, not a takeover of every account/);
  });

  it('says that a route of the same router that verifies its token is not opened, and claims no other', () => {
    const story = jwtStory(adminRouter());
    assert.match(story.risk.rationale, /`GET \/rest\/admin\/partner\/orders` checks its token with jwt\.verify, so a made-up token does not open it/);
    assert.doesNotMatch(story.narrative, /every admin function|every endpoint/);
  });

  it('names the loss in the title, not the technique', () => {
    const story = jwtStory(adminRouter());
    assert.match(story.title, /^Read every user's id, email and role/);
  });

  it('rates impact 3 when another route trusting a decoded token deletes data, and names it', () => {
    const story = jwtStory(
      adminRouter([
        "router.delete('/users/:id', async (req, res) => {",
        "  const claims = jwt.decode(req.headers.authorization);",
        "  if (!claims || claims.role !== 'admin') return res.status(403).end();",
        "  await sequelize.query('DELETE FROM Users WHERE id = ?', { replacements: [req.params.id] });",
        '  res.status(204).end();',
        '});',
      ]),
    );
    assert.equal(story.risk.impact, 3, story.risk.rationale);
    assert.match(story.risk.rationale, /`DELETE \/rest\/admin\/users\/:id` deletes a user/);
    assert.match(story.narrative, /delete a user/);
  });
});
