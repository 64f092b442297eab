// The query splitter and placeholder rebuilder on their own, through a probe rule that runs them
// on the first argument of `probe(...)` calls.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineRule } from '../../server/src/engine/api';
import { testMeta } from '../../test/engine/testRules';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { looksLikeSql } from './sqlDrivers';
import { constantTextOf, parameterise, slotKind, splitStringParts, type PlaceholderStyle } from './queryParts';

function rebuild(code: string, style: PlaceholderStyle, contextBefore?: string): string {
  const out: string[] = [];
  const probe = defineRule({
    id: 'test/probe',
    meta: testMeta({ probe: 'probe' }),
    create(context) {
      return {
        CallExpression(call) {
          if (call.callee.type !== 'Identifier' || call.callee.name !== 'probe') return;
          const split = splitStringParts(call.arguments[0], context);
          if (!split) return void out.push('not split');
          const rebuilt = parameterise(split, style, context, { contextBefore });
          out.push(rebuilt ? `${rebuilt.sql} | ${rebuilt.values.map((v) => `${v.name}=${v.source}${v.identifier ? ' (id)' : ''}`).join(', ')}` : 'no rewrite');
        },
      };
    },
  });
  analyze(code, 'probe.js', { rules: [probe], config: defaultEngineConfig(), verifyFixes: false });
  return out.join('\n');
}

test('values become placeholders; quotes around a value are dropped; constants stay', () => {
  const code = "const T = 'users';\nprobe(`SELECT * FROM ${T} WHERE id = ${id} AND name = '${name}'`);";
  assert.equal(rebuild(code, 'dollar'), '`SELECT * FROM ${T} WHERE id = $1 AND name = $2` | id=id, name=name');
  assert.equal(rebuild(code, 'question'), '`SELECT * FROM ${T} WHERE id = ? AND name = ?` | id=id, name=name');
  assert.equal(rebuild(code, 'colon'), '`SELECT * FROM ${T} WHERE id = :id AND name = :name` | id=id, name=name');
  assert.equal(rebuild(code, 'at'), '`SELECT * FROM ${T} WHERE id = @id AND name = @name` | id=id, name=name');
  assert.equal(rebuild(code, 'tagged'), 'no rewrite', 'a tagged template would bind the table name');
});

test('a quoted literal with text around the value becomes one template value; each occurrence gets its own parameter', () => {
  assert.equal(rebuild("probe(\"SELECT * FROM t WHERE a LIKE '%\" + q + \"%' OR b LIKE '%\" + q + \"%'\");", 'colon'), '"SELECT * FROM t WHERE a LIKE :q OR b LIKE :q2" | q=`%${q}%`, q2=`%${q}%`');
  // One `$1` for both would make PostgreSQL deduce one type for a number and a text.
  assert.equal(rebuild('probe(`SELECT * FROM t WHERE a = ${req.query.a} OR b = \'${req.query.a}\'`);', 'dollar'), '`SELECT * FROM t WHERE a = $1 OR b = $2` | a=req.query.a, a2=req.query.a');
  // `${newId()}` twice is two calls, two values.
  assert.equal(rebuild('probe(`INSERT INTO t (a, b) VALUES (${newId()}, ${newId()})`);', 'dollar'), '`INSERT INTO t (a, b) VALUES ($1, $2)` | value=newId(), value2=newId()');
  assert.equal(rebuild("probe('SELECT * FROM t WHERE note = \\'it\\'\\'s ' + x + '\\'');", 'question'), "'SELECT * FROM t WHERE note = ?' | x=`it's ${x}`");
});

test('identifiers only for knex, keywords, lists, fragments and typed literals never', () => {
  assert.equal(rebuild('probe(`SELECT * FROM ${t} ORDER BY ${c} LIMIT ${n}`);', 'knex'), '`SELECT * FROM ?? ORDER BY ?? LIMIT ?` | t=t (id), c=c (id), n=n');
  assert.equal(rebuild('probe(`SELECT * FROM ${t}`);', 'question'), 'no rewrite');
  assert.equal(rebuild('probe(`SELECT * FROM t ORDER BY name ${dir}`);', 'knex'), 'no rewrite');
  assert.equal(rebuild('probe(`SELECT * FROM t WHERE id IN (${ids})`);', 'question'), 'no rewrite');
  assert.equal(rebuild('probe(`SELECT * FROM t WHERE ${filter}`);', 'question'), 'no rewrite');
  assert.equal(rebuild('probe(`SELECT t.${col} FROM t`);', 'knex'), 'no rewrite');
  assert.equal(rebuild("probe(`SELECT * FROM t WHERE d > now() - interval '${days} days'`);", 'dollar'), 'no rewrite');
  assert.equal(rebuild('probe(`SELECT * FROM t WHERE "${col}" = 1`);', 'knex'), '`SELECT * FROM t WHERE ?? = 1` | col=col (id)');
});

test('quotes inside SQL comments do not open strings; values inside comments are not rewritten', () => {
  assert.equal(rebuild("probe(`SELECT * FROM t -- don't\nWHERE a = '${x}' /* it's */ AND b = ${y}`);", 'question'), "`SELECT * FROM t -- don't\nWHERE a = ? /* it's */ AND b = ?` | x=x, y=y");
  assert.equal(rebuild('probe(`SELECT * FROM t WHERE a = 1 -- ${note}\n`);', 'question'), 'no rewrite');
});

test('fragments are classified after the clause they continue', () => {
  assert.equal(rebuild('probe(`user.id = ${id}`);', 'colon'), 'no rewrite');
  assert.equal(rebuild('probe(`user.id = ${id}`);', 'colon', 'WHERE '), '`user.id = :id` | id=id');
  assert.equal(rebuild('probe(`${col} DESC`);', 'knex', 'ORDER BY '), '`?? DESC` | col=col (id)');
});

test('splitting: numeric additions are not text, nested templates are', () => {
  assert.equal(rebuild('probe(a + b);', 'question'), 'not split');
  assert.equal(rebuild('probe(a + b + " rows");', 'question'), 'no rewrite', 'a + b is added first, then the text follows it');
  assert.equal(rebuild('probe("SELECT * FROM t WHERE a = " + `${x}` + " AND b = " + (y + 1));', 'question'), '"SELECT * FROM t WHERE a = ? AND b = ?" | x=x, value=y + 1');
  assert.equal(rebuild('probe(`SELECT 1`);', 'question'), '`SELECT 1` | ');
});

test('slot kinds', () => {
  assert.equal(slotKind('SELECT * FROM t WHERE a = ', ''), 'value');
  assert.equal(slotKind('SELECT * FROM t WHERE ', ' = 1'), 'identifier');
  assert.equal(slotKind('UPDATE t SET ', ' = 1'), 'identifier');
  assert.equal(slotKind('UPDATE t SET a = ', ''), 'value');
  assert.equal(slotKind('INSERT INTO t (', ') VALUES (1)'), 'identifier');
  assert.equal(slotKind('INSERT INTO t (a) VALUES (', ')'), 'value');
  assert.equal(slotKind('SELECT * FROM t ORDER BY a ', ''), 'keyword');
  assert.equal(slotKind('SELECT * FROM t WHERE a BETWEEN 1 AND ', ''), 'value');
  assert.equal(slotKind('SELECT * FROM t LIMIT 10 OFFSET ', ''), 'value');
});

test('looksLikeSql and constantTextOf', () => {
  for (const sql of ['SELECT a FROM b', 'insert into t values (1)', 'UPDATE users SET a = 1', 'DELETE FROM t', 'CREATE TABLE x (a int)', 'select * from t where id = x ', ' ORDER BY name', '(SELECT max(id) FROM t)', 'x UNION SELECT a FROM b']) {
    assert.ok(looksLikeSql(sql), sql);
  }
  for (const text of ['hello world', 'ls -la /tmp', 'user:42', 'Please select a file from the list', 'where are you']) assert.ok(!looksLikeSql(text), text);
  const texts: string[] = [];
  const probe = defineRule({
    id: 'test/text',
    meta: testMeta({ probe: 'probe' }),
    create: (context) => ({
      CallExpression(call) {
        if (call.callee.type === 'Identifier' && call.callee.name === 'probe') texts.push(constantTextOf(call.arguments[0], context).replace(/\s+/g, ' ').trim());
      },
    }),
  });
  analyze("let q = 'SELECT * FROM t';\nif (a) q += ' WHERE a = ' + a;\nprobe(q);", 'p.js', { rules: [probe], config: defaultEngineConfig(), verifyFixes: false });
  assert.deepEqual(texts, ['SELECT * FROM t WHERE a = x']);
});
