// Hostile workspace: every path of Rugged that asks git (`rugged story`, `rugged report`, the
// server's rugged/createStory and rugged/securityBacklog) on a repository whose configuration names
// a program for every key that can, and with a fake git planted where PATH lookups would find it.
// Nothing the repository names may run, the planted git never runs, and the commands still work.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { Story } from '../../server/src/backlog/story/types';
import { assertBounded, runCliBounded, startBoundedServer } from './harness';
import { hostileRepo, type HostileRepo } from './gitRepo';

/** The folder of the machine's real git, for PATHs that must still find it. */
function realGitFolder(): string {
  const folder = (process.env.PATH ?? '').split(delimiter).find((dir) => dir && existsSync(join(dir, 'git')));
  assert.ok(folder, 'git must be installed to run these tests');
  return folder;
}

const lines = (from: number, to: number) => ({ start: { line: from - 1, character: 0 }, end: { line: to, character: 0 } });

interface StoryOutput {
  id: string;
  path: string;
  created: boolean;
  story: Story;
}

interface ReportOutput {
  project: { commit?: string; repository?: string };
  mitigated: { id: string; commits: { hash: string; subject: string }[] }[];
}

/** Raises a story, marks it done with the finding fixed, and reads the evidence report. */
async function storyThenReport(repo: HostileRepo, env: Record<string, string>): Promise<{ story: StoryOutput; report: ReportOutput }> {
  const raised = await runCliBounded(['story', 'src/products.js', '--lines', '12-15', '--yes', '--format', 'json'], { cwd: repo.root, env });
  assertBounded(raised, [0]);
  const story = JSON.parse(raised.stdout) as StoryOutput;
  const taskFile = join(repo.root, story.path);
  // Done with the evidence the report asks for: every criterion checked and a test carrying the story key.
  writeFileSync(taskFile, readFileSync(taskFile, 'utf8').replace(/^status: .*$/m, 'status: Done').replace(/^- \[ \] /gm, '- [x] '));
  mkdirSync(join(repo.root, 'test'), { recursive: true });
  writeFileSync(join(repo.root, 'test/products.test.js'), `// ${story.story.key}: the id is bound as a parameter\n`);
  const source = join(repo.root, 'src/products.js');
  writeFileSync(source, readFileSync(source, 'utf8').replace("'SELECT * FROM products WHERE id = ' + req.params.id", "'SELECT * FROM products WHERE id = $1', [req.params.id]"));

  const reported = await runCliBounded(['report', '--format', 'json'], { cwd: repo.root, env });
  assertBounded(reported, [0]);
  return { story, report: JSON.parse(reported.stdout) as ReportOutput };
}

/** The server's requests that ask git, over stdio. */
async function serverRequests(repo: HostileRepo, env: NodeJS.ProcessEnv): Promise<{ created: { id: string; created: boolean }; stories: number }> {
  const server = await startBoundedServer({ workspaceFolders: [repo.root], env, cwd: repo.root });
  try {
    const uri = pathToFileURL(join(repo.root, 'src/products.js')).toString();
    const proposed = await server.client.request<{ title: string }>('rugged/proposeStory', { uri, range: lines(6, 10) });
    assert.ok(proposed.title);
    const created = await server.client.request<{ id: string; created: boolean }>('rugged/createStory', { uri, range: lines(6, 10) });
    const backlog = await server.client.request<{ byStatus: { stories: unknown[] }[] }>('rugged/securityBacklog', { folder: pathToFileURL(repo.root).toString() });
    return { created, stories: backlog.byStatus.reduce((n, group) => n + group.stories.length, 0) };
  } finally {
    await server.finish();
  }
}

const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((cleanup) => cleanup()));

describe('git on a repository whose configuration names programs', () => {
  const repo = hostileRepo();
  cleanups.push(() => repo.remove());

  it('the hostile configuration is live: plain `git log` runs its programs', () => {
    // Proves the fixture can catch a regression; a scratch copy keeps the real markers clean.
    const probe = hostileRepo();
    cleanups.push(() => probe.remove());
    try {
      execFileSync('git', ['log', '-1'], { cwd: probe.root, stdio: 'ignore' });
    } catch {
      // The fake signature programs make git complain; what matters is that they ran.
    }
    assert.ok(probe.markers().length > 0, 'git log ran none of the configured programs: the fixture is broken');
  });

  it('rugged story and rugged report run none of them and still give Git facts and commits', async () => {
    const { story, report } = await storyThenReport(repo, {});
    assert.equal(story.created, true);
    assert.equal(story.story.entryPoint.commit, repo.signed[0], 'HEAD read through git');
    assert.match(story.story.entryPoint.permalink ?? '', /^https:\/\/github\.com\/acme\/shop\/blob\//);
    assert.equal(report.project.commit, repo.signed[0]);
    assert.equal(report.mitigated.length, 1, JSON.stringify(report.mitigated));
    assert.deepEqual(report.mitigated[0].commits.map((c) => c.hash), repo.signed, 'the signed commits are listed, newest first');
    assert.equal(report.mitigated[0].commits[0].subject, 'Signed change 2');
    assert.deepEqual(repo.markers(), []);
  });

  it('the server\'s proposeStory, createStory and securityBacklog run none of them', async () => {
    const { created, stories } = await serverRequests(repo, { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
    assert.equal(created.created, true);
    assert.ok(stories >= 2, `the backlog view lists the stories (got ${stories})`);
    assert.deepEqual(repo.markers(), []);
  });

  it('variables that name programs, inject configuration or move the repository are ignored', async () => {
    const marker = (name: string) => `${join(repo.root, '.git', 'x', 'gpg.program.sh')} ${name}`;
    const env = {
      GIT_PAGER: marker('pager'),
      PAGER: marker('pager'),
      GIT_ASKPASS: marker('askpass'),
      SSH_ASKPASS: marker('askpass'),
      GIT_SSH_COMMAND: marker('ssh'),
      GIT_EXTERNAL_DIFF: marker('diff'),
      GIT_EDITOR: marker('editor'),
      GIT_CONFIG_PARAMETERS: `'log.showsignature'='true' 'gpg.program'='${join(repo.root, '.git', 'x', 'gpg.program.sh')}'`,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.fsmonitor',
      GIT_CONFIG_VALUE_0: join(repo.root, '.git', 'x', 'core.fsmonitor.sh'),
      // Inherited, these would point git at another repository: the facts prove they were dropped.
      GIT_DIR: join(repo.root, 'no-such-git-dir'),
      GIT_WORK_TREE: join(repo.root, 'src'),
    };
    const reported = await runCliBounded(['report', '--format', 'json'], { cwd: repo.root, env });
    assertBounded(reported, [0]);
    assert.equal((JSON.parse(reported.stdout) as ReportOutput).project.commit, repo.signed[0]);
    assert.deepEqual(repo.markers(), []);
  });
});

describe('a git planted in the workspace', () => {
  const PLANTED = '#!/bin/sh\necho planted > "$0.ran"\necho planted >&2\nexit 1\n';

  /** A repository with a fake git in its root and in bin/, and a link from outside to bin/. */
  function planted(): { repo: HostileRepo; outsideLink: string; ran: () => boolean } {
    const repo = hostileRepo({ 'git': PLANTED, 'bin/git': PLANTED });
    chmodSync(join(repo.root, 'git'), 0o755);
    chmodSync(join(repo.root, 'bin/git'), 0o755);
    const linkDir = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-pathlink-')));
    const outsideLink = join(linkDir, 'bin');
    symlinkSync(join(repo.root, 'bin'), outsideLink);
    cleanups.push(() => {
      repo.remove();
      rmSync(linkDir, { recursive: true, force: true });
    });
    const ran = () => existsSync(join(repo.root, 'git.ran')) || existsSync(join(repo.root, 'bin', 'git.ran'));
    return { repo, outsideLink, ran };
  }

  it('is never run when PATH holds `.`, an empty entry, the workspace and a link into it; the real git is', async () => {
    const { repo, outsideLink, ran } = planted();
    const PATH = ['.', '', repo.root, join(repo.root, 'bin'), 'bin', outsideLink, realGitFolder()].join(':');
    const { story, report } = await storyThenReport(repo, { PATH });
    assert.equal(story.story.entryPoint.commit, repo.signed[0], 'the real git answered');
    assert.deepEqual(report.mitigated[0]?.commits.map((c) => c.hash), repo.signed);
    const server = await serverRequests(repo, { PATH, HOME: process.env.HOME ?? '' });
    assert.equal(server.created.created, true);
    assert.equal(ran(), false, 'the planted git ran');
    assert.deepEqual(repo.markers(), []);
  });

  it('without a real git on PATH, stories and the report work without Git facts', async () => {
    const { repo, outsideLink, ran } = planted();
    const PATH = ['.', '', repo.root, join(repo.root, 'bin'), outsideLink].join(':');
    const { story, report } = await storyThenReport(repo, { PATH });
    assert.equal(story.created, true);
    assert.equal(story.story.entryPoint.commit, undefined);
    assert.equal(story.story.entryPoint.permalink, undefined);
    assert.equal(report.project.commit, undefined);
    assert.deepEqual(report.mitigated[0]?.commits, []);
    const server = await serverRequests(repo, { PATH, HOME: process.env.HOME ?? '' });
    assert.equal(server.created.created, true);
    assert.equal(ran(), false, 'the planted git ran');
  });
});
