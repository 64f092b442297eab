// A story whose attack does not work on this code today (jsonwebtoken 9 refuses the forged token)
// is hardening: it stays on the backlog, but the report lists it apart with the reason and counts it
// neither in the residual risk by level nor on the heat map.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { evidenceReport } from '../../server/src/backlog/story/report';
import { renderReport } from '../../server/src/backlog/story/reportRender';
import { testEvidence } from '../../server/src/backlog/story/reportText';
import { computeResidualRisk } from '../../server/src/backlog/story/residualRisk';
import { buildStory } from '../../server/src/backlog/story/story';
import type { Story, StoredStory } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf, SHOP_PATH, SHOP_TEXT } from './helpers';

const JWT_PATH = 'src/routes/admin.js';
const VERIFY = [
  "const express = require('express');",
  "const jwt = require('jsonwebtoken');",
  "const { SIGNING_KEY } = require('../security');",
  'const router = express.Router();',
  "router.get('/partner/orders', (req, res) => {",
  "  const partner = jwt.verify((req.headers.authorization || '').replace('Bearer ', ''), SIGNING_KEY);",
  '  res.json({ partner: partner.sub });',
  '});',
  'module.exports = router;',
  '',
].join('\n');

function jwtStory(version: string): Story {
  return buildStory({ text: VERIFY, path: JWT_PATH, findings: findingsOf(VERIFY, JWT_PATH), rules: allRules, libraries: { jsonwebtoken: version }, now: FIXED_NOW, toolVersion: 't' });
}

function stored(id: string, story: Story): StoredStory {
  return { id, title: story.title, status: 'To Do', done: false, labels: story.labels, location: `/repo/backlog/tasks/${id}.md`, acceptanceCriteria: story.acceptanceCriteria.map((c, i) => ({ index: i + 1, text: c.text, checked: false })), story };
}

function risk(stories: StoredStory[], jwtFile = true) {
  return computeResidualRisk({
    stories,
    files: [
      ...(jwtFile ? [{ path: JWT_PATH, findings: findingsOf(VERIFY, JWT_PATH) }] : []),
      { path: SHOP_PATH, findings: findingsOf(SHOP_TEXT, SHOP_PATH) },
    ],
    today: '2025-03-01',
    rules: allRules,
  });
}

describe('a hardening story', () => {
  it('says why the attack does not work today when the library version refuses it, and not before that version', () => {
    assert.match(jwtStory('9.0.2').hardening ?? '', /jsonwebtoken 9\.0\.2 .*refuses unsigned tokens/);
    assert.equal(jwtStory('8.5.1').hardening, undefined);
  });

  it('is not counted in the residual risk by level nor on the heat map, and is counted apart', () => {
    const shop = buildStory({ text: SHOP_TEXT, path: SHOP_PATH, selection: { startLine: 6, endLine: 10 }, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, now: FIXED_NOW, toolVersion: 't' });
    const withHardening = risk([stored('TASK-1', shop), stored('TASK-2', jwtStory('9.0.2'))]);
    // The same backlog without the JWT code at all: the hardening story adds nothing to it.
    const without = risk([stored('TASK-1', shop)], false);
    assert.equal(withHardening.residual.hardening, 1);
    assert.deepEqual(withHardening.residual.byLevel, without.residual.byLevel);
    assert.deepEqual(withHardening.residual.heatMap, without.residual.heatMap);
    assert.equal(withHardening.open.find((e) => e.id === 'TASK-2')?.hardening, jwtStory('9.0.2').hardening);
    // Before jsonwebtoken 9 the same story is a risk like any other.
    const real = risk([stored('TASK-1', shop), stored('TASK-2', jwtStory('8.5.1'))]);
    assert.equal(real.residual.hardening, 0);
    assert.notDeepEqual(real.residual.byLevel, without.residual.byLevel);
  });

  it('is shown apart in the Markdown and HTML reports, with the reason', () => {
    const r = risk([stored('TASK-2', jwtStory('9.0.2'))]);
    const report = evidenceReport({ risk: r, projectName: 'api', notChecked: [], linkBase: '/repo' }, new Map());
    const md = renderReport(report, 'md');
    assert.match(md, /### Hardening: the attack does not work today/);
    assert.match(md, /- \[TASK-2\]\([^)]+\): [^\n]*Why it does not work today: jsonwebtoken 9\.0\.2/);
    assert.match(md, /\| Medium, hardening: the attack does not work today \(not counted\) \|/);
    assert.match(md, /\| Hardening stories \(the attack does not work today\), not counted \| 1 \|/);
    const html = renderReport(report, 'html');
    assert.match(html, /<h3>Hardening: the attack does not work today<\/h3>/);
    assert.match(html, /Why it does not work today: jsonwebtoken 9\.0\.2/);
  });

  it('reads its failing test as a protection not yet in place, not as an attack that works', () => {
    const entry = { tests: { files: ['test/security/as-1.test.js'], result: 'failed' } } as unknown as Parameters<typeof testEvidence>[0];
    assert.equal(testEvidence(entry, true), 'test/security/as-1.test.js: failed, the attack still works');
    assert.equal(testEvidence({ ...entry, hardening: 'no browser shows this answer' }, true), 'test/security/as-1.test.js: failed, the protection is not in place yet');
    assert.equal(testEvidence({ ...entry, hardening: 'x', tests: { ...entry.tests, result: 'passed' } }, true), 'test/security/as-1.test.js: passed, the protection is in place');
  });

  it('is how a finding no story covers is rated too: likelihood low under jsonwebtoken 9, with the reason', () => {
    const files = [{ path: JWT_PATH, findings: findingsOf(VERIFY, JWT_PATH) }];
    const jwtOf = (r: ReturnType<typeof computeResidualRisk>) => r.uncovered.find((u) => u.ruleId === 'session/no-unverified-jwt');
    const refused = jwtOf(computeResidualRisk({ stories: [], files, today: '2025-03-01', rules: allRules, libraries: { jsonwebtoken: '9.0.2' } }));
    const open = jwtOf(computeResidualRisk({ stories: [], files, today: '2025-03-01', rules: allRules, libraries: { jsonwebtoken: '8.5.1' } }));
    assert.equal(refused?.likelihood, 1);
    assert.ok((open?.likelihood ?? 0) > 1, 'before jsonwebtoken 9 the forgery works');
  });
});
