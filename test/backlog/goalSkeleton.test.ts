// A story led by a goal the person chose still gets its security test: from the linked finding of
// that goal's kind, else from the selected handler, with the field however the handler reads it
// (a destructured query, a destructured parameter list).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory, type StoryInput } from '../../server/src/backlog/story/story';
import { requestFieldsIn } from '../../server/src/backlog/story/handlerFields';
import type { Story } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf, SHOP_PATH, SHOP_TEXT } from './helpers';

const ROUTES = 'src/routes/account.js';

function story(text: string, overrides: Partial<StoryInput>, withFindings = true): Story {
  return buildStory({ text, path: ROUTES, findings: withFindings ? findingsOf(text, ROUTES) : [], rules: allRules, mountPrefix: '/account', now: FIXED_NOW, toolVersion: 't', ...overrides });
}

const lines = (...code: string[]) => ["const express = require('express');", 'const router = express.Router();', ...code, 'module.exports = router;', ''].join('\n');

describe('the fields a handler reads', () => {
  it('finds member reads, destructured objects and destructured parameters, in order', () => {
    assert.deepEqual(requestFieldsIn("(req, res) => {\n  const { id, name: who, page = 1, ...rest } = req.query;\n  run(req.body.total);\n}"), [
      { location: 'query', name: 'id' },
      { location: 'query', name: 'name' },
      { location: 'query', name: 'page' },
      { location: 'body', name: 'total' },
    ]);
    assert.deepEqual(requestFieldsIn('async ({ params: { id }, body: { name } }, res) => {\n  res.json({ body: { other: 1 } });\n}'), [
      { location: 'params', name: 'id' },
      { location: 'body', name: 'name' },
    ]);
  });
});

describe('a story led by a catalogue goal', () => {
  it('takes the test from the linked finding of the goal\'s kind', () => {
    const s = buildStory({ text: SHOP_TEXT, path: SHOP_PATH, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, mountPrefix: '/products', now: FIXED_NOW, toolVersion: 't', choices: { goalId: 't-injection' } });
    assert.equal(s.goal, 'change what a query or command does');
    assert.ok(s.testSkeleton, JSON.stringify(s.acceptanceCriteria));
    assert.match(s.testSkeleton.code, /refuses an injected/);
    assert.ok(s.acceptanceCriteria.some((c) => c.kind === 'test' && c.text.includes(s.testSkeleton!.path)));
  });

  it('writes the goal\'s attack on the selected handler when no finding is linked, with a destructured parameter', () => {
    const text = lines("router.get('/continue', ({ query: { next } }, res) => {", "  res.redirect(next || '/');", '});');
    const s = story(text, { selection: { startLine: 3, endLine: 5 }, choices: { goalId: 's-open-redirect' } }, false);
    assert.ok(s.testSkeleton, JSON.stringify(s.acceptanceCriteria));
    assert.equal(s.testSkeleton.payload, 'https://rugged-phishing.example/login');
    assert.match(s.testSkeleton.code, /GET \/account\/continue keeps the redirect from next on this site/);
    assert.match(s.testSkeleton.code, /\/account\/continue\?next=/);
  });

  it('reads a destructured query field for the goal\'s attack', () => {
    const text = lines("router.get('/orders', async (req, res) => {", '  const { sort } = req.query;', "  res.json(await db.query('SELECT * FROM orders ORDER BY ' + sort));", '});');
    const s = story(text, { selection: { startLine: 3, endLine: 6 }, choices: { goalId: 't-injection' } }, false);
    assert.ok(s.testSkeleton, JSON.stringify(s.acceptanceCriteria));
    assert.match(s.testSkeleton.code, /\/account\/orders\?sort=/);
  });

  it("writes the others'-record test about the record's id, not the first field the handler reads", () => {
    const text = lines("router.patch('/reviews/:id', async (req, res) => {", "  await db.query('UPDATE reviews SET message = ? WHERE id = ?', [req.body.message, req.params.id]);", '  res.json({ updated: true });', '});');
    const s = story(text, { selection: { startLine: 3, endLine: 6 }, choices: { goalId: 't-others-record' } }, false);
    assert.ok(s.testSkeleton, JSON.stringify(s.acceptanceCriteria));
    assert.ok(s.acceptanceCriteria.some((c) => c.kind === 'control' && c.text.includes('`req.params.id`')), JSON.stringify(s.acceptanceCriteria));
    assert.match(s.testSkeleton.code, /\/account\/reviews\/\$\{encodeURIComponent\(VICTIM_RECORD\)\}/);
    assert.match(s.testSkeleton.code, /JSON\.stringify\(\{ "message": 'rugged-attacker' \}\)/);
    assert.match(s.testSkeleton.code, /the handler reads nobody yet \(the fix will\)/);
  });

  it("proposes no others'-record test for a route that only reads", () => {
    const text = lines("router.get('/reviews/:id', async (req, res) => {", "  res.json(await db.query('SELECT * FROM reviews WHERE id = ?', [req.params.id]));", '});');
    const s = story(text, { selection: { startLine: 3, endLine: 5 }, choices: { goalId: 't-others-record' } }, false);
    assert.equal(s.testSkeleton, undefined);
  });

  it('proposes no test for a goal no request can show', () => {
    const text = lines("router.get('/orders', async (req, res) => {", '  res.json(await db.query(req.query.sort));', '});');
    const s = story(text, { selection: { startLine: 3, endLine: 5 }, choices: { goalId: 'r-untraced-action' } }, false);
    assert.equal(s.testSkeleton, undefined);
  });
});
