// `rugged story` and `rugged report` against a remote tracker, end to end in-process: the
// configuration picks GitHub, the environment gives the token and GITHUB_API_URL (as GitHub Actions
// does), the story goes to the stand-in, and the report reads the item's state back from it.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../../server/src/cli/main';
import type { EvidenceReport } from '../../../server/src/backlog/story/report';
import { git, initRepo, removeDir, SHOP_TEXT, tempDir } from '../helpers';
import { GitHubStandIn } from './githubStandIn';

const TOKEN = 'ghp_cliToken0123456789abcdefghijklmnopqr';

async function rugged(cwd: string, argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, cwd, env };
  const code = await run(argv, io, { today: '2025-06-01' });
  return { code, stdout, stderr };
}

describe('rugged story and rugged report with backlog.tracker "github"', () => {
  let standIn: GitHubStandIn;
  let root: string;
  let env: Record<string, string>;

  before(async () => {
    standIn = new GitHubStandIn({ token: TOKEN, repository: 'acme/shop', visibility: 'private' });
    await standIn.start();
    root = tempDir('cli-tracker');
    mkdirSync(join(root, 'src/routes'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{ "name": "shop", "private": true }\n');
    writeFileSync(join(root, '.rugged.json'), JSON.stringify({ backlog: { tracker: 'github', repository: 'acme/shop', labels: ['security'] } }));
    writeFileSync(join(root, 'src/routes/products.js'), SHOP_TEXT);
    initRepo(root);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'Shop');
    env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: standIn.url };
  });
  after(async () => {
    await standIn.stop();
    removeDir(root);
  });

  it('files the story as an issue and prints its URL; a second raise prints the same item', async () => {
    const first = await rugged(root, ['story', 'src/routes/products.js', '--lines', '6-10', '--yes'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim(), 'https://github.example/acme/shop/issues/1');
    const again = await rugged(root, ['story', 'src/routes/products.js', '--lines', '6-10', '--yes'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /already in the backlog as #1/);
    assert.equal(standIn.issues.length, 1);
  });

  it('reads the state back into the report: open, then done with its pull request once the code is fixed', async () => {
    let report = await rugged(root, ['report', '--format', 'json'], env);
    assert.equal(report.code, 0, report.stderr);
    let model = JSON.parse(report.stdout) as EvidenceReport;
    assert.equal(model.project.backlog, 'GitHub acme/shop');
    assert.deepEqual(model.open.map((s) => [s.id, s.status]), [['#1', 'To Do']]);

    standIn.issues[0].state = 'closed';
    standIn.issues[0].state_reason = 'completed';
    standIn.issues[0].assignees = [{ login: 'octocat' }];
    standIn.issues[0].linkedPullRequests = [{ number: 7, title: 'Bind the search term' }];
    writeFileSync(join(root, 'src/routes/products.js'), SHOP_TEXT.replace(`"SELECT id, name FROM products WHERE name LIKE '%" + term + "%'"`, "'SELECT id, name FROM products WHERE name LIKE $1', ['%' + term + '%']"));
    report = await rugged(root, ['report', '--format', 'json'], env);
    model = JSON.parse(report.stdout) as EvidenceReport;
    // Closed in the tracker, but no criterion is ticked and no test is linked: not evidence yet.
    assert.deepEqual(model.mitigated, []);
    assert.deepEqual(model.closedWithoutEvidence.map((s) => s.id), ['#1']);

    standIn.issues[0].body = standIn.issues[0].body.replace(/- \[ \]/g, '- [x]');
    const key = /AS-[0-9A-Z]{8}/.exec(standIn.issues[0].body)?.[0];
    assert.ok(key, 'the issue body carries the story key');
    mkdirSync(join(root, 'test'), { recursive: true });
    writeFileSync(join(root, 'test/search.test.js'), `test('${key}: a quote in the search term is data', () => {});\n`);
    report = await rugged(root, ['report', '--format', 'json'], env);
    model = JSON.parse(report.stdout) as EvidenceReport;
    assert.deepEqual(model.mitigated.map((s) => [s.id, s.status, s.location]), [['#1', 'Done', 'https://github.example/acme/shop/issues/1']]);
    assert.deepEqual(model.mitigated[0].links, [{ title: '#7 Bind the search term', url: 'https://github.example/acme/shop/pull/7' }]);
    assert.deepEqual(model.mitigated[0].assignee, ['octocat']);
    const markdown = await rugged(root, ['report'], env);
    assert.match(markdown.stdout, /- Linked pull requests:\n {2}- \\#7 Bind the search term: https:\/\/github\.example\/acme\/shop\/pull\/7/);
  });

  it('fails with exit 2 and one line naming GitHub when the token is missing, printing no token', async () => {
    const result = await rugged(root, ['story', 'src/routes/products.js', '--lines', '12-15', '--yes'], { GITHUB_API_URL: standIn.url });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /GitHub \(acme\/shop at http:\/\/127\.0\.0\.1:\d+\): could not .*no token; set GITHUB_TOKEN/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });
});
