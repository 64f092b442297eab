// What the UNION payloads of a SQL injection test are made of, read from the handler's code: the
// select list's columns, the columns the text after the WHERE names, a GROUP BY kept on the emptied
// first SELECT, the join of text that the driver's database accepts, and no proof where the answer
// can never show one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttackTarget } from '../../server/src/backlog/story/attackPlan';
import { unionProof } from '../../server/src/backlog/story/sqlUnionProof';

const target = (regionText: string, fileText: string, more: Partial<AttackTarget> = {}): AttackTarget => ({
  key: 'AS-UNIT0001',
  ruleId: 'sql/no-string-concat-sql',
  message: '',
  file: 'src/routes/x.js',
  regionText,
  fileText: `${fileText}\n${regionText}`,
  ...more,
});

const CUSTOMERS = [{ name: 'customers', columns: ['id', 'email', 'password_hash'] }];

describe('unionProof', () => {
  it('MySQL: the select list, the columns after the WHERE in the derived table, and the count joined with CONCAT only (|| is OR there)', () => {
    const region = "router.get('/', async (req, res) => {\n  const [rows] = await db.query(`SELECT id, title FROM notes WHERE owner = '${req.query.owner}' AND archived = 0 ORDER BY title`);\n  res.json(rows);\n});";
    const proof = unionProof(target(region, "const mysql = require('mysql2/promise');", { sqlTables: CUSTOMERS }))!;
    assert.equal(proof.marker, 'RUGGED-AS-UNIT0001');
    assert.equal(proof.signIn, false);
    assert.equal(proof.namedColumn, 'customers.password_hash');
    assert.deepEqual(proof.counted, ["CONCAT(UPPER('rugged-as-unit0001='), (SELECT COUNT(password_hash) FROM customers))"]);
    const union = proof.unionFor('string');
    assert.deepEqual(union.columns, ['id', 'title']);
    assert.equal(union.nullRow, undefined);
    assert.equal(union.template, "29991231' AND 1=0 UNION ALL SELECT {ROW} FROM (SELECT NULL AS owner, NULL AS archived, NULL AS title) AS rugged_t WHERE 1=1 OR 'a'<'b");
  });

  it('an unknown database: both ways of joining text; SELECT * from one table: a row of that table joined to no row', () => {
    const region = "router.get('/:id', async (req, res) => {\n  const [rows] = await sequelize.query('SELECT * FROM products WHERE id = ' + req.params.id);\n  res.json(rows[0]);\n});";
    const proof = unionProof(target(region, "const { sequelize } = require('../db');", { sqlTables: CUSTOMERS }))!;
    assert.equal(proof.counted.length, 2);
    assert.match(proof.counted[0], /\|\|/);
    assert.match(proof.counted[1], /^CONCAT\(/);
    const union = proof.unionFor('value');
    assert.equal(union.columns, undefined, 'the columns are learned from the row of nulls');
    assert.equal(union.nullRow, '0 AND 1=0 UNION ALL SELECT products.* FROM (SELECT 1 AS rugged_one) AS rugged_t LEFT JOIN products ON 1=0 WHERE 1=1 OR 1=1');
  });

  it('a GROUP BY the code appends is kept on the emptied first SELECT, and a list slot reopens its bracket', () => {
    const region = "router.get('/sales', async (req, res) => {\n  let sql = 'SELECT region, SUM(total) AS total FROM sales WHERE id IN (' + req.query.ids + ')';\n  sql += ' GROUP BY region';\n  res.json((await pool.query(sql)).rows);\n});";
    const proof = unionProof(target(region, "const { Pool } = require('pg');"))!;
    assert.equal(proof.namedColumn, undefined, 'no schema: no column is named');
    assert.deepEqual(proof.counted, []);
    const union = proof.unionFor('list');
    assert.deepEqual(union.columns, ['region', 'total']);
    assert.equal(union.template, '0) AND 1=0 GROUP BY region UNION ALL SELECT {ROW} FROM (SELECT NULL AS id, NULL AS region) AS rugged_t WHERE (1=1 OR 1=1');
  });

  it('a query that checks the password is a sign-in, whose proof needs no answer; a yes-or-no answer gets no UNION proof', () => {
    const login = "router.post('/login', async (req, res) => {\n  const rows = await db.all(\"SELECT id FROM users WHERE name = '\" + req.body.name + \"' AND password = '\" + req.body.password + \"'\");\n  res.json({ ok: rows.length > 0 });\n});";
    const proof = unionProof(target(login, "const sqlite3 = require('sqlite3');", { sqlTables: CUSTOMERS }))!;
    assert.equal(proof.signIn, true);
    assert.equal(proof.namedColumn, undefined);
    const exists = "router.get('/exists', async (req, res) => {\n  const rows = await db.all(\"SELECT id FROM users WHERE name = '\" + req.query.name + \"'\");\n  res.json({ found: rows.length > 0 });\n});";
    assert.equal(unionProof(target(exists, "const sqlite3 = require('sqlite3');")), undefined);
  });
});
