// What the SQL rule tells a story beyond its message, and what the story makes of it: every request
// field pasted into the query (not only the worst), the slot each lands in (which decides the
// payload), and whether the driver call can only read (no stacked UPDATE), which decides the words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory } from '../../server/src/backlog/story/story';
import { sqlPayload } from '../../server/src/backlog/story/skeletonSqlInjection';
import { FIXED_NOW, findingsOf } from './helpers';

const PATH = 'src/routes/reports.js';

function route(driver: string, call: string, query = "'SELECT id, title FROM todos WHERE title LIKE \\'%' + req.query.q + '%\\''"): string {
  return [driver, "const express = require('express');", 'const router = express.Router();', "router.get('/search', (req, res) => {", `  ${call.replace('QUERY', query)}`, '});', 'module.exports = router;', ''].join('\n');
}

function storyOf(text: string, libraries?: Record<string, string>) {
  return buildStory({ text, path: PATH, findings: findingsOf(text, PATH), rules: allRules, now: FIXED_NOW, toolVersion: '9.9.9', ...(libraries ? { libraries } : {}) });
}

const SALES = [
  "const { Pool } = require('pg');",
  'const pool = new Pool();',
  "const express = require('express');",
  'const router = express.Router();',
  "router.get('/sales', async (req, res) => {",
  "  let sql = 'SELECT region, SUM(total) AS total FROM sales WHERE 1 = 1';",
  '  if (req.query.region) {',
  "    sql += \" AND region = '\" + req.query.region + \"'\";",
  '  }',
  '  if (req.query.from) {',
  "    sql += ` AND sold_at >= '${req.query.from}'`;",
  '  }',
  "  sql += ' GROUP BY region';",
  '  const result = await pool.query(sql);',
  '  res.json(result.rows);',
  '});',
  'module.exports = router;',
  '',
].join('\n');

describe('the SQL rule lists every request field of the query, with its slot', () => {
  it('names both fields of a query assembled with +=, each inside a quoted literal', () => {
    const [finding] = findingsOf(SALES, PATH).filter((f) => f.ruleId === 'sql/no-string-built-query');
    assert.equal(finding.data?.inputs, 'req.query.region (string), req.query.from (string)');
    assert.equal(finding.data?.access, undefined, 'pg runs stacked statements when no values are passed');
  });

  it('tells a bare value from a name in one template', () => {
    const text = route("const mysql = require('mysql2/promise');\nconst db = mysql.createPool({});", 'db.query(`SELECT * FROM orders WHERE customer_id = ${req.query.customer} ORDER BY ${req.query.sort}`);');
    const finding = findingsOf(text, PATH).find((f) => f.ruleId === 'sql/no-string-built-query')!;
    assert.equal(finding.data?.inputs, 'req.query.customer (value), req.query.sort (identifier)');
  });

  it('says a SELECT run alone can only read: sqlite3 db.all and mysql2 without multipleStatements, not sqlite3 exec or a mysql2 pool that enables them', () => {
    const sqlite = "const sqlite3 = require('sqlite3');\nconst db = new sqlite3.Database('todos.db');";
    const access = (text: string) => findingsOf(text, PATH).find((f) => f.ruleId === 'sql/no-string-built-query')?.data?.access;
    assert.equal(access(route(sqlite, 'db.all(QUERY, (err, rows) => res.json(rows));')), 'read');
    assert.equal(access(route("const { db } = require('../db');", 'db.all(QUERY, (err, rows) => res.json(rows));')), 'read', 'a handle from another module: `all` is sqlite3\'s');
    assert.equal(access(route(sqlite, 'db.exec(QUERY, () => res.end());')), undefined);
    assert.equal(access(route(sqlite, 'db.all(QUERY, (err, rows) => res.json(rows));', "'DELETE FROM todos WHERE id = ' + req.query.id")), undefined, 'the statement itself changes data');
    assert.equal(access(route("const mysql = require('mysql2');\nconst db = mysql.createPool({});", 'db.query(QUERY, (err, rows) => res.json(rows));')), 'read');
    assert.equal(access(route("const mysql = require('mysql2');\nconst db = mysql.createPool({ multipleStatements: true });", 'db.query(QUERY, (err, rows) => res.json(rows));')), undefined);
  });
});

describe('the SQL story built from those facts', () => {
  it('names every field in the fix and the test, with a payload that keeps the GROUP BY', () => {
    const story = storyOf(SALES, { express: '4.19.2' });
    const texts = story.acceptanceCriteria.map((c) => c.text);
    assert.ok(texts[0].includes('for `req.query.region` and `req.query.from`'), texts[0]);
    const payload = sqlPayload('string');
    assert.ok(!payload.includes('--'));
    assert.ok(texts.some((t) => t.includes(`sends \`${payload}\` as \`region\` and \`${payload}\` as \`from\``)), texts.join('\n'));
    assert.ok(texts.some((t) => /Express 4 does not catch a rejected promise/.test(t)), texts.join('\n'));
    assert.match(story.testSkeleton!.code, /refuses an injected region[^]*refuses an injected from/);
  });

  it('asks for error answers only where Express 4 runs an async handler', () => {
    const texts = (libraries?: Record<string, string>) => storyOf(SALES, libraries).acceptanceCriteria.map((c) => c.text).join('\n');
    assert.doesNotMatch(texts({ express: '5.1.0' }), /Express 4/);
    assert.doesNotMatch(texts(), /Express 4/, 'no version known, nothing claimed');
  });

  it('reads, not "reads or changes", where the driver runs one SELECT; keeps "read or change" where statements can be stacked', () => {
    const sqlite = storyOf(route("const sqlite3 = require('sqlite3');\nconst db = new sqlite3.Database('todos.db');", 'db.all(QUERY, (err, rows) => res.json(rows));'));
    assert.match(sqlite.goal, /^read /);
    assert.doesNotMatch(`${sqlite.title} ${sqlite.narrative}`, /change/i);
    assert.ok(!sqlite.stride.includes('T') && !sqlite.labels.includes('stride-t'), 'a read is no Tampering');
    const pgStory = storyOf(SALES);
    assert.match(pgStory.goal, /^read or change /);
  });
});
