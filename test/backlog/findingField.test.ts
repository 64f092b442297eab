// The field a story's test attacks comes from wherever the finding says the input is: a taint
// report's "enters here", another related location, the message, or a local the handler
// destructured from the request. The shop's `GET /orders` (a sort column destructured from the
// query) got no test before, because its identifier finding names the field only in its message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory } from '../../server/src/backlog/story/story';
import { requestFieldOf } from '../../server/src/backlog/story/findingField';
import { fieldBoundTo } from '../../server/src/backlog/story/handlerFields';
import type { Finding } from '../../server/src/engine/finding';
import { FIXED_NOW, findingsOf } from './helpers';

const PATH = 'src/routes/orders.js';
const ORDERS = [
  "const express = require('express');",
  "const mysql = require('mysql2/promise');",
  'const db = mysql.createPool({ uri: process.env.ORDERS_DATABASE_URL });',
  'const router = express.Router();',
  '',
  "router.get('/', async (req, res) => {",
  '  const { customer, sort } = req.query;',
  '  const [rows] = await db.query(',
  '    `SELECT * FROM orders WHERE customer_id = ${customer} ORDER BY ${sort}`,',
  '  );',
  '  res.json(rows);',
  '});',
  '',
  'module.exports = router;',
  '',
].join('\n');

function orders(ruleId?: string) {
  return buildStory({
    text: ORDERS,
    path: PATH,
    selection: { startLine: 6, endLine: 12 },
    findings: findingsOf(ORDERS, PATH),
    rules: allRules,
    mountPrefix: '/orders',
    now: FIXED_NOW,
    toolVersion: 't',
    ...(ruleId ? { choices: { ruleId } } : {}),
  });
}

describe('the request field of a finding', () => {
  it('gives the sort column its allow-list test when the identifier rule leads', () => {
    const s = orders();
    assert.ok(s.testSkeleton, JSON.stringify(s.acceptanceCriteria));
    assert.equal(s.testSkeleton.payload, '1 DESC');
    assert.match(s.testSkeleton.code, /\/orders\?customer=1&sort=\$\{encodeURIComponent\(probe\)\}/);
    assert.ok(s.acceptanceCriteria.some((c) => c.kind === 'test' && c.text.includes(s.testSkeleton!.path)));
    assert.ok(s.acceptanceCriteria.some((c) => c.kind === 'control' && c.text.includes('`req.query.sort`')));
  });

  it('keeps the value field for the string-built query alone', () => {
    const s = orders('sql/no-string-built-query');
    assert.ok(s.testSkeleton);
    // The other field takes a well-formed value (a column position), so the query stays valid around the attack.
    assert.match(s.testSkeleton.code, /\/orders\?sort=1&customer=\$\{encodeURIComponent\(value\)\}/);
    assert.match(s.testSkeleton.code, /attack\("customer", \(\) => send\(PAYLOAD\)\)/);
  });

  it('reads the field from a related location, a destructured local or the message, in that order', () => {
    const text = "router.get('/', (req, res) => {\n  const { name: who, sort } = req.body;\n  run(who);\n});";
    const at = (snippet: string) => {
      const start = text.indexOf(snippet);
      return { start: { line: 1, column: 0, offset: start }, end: { line: 1, column: 0, offset: start + snippet.length } };
    };
    const finding = (sink: string, message: string, related: Finding['related'] = []) => ({ range: at(sink), message, related }) as unknown as Finding;
    // The sink is a local bound by an aliased pattern: its key is the field.
    assert.deepEqual(requestFieldOf(text, finding('who', 'reaches run'), text), { location: 'body', name: 'name' });
    // A related location naming a member wins over the sink's local.
    assert.deepEqual(requestFieldOf(text, finding('who', 'reaches run', [{ range: at('req.body'), message: 'request input req.body.sort' }]), text), { location: 'body', name: 'sort' });
    // Nothing but the message names it.
    assert.deepEqual(requestFieldOf(text, finding('run', 'input `req.query.page` reaches run'), text), { location: 'query', name: 'page' });
    // The whole object enters and nothing names a field: the first one the handler destructures.
    assert.deepEqual(requestFieldOf(text, finding('run', 'reaches run', [{ range: at('req.body'), message: 'request input' }]), text), { location: 'body', name: 'name' });
    assert.equal(requestFieldOf(text, finding('run', 'reaches run'), text), undefined);
  });

  it('binds only names the handler destructured from the request', () => {
    const handler = "async ({ query: { q = '' } }, res) => {\n  const { id } = other;\n  const { total: sum } = req.body;\n}";
    assert.deepEqual(fieldBoundTo(handler, 'q'), { location: 'query', name: 'q' });
    assert.deepEqual(fieldBoundTo(handler, 'sum'), { location: 'body', name: 'total' });
    assert.equal(fieldBoundTo(handler, 'total'), undefined);
    assert.equal(fieldBoundTo(handler, 'id'), undefined);
    assert.equal(fieldBoundTo(handler, 'a.b'), undefined);
  });
});
