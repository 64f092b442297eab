// A SQL injection story says what the query's shape lets the attacker do, not what the rule's seed
// assumes: a handler that answers with the rows lets a UNION read other tables; a `SELECT *` hides
// no column; a name after ORDER BY, or a handler that answers only whether rows came back, gives one
// yes-or-no answer per request; and a schema file of another database is never in reach.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { draftStory } from '../../server/src/backlog/useCases/raiseStory';
import { rowsReturned } from '../../server/src/backlog/story/sqlQueryShape';
import { dialectOfCode, dialectOfSchema } from '../../server/src/backlog/story/sqlDialect';
import { removeDir, tempDir } from './helpers';

const ORDERS = (query: string, answer = 'res.json(rows);') =>
  [
    "const express = require('express');",
    "const mysql = require('mysql2/promise');",
    'const db = mysql.createPool({ uri: process.env.ORDERS_DATABASE_URL });',
    'const router = express.Router();',
    "router.get('/', async (req, res) => {",
    '  const { customer, sort } = req.query;',
    `  const [rows] = await db.query(\`${query}\`);`,
    `  ${answer}`,
    '});',
    'module.exports = router;',
  ].join('\n');

const PG_SCHEMA = 'CREATE TABLE customers (id serial PRIMARY KEY, email text, password_hash text);\n';
const MARIA_SCHEMA = 'CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, total int NOT NULL);\n';

describe('SQL stories follow the shape of the query', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeDir));
  const draft = async (routes: string) => {
    const root = tempDir('sql-shape');
    roots.push(root);
    const files = { 'package.json': '{"name":"shop","dependencies":{"express":"4.19.2","mysql2":"3.9.7","pg":"8.11.5"}}', 'db/postgres.sql': PG_SCHEMA, 'db/mariadb.sql': MARIA_SCHEMA, 'src/routes/orders.js': routes };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const { story } = await draftStory({ root, file: join(root, 'src/routes/orders.js'), selection: { startLine: 5, endLine: 9 }, rules: allRules, toolVersion: 't', platformStories: false });
    return story;
  };

  it('a SELECT * whose rows come back is a UNION read, with no hidden column, no bit-by-bit and no change through a one-statement driver', async () => {
    const story = await draft(ORDERS('SELECT * FROM orders WHERE customer_id = ${customer} ORDER BY ${sort}'));
    const words = `${story.title} ${story.narrative}`;
    assert.doesNotMatch(words, /hidden column/i);
    assert.doesNotMatch(words, /yes-or-no|one bit/i);
    assert.match(story.narrative, /through a UNION the answer brings back/);
    assert.ok(!story.stride.includes('T'), `mysql2 runs one statement, a read is no tampering: ${story.stride.join(',')}`);
    assert.doesNotMatch(words, /password/, 'the customers table is in PostgreSQL, out of reach of the orders connection');
    assert.ok(story.testSkeleton?.code.includes('1 DESC'), 'the sort is still tested');
  });

  it('a name after ORDER BY alone reads other tables one yes-or-no answer per request', async () => {
    const story = await draft(ORDERS('SELECT * FROM orders ORDER BY ${sort}'));
    assert.doesNotMatch(`${story.title} ${story.narrative}`, /hidden column/i);
    assert.match(story.narrative, /one yes-or-no answer per request/);
    assert.match(story.narrative, /from the order the rows come back in/);
    assert.deepEqual(story.stride.filter((s) => s === 'T'), [], 'a sort in a one-statement query changes nothing');
  });

  it('a handler that only says whether rows came back leaves one yes-or-no answer per request', async () => {
    const story = await draft(ORDERS("SELECT id FROM orders WHERE customer_id = ${customer} AND total > '${sort}'", 'res.json({ found: rows.length > 0 });'));
    assert.match(story.narrative, /one yes-or-no answer per request/);
    assert.doesNotMatch(story.narrative, /UNION/);
  });
});

describe('the parts of the query shape', () => {
  it('tells rows sent back from answers that carry none', () => {
    assert.equal(rowsReturned('const [rows] = await db.query(q);\n  res.json(rows);'), true);
    assert.equal(rowsReturned('res.status(500).send(err.message)'), true);
    assert.equal(rowsReturned("res.json({ found: rows.length > 0 });"), false);
    assert.equal(rowsReturned("res.sendStatus(rows.length ? 200 : 404);"), false);
    assert.equal(rowsReturned("res.send('ok');"), false);
    assert.equal(rowsReturned('return rows;'), undefined);
  });

  it('places a schema file and a query in their database only on a clear sign', () => {
    assert.equal(dialectOfSchema('db/mariadb.sql', MARIA_SCHEMA), 'mysql');
    assert.equal(dialectOfSchema('db/schema.sql', PG_SCHEMA), 'postgres');
    assert.equal(dialectOfSchema('db/schema.sql', MARIA_SCHEMA), undefined);
    assert.equal(dialectOfCode("const mysql = require('mysql2/promise');"), 'mysql');
    assert.equal(dialectOfCode("const { Pool } = require('pg');\nconst mysql = require('mysql2');"), undefined, 'two kinds of database: no guess');
  });
});
