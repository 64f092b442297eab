// One story per attacker goal and asset: a handler with both a SQL injection and a hard-coded JWT
// secret becomes two stories, each sized on its own and naming the other; raising it again finds
// both, and a selection adding a new goal to an existing story files only the new one.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import { buildStories, buildStory, type StoryInput } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { createStory, proposeStory } from '../../server/src/lsp/backlogRequests';
import { WorkspaceBoundary } from '../../server/src/lsp/workspaceBoundary';
import { backlogCli } from './backlogCli';
import { FIXED_NOW, findingsOf, git, initRepo, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

const LOGIN_PATH = 'src/routes/login.js';

/** The login route: its query is built from the request (line 8), its tokens signed with a literal key (line 10). */
const LOGIN_TEXT = [
  "const express = require('express');",
  "const jwt = require('jsonwebtoken');",
  "const { Pool } = require('pg');",
  'const pool = new Pool();',
  'const router = express.Router();',
  '',
  "router.post('/login', async (req, res) => {",
  '  const result = await pool.query("SELECT id, role FROM users WHERE name = \'" + req.body.name + "\'");',
  '  const user = result.rows[0];',
  "  const token = jwt.sign({ id: user.id, role: user.role }, 'k3ep-this-s3cret-jwt-signing-key');",
  '  res.json({ token });',
  '});',
  '',
  'module.exports = router;',
  '',
].join('\n');

const HANDLER = { startLine: 7, endLine: 12 };

function loginInput(overrides: Partial<StoryInput> = {}): StoryInput {
  return { text: LOGIN_TEXT, path: LOGIN_PATH, selection: HANDLER, findings: findingsOf(LOGIN_TEXT, LOGIN_PATH), rules: allRules, now: FIXED_NOW, toolVersion: 'test', ...overrides };
}

const rulesOf = (story: Story) => [...new Set(story.findings.map((f) => f.ruleId))];

describe('buildStories', () => {
  const stories = buildStories(loginInput());

  it('makes one story per attacker goal, the most dangerous first', () => {
    assert.deepEqual(stories.map(rulesOf), [['sql/no-string-built-query'], ['session/no-hardcoded-secret']]);
    assert.equal(stories[0].risk.severity, 'Critical');
    assert.equal(stories[1].risk.severity, 'High');
    assert.notEqual(stories[0].fingerprint, stories[1].fingerprint);
    assert.match(stories[0].title, /^Read or change the users table in POST \/login$/);
    assert.match(stories[1].narrative, /secret written in the source code/);
    assert.doesNotMatch(stories[0].narrative, /secret/, 'the SQL story narrates its own goal only');
    assert.ok(stories.every((s) => s.relatedGoals === undefined), 'no other goal is listed as related');
  });

  it('sizes each story on its own: its criteria, its excerpt, its test', () => {
    for (const story of stories) {
      const criteria = story.acceptanceCriteria.length;
      assert.ok(criteria >= 3 && criteria <= 6, `${story.title}: ${criteria} criteria`);
      assert.equal(story.acceptanceCriteria.filter((c) => c.kind === 'test').length, 1);
      assert.ok(story.testSkeleton, `${story.title} proposes a test`);
      assert.ok(story.testSkeleton.path.includes(story.key.toLowerCase()), 'the test carries its own story key');
    }
    assert.match(stories[0].acceptanceCriteria[0].text, /login\.js:8.*bound parameters/);
    assert.ok(stories[0].acceptanceCriteria.every((c) => !/secret/i.test(c.text)), 'no JWT-secret criterion in the SQL story');
    assert.match(stories[1].acceptanceCriteria[0].text, /login\.js:10.*environment/);
    assert.deepEqual(stories[0].excerpt.lines, [8, 8]);
    assert.deepEqual(stories[1].excerpt.lines, [10, 10]);
    assert.ok(!stories[1].excerpt.text.includes('k3ep-this-s3cret'), 'the secret is redacted in its own story');
  });

  it('names the story each was raised with, by key before they are filed', () => {
    assert.deepEqual(stories[0].raisedWith, [{ key: stories[1].key, title: stories[1].title }]);
    assert.deepEqual(stories[1].raisedWith, [{ key: stories[0].key, title: stories[0].title }]);
  });

  it('builds each story as a raise of its own findings alone would: the same identity', () => {
    const sqlOnly = buildStory(loginInput({ selection: { startLine: 8, endLine: 8 } }));
    assert.equal(stories[0].fingerprint, sqlOnly.fingerprint);
  });

  it('leaves a selection with one goal, a chosen goal, a title or a rule as one story', () => {
    const oneGoal = loginInput({ selection: { startLine: 8, endLine: 9 } });
    assert.deepEqual(buildStories(oneGoal), [buildStory(oneGoal)]);
    for (const choices of [{ title: 'Log in as anyone' }, { goalId: 's-impersonate' }, { ruleId: 'session/no-hardcoded-secret' }, { goal: 'read every user record' }]) {
      const input = loginInput({ choices });
      assert.deepEqual(buildStories(input), [buildStory(input)], JSON.stringify(choices));
    }
  });

  it('keeps two rules reporting the same code in one story: one fix is one story', () => {
    const text = LOGIN_TEXT.replace(/pool\.query\(.*\);/, "pool.query('SELECT id, role FROM users ORDER BY ' + req.query.sort);");
    assert.notEqual(text, LOGIN_TEXT);
    const stories = buildStories(loginInput({ text, findings: findingsOf(text, LOGIN_PATH) }));
    assert.deepEqual(stories.map((s) => rulesOf(s).sort()), [['sql/no-request-controlled-identifier', 'sql/no-string-built-query'], ['session/no-hardcoded-secret']]);
    assert.equal(stories[0].relatedGoals?.length, 1, 'the other rule\'s goal is listed as related, as before');
  });

  it('keeps, for a STRIDE choice, the goals with one of its letters', () => {
    const disclosure = buildStories(loginInput({ choices: { stride: ['I'] } }));
    assert.deepEqual(disclosure.map(rulesOf), [['sql/no-string-built-query'], ['session/no-hardcoded-secret']]);
    assert.ok(disclosure.every((s) => s.stride.join() === 'I'));
  });

  it('renders the siblings in the task file', async () => {
    const root = tempDir('split-render');
    dirs.push(root);
    const backlog = new MarkdownBacklog({ root });
    const filed = await backlog.create(stories[0]);
    assert.match(readFileSync(filed.story.location, 'utf8'), new RegExp(`\\*\\*Raised together with:\\*\\* ${stories[1].key} \\(Take over`));
  });
});

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

/** A committed project holding the login route. */
function loginRepo(): string {
  const root = tempDir('split');
  dirs.push(root);
  mkdirSync(join(root, 'src/routes'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "name": "shop", "private": true }\n');
  writeFileSync(join(root, LOGIN_PATH), LOGIN_TEXT);
  writeFileSync(join(root, SHOP_PATH), SHOP_TEXT);
  initRepo(root);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'Login route');
  return root;
}

async function rugged(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, cwd, env: {} };
  const code = await run(argv, io, { today: '2025-06-01' });
  return { code, stdout, stderr };
}

interface Raised {
  id: string;
  path: string;
  created: boolean;
  story: Story;
  stories: { id: string; path: string; created: boolean; story: Story }[];
}

const taskFiles = (root: string) => readdirSync(join(root, 'backlog/tasks')).filter((f) => f.endsWith('.md')).sort();

describe('rugged story on a selection with two attacker goals', () => {
  const root = loginRepo();
  const raise = (lines: string) => rugged(root, ['story', LOGIN_PATH, '--lines', lines, '--yes', '--no-platform', '--format', 'json']);

  it('files two stories, each linking the other by its task id, and lists both', async () => {
    const { code, stdout, stderr } = await raise('7-12');
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as Raised;
    assert.deepEqual(out.stories.map((s) => [s.id, s.created]), [['TASK-1', true], ['TASK-2', true]]);
    assert.equal(out.id, 'TASK-1', 'the first story stays at the top, as for one story');
    assert.deepEqual(out.stories.map((s) => rulesOf(s.story)), [['sql/no-string-built-query'], ['session/no-hardcoded-secret']]);
    assert.match(stderr, /holds 2 attacker goals, one story each: TASK-1 \(Read or change the users table in POST \/login\), TASK-2/);
    assert.deepEqual(out.stories[0].story.raisedWith?.map((s) => s.id), ['TASK-2']);
    assert.deepEqual(out.stories[1].story.raisedWith?.map((s) => s.id), ['TASK-1']);
    assert.equal(taskFiles(root).length, 2);
    const first = readFileSync(join(root, out.stories[0].path), 'utf8');
    const second = readFileSync(join(root, out.stories[1].path), 'utf8');
    assert.match(first, /\*\*Raised together with:\*\* TASK-2 \(Take over /);
    assert.match(second, /\*\*Raised together with:\*\* TASK-1 \(Read or change the users table in POST \/login\)/);
  });

  it('finds both stories on a second raise and files nothing', async () => {
    const { code, stdout, stderr } = await raise('7-12');
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as Raised;
    assert.deepEqual(out.stories.map((s) => [s.id, s.created]), [['TASK-1', false], ['TASK-2', false]]);
    assert.match(stderr, /already in the backlog as TASK-1 .*\n.*already in the backlog as TASK-2/);
    assert.equal(taskFiles(root).length, 2);
  });

  it('prints one path per story without --format json', async () => {
    const { stdout } = await rugged(root, ['story', LOGIN_PATH, '--lines', '7-12', '--yes', '--no-platform']);
    assert.deepEqual(stdout.trim().split('\n'), taskFiles(root).map((f) => `backlog/tasks/${f}`));
  });

  it('reads the links back after the Backlog.md CLI edits a story', async () => {
    await backlogCli(root, 'task', 'edit', '2', '-s', 'In Progress', '--check-ac', '1');
    const stored = await new MarkdownBacklog({ root }).get('TASK-2');
    assert.ok(stored?.story, stored?.problem ?? 'story data lost');
    assert.equal(stored.status, 'In Progress');
    assert.deepEqual(stored.story.raisedWith?.map((s) => s.id), ['TASK-1']);
    assert.match(readFileSync(stored.location, 'utf8'), /\*\*Raised together with:\*\* TASK-1 /);
  });
});

describe('rugged story on a selection adding a goal to an existing story', () => {
  const root = loginRepo();

  it('files only the new goal, reports the existing story and links to it', async () => {
    const sql = await rugged(root, ['story', LOGIN_PATH, '--lines', '8', '--yes', '--no-platform', '--format', 'json']);
    assert.equal((JSON.parse(sql.stdout) as Raised).id, 'TASK-1');
    const { code, stdout, stderr } = await rugged(root, ['story', LOGIN_PATH, '--lines', '7-12', '--yes', '--no-platform', '--format', 'json']);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as Raised;
    assert.deepEqual(out.stories.map((s) => [s.id, s.created]), [['TASK-1', false], ['TASK-2', true]]);
    assert.match(stderr, /already in the backlog as TASK-1/);
    assert.deepEqual(out.stories[1].story.raisedWith?.map((s) => s.id), ['TASK-1']);
    assert.deepEqual(out.stories[0].story.raisedWith?.map((s) => [s.id, s.key]), [['TASK-2', out.stories[1].story.key]], 'the earlier story learns of its later sibling');
    assert.equal(taskFiles(root).length, 2);
  });

  it('keeps both links after the Backlog.md CLI edits the earlier story, and adds a third sibling to both', async () => {
    await backlogCli(root, 'task', 'edit', '1', '-s', 'In Progress', '--check-ac', '1');
    const backlog = new MarkdownBacklog({ root });
    const first = await backlog.get('TASK-1');
    assert.ok(first?.story, first?.problem ?? 'story data lost');
    assert.equal(first.status, 'In Progress');
    assert.deepEqual(first.story.raisedWith?.map((s) => s.id), ['TASK-2']);
    assert.match(readFileSync(first.location, 'utf8'), /\*\*Raised together with:\*\* TASK-2 \(Take over /);

    // A third goal appears in the same handler later: a token compared with ===, read from a header.
    const text = LOGIN_TEXT.replace('  res.json({ token });', "  if (req.get('x-api-key') === process.env.API_KEY) res.set('x-admin', '1');\n  res.json({ token });");
    writeFileSync(join(root, LOGIN_PATH), text);
    git(root, 'commit', '-qam', 'Admin header');
    const { code, stdout, stderr } = await rugged(root, ['story', LOGIN_PATH, '--lines', '7-13', '--yes', '--no-platform', '--format', 'json']);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as Raised;
    const created = out.stories.filter((s) => s.created);
    assert.equal(created.length, 1, stderr);
    const third = created[0].id;
    for (const id of ['TASK-1', 'TASK-2']) {
      const story = await backlog.get(id);
      const others = ['TASK-1', 'TASK-2', third].filter((x) => x !== id);
      assert.deepEqual(story?.story?.raisedWith?.map((s) => s.id).sort(), others.sort(), `${id} links every other story of the group`);
    }
    assert.deepEqual((await backlog.get(third))?.story?.raisedWith?.map((s) => s.id).sort(), ['TASK-1', 'TASK-2']);
    assert.equal((await backlog.get('TASK-1'))?.status, 'In Progress', 'what people changed stays');
  });
});

describe('rugged story on a superset selection with a second goal', () => {
  const root = loginRepo();
  // A second query built from the same field, inside the handler (line 9).
  const text = LOGIN_TEXT.replace('  const user = result.rows[0];', '  await pool.query("UPDATE users SET seen = now() WHERE name = \'" + req.body.name + "\'");');
  writeFileSync(join(root, LOGIN_PATH), text);
  git(root, 'commit', '-qam', 'Record the last login');

  it('files the new goal, reports the open story it would repeat, and extends only that one', async () => {
    assert.equal((JSON.parse((await rugged(root, ['story', LOGIN_PATH, '--lines', '8', '--yes', '--no-platform', '--format', 'json'])).stdout) as Raised).id, 'TASK-1');
    const { stdout, stderr } = await rugged(root, ['story', LOGIN_PATH, '--lines', '7-12', '--yes', '--no-platform', '--format', 'json']);
    const out = JSON.parse(stdout) as { stories: { id?: string; created: boolean; overlaps?: { id: string }[] }[] };
    assert.deepEqual(out.stories.map((s) => [s.id ?? s.overlaps?.map((o) => o.id).join(), s.created]), [['TASK-1', false], ['TASK-2', true]]);
    assert.match(stderr, /TASK-1 already links some of these findings for the same goal; "Read or change the users table in POST \/login" not written\. Extend it with the 1 other finding \(sql\/no-string-built-query line 9\)/);

    const extended = await rugged(root, ['story', LOGIN_PATH, '--lines', '7-12', '--extend', 'TASK-1', '--yes', '--format', 'json']);
    assert.equal(extended.code, 0, extended.stderr);
    const story = (JSON.parse(extended.stdout) as { story: Story }).story;
    assert.deepEqual(story.findings.map((f) => [f.ruleId, f.lines[0]]), [['sql/no-string-built-query', 8], ['sql/no-string-built-query', 9]], 'the SQL story grew by the SQL finding only');
    assert.equal(taskFiles(root).length, 2);
  });
});

describe('rugged/proposeStory and rugged/createStory on two attacker goals', () => {
  const root = loginRepo();
  const boundary = new WorkspaceBoundary(() => [{ uri: pathToFileURL(root).toString(), name: 'split' }]);
  const context = { rules: allRules, toolVersion: 'test', now: () => FIXED_NOW, inside: (pathOrUri: string, what: string) => boundary.require(pathOrUri, what) };
  const uri = pathToFileURL(join(root, LOGIN_PATH)).toString();
  const range = { start: { line: 6, character: 0 }, end: { line: 12, character: 0 } };

  it('proposes both stories, then answers with all of them', async () => {
    const proposal = await proposeStory({ uri, range }, context);
    assert.deepEqual(proposal.stories?.map((s) => s.severity), ['Critical', 'High']);
    assert.equal(proposal.title, proposal.stories?.[0].title);
    const created = await createStory({ uri, range, choices: { platformStories: false } }, context);
    assert.deepEqual(created.stories.map((s) => [s.id, s.created]), [['TASK-1', true], ['TASK-2', true]]);
    assert.equal(created.id, 'TASK-1');
    const again = await createStory({ uri, range, choices: { platformStories: false } }, context);
    assert.deepEqual(again.stories.map((s) => [s.id, s.created, s.duplicateOf]), [['TASK-1', false, 'TASK-1'], ['TASK-2', false, 'TASK-2']]);
    const proposedAgain = await proposeStory({ uri, range }, context);
    assert.deepEqual(proposedAgain.stories?.map((s) => s.duplicateOf?.id), ['TASK-1', 'TASK-2']);
  });

  it('answers a one-goal raise with a list of one', async () => {
    const shop = pathToFileURL(join(root, SHOP_PATH)).toString();
    const created = await createStory({ uri: shop, range: { start: { line: 11, character: 0 }, end: { line: 15, character: 0 } }, choices: { platformStories: false } }, context);
    assert.deepEqual(created.stories.map((s) => s.id), [created.id]);
    const proposal = await proposeStory({ uri: shop, range: { start: { line: 11, character: 0 }, end: { line: 15, character: 0 } } }, context);
    assert.equal(proposal.stories, undefined);
  });
});
