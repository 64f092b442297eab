// A stated prerequisite ("with a staff account") is checked against the route's real
// authentication: on a route nothing guards, the story says any anonymous visitor can do it, rates
// the likelihood high and asks for the login with its own test; a back-office router that checks
// no login gets one linked missing-login story, found again rather than filed twice, and the
// evidence report lists the logins the backlog assumes but the code does not check.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStories, buildStory, type StoryInput } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { FIXED_NOW, findingsOf, removeDir, tempDir } from './helpers';

const ADMIN_PATH = 'src/routes/admin.js';
const APP_PATH = 'src/app.js';
/** Lines 6-11 export, 13-15 download. */
const ADMIN_TEXT = [
  "const express = require('express');",
  "const { exec } = require('child_process');",
  "const path = require('path');",
  'const router = express.Router();',
  '',
  "router.post('/exports', (req, res) => {",
  '  exec(`tar czf /srv/exports/orders-${req.body.month}.tgz /srv/orders`, (err) => {',
  '    if (err) return res.status(500).end();',
  '    res.status(201).end();',
  '  });',
  '});',
  '',
  "router.get('/exports/:file', (req, res) => {",
  "  res.download(path.join('/srv/exports', req.params.file));",
  '});',
  '',
  "router.patch('/notes/:id', (req, res) => {",
  '  res.json({ id: req.params.id, text: req.body.text });',
  '});',
  '',
  'module.exports = router;',
  '',
].join('\n');
const EXPORTS = { startLine: 6, endLine: 11 };

function appText(mount: string): string {
  return ["const express = require('express');", "const admin = require('./routes/admin');", 'const app = express();', 'app.use(express.json());', mount, 'app.listen(3000);', ''].join('\n');
}
const OPEN_APP = appText("app.use('/admin', admin);");
const GUARDED_APP = appText("app.use('/admin', requireStaff, admin);");

function input(app: string | undefined, overrides: Partial<StoryInput> = {}): StoryInput {
  return {
    text: ADMIN_TEXT,
    path: ADMIN_PATH,
    findings: findingsOf(ADMIN_TEXT, ADMIN_PATH),
    rules: allRules,
    selection: EXPORTS,
    ...(app ? { mountPrefix: '/admin', mount: { path: APP_PATH, text: app } } : {}),
    choices: { prerequisites: 'with a staff account' },
    now: FIXED_NOW,
    toolVersion: 't',
    ...overrides,
  };
}

describe('a stated prerequisite on a route that checks no login', () => {
  const story = buildStory(input(OPEN_APP));

  it('tells the narrative truthfully: any anonymous visitor, although the route is meant for staff', () => {
    assert.match(story.narrative, /^As any anonymous visitor \(the route has no authentication, although it is meant for staff\), I want to /);
    assert.equal(story.prerequisites, 'with a staff account', 'the stated prerequisite is kept, for the report');
    assert.deepEqual(story.authentication, { state: 'unguarded', route: 'POST /admin/exports', assumed: 'staff' });
  });

  it('keeps the check of the shape of month, which the command puts in a file name, beside the login criteria', () => {
    assert.ok(story.acceptanceCriteria.some((c) => /^`month` is checked against the shape it must have/.test(c.text)), story.acceptanceCriteria.map((c) => c.text).join('\n'));
  });

  it('rates the likelihood high and says why', () => {
    assert.equal(story.risk.likelihood, 3);
    assert.match(story.risk.rationale, /the story assumed the attacker needs a staff account, but nothing on the route or where it is mounted checks a login/);
  });

  it('asks for the login, with a test that sends the route anonymously and expects 401/403', () => {
    const texts = story.acceptanceCriteria.map((c) => c.text);
    assert.ok(texts.includes('Only an authenticated staff member reaches `POST /admin/exports`; an anonymous request answers 401 or 403 before the handler runs'), texts.join('\n'));
    const test = story.loginTest;
    assert.ok(test);
    assert.equal(test.path, `test/security/${story.key.toLowerCase()}-login.test.js`);
    assert.ok(story.acceptanceCriteria.some((c) => c.kind === 'test' && c.text.startsWith(`\`${test.path}\` sends \`POST /admin/exports\` with no login`)));
    assert.match(test.code, /\["POST", "\/admin\/exports"\]/);
    assert.match(test.code, /anonymous\.status === 401 \|\| anonymous\.status === 403/);
    assert.ok(story.acceptanceCriteria.length <= 6, `about five criteria, not ${story.acceptanceCriteria.length}`);
  });

  it('changes nothing when the mount guards the router, or when the mount is not known', () => {
    for (const [app, state] of [[GUARDED_APP, 'guarded'], [undefined, 'unknown']] as const) {
      const other = buildStory(input(app));
      assert.match(other.narrative, /^As an attacker with a staff account, /);
      assert.equal(other.authentication?.state, state);
      assert.equal(other.loginTest, undefined);
      assert.ok(!other.acceptanceCriteria.some((c) => /Only an authenticated/.test(c.text)));
    }
    assert.deepEqual(buildStory(input(GUARDED_APP)).authentication, { state: 'guarded', route: 'POST /admin/exports', guard: '`requireStaff`', where: `${APP_PATH}:5` });
  });

  it('leaves a story without a stated or implied login as it was', () => {
    const anonymous = buildStory(input(OPEN_APP, { choices: {} }));
    assert.doesNotMatch(anonymous.narrative, /although it is meant for/);
    assert.equal(anonymous.loginTest, undefined);
    assert.equal(anonymous.authentication?.assumed, undefined);
  });

  it('writes a write-IDOR test that acts as a signed-in user even where the route checks no login: a login-only fix must not pass it', () => {
    const idor = buildStory(input(OPEN_APP, { selection: { startLine: 17, endLine: 19 }, choices: { goalId: 't-others-record', prerequisites: 'with a customer account' } }));
    const code = idor.testSkeleton?.code ?? '';
    assert.ok(code, JSON.stringify(idor.acceptanceCriteria));
    assert.doesNotMatch(code, /\[401, 403, 404\]/, 'a 401 is what a login-only fix answers an anonymous request');
    assert.match(code, /const attack = await fetch\([^\n]*headers: \{ \.\.\.attacker/, 'the attack is sent with the attacker\'s login');
    assert.match(code, /attack\.status === 403 \|\| attack\.status === 404/);
    // This app has no login route: the test says what the tester must provide instead of pretending.
    assert.match(code, /The app has no login route Rugged recognises/);
    assert.match(code, /put the login headers of two test accounts in LOGINS first/);
    assert.match(idor.narrative, /although it is meant for administrators/, 'an /admin path is for administrators whatever the words say');
    // The missing login is still asked for, apart from ownership.
    assert.ok(idor.loginTest);
    const guarded = buildStory(input(GUARDED_APP, { selection: { startLine: 17, endLine: 19 }, choices: { goalId: 't-others-record', prerequisites: 'with a customer account' } }));
    assert.match(guarded.testSkeleton?.code ?? '', /LOGINS\.ATTACKER/, 'a guarded route is attacked signed in as well');
  });
});

describe('the missing login as its own story', () => {
  it('adds one linked story for the router, listing its open back-office routes', () => {
    const stories = buildStories(input(OPEN_APP));
    assert.equal(stories.length, 2);
    const [route, missing] = stories;
    assert.ok(missing.missingLogin);
    assert.deepEqual(missing.missingLogin.routes.map((r) => `${r.method} ${r.path}`), ['POST /admin/exports', 'GET /admin/exports/:file', 'PATCH /admin/notes/:id']);
    assert.match(missing.goal, /^run tar on the server \(POST \/admin\/exports\), .* without logging in$/);
    assert.equal(missing.asset, 'staff-only functions under /admin');
    assert.ok(missing.labels.includes('cwe-306'));
    assert.deepEqual(route.raisedWith?.map((s) => s.key), [missing.key]);
    assert.deepEqual(missing.raisedWith?.map((s) => s.key), [route.key]);
    assert.match(missing.testSkeleton?.code ?? '', /\["GET", "\/admin\/exports\/1"\]/);
    // The login is asked for once, in the missing-login story: the route story keeps its own fix and test.
    assert.match(missing.testSkeleton?.code ?? '', /\["POST", "\/admin\/exports"\]/);
    assert.equal(route.loginTest, undefined);
    assert.ok(!route.acceptanceCriteria.some((c) => /^Only an authenticated |with no login/.test(c.text)), route.acceptanceCriteria.map((c) => c.text).join('\n'));
    assert.ok(route.testSkeleton, 'the route story keeps the test of its own fix');
  });

  it('is the same story from another route of the router, and never raised for a guarded one', () => {
    const fromExport = buildStories(input(OPEN_APP)).at(-1) as Story;
    const fromDownload = buildStories(input(OPEN_APP, { selection: { startLine: 13, endLine: 15 }, choices: {} })).at(-1) as Story;
    assert.equal(fromDownload.fingerprint, fromExport.fingerprint);
    assert.equal(buildStories(input(GUARDED_APP)).length, 1);
    assert.equal(buildStories(input(undefined)).length, 1, 'an unknown mount invents nothing');
  });

  it('is not raised for an open route that is not back-office work nor assumed to be', () => {
    const text = ADMIN_TEXT.replace("router.post('/exports'", "router.post('/notes'");
    const stories = buildStories(input(OPEN_APP, { text, findings: findingsOf(text, ADMIN_PATH), mountPrefix: '/notes', mount: { path: APP_PATH, text: OPEN_APP.replace("'/admin'", "'/notes'") }, choices: {} }));
    assert.equal(stories.length, 1);
  });
});

describe('rugged story and rugged report on a back-office router without login', () => {
  const root = tempDir('prereq');
  after(() => removeDir(root));
  mkdirSync(join(root, 'src/routes'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}\n');
  writeFileSync(join(root, APP_PATH), OPEN_APP);
  writeFileSync(join(root, ADMIN_PATH), ADMIN_TEXT);

  async function rugged(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
    const code = await run(argv, io, { today: '2025-06-01' });
    return { code, stdout, stderr };
  }

  it('files the missing-login story once, and links the second route story to it', async () => {
    const first = await rugged(['story', ADMIN_PATH, '--lines', '6-11', '--yes', '--no-platform', '--prerequisites', 'with a staff account']);
    assert.equal(first.code, 0, first.stderr);
    const second = await rugged(['story', ADMIN_PATH, '--lines', '13-15', '--yes', '--no-platform']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /already in the backlog as TASK-2/);
    const tasks = readdirSync(join(root, 'backlog', 'tasks'));
    assert.equal(tasks.filter((t) => /-under-admin\b/.test(t)).length, 1, tasks.join(', '));
    const download = readFileSync(join(root, 'backlog', 'tasks', tasks.find((t) => t.startsWith('task-3 '))!), 'utf8');
    assert.match(download, /\*\*Raised together with:\*\* TASK-2 \([^)]* under \/admin without logging in \(3 routes\)\)/);
    const missing = readFileSync(join(root, 'backlog', 'tasks', tasks.find((t) => t.startsWith('task-2 '))!), 'utf8');
    assert.match(missing, /\*\*Raised together with:\*\* TASK-1 \([^)]*\), TASK-3 \(Read /, 'the found story learns of the later one');
  });

  it('lists in the report the routes the backlog assumes need a login, which check none', async () => {
    const report = await rugged(['report', '--format', 'md']);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /Logins the backlog assumes, which the code does not check/);
    assert.match(report.stdout, /\| POST \/admin\/exports \| staff \| \[TASK-1\]/);
    assert.doesNotMatch(report.stdout, /\| GET \/admin\/exports\/:file \| /, 'the download story assumed no login');
  });
});
