// CSRF, HSTS and database least-privilege platform stories are raised and rated only from what the
// code shows, and name it: a JSON-only API with bearer tokens gets no CSRF story; an app behind a
// proxy gets no rated HSTS; an app whose only database is SQLite gets no database-account story.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import { csrfVerdict, databaseVerdict, hstsVerdict, platformFactsOf } from '../../server/src/backlog/story/platformEvidence';
import { platformStory } from '../../server/src/backlog/story/platformStories';
import { renderTaskFile } from '../../server/src/backlog/adapters/markdown/taskFile';
import { where } from '../../server/src/backlog/story/reportText';
import { run } from '../../server/src/cli/main';
import { backlogCli } from './backlogCli';
import { FIXED_NOW, initRepo, removeDir, tempDir } from './helpers';

const JSON_APP = [
  "const express = require('express');",
  'const app = express();',
  'app.use(express.json());',
  "app.post('/orders', (req, res) => {",
  "  const token = (req.headers.authorization || '').replace(/^Bearer /, '');",
  '  res.json({ token });',
  '});',
  'app.listen(3000);',
].join('\n');

const FORM_APP = [
  "const express = require('express');",
  "const session = require('express-session');",
  'const app = express();',
  'app.use(express.urlencoded({ extended: false }));',
  "app.use(session({ secret: process.env.SECRET, resave: false, saveUninitialized: false }));",
  "app.post('/email', (req, res) => {",
  '  if (!req.session.userId) return res.sendStatus(401);',
  '  res.send(req.body.email);',
  '});',
  "app.post('/login', (req, res) => {",
  '  req.session.userId = 1;',
  '  res.send();',
  '});',
  'app.listen(3000);',
].join('\n');

describe('platform evidence', () => {
  it('finds no CSRF exposure in a JSON-only API with bearer tokens', () => {
    const verdict = csrfVerdict(platformFactsOf([{ path: 'src/app.js', text: JSON_APP }]));
    assert.equal(verdict.kind, 'not-needed');
    assert.match(verdict.reason, /no form bodies/);
  });

  it('rates CSRF from form bodies and cookie-authenticated writes, naming each line', () => {
    const facts = platformFactsOf([{ path: 'src/app.js', text: FORM_APP }]);
    assert.deepEqual(facts.formBodies.map((e) => e.line), [4]);
    // The login route only sets the session; the email route trusts it.
    assert.deepEqual(facts.cookieAuthenticatedWrites.map((e) => [e.line, e.what]), [[6, 'POST /email reads req.session.userId']]);
    const verdict = csrfVerdict(facts);
    assert.equal(verdict.kind, 'rated');
    assert.ok(verdict.kind === 'rated' && verdict.likelihood === 2);
    assert.match(verdict.reason, /src\/app\.js:4 .*src\/app\.js:6/);
  });

  it('rates CSRF low where only bodiless requests can be forged', () => {
    const text = FORM_APP.replace('app.use(express.urlencoded({ extended: false }));', 'app.use(express.json());');
    const verdict = csrfVerdict(platformFactsOf([{ path: 'src/app.js', text }]));
    assert.ok(verdict.kind === 'rated' && verdict.likelihood === 1, JSON.stringify(verdict));
    assert.match(verdict.reason, /reads no form bodies/);
  });

  it('takes a CSRF library or a sameSite cookie as the control done', () => {
    const text = FORM_APP.replace('saveUninitialized: false', "saveUninitialized: false, cookie: { sameSite: 'lax' }");
    assert.equal(csrfVerdict(platformFactsOf([{ path: 'src/app.js', text }])).kind, 'not-needed');
  });

  it('says HSTS is unknown behind a proxy, missing where the app ends TLS, done with helmet', () => {
    const plain = hstsVerdict(platformFactsOf([{ path: 'src/app.js', text: JSON_APP }]));
    assert.equal(plain.kind, 'unknown');
    assert.match(plain.reason, /answers plain HTTP \(src\/app\.js:8 starts a plain-HTTP server\)/);
    const tls = hstsVerdict(platformFactsOf([{ path: 'src/app.js', text: JSON_APP.replace('app.listen(3000);', 'https.createServer(options, app);') }]));
    assert.equal(tls.kind, 'rated');
    const helmet = hstsVerdict(platformFactsOf([{ path: 'src/app.js', text: `${JSON_APP}\napp.use(require('helmet')());` }]));
    assert.equal(helmet.kind, 'not-needed');
    const off = hstsVerdict(platformFactsOf([{ path: 'src/app.js', text: `${JSON_APP}\napp.use(helmet({ hsts: false }));` }]));
    assert.equal(off.kind, 'unknown', 'helmet with hsts off sets no header');
    const commented = hstsVerdict(platformFactsOf([{ path: 'src/app.js', text: `${JSON_APP}\n// app.use(helmet());` }]));
    assert.equal(commented.kind, 'unknown');
  });

  it('asks for a limited database account only where there is an account: a database server, or one the environment names', () => {
    const verdict = (text: string) => databaseVerdict(platformFactsOf([{ path: 'src/db.js', text }]));
    const sqlite = verdict("const sqlite3 = require('sqlite3');\nmodule.exports = new sqlite3.Database('todos.db');");
    assert.equal(sqlite?.kind, 'not-needed');
    assert.match(sqlite?.reason ?? "", /only database is SQLite \(src\/db\.js:1 loads the SQLite library sqlite3\), which has no accounts or grants/);
    const pg = verdict("const { Pool } = require('pg');\nmodule.exports = new Pool();");
    assert.ok(pg?.kind === 'rated' && pg.likelihood === 1, JSON.stringify(pg));
    assert.deepEqual(pg.evidence.map((e) => [e.line, e.what]), [[1, 'loads the database client pg']]);
    // A developer's SQLite fallback does not make the deployment's database one.
    const configured = verdict("const { Sequelize } = require('sequelize');\nmodule.exports = new Sequelize(process.env.DATABASE_URL || 'sqlite::memory:');");
    assert.equal(configured?.kind, 'rated');
    assert.match(configured?.reason ?? "", /process\.env\.DATABASE_URL/);
    assert.equal(verdict("module.exports = {};"), undefined, 'no database in sight: raised as before, unrated by evidence');
  });

  it('checks a database account with a test, not a reviewer', () => {
    const story = platformStory('db-least-privilege', FIXED_NOW, 't');
    assert.equal(story.acceptanceCriteria.some((c) => /reviewer/i.test(c.text)), false);
    const check = story.acceptanceCriteria.find((c) => c.kind === 'test');
    assert.match(check?.text ?? '', /refused `CREATE TABLE` and `DROP TABLE`.*superuser/);
  });

  it('puts the evidence in the platform story: rating reason, entry point, description and report cell', () => {
    const facts = platformFactsOf([{ path: 'src/app.js', text: FORM_APP }]);
    const verdict = csrfVerdict(facts);
    assert.ok(verdict.kind === 'rated');
    const story = platformStory('csrf', FIXED_NOW, 't', verdict);
    assert.equal(story.risk.likelihood, 2);
    // The harm names the changes a forged request can make here, not ones the app does not offer.
    assert.match(story.narrative, /without their consent, through `POST \/email`\.$/);
    assert.doesNotMatch(platformStory('csrf', FIXED_NOW, 't').narrative, /password|orders/);
    assert.doesNotMatch(platformStory('csp', FIXED_NOW, 't').narrative, /session takeover/);
    assert.match(story.risk.rationale, /src\/app\.js:4 reads form bodies/);
    assert.deepEqual([story.entryPoint.path, story.entryPoint.lines], ['src/app.js', [4, 4]]);
    const file = renderTaskFile(story, { id: 'TASK-1', status: 'To Do', createdDate: '2025-03-04 10:20' });
    assert.match(file, /Entry point: the whole application \(a platform control, done once for every route\); evidence: `src\/app\.js:4` reads form bodies/);
    assert.doesNotMatch(file, /`\.`|lines 1-1/);
    assert.equal(where({ path: 'src/app.js', lines: [4, 4], platformEvidence: ['src/app.js:4', 'src/app.js:6'] }), 'whole application; evidence at src/app.js:4, src/app.js:6');
    // A platform story raised before evidence was recorded.
    assert.equal(where({ path: '.', lines: [1, 1], symbol: 'the whole site', platformEvidence: [] }), 'whole application');
  });
});

async function rugged(root: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
  const code = await run(args, io, { today: '2025-06-01' });
  return { code, stdout, stderr };
}

/** A login that sets a session cookie without flags: its seed names CSRF and HSTS. */
function cookieApp(prefix: string, appText: string): string {
  const root = tempDir(prefix);
  initRepo(root);
  const files: Record<string, string> = {
    'src/app.js': appText,
    'src/routes/account.js': [
      "const express = require('express');",
      "const crypto = require('crypto');",
      'const router = express.Router();',
      "router.post('/login', (req, res) => {",
      "  res.cookie('sid', crypto.randomBytes(16).toString('hex'));",
      '  res.sendStatus(204);',
      '});',
      'module.exports = router;',
    ].join('\n'),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('platform stories from evidence, raised', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeDir));

  it('raises no CSRF or HSTS story for a JSON-only API behind a proxy, and says why in the story', async () => {
    const root = cookieApp('platform-json', JSON_APP);
    roots.push(root);
    const raised = await rugged(root, 'story', 'src/routes/account.js', '--lines', '4-7', '--rule', 'session/no-insecure-session-cookie', '--yes');
    assert.equal(raised.code, 0, raised.stderr);
    const stories = await new MarkdownBacklog({ root }).list();
    assert.deepEqual(stories.filter((s) => s.story?.platform).map((s) => s.story!.platform), []);
    const story = stories[0];
    assert.deepEqual(story.story!.platformNotRaised?.map((n) => n.reason.split(':')[0]), ['unknown', 'not needed']);
    const text = readFileSync(story.location, 'utf8');
    assert.match(text, /HSTS, so no request travels in clear text: unknown: the app answers plain HTTP \(src\/app\.js:8/);
    assert.doesNotMatch(text, /Left to a platform story/);
  });

  it('raises a CSRF story rated from the form bodies and session routes, which Backlog.md shows', async () => {
    const root = cookieApp('platform-form', FORM_APP);
    roots.push(root);
    const raised = await rugged(root, 'story', 'src/routes/account.js', '--lines', '4-7', '--rule', 'session/no-insecure-session-cookie', '--yes');
    assert.equal(raised.code, 0, raised.stderr);
    const stories = await new MarkdownBacklog({ root }).list();
    const csrf = stories.find((s) => s.story?.platform === 'csrf');
    assert.ok(csrf, stories.map((s) => s.title).join('; '));
    assert.equal(stories.some((s) => s.story?.platform === 'hsts'), false);
    const view = await backlogCli(root, 'task', 'view', csrf.id, '--plain');
    assert.match(view, /Entry point: the whole application .*evidence: `src\/app\.js:4` reads form bodies \(urlencoded\), `src\/app\.js:6` POST \/email reads req\.session\.userId/);
    assert.match(view, /Risk: Medium \(likelihood 2 x impact 2\): a page on another site can submit a form/);
  });

  it('raises no database-account story where the only database is SQLite, and says why; raises it, with its evidence, for PostgreSQL', async () => {
    const search = (driver: string, open: string, call: string) => [
      `const ${driver} = require('${driver}');`,
      `const db = ${open};`,
      'const router = require(\'express\').Router();',
      "router.get('/search', (req, res) => {",
      `  db.${call}("SELECT id FROM notes WHERE text LIKE '%" + req.query.q + "%'", (err, rows) => res.json(rows));`,
      '});',
      'module.exports = router;',
    ].join('\n');
    for (const [name, open, call, raised] of [
      ['sqlite3', 'new sqlite3.Database(\'notes.db\')', 'all', false],
      ['pg', 'new pg.Pool()', 'query', true],
    ] as const) {
      const root = cookieApp(`platform-db-${name}`, JSON_APP);
      roots.push(root);
      writeFileSync(join(root, 'src/routes/search.js'), search(name, open, call));
      const result = await rugged(root, 'story', 'src/routes/search.js', '--lines', '4-6', '--rule', 'sql/no-string-built-query', '--yes');
      assert.equal(result.code, 0, result.stderr + result.stdout);
      const stories = await new MarkdownBacklog({ root }).list();
      const platform = stories.find((s) => s.story?.platform === 'db-least-privilege');
      const story = stories.find((s) => !s.story?.platform);
      assert.ok(story?.story?.findings.some((f) => f.ruleId === 'sql/no-string-built-query'), stories.map((s) => s.title).join('; '));
      if (raised) {
        assert.ok(platform, stories.map((s) => s.title).join('; '));
        assert.match(platform.story!.risk.rationale, /src\/routes\/search\.js:1 loads the database client pg/);
      } else {
        assert.equal(platform, undefined);
        assert.match(story!.story!.platformNotRaised?.map((n) => n.reason).join('\n') ?? '', /^not needed: the app's only database is SQLite/m);
      }
    }
  });
});
