// `rugged story` and `rugged report` end to end, in-process, on temporary Git repositories.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import { ACTORS } from '../../server/src/backlog/story/stride';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { git, initRepo, removeDir, SHOP_TEXT, tempDir } from './helpers';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function rugged(cwd: string, argv: string[], options: { tty?: boolean; answers?: string[] } = {}): Promise<Result> {
  let stdout = '';
  let stderr = '';
  let stdin: (PassThrough & { isTTY?: boolean }) | undefined;
  if (options.answers) {
    stdin = new PassThrough();
    stdin.isTTY = options.tty ?? false;
    stdin.end(options.answers.map((a) => `${a}\n`).join(''));
  }
  const io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    ...(stdin ? { stdin } : {}),
    cwd,
    env: {},
  };
  const code = await run(argv, io, { today: '2025-06-01' });
  return { code, stdout, stderr };
}

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

/** A committed Express + pg project with a GitHub remote. */
function shopRepo(): string {
  const root = tempDir('cli-shop');
  dirs.push(root);
  mkdirSync(join(root, 'src/routes'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "name": "shop", "private": true }\n');
  writeFileSync(join(root, 'src/routes/products.js'), SHOP_TEXT);
  initRepo(root);
  git(root, 'remote', 'add', 'origin', 'https://deploy:tok3n@github.com/acme/shop.git');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'Shop with a search route');
  return root;
}

function taskFiles(root: string): string[] {
  return readdirSync(join(root, 'backlog/tasks')).filter((f) => f.endsWith('.md'));
}

describe('rugged story', () => {
  const root = shopRepo();
  const head = git(root, 'rev-parse', 'HEAD').trim();

  it('writes a story for lines of a file and prints its path', async () => {
    const result = await rugged(root, ['story', 'src/routes/products.js', '--lines', '12-15', '--yes', '--no-platform']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^backlog\/tasks\/task-1 - read-or-change-the-products-table[a-z0-9-]*\.md\n$/);
    const text = readFileSync(join(root, result.stdout.trim()), 'utf8');
    assert.ok(text.includes(`https://github.com/acme/shop/blob/${head}/src/routes/products.js#L12-L15`), 'permalink at HEAD');
    assert.ok(!text.includes('tok3n'), 'credentials of the remote never reach the story');
    assert.match(text, /GET \/:id/);
  });

  it('finds the existing story instead of writing a second one', async () => {
    const result = await rugged(root, ['story', 'src/routes/products.js', '--lines', '12-15', '--yes', '--no-platform', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /already in the backlog as TASK-1/);
    const out = JSON.parse(result.stdout) as { id: string; created: boolean; duplicateOf?: string; story: Story };
    assert.equal(out.id, 'TASK-1');
    assert.equal(out.created, false);
    assert.equal(out.duplicateOf, 'TASK-1');
    assert.equal(taskFiles(root).length, 1);
  });

  it('takes the proposed answers without --yes when nobody is at a terminal', async () => {
    const result = await rugged(root, ['story', 'src/routes/products.js', '--lines', '17-21', '--stride', 'information-disclosure', '--goal', 'i-exposed-secret', '--no-platform', '--format', 'json'], { answers: ['n'] });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '');
    const out = JSON.parse(result.stdout) as { id: string; created: boolean; story: Story };
    assert.equal(out.created, true);
    assert.deepEqual(out.story.stride, ['I']);
    assert.equal(out.story.findings.length, 0);
    assert.equal(out.story.provenance.redactions, 2);
    const text = readFileSync(join(root, 'backlog/tasks', taskFiles(root).find((f) => f.startsWith('task-2'))!), 'utf8');
    assert.ok(!text.includes('AKIAQWERTYUIOPASDFGH') && !text.includes('hunter2-correct-horse'), 'secrets redacted in the file');
  });

  it('asks the editor\'s questions on a terminal and uses the answers', async () => {
    const result = await rugged(root, ['story', 'src/routes/products.js', '--lines', '6-10', '--no-platform', '--format', 'json'], {
      tty: true,
      answers: ['T', '2', 'Dump the catalogue through the search box', 'y'],
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /STRIDE/);
    assert.match(result.stderr, /Actor/);
    assert.match(result.stderr, /Raise "Dump the catalogue through the search box"\?/);
    const out = JSON.parse(result.stdout) as { story: Story };
    assert.deepEqual(out.story.stride, ['T']);
    assert.equal(out.story.actor, ACTORS[1]);
    assert.equal(out.story.title, 'Dump the catalogue through the search box');
  });

  it('writes nothing when the user declines', async () => {
    const before = taskFiles(root).length;
    const result = await rugged(root, ['story', 'src/routes/products.js', '--lines', '1-4', '--no-platform'], { tty: true, answers: ['D', '1', '', '', 'n'] });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /nothing written/);
    assert.equal(taskFiles(root).length, before);
  });

  it('exits 2 with one line on usage mistakes', async () => {
    for (const [argv, message] of [
      [['story'], /missing <file>/],
      [['story', 'nope.js'], /file not found: nope\.js/],
      [['story', 'src/routes/products.js', '--lines', '9-3'], /--lines must be/],
      [['story', 'src/routes/products.js', '--stride', 'X'], /--stride takes letters/],
      [['story', 'src/routes/products.js', '--goal', 'no-such-goal'], /unknown --goal/],
      [['story', 'src/routes/products.js', '--yes', '--no-platform', '--backlog', '../outside'], /outside/],
    ] as const) {
      const result = await rugged(root, [...argv]);
      assert.equal(result.code, 2, `${argv.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  it('writes into the folder .rugged.json names, and --backlog overrides it', async () => {
    const configured = shopRepo();
    writeFileSync(join(configured, '.rugged.json'), JSON.stringify({ backlog: { directory: 'security/backlog' } }));
    const result = await rugged(configured, ['story', 'src/routes/products.js', '--yes', '--no-platform']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^security\/backlog\/tasks\/task-1 - /);
    const flag = await rugged(configured, ['story', 'src/routes/products.js', '--yes', '--no-platform', '--backlog', 'other']);
    assert.match(flag.stdout, /^other\/tasks\/task-1 - /);
  });

  it('refuses an unknown backlog.tracker by name, and writes nothing', async () => {
    const configured = shopRepo();
    writeFileSync(join(configured, '.rugged.json'), JSON.stringify({ backlog: { tracker: 'azure-boards' } }));
    for (const argv of [['story', 'src/routes/products.js', '--yes', '--no-platform'], ['report']]) {
      const result = await rugged(configured, argv);
      assert.equal(result.code, 2, argv[0]);
      assert.match(result.stderr, /Unknown backlog tracker "azure-boards" in backlog\.tracker .*known trackers: markdown, github, gitlab, jira/, argv[0]);
    }
    assert.equal(existsSync(join(configured, 'backlog')), false);
  });

  it('works outside Git, without commit or permalink', async () => {
    const plain = tempDir('cli-nogit');
    dirs.push(plain);
    writeFileSync(join(plain, 'package.json'), '{}\n');
    writeFileSync(join(plain, 'app.js'), SHOP_TEXT);
    const result = await rugged(plain, ['story', 'app.js', '--yes', '--no-platform', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { story: Story };
    assert.equal(out.story.entryPoint.path, 'app.js');
    assert.equal(out.story.entryPoint.commit, undefined);
    assert.equal(out.story.entryPoint.permalink, undefined);
  });
});

describe('rugged report', () => {
  const root = shopRepo();

  it('shows identified, mitigated with commits, what remains and every suppression', async () => {
    const search = await rugged(root, ['story', 'src/routes/products.js', '--lines', '6-10', '--yes', '--no-platform']);
    const byId = await rugged(root, ['story', 'src/routes/products.js', '--lines', '12-15', '--yes', '--no-platform']);
    assert.equal(search.code + byId.code, 0);
    const searchFile = join(root, search.stdout.trim());

    // Fix the search route, suppress the other finding with a reason and an expiry, close the story.
    const fixed = SHOP_TEXT.replace(
      `pool.query("SELECT id, name FROM products WHERE name LIKE '%" + term + "%'")`,
      "pool.query('SELECT id, name FROM products WHERE name LIKE $1', [`%${term}%`])",
    ).replace(
      "  const result = await pool.query('SELECT * FROM products WHERE id = ' + req.params.id);",
      "  // rugged-ignore sql/no-string-built-query until 2025-06-20 -- <script>alert(1)</script> id is validated upstream\n  const result = await pool.query('SELECT * FROM products WHERE id = ' + req.params.id);",
    );
    assert.notEqual(fixed, SHOP_TEXT);
    writeFileSync(join(root, 'src/routes/products.js'), fixed);
    writeFileSync(join(root, 'src/routes/orders.js'), "const db = require('./db');\nexports.find = (req) => db.query('SELECT * FROM orders WHERE id = ' + req.query.id);\n");
    git(root, 'add', 'src');
    git(root, 'commit', '-q', '-m', 'Bind the search term as a parameter');
    const fixCommit = git(root, 'rev-parse', 'HEAD').trim();
    writeFileSync(searchFile, readFileSync(searchFile, 'utf8').replace(/^status: To Do$/m, 'status: Done'));

    // Done by status alone: no criterion checked, no test. Closed without evidence, still a risk.
    const bare = await rugged(root, ['report']);
    assert.equal(bare.code, 0, bare.stderr);
    assert.match(bare.stdout, /## Closed without evidence\n\n### \[TASK-1\]\(backlog\/tasks\/task-1%20-%20read-or-change[^)]*\.md\): Read or change/);
    assert.match(bare.stdout, /Missing: (\d+) of \1 acceptance criteria are neither checked nor waived; no test in the repository names the story/);
    assert.match(bare.stdout, /No story is mitigated with evidence yet\./);
    assert.ok(bare.stdout.includes(`${fixCommit} Bind the search term as a parameter`), 'the work Git shows is listed, though it is no evidence');
    assert.match(bare.stdout, /\| Critical \| 3 \| 2 \| 1 \|/, 'the two stories and the new finding, each once');
    assert.doesNotMatch(bare.stdout, /total/i);

    // The evidence: every criterion checked, a test carrying the story key, and its passing result.
    // The story's data (its key among it) is in the task's sidecar file.
    const key = /"key": "(AS-[0-9A-Z]+)"/.exec(readFileSync(join(root, 'backlog/.rugged/task-1.json'), 'utf8'))![1];
    writeFileSync(searchFile, readFileSync(searchFile, 'utf8').replace(/^- \[ \] /gm, '- [x] '));
    mkdirSync(join(root, 'test'), { recursive: true });
    writeFileSync(join(root, 'test/search.test.js'), `const test = require('node:test');\ntest('${key} refuses a quote in q', () => {});\n`);
    writeFileSync(join(root, 'results.tap'), `TAP version 13\nok 1 - ${key} refuses a quote in q\n1..1\n`);

    const md = await rugged(root, ['report', '--test-results', 'results.tap']);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /\| Identified: abuser stories \| 2 \|/);
    assert.match(md.stdout, /\| Mitigated stories \(with evidence\) \| 1 \|/);
    assert.match(md.stdout, /### \[TASK-1\]\([^)]*\): Read or change/);
    assert.match(md.stdout, /- Tests: test\/search\.test\.js: passed, the attack is refused/);
    assert.ok(md.stdout.includes(`${fixCommit} Bind the search term as a parameter`), md.stdout);
    assert.match(md.stdout, /TASK-2\]\([^)]*\): .*\| Critical \| To Do \| nobody \|/);
    assert.match(md.stdout, /src\/routes\/orders\.js:2/, 'the new finding no story covers');
    assert.match(md.stdout, /2025-06-20 \(soon\)/, 'suppression with its expiry');
    assert.match(md.stdout, /id is validated upstream/);
    assert.match(md.stdout, /fake key, redaction test/, 'the fixture\'s own suppressions are reported too');
    assert.match(md.stdout, /## What the scan cannot see[\s\S]*Server-side request forgery \(SSRF\)/);

    writeFileSync(join(root, 'results.tap'), `TAP version 13\nnot ok 1 - ${key} refuses a quote in q\n1..1\n`);
    const failing = await rugged(root, ['report', '--test-results', 'results.tap']);
    assert.match(failing.stdout, /Missing: its test failed in the test report/);
    writeFileSync(join(root, 'results.tap'), `TAP version 13\nok 1 - ${key} refuses a quote in q\n1..1\n`);

    const json = await rugged(root, ['report', '--format', 'json', '--test-results', 'results.tap']);
    const report = JSON.parse(json.stdout) as {
      summary: { residual: { byLevel: { severity: string; risks: number; stories: number; findings: number }[]; openStories: number; uncoveredFindings: number; suppressions: number } };
      mitigated: { id: string; commits: { hash: string }[] }[];
    };
    assert.deepEqual(report.summary.residual.byLevel.filter((l) => l.risks > 0), [{ severity: 'Critical', risks: 2, stories: 1, findings: 1 }]);
    assert.deepEqual([report.summary.residual.openStories, report.summary.residual.uncoveredFindings, report.summary.residual.suppressions], [1, 1, 3]);
    assert.equal(report.mitigated[0].id, 'TASK-1');
    assert.equal(report.mitigated[0].commits[0].hash, fixCommit);

    const html = await rugged(root, ['report', '--format', 'html', '--output', 'out/report.html']);
    assert.equal(html.code, 0, html.stderr);
    assert.equal(html.stdout, '');
    const page = readFileSync(join(root, 'out/report.html'), 'utf8');
    assert.ok(!page.includes('<script>'), 'nothing from the code is rendered as HTML');
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.match(page, /^<!DOCTYPE html>/);
    assert.match(page, /<a href="\.\.\/backlog\/tasks\/task-1%20-%20read-or-change[^"]*\.md">TASK-1<\/a>/, 'links to the task file, relative to the report');
    assert.match(page, /class="sev sev-critical"/);
  });

  it('records a risk acceptance, lists the risk apart and warns before it expires', async () => {
    const accepted = await rugged(root, ['accept', 'TASK-2', '--by', 'Dana Lee, security lead', '--until', '2025-06-20', '--rating', 'Medium', '--reason', 'the gateway rejects non-numeric ids']);
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.match(accepted.stdout, /^TASK-2: risk accepted by Dana Lee, security lead until 2025-06-20 at Medium \(backlog\/tasks\/task-2 - /);
    const task = readFileSync(join(root, 'backlog/tasks', taskFiles(root).find((f) => f.startsWith('task-2'))!), 'utf8');
    assert.match(task, /## Risk Tracking\n\n<!-- SECTION:RISK_TRACKING:BEGIN -->\n- Risk accepted by: Dana Lee, security lead\n- Accepted on: 2025-06-01\n- Accepted until: 2025-06-20\n- Accepted rating: Medium\n/);
    const target = await rugged(root, ['accept', 'TASK-2', '--target', '2025-07-01']);
    assert.equal(target.code, 0, target.stderr);

    const md = await rugged(root, ['report']);
    assert.match(md.stdout, /## Needs attention\n\n- TASK-2: the risk acceptance by Dana Lee, security lead expires on 2025-06-20 \(in 19 days\)\./);
    assert.match(md.stdout, /\| \[TASK-2\]\([^)]*\): .* \| Medium \| Critical \| Dana Lee, security lead \| 2025-06-01 \| 2025-06-20 \| expires in 19 d \| the gateway rejects non-numeric ids \|/);
    assert.match(md.stdout, /\| Stories with an accepted risk \| 1 \|/);

    for (const [argv, message] of [
      [['accept', 'TASK-2', '--by', 'Dana'], /needs --by, --until and --rating/],
      [['accept', 'TASK-2', '--by', 'Dana', '--until', '2025-13', '--rating', 'Low'], /--until must be a date/],
      [['accept', 'TASK-99', '--target', '2025-07-01'], /No abuser story TASK-99/],
    ] as const) {
      const result = await rugged(root, [...argv]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, message);
    }
  });

  it('stores a snapshot when asked and shows the trend against the latest earlier one', async () => {
    // Before any snapshot, the report says there is nothing to compare with and how to start.
    const none = await rugged(root, ['report']);
    assert.match(none.stdout, /## Trend\n\nNo earlier snapshot to compare with\. Run rugged report --snapshot/);
    const noneHtml = await rugged(root, ['report', '--format', 'html']);
    assert.match(noneHtml.stdout, /<h2>Trend<\/h2>\s*<p>No earlier snapshot to compare with\./);
    const first = await rugged(root, ['report', '--snapshot', '--format', 'json']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /snapshot written to backlog\/reports\/report-2025-06-01\.json/);
    // Pretend it was taken a month ago, with one more open Critical story than today.
    const snapshot = JSON.parse(readFileSync(join(root, 'backlog/reports/report-2025-06-01.json'), 'utf8')) as { date: string; byLevel: { severity: string; risks: number }[] };
    snapshot.date = '2025-05-01';
    snapshot.byLevel.find((l) => l.severity === 'Critical')!.risks += 1;
    writeFileSync(join(root, 'backlog/reports/report-2025-05-01.json'), JSON.stringify(snapshot));
    const md = await rugged(root, ['report']);
    assert.match(md.stdout, /## Trend\n\nSince the snapshot of 2025-05-01/);
    const critical = /\| Critical risks \| (\d+) \| (\d+) \| -1 \|/.exec(md.stdout);
    assert.ok(critical && Number(critical[1]) === Number(critical[2]) + 1, 'one Critical risk fewer than in the month-old snapshot');
  });

  it('exits 2 with one line when the test report cannot be read', async () => {
    const result = await rugged(root, ['report', '--test-results', 'no-such-results.xml']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^rugged: cannot read --test-results no-such-results\.xml: missing/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });
});
