// What a security officer signs: each story's test evidence (present, run, its last result) with
// the header saying whether any test report was given; findings in test code listed without a
// rating and Rugged's own story tests not listed at all; a finding on the same weakness and asset
// as a story counted inside it, and platform stories that only amplify others not counted.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import type { Finding } from '../../server/src/engine/finding';
import { platformStory } from '../../server/src/backlog/story/platformStories';
import { evidenceReport } from '../../server/src/backlog/story/report';
import { renderReport } from '../../server/src/backlog/story/reportRender';
import { computeResidualRisk, type ResidualRiskInput } from '../../server/src/backlog/story/residualRisk';
import { buildStory } from '../../server/src/backlog/story/story';
import { storyTestKey } from '../../server/src/backlog/story/storyTestFile';
import type { Story, StoredStory } from '../../server/src/backlog/story/types';
import { setStoryTestsApart } from '../../server/src/backlog/useCases/storyTests';
import { run } from '../../server/src/cli/main';
import { FIXED_NOW, findingsOf, git, initRepo, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

const ACCOUNT_PATH = 'src/routes/account.js';

/** Register hashes with SHA-256 (line 8) and login compares SHA-256 hashes of the same column (line 14). */
const ACCOUNT_TEXT = [
  "const express = require('express');",
  "const crypto = require('crypto');",
  "const { Pool } = require('pg');",
  'const pool = new Pool();',
  'const router = express.Router();',
  '',
  "router.post('/register', async (req, res) => {",
  "  const hash = crypto.createHash('sha256').update(req.body.password).digest('hex');",
  "  await pool.query('INSERT INTO customers (email, password_hash) VALUES ($1, $2)', [req.body.email, hash]);",
  '  res.status(201).end();',
  '});',
  '',
  "router.post('/login', async (req, res) => {",
  "  const hash = crypto.createHash('sha256').update(req.body.password).digest('hex');",
  "  const { rows } = await pool.query('SELECT id FROM customers WHERE email = $1 AND password_hash = $2', [req.body.email, hash]);",
  '  res.json({ ok: rows.length > 0 });',
  '});',
  '',
  'module.exports = router;',
  '',
].join('\n');

const USERS_PATH = 'src/routes/users.js';
/** Registration stores the password as typed (line 7). */
const USERS_TEXT = [
  "const express = require('express');",
  "const { Pool } = require('pg');",
  'const pool = new Pool();',
  'const router = express.Router();',
  '',
  "router.post('/register', async (req, res) => {",
  "  await pool.query('INSERT INTO users (email, password) VALUES ($1, $2)', [req.body.email, req.body.password]);",
  '  res.status(201).end();',
  '});',
  '',
  'module.exports = router;',
  '',
].join('\n');

const SECURITY_PATH = 'src/security.js';
/** The login's password check hashes with MD5 (line 4). */
const SECURITY_TEXT = ["const crypto = require('crypto');", '', 'function hashPassword(password) {', "  return crypto.createHash('md5').update(password).digest('hex');", '}', '', 'module.exports = { hashPassword };', ''].join('\n');

function toStored(id: string, story: Story, options: { done?: boolean } = {}): StoredStory {
  const done = options.done ?? false;
  return {
    id,
    title: story.title,
    status: done ? 'Done' : 'To Do',
    done,
    labels: story.labels,
    location: `/repo/backlog/tasks/${id.toLowerCase()} - story.md`,
    acceptanceCriteria: story.acceptanceCriteria.map((c, i) => ({ index: i + 1, text: c.text, checked: done })),
    story,
  };
}

function storyOn(text: string, path: string, selection: { startLine: number; endLine: number }): Story {
  return buildStory({ text, path, selection, findings: findingsOf(text, path), rules: allRules, now: FIXED_NOW, toolVersion: 'test' });
}

function risk(stories: StoredStory[], files: ResidualRiskInput['files'], extra: Partial<ResidualRiskInput> = {}) {
  return computeResidualRisk({ stories, files, today: '2025-06-01', rules: allRules, ...extra });
}

function levels(r: ReturnType<typeof risk>): Record<string, [number, number, number]> {
  return Object.fromEntries(r.residual.byLevel.filter((l) => l.risks > 0).map((l) => [l.severity, [l.risks, l.stories, l.findings]]));
}

function markdown(r: ReturnType<typeof risk>, testReport?: string): string {
  return renderReport(evidenceReport({ risk: r, projectName: 'shop', notChecked: [], linkBase: '/repo', ...(testReport ? { testReport } : {}) }, new Map()), 'md');
}

const search = storyOn(SHOP_TEXT, SHOP_PATH, { startLine: 6, endLine: 10 });
const shopFindings = findingsOf(SHOP_TEXT, SHOP_PATH);

/** The Markdown row of a story in the "Remaining stories" table. */
function row(md: string, id: string): string {
  const line = md.split('\n').find((l) => l.startsWith(`| [${id}]`));
  assert.ok(line, `no row for ${id} in\n${md}`);
  return line;
}

describe('per-story test evidence', () => {
  const task = toStored('TASK-1', search);
  const proposed = search.testSkeleton!.path;
  const live = [{ path: SHOP_PATH, findings: shopFindings }];

  it('says plainly that no test report was given, and that the test was not run', () => {
    const md = markdown(risk([task], live, { tests: new Map([[task.location, { files: [proposed] }]]) }));
    assert.match(md, /^Test report: none given$/m);
    assert.match(md, /No test report was given \(--test-results\), so no story test was run for this report/);
    assert.match(row(md, 'TASK-1'), new RegExp(`\\| ${proposed.replace(/[.]/g, '\\.')}: not run \\(no test report given\\) \\|$`));
    assert.doesNotMatch(md, /attack still works|attack is refused/, 'no result is claimed without a report');
  });

  it('gives the last result from a test report: failed means the attack still works, passed that it is refused', () => {
    const failed = markdown(risk([task], live, { tests: new Map([[task.location, { files: [proposed], result: 'failed' as const }]]) }), 'junit.xml');
    assert.match(failed, /^Test report: junit\.xml$/m);
    assert.match(failed, /a story's test that failed there means the attack still works/);
    assert.match(row(failed, 'TASK-1'), /: failed, the attack still works \|$/);
    const passed = markdown(risk([task], live, { tests: new Map([[task.location, { files: [proposed], result: 'passed' as const }]]) }), 'junit.xml');
    assert.match(row(passed, 'TASK-1'), /: passed, the attack is refused \|$/);
    const absent = markdown(risk([task], live, { tests: new Map([[task.location, { files: [proposed], result: 'not-in-report' as const }]]) }), 'junit.xml');
    assert.match(row(absent, 'TASK-1'), /: not in the test report \(not run\) \|$/);
  });

  it('names a proposed test that is missing, and says when no test was proposed', () => {
    assert.match(row(markdown(risk([task], live)), 'TASK-1'), new RegExp(`\\| proposed ${proposed.replace(/[.]/g, '\\.')}, not in the repository \\|$`));
    const { testSkeleton: _dropped, ...bare } = search;
    const noted = toStored('TASK-2', { ...bare, testNote: 'jsonwebtoken 9 already refuses this' });
    assert.match(row(markdown(risk([toStored('TASK-1', bare), noted], live)), 'TASK-1'), /\| no test proposed \|$/);
    assert.match(row(markdown(risk([noted], live)), 'TASK-2'), /\| no test proposed: jsonwebtoken 9 already refuses this \|$/);
  });

  it('shows the column in HTML too', () => {
    const r = risk([task], live, { tests: new Map([[task.location, { files: [proposed], result: 'failed' as const }]]) });
    const html = renderReport(evidenceReport({ risk: r, projectName: 'shop', notChecked: [], testReport: 'junit.xml' }, new Map()), 'html');
    assert.match(html, /<th>Test evidence<\/th>/);
    assert.match(html, /failed, the attack still works<\/td>/);
    const none = renderReport(evidenceReport({ risk: r, projectName: 'shop', notChecked: [] }, new Map()), 'html');
    assert.match(none, /Test report: none given/);
    assert.match(none, /not run \(no test report given\)<\/td>/);
  });
});

describe('findings in test code', () => {
  it('are listed without a likelihood or impact rating and never counted', () => {
    const inTest = (f: Finding): Finding => ({ ...f, severity: 'info', context: { kind: 'test', matched: '**/test/**', originalSeverity: f.severity } });
    const r = risk([], [{ path: 'test/search.test.js', findings: shopFindings.map(inTest) }]);
    assert.deepEqual(levels(r), {});
    assert.ok(r.lowered.length > 0);
    for (const u of r.lowered) assert.deepEqual([u.risk, u.likelihood, u.impact], ['Unrated', undefined, undefined]);
    const md = markdown(r);
    const section = md.slice(md.indexOf('## Findings in tests'), md.indexOf('## Suppressions'));
    assert.match(section, /not rated and not counted in residual risk/);
    assert.match(section, /^\| Rule \| Severity \| Location \| Context \| Message \|$/m);
    assert.doesNotMatch(section, /\(\d x \d\)|Critical|High|Medium/, 'no rating is shown');
  });

  it("recognises Rugged's own story tests by their header, wherever they lie, and sets their findings apart", () => {
    const code = search.testSkeleton!.code;
    assert.equal(storyTestKey(code), search.key);
    assert.equal(storyTestKey(`// ${search.key}: a note a person wrote\nconst x = 1;\n`), undefined, 'a key alone is not the header');
    assert.equal(storyTestKey(code.split('\n').slice(1).join('\n')), undefined);

    const root = tempDir('story-tests');
    dirs.push(root);
    mkdirSync(join(root, 'test/security'), { recursive: true });
    mkdirSync(join(root, 'qa'), { recursive: true });
    // Rugged's test moved out of test/security/ is still Rugged's; a person's file there is not.
    writeFileSync(join(root, 'qa/login-attack.js'), code);
    writeFileSync(join(root, 'test/security/as-handmade.test.js'), SHOP_TEXT);
    const finding = shopFindings[0];
    const split = setStoryTestsApart(
      [
        { path: 'qa/login-attack.js', findings: [finding] },
        { path: 'test/security/as-handmade.test.js', findings: [finding] },
        { path: SHOP_PATH, findings: [finding] },
      ],
      root,
      1024 * 1024,
    );
    assert.deepEqual(split.storyTests, ['qa/login-attack.js']);
    assert.deepEqual(split.files.map((f) => f.path), ['test/security/as-handmade.test.js', SHOP_PATH]);

    const md = markdown(risk([], split.files, { storyTests: split.storyTests }));
    assert.match(md, /Rugged's own story tests hold attack payloads on purpose; their findings are not listed: qa/);
    assert.doesNotMatch(md, /\| [^|]*\| qa\/login-attack\.js:/, 'not in any findings table');
  });
});

describe('no double counting', () => {
  const register = storyOn(ACCOUNT_TEXT, ACCOUNT_PATH, { startLine: 7, endLine: 11 });
  const accountFindings = findingsOf(ACCOUNT_TEXT, ACCOUNT_PATH);

  it('counts a fast hash at login inside the story on the same fast hash at register', () => {
    assert.deepEqual(accountFindings.map((f) => [f.ruleId, f.range.start.line]), [['session/no-fast-password-hash', 8], ['session/no-fast-password-hash', 14]]);
    const r = risk([toStored('TASK-12', register)], [{ path: ACCOUNT_PATH, findings: accountFindings }]);
    assert.deepEqual(r.uncovered, []);
    assert.equal(Object.values(levels(r)).reduce((n, [risks]) => n + risks, 0), 1, 'one risk');
    assert.deepEqual(r.open[0].alsoAt?.map((a) => [a.path, a.line, a.ruleId]), [[ACCOUNT_PATH, 14, 'session/no-fast-password-hash']]);
    assert.equal(r.residual.alsoAt, 1);
    assert.match(row(markdown(r), 'TASK-12'), /; also at src\/routes\/account\.js:14 \(session\/no-fast-password-hash\) \|/);
  });

  it('counts an MD5 password check inside the plaintext-password story on the same stored passwords', () => {
    const plaintext = storyOn(USERS_TEXT, USERS_PATH, { startLine: 6, endLine: 9 });
    const r = risk([toStored('TASK-4', plaintext)], [
      { path: USERS_PATH, findings: findingsOf(USERS_TEXT, USERS_PATH) },
      { path: SECURITY_PATH, findings: findingsOf(SECURITY_TEXT, SECURITY_PATH) },
    ]);
    assert.deepEqual(r.uncovered, []);
    assert.deepEqual(r.open[0].alsoAt?.map((a) => [a.path, a.line]), [[SECURITY_PATH, 4]]);
  });

  it('counts it inside a story raised from the plaintext-password goal without findings', () => {
    const goal = buildStory({ text: SHOP_TEXT, path: SHOP_PATH, selection: { startLine: 17, endLine: 22 }, findings: shopFindings, rules: allRules, choices: { goalId: 'i-plaintext-password' }, now: FIXED_NOW, toolVersion: 'test' });
    assert.deepEqual(goal.findings, []);
    assert.ok(goal.labels.includes('cwe-256'), goal.labels.join());
    const r = risk([toStored('TASK-4', goal)], [{ path: SECURITY_PATH, findings: findingsOf(SECURITY_TEXT, SECURITY_PATH) }]);
    assert.deepEqual(r.uncovered, []);
    assert.deepEqual(r.open[0].alsoAt?.map((a) => [a.path, a.line]), [[SECURITY_PATH, 4]]);
  });

  it('keeps another route with the same injection a risk of its own', () => {
    const r = risk([toStored('TASK-1', search)], [{ path: SHOP_PATH, findings: shopFindings }]);
    assert.deepEqual(r.uncovered.map((u) => u.line), [13]);
    assert.equal(r.open[0].alsoAt, undefined);
  });

  it('does not fold a finding into a mitigated story: the story is not the risk that remains', () => {
    const done = toStored('TASK-12', register, { done: true });
    const tests = new Map([[done.location, { files: ['test/register.test.js'] }]]);
    const onlyLogin = accountFindings.filter((f) => f.range.start.line === 14);
    const r = risk([done], [{ path: ACCOUNT_PATH, findings: onlyLogin }], { tests });
    assert.deepEqual(r.mitigated.map((e) => e.id), ['TASK-12']);
    assert.deepEqual(r.uncovered.map((u) => u.line), [14]);
  });

  it('counts a committed key once, inside the story that owns its move and rotation, and never as an uncovered finding', () => {
    const keyPath = 'src/security.js';
    const keyText = "const SIGNING_KEY = 'jbk_live_8f3a9c2e71d64b05a9e1c7f2d3b4a5e6';\nmodule.exports = { SIGNING_KEY };\n";
    const adminPath = 'src/routes/admin.js';
    const adminText = [
      "const express = require('express');",
      "const jwt = require('jsonwebtoken');",
      "const { SIGNING_KEY } = require('../security');",
      'const router = express.Router();',
      "router.get('/users', (req, res) => {",
      "  const claims = jwt.decode((req.headers.authorization || '').replace('Bearer ', ''));",
      "  if (!claims || claims.role !== 'admin') return res.status(403).end();",
      '  res.json([]);',
      '});',
      "router.get('/orders', (req, res) => {",
      "  const partner = jwt.verify((req.headers.authorization || '').replace('Bearer ', ''), SIGNING_KEY);",
      '  res.json({ partner: partner.sub });',
      '});',
      'module.exports = router;',
      '',
    ].join('\n');
    const keyFindings = findingsOf(keyText, keyPath).filter((f) => f.ruleId === 'session/no-hardcoded-secret');
    assert.deepEqual(keyFindings.map((f) => f.range.start.line), [1]);
    const secret = { name: 'SIGNING_KEY', path: keyPath, line: 1, what: 'The JWT signing key' };
    const build = (selection: { startLine: number; endLine: number }, secretOwners: { path: string; line: number; id: string; title: string }[] = []) =>
      buildStory({ text: adminText, path: adminPath, selection, findings: findingsOf(adminText, adminPath), rules: allRules, libraries: { jsonwebtoken: '9.0.2' }, workspace: { secretsUsed: [secret], secretOwners }, now: FIXED_NOW, toolVersion: 'test' });
    const owner = toStored('TASK-7', build({ startLine: 5, endLine: 9 }));
    const dependent = toStored('TASK-8', build({ startLine: 10, endLine: 13 }, [{ path: keyPath, line: 1, id: 'TASK-7', title: owner.title }]));
    assert.deepEqual(owner.story!.ownsSecrets?.map((o) => [o.path, o.line]), [[keyPath, 1]]);
    assert.deepEqual(dependent.story!.dependsOn?.map((d) => d.id), ['TASK-7']);

    const r = risk([owner, dependent], [
      { path: adminPath, findings: findingsOf(adminText, adminPath) },
      { path: keyPath, findings: keyFindings },
    ]);
    assert.deepEqual(r.uncovered, [], 'the committed key is no uncovered finding');
    assert.deepEqual(r.open.find((e) => e.id === 'TASK-7')!.alsoAt?.map((a) => [a.path, a.line, a.ruleId]), [[keyPath, 1, 'session/no-hardcoded-secret']]);
    assert.equal(r.open.find((e) => e.id === 'TASK-8')!.alsoAt, undefined);
    // The verify without a list is hardening under jsonwebtoken 9: listed apart, not a risk.
    assert.equal(Object.values(levels(r)).reduce((n, [risks]) => n + risks, 0), 1, 'the key counted inside the decode story');
    assert.equal(r.residual.hardening, 1);
    const md = markdown(r);
    assert.match(row(md, 'TASK-7'), /; also at src\/security\.js:1 \(session\/no-hardcoded-secret\) \|/);
    assert.doesNotMatch(md.slice(md.indexOf('## Findings no story covers')), /src\/security\.js:1/);
  });

  it('shows the database least-privilege story as an amplifier of the injections, not as a risk', () => {
    const platform = toStored('TASK-2', platformStory('db-least-privilege', FIXED_NOW, 'test'));
    const relying = toStored('TASK-1', { ...search, dependsOn: [{ id: 'TASK-2', title: platform.title }] });
    const r = risk([relying, platform], [{ path: SHOP_PATH, findings: shopFindings }]);
    assert.deepEqual(levels(r), { Critical: [2, 1, 1] }, 'the story and the uncovered injection; the platform story is not counted');
    const entry = (id: string) => r.open.find((e) => e.id === id)!;
    assert.deepEqual(entry('TASK-2').amplifies, ['TASK-1']);
    assert.deepEqual(entry('TASK-1').amplifiedBy, ['TASK-2']);
    assert.equal(r.residual.amplifiers, 1);
    const md = markdown(r);
    assert.match(row(md, 'TASK-2'), /\| Medium, amplifier: makes TASK-1 worse \(not counted\) \|/);
    assert.match(row(md, 'TASK-1'), /\| Critical \(amplified by TASK-2\) \|/);
    assert.match(md, /Platform stories that only limit what other weaknesses achieve \(database least privilege, a Content-Security-Policy\) are shown as amplifiers/);
  });

  it('still counts a platform story that is a risk of its own (HSTS)', () => {
    const hsts = toStored('TASK-3', platformStory('hsts', FIXED_NOW, 'test'));
    const r = risk([hsts], []);
    assert.deepEqual(levels(r), { Medium: [1, 1, 0] });
    assert.equal(r.open[0].amplifies, undefined);
  });
});

describe('rugged report on a project whose story test was written with --write-test', () => {
  async function rugged(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd, env: {} };
    return { code: await run(argv, io, { today: '2025-06-01' }), stdout, stderr };
  }

  it('lists the test as evidence, never as a finding, and counts the login hash inside the story', async () => {
    const root = tempDir('report-story-test');
    dirs.push(root);
    mkdirSync(join(root, 'src/routes'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{ "name": "shop", "private": true, "dependencies": { "express": "^4.19.0", "pg": "^8.11.0" } }\n');
    // The stored-password test reads the table through the module that exports the handle.
    writeFileSync(join(root, 'src/db.js'), "const { Pool } = require('pg');\nconst pool = new Pool();\nmodule.exports = { pool };\n");
    writeFileSync(join(root, ACCOUNT_PATH), ACCOUNT_TEXT.replace("const { Pool } = require('pg');\nconst pool = new Pool();\n", "const { pool } = require('../db');\n"));
    initRepo(root);
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'Accounts');
    const raised = await rugged(root, ['story', ACCOUNT_PATH, '--lines', '6-10', '--yes', '--no-platform', '--write-test']);
    assert.equal(raised.code, 0, raised.stderr);
    const [written] = readdirSync(join(root, 'test/security'));
    assert.ok(written, raised.stderr);
    const testPath = `test/security/${written}`;
    assert.ok(findingsOf(readFileSync(join(root, testPath), 'utf8'), testPath).length > 0, 'the test holds a fast hash on purpose');

    const { code, stdout, stderr } = await rugged(root, ['report']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Test report: none given$/m);
    assert.match(row(stdout, 'TASK-1'), new RegExp(`also at src/routes/account\\.js:13 \\(session/no-fast-password-hash\\) \\| 0/\\d \\| ${testPath.replace(/[.]/g, '\\.')}: not run \\(no test report given\\) \\|$`));
    assert.match(stdout, /\| Findings no story covers \(product code\) \| 0 \|/);
    assert.match(stdout, /\| Findings in tests, build scripts and other non-product code \| 0 \|/);
    assert.match(stdout, new RegExp(`their findings are not listed: ${testPath.replace(/[.]/g, '\\.')}\\.`));

    const key = written.replace(/\.test\.js$/, '').toUpperCase();
    writeFileSync(join(root, 'results.tap'), `TAP version 13\nnot ok 1 - ${key}: the stored password is a slow hash\n1..1\n`);
    const withResults = await rugged(root, ['report', '--test-results', 'results.tap']);
    assert.match(row(withResults.stdout, 'TASK-1'), /: failed, the attack still works \|$/);
  });
});

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));
