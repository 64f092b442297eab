// Risk that is true and sortable: the traced-input bump only where the finding starts from request
// input, ratings consistent with the finding's severity, and an order the Backlog.md board keeps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { ordinalOf, rateRisk } from '../../server/src/backlog/story/risk';
import { buildStory } from '../../server/src/backlog/story/story';
import { renderTaskFile } from '../../server/src/backlog/adapters/markdown/taskFile';
import { FIXED_NOW, findingsOf, SHOP_PATH, SHOP_TEXT } from './helpers';

const SECRET_TEXT = [
  "const jwt = require('jsonwebtoken');",
  "const SIGNING_KEY = 'k3y-that-is-long-enough-to-look-real-1234567890';",
  'function sign(user) {',
  '  return jwt.sign({ sub: user.id }, SIGNING_KEY);',
  '}',
  'module.exports = { sign };',
  '',
].join('\n');

function storyOf(text: string, path: string) {
  return buildStory({ text, path, findings: findingsOf(text, path), rules: allRules, now: FIXED_NOW, toolVersion: 't' });
}

describe('risk rating', () => {
  it('says input was traced only for a finding that names where request input enters', () => {
    const sql = storyOf(SHOP_TEXT, SHOP_PATH);
    assert.match(sql.risk.rationale, /request input was traced to this code/);
    const secret = storyOf(SECRET_TEXT, 'src/auth.js');
    assert.ok(secret.findings.length > 0, 'the hard-coded key is found');
    assert.ok(!/traced/.test(secret.risk.rationale.replace(/no request input traced/g, '')), secret.risk.rationale);
  });

  it('counts a related location that points at the request value a rule followed as traced input', () => {
    const orders = [
      "const express = require('express');",
      "const mysql = require('mysql2/promise');",
      'const db = mysql.createPool({});',
      'const router = express.Router();',
      "router.get('/', async (req, res) => {",
      '  const { sort } = req.query;',
      '  res.json(await db.query(`SELECT * FROM orders ORDER BY ${sort}`));',
      '});',
      'module.exports = router;',
      '',
    ].join('\n');
    const path = 'src/routes/orders.js';
    const ruleId = 'sql/no-request-controlled-identifier';
    const identifier = buildStory({ text: orders, path, findings: findingsOf(orders, path), rules: allRules, now: FIXED_NOW, toolVersion: 't', choices: { ruleId } });
    assert.deepEqual(identifier.findings.map((f) => f.ruleId), [ruleId]);
    assert.match(identifier.risk.rationale, /request input was traced to this code/);
    assert.doesNotMatch(identifier.risk.rationale, /no request input traced/);
    // Only a message naming a request value counts: a bare "request input" label does not.
    const bare = rateRisk({ seedLikelihood: 2, seedImpact: 2, seedSource: 'rule x', finding: { severity: 'error', confidence: 'high', related: [{ message: 'request input' }] } });
    assert.equal(bare.likelihood, 2);
  });

  it('says request input reaches a warning without raising its rating, and never that none was traced', () => {
    const rating = rateRisk({ seedLikelihood: 1, seedImpact: 2, seedSource: 'rule session/no-timing-unsafe-comparison', finding: { severity: 'warning', confidence: 'high', related: [{ message: 'req.headers enters here' }] } });
    assert.equal(rating.severity, 'Low');
    assert.match(rating.rationale, /request input reaches it, but only an error raises the rating/);
    assert.doesNotMatch(rating.rationale, /no request input traced/);
  });

  it('counts a cookie and the Authorization header as request input an anonymous sender controls', () => {
    const cookie = [
      "const express = require('express');",
      "const serialize = require('node-serialize');",
      'const router = express.Router();',
      "router.get('/remember', (req, res) => {",
      "  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());",
      '  res.json({ hello: profile.name });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n');
    const deserialization = storyOf(cookie, 'src/routes/session.js');
    assert.deepEqual(deserialization.findings.map((f) => f.ruleId), ['unsafe-api/no-unsafe-deserialization']);
    assert.match(deserialization.risk.rationale, /request input was traced to this code/);
    assert.equal(deserialization.risk.likelihood, 3, deserialization.risk.rationale);
    const header = [
      "const express = require('express');",
      "const jwt = require('jsonwebtoken');",
      'const router = express.Router();',
      "router.get('/users', (req, res) => {",
      "  const claims = jwt.decode((req.headers.authorization || '').replace('Bearer ', ''));",
      "  if (!claims || claims.role !== 'admin') return res.status(403).end();",
      '  res.json([]);',
      '});',
      'module.exports = router;',
      '',
    ].join('\n');
    const forged = storyOf(header, 'src/routes/admin.js');
    assert.deepEqual(forged.findings.map((f) => f.ruleId), ['session/no-unverified-jwt']);
    assert.match(forged.risk.rationale, /request input was traced to this code/);
    assert.equal(forged.risk.likelihood, 3, forged.risk.rationale);
  });

  it('says why traced input left the rating alone when the finding is an error of medium confidence', () => {
    const rating = rateRisk({ seedLikelihood: 2, seedImpact: 2, seedSource: 'rule x', finding: { severity: 'error', confidence: 'medium', related: [{ message: 'req.body enters here' }] } });
    assert.equal(rating.likelihood, 2);
    assert.match(rating.rationale, /request input reaches it, but only a finding with high confidence raises the rating/);
  });

  it('never rates a warning Critical', () => {
    const rating = rateRisk({ seedLikelihood: 3, seedImpact: 3, seedSource: 'rule session/no-unverified-jwt', finding: { severity: 'warning', confidence: 'high' } });
    assert.equal(rating.severity, 'High');
    assert.match(rating.rationale, /capped because the finding is a warning/);
    const error = rateRisk({ seedLikelihood: 3, seedImpact: 3, seedSource: 'rule x', finding: { severity: 'error', confidence: 'high', related: [{ message: 'req.body enters here' }] } });
    assert.equal(error.severity, 'Critical');
  });

  it('orders Critical before High on the board through the ordinal, although both are priority high', () => {
    assert.ok(ordinalOf({ score: 9 }) < ordinalOf({ score: 6 }));
    assert.ok(ordinalOf({ score: 6 }) < ordinalOf({ score: 4 }));
    const critical = storyOf(SHOP_TEXT, SHOP_PATH);
    assert.equal(critical.risk.severity, 'Critical');
    const file = renderTaskFile(critical, { id: 'TASK-1', status: 'To Do', createdDate: '2025-03-04 10:20' });
    assert.match(file, /^priority: high\nordinal: 1000\n/m);
  });
});
