// A SQL injection story names its loss from the workspace's own schema: a UNION on a SELECT reads
// the most valuable column the same connection reaches (plaintext passwords first, "plaintext" only
// when the plaintext-password rule saw them stored or matched as typed), a login query that checks
// the password in SQL signs the attacker in as the first user, and without a schema the story keeps
// its old words and names no column.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { draftStory } from '../../server/src/backlog/useCases/raiseStory';
import { mostValuable } from '../../server/src/backlog/story/groundSql';
import { mergeTables, migrationTablesIn, sqlStringsIn, tablesInSql } from '../../server/src/backlog/story/sqlSchema';
import { TITLE_MAX } from '../../server/src/backlog/story/storyTitle';
import { removeDir, tempDir } from './helpers';

const SEARCH = [
  "const express = require('express');",
  "const db = require('../db');",
  'const router = express.Router();',
  "router.get('/search', (req, res) => {",
  "  db.all(\"SELECT id, text FROM notes WHERE text LIKE '%\" + req.query.q + \"%'\", (err, rows) => res.json(rows));",
  '});',
  'module.exports = router;',
].join('\n');

const LOGIN_IN_PLAINTEXT = [
  "const express = require('express');",
  "const db = require('../db');",
  'const router = express.Router();',
  "router.post('/login', (req, res) => {",
  "  db.get('SELECT id, name FROM users WHERE name = ? AND password = ?', [req.body.name, req.body.password], (err, user) => res.json(user));",
  '});',
  'module.exports = router;',
].join('\n');

const LOGIN_BUILT = [
  "const express = require('express');",
  "const db = require('../db');",
  'const router = express.Router();',
  "router.post('/login', (req, res) => {",
  "  db.get(\"SELECT id, role FROM accounts WHERE email = '\" + req.body.email + \"' AND password = '\" + req.body.password + \"'\", (err, user) => res.json(user));",
  '});',
  'module.exports = router;',
].join('\n');

const DB = "const sqlite3 = require('sqlite3');\nmodule.exports = new sqlite3.Database('notes.db');\n";

describe('the tables and columns a workspace names', () => {
  it('reads CREATE TABLE columns, and the columns queries select, insert, update and match', () => {
    const schema = tablesInSql('CREATE TABLE IF NOT EXISTS "users" (id INTEGER PRIMARY KEY, email TEXT UNIQUE, password_hash TEXT NOT NULL, CONSTRAINT u UNIQUE (email));');
    assert.deepEqual(schema, [{ name: 'users', columns: ['id', 'email', 'password_hash'] }]);
    assert.deepEqual(tablesInSql('SELECT id, name AS n, count(*) FROM users WHERE name = ? AND password = ?', 'db'), [{ name: 'users', columns: ['id', 'name', 'password'], handles: ['db'] }]);
    assert.deepEqual(tablesInSql('INSERT INTO cards (owner, card_number) VALUES (?, ?)')[0].columns, ['owner', 'card_number']);
    assert.deepEqual(tablesInSql("UPDATE partners SET api_key = ? WHERE id = ?")[0].columns, ['api_key', 'id']);
  });

  it('reads knex and Sequelize migrations, and the receiver each SQL string is sent through', () => {
    const knex = "exports.up = (knex) => knex.schema.createTable('tokens', (t) => { t.increments('id'); t.string('refresh_token'); });";
    assert.deepEqual(migrationTablesIn(knex), [{ name: 'tokens', columns: ['id', 'refresh_token'] }]);
    const sequelize = "await queryInterface.createTable('Users', { id: { type: Sequelize.INTEGER }, secret_answer: Sequelize.STRING });";
    assert.deepEqual(migrationTablesIn(sequelize), [{ name: 'Users', columns: ['id', 'secret_answer'] }]);
    assert.deepEqual(sqlStringsIn("const r = await pool.query(`SELECT * FROM t WHERE a = '${x}'`);").map((s) => s.handle), ['pool']);
  });

  it('ranks plaintext passwords first, then password columns, hashes, secrets, cards and emails, within the connection the injection uses', () => {
    const tables = mergeTables([
      { name: 'customers', columns: ['email', 'password_hash'], handles: ['pool'] },
      { name: 'users', columns: ['name', 'password'], handles: ['pool'] },
      { name: 'users', columns: ['password'], handles: ['pool'], plaintext: ['password'] },
      { name: 'orders', columns: ['card_number'], handles: ['ordersDb'] },
    ]);
    assert.equal(mostValuable(tables, 'pool')?.phrase, 'the plaintext passwords in users.password');
    assert.equal(mostValuable(tables, 'ordersDb')?.phrase, 'the card numbers in orders.card_number', 'another connection reaches other tables only');
    assert.equal(mostValuable(tables.filter((t) => t.name !== 'users'), 'pool')?.phrase, 'the password hashes in customers.password_hash');
    assert.equal(mostValuable([{ name: 'notes', columns: ['id', 'text'] }], 'db'), undefined, 'nothing valuable is named, none invented');
  });
});

describe('SQL injection stories name the loss from the schema', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeDir));
  const project = (files: Record<string, string>) => {
    const root = tempDir('sql-loss');
    roots.push(root);
    for (const [path, text] of Object.entries({ 'package.json': '{"name":"notes","dependencies":{"express":"4.19.2","sqlite3":"5.1.7"}}', 'src/db.js': DB, ...files })) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
  const draft = (root: string, file: string, lines: [number, number]) =>
    draftStory({ root, file: join(root, file), selection: { startLine: lines[0], endLine: lines[1] }, rules: allRules, toolVersion: 't', platformStories: false });

  it('a search injection names the plaintext passwords another route matches as typed', async () => {
    const root = project({ 'src/routes/notes.js': SEARCH, 'src/routes/session.js': LOGIN_IN_PLAINTEXT });
    const { story } = await draft(root, 'src/routes/notes.js', [4, 6]);
    assert.equal(story.title, 'Read the plaintext passwords in users.password in GET /search');
    assert.match(story.narrative, /I want to read the plaintext passwords in users\.password, as well as the notes table, so that .* sign in as those users, here and wherever they reused the password\./);
    assert.match(story.risk.rationale, /a UNION added to this SELECT reads the plaintext passwords in users\.password/);
  });

  it('the narrative names the asset once, the column the UNION reads first, and its harm refers back to it', async () => {
    const root = project({ 'src/routes/notes.js': SEARCH, 'db/schema.sql': 'CREATE TABLE members (id INTEGER PRIMARY KEY, email TEXT, password_hash TEXT);\n' });
    const { story } = await draft(root, 'src/routes/notes.js', [4, 6]);
    assert.equal(story.narrative.split('members.password_hash').length - 1, 1, story.narrative);
    assert.equal(story.narrative.split('the notes table').length - 1, 1, story.narrative);
    assert.match(story.narrative, /I want to read the password hashes in members\.password_hash, as well as the notes table, so that I copy them, and crack the hashes offline/);
    // The harm shown alone (the editor's preview) still says what it is about.
    assert.match(story.harm, /^I copy the password hashes in members\.password_hash, as well as the notes table, and crack/);
    assert.equal(story.asset, 'the password hashes in members.password_hash, as well as the notes table');
  });

  it('a schema file names password hashes, never "plaintext"', async () => {
    const root = project({ 'src/routes/notes.js': SEARCH, 'db/schema.sql': 'CREATE TABLE members (id INTEGER PRIMARY KEY, email TEXT, password_hash TEXT);\n' });
    const { story } = await draft(root, 'src/routes/notes.js', [4, 6]);
    assert.equal(story.title, 'Read the password hashes in members.password_hash in GET /search');
    assert.doesNotMatch(story.narrative, /plaintext/);
    assert.match(story.harm, /crack the hashes offline/);
  });

  it('without a schema the story keeps its words and names no column', async () => {
    const root = project({ 'src/routes/notes.js': SEARCH });
    const { story } = await draft(root, 'src/routes/notes.js', [4, 6]);
    assert.equal(story.title, 'Read the notes table in GET /search');
    assert.doesNotMatch(story.narrative, /\.\w+ /);
  });

  it('a login query that checks the password in SQL signs the attacker in as the first user, usually the administrator', async () => {
    const root = project({ 'src/routes/session.js': LOGIN_BUILT });
    const { story } = await draft(root, 'src/routes/session.js', [4, 6]);
    assert.equal(story.title, 'Sign in as the first user (usually an admin) without a password in POST /login');
    assert.ok(story.title.length <= TITLE_MAX);
    assert.match(story.narrative, /I want to sign in as the first user of the accounts table, usually the administrator, without knowing a password, so that I act with that user's rights/);
    assert.equal(story.technique, 'closing the quote in the email I type and commenting out the password check');
    assert.deepEqual(story.stride, ['S', 'E']);
  });
});
