// Two stories of one backlog never share a title: two injections into one route, raised one at a
// time, give the same loss and place, so the second title names the field it enters through (or
// its line), still whole and within the board's length; a story raised again keeps its title.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { distinctTitle } from '../../server/src/backlog/story/distinctTitle';
import { buildStory } from '../../server/src/backlog/story/story';
import { TITLE_MAX } from '../../server/src/backlog/story/storyTitle';
import { run } from '../../server/src/cli/main';
import { FIXED_NOW, findingsOf, removeDir, tempDir } from './helpers';

const PATH = 'src/routes/orders.js';

/** One route pasting two request fields into two queries: lines 7 and 8. */
const TEXT = [
  "const express = require('express');",
  "const { Pool } = require('pg');",
  'const pool = new Pool();',
  'const router = express.Router();',
  '',
  "router.get('/search', async (req, res) => {",
  "  const byName = await pool.query(\"SELECT id, total FROM orders WHERE customer LIKE '%\" + req.query.customer + \"%'\");",
  "  const byCity = await pool.query(\"SELECT id, total FROM orders WHERE city = '\" + req.query.city + \"'\");",
  '  res.json([...byName.rows, ...byCity.rows]);',
  '});',
  '',
  'module.exports = router;',
  '',
].join('\n');

function storyOn(line: number) {
  return buildStory({ text: TEXT, path: PATH, selection: { startLine: line, endLine: line }, findings: findingsOf(TEXT, PATH), rules: allRules, now: FIXED_NOW, toolVersion: 'test' });
}

describe('distinct titles', () => {
  it('name the field the attack enters through when the loss and the route are the same', () => {
    const first = storyOn(7);
    const second = storyOn(8);
    assert.equal(first.title, second.title, 'the premise: both injections give the same title');
    const title = distinctTitle(second, new Set([first.title.toUpperCase()]));
    assert.equal(title, 'Read or change the orders table in GET /search through the city query parameter');
    assert.ok(title.length <= TITLE_MAX);
  });

  it('fall back to the line, then to the order of raising, and leave a free title alone', () => {
    const first = storyOn(7);
    const second = storyOn(8);
    assert.equal(distinctTitle(second, new Set(['Another story'])), second.title);
    const byField = distinctTitle(second, new Set([first.title]));
    assert.equal(distinctTitle(second, new Set([first.title, byField])), 'Read or change the orders table in GET /search at line 8');
    assert.equal(distinctTitle(second, new Set([first.title, byField, 'Read or change the orders table in GET /search at line 8'])), 'Read or change the orders table in GET /search (story 2)');
  });

  it('keep a long loss whole, dropping clauses rather than cutting a word', () => {
    const second = storyOn(8);
    const long = { ...second, title: 'Read or change the orders, invoices and refunds of every customer in GET /search', goal: 'read or change the orders, invoices and refunds of every customer' };
    const title = distinctTitle(long, new Set([long.title]));
    assert.ok(title.length <= TITLE_MAX, title);
    assert.match(title, / in GET \/search through the city query parameter$/);
    assert.doesNotMatch(title, /[,;]\s*in /);
  });
});

describe('rugged story files distinct titles in one backlog', () => {
  const root = tempDir('distinct-titles');
  after(() => removeDir(root));
  mkdirSync(join(root, 'src/routes'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"orders","dependencies":{"express":"4.19.2","pg":"8.11.0"}}');
  writeFileSync(join(root, PATH), TEXT);

  const rugged = async (argv: string[]) => {
    let stderr = '';
    const io = { stdout: { write: () => undefined, isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, cwd: root, env: {} };
    const code = await run(argv, io, { today: '2025-06-01' });
    assert.ok(code <= 1, stderr);
  };
  const titles = () =>
    readdirSync(join(root, 'backlog/tasks'))
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((f) => /^title: (.*)$/m.exec(readFileSync(join(root, 'backlog/tasks', f), 'utf8'))![1].replace(/^'|'$/g, ''));

  it('gives the second injection into the same route its own title, and raising it again files nothing new', async () => {
    await rugged(['story', PATH, '--lines', '7', '--yes', '--no-platform']);
    await rugged(['story', PATH, '--lines', '8', '--yes', '--no-platform']);
    assert.deepEqual(titles(), ['Read or change the orders table in GET /search', 'Read or change the orders table in GET /search through the city query parameter']);
    await rugged(['story', PATH, '--lines', '8', '--yes', '--no-platform']);
    assert.equal(titles().length, 2);
    assert.equal(new Set(titles()).size, 2);
  });
});
