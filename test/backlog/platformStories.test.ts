// Site-wide controls are raised once, as platform stories of their own, and linked from every story
// that relies on them through Backlog.md's `dependencies`; never repeated, never duplicated.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import { isSiteWide, platformIdsOf, platformStory } from '../../server/src/backlog/story/platformStories';
import { run } from '../../server/src/cli/main';
import { backlogCli } from './backlogCli';
import { FIXED_NOW, initRepo, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

async function rugged(root: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
  const code = await run(args, io, { today: '2025-06-01' });
  return { code, stdout, stderr };
}

function shop(prefix: string): string {
  const root = tempDir(prefix);
  initRepo(root);
  mkdirSync(dirname(join(root, SHOP_PATH)), { recursive: true });
  writeFileSync(join(root, SHOP_PATH), SHOP_TEXT);
  return root;
}

describe('platform stories', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeDir));

  it('maps site-wide controls to one platform story each', () => {
    assert.deepEqual(platformIdsOf(['The database account used by the application has only the privileges it needs', 'Login attempts are rate-limited per account and per source address', 'State-changing requests check a CSRF token or rely on sameSite cookies']), ['csrf', 'db-least-privilege', 'login-rate-limit']);
    assert.equal(isSiteWide('The site is served only over HTTPS with HSTS, so no request travels in clear text'), true);
    assert.equal(isSiteWide('Every query passes values as bound parameters'), false);
    const a = platformStory('csrf', FIXED_NOW, 't');
    const b = platformStory('csrf', new Date('2030-01-01T00:00:00Z'), 'u');
    assert.equal(a.fingerprint, b.fingerprint, 'the same control is the same story whenever it is raised');
    assert.ok(a.labels.includes('platform'));
  });

  it('raises the platform story once and links it from each story that relies on it', async () => {
    const root = shop('platform');
    roots.push(root);
    const first = await rugged(root, 'story', SHOP_PATH, '--lines', '6-10', '--yes');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /relies on platform story TASK-2/);
    const second = await rugged(root, 'story', SHOP_PATH, '--lines', '12-15', '--yes');
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /relies on platform story TASK-2/);

    const stories = await new MarkdownBacklog({ root }).list();
    assert.deepEqual(stories.map((s) => s.id), ['TASK-1', 'TASK-2', 'TASK-3']);
    const platform = stories.filter((s) => s.story?.platform);
    assert.deepEqual(platform.map((s) => [s.id, s.story!.platform]), [['TASK-2', 'db-least-privilege']]);
    for (const id of ['TASK-1', 'TASK-3']) {
      const story = stories.find((s) => s.id === id)!;
      assert.deepEqual(story.story!.dependsOn?.map((d) => d.id), ['TASK-2']);
      assert.match(readFileSync(story.location, 'utf8'), /^dependencies:\n\s+- TASK-2$/m);
      assert.ok(!story.acceptanceCriteria.some((c) => /privileges it needs/.test(c.text)), 'the control is not repeated in the fix');
    }

    // Backlog.md sees the link, and its edits keep it.
    await backlogCli(root, 'task', 'edit', '1', '-s', 'In Progress', '--check-ac', '1');
    const view = await backlogCli(root, 'task', 'view', '1', '--plain');
    assert.match(view, /TASK-2/);
    const edited = (await new MarkdownBacklog({ root }).get('TASK-1'))!;
    assert.ok(edited.story, edited.problem);
    assert.deepEqual(edited.story.dependsOn?.map((d) => d.id), ['TASK-2']);
    assert.match(readFileSync(edited.location, 'utf8'), /^dependencies:\n\s+- TASK-2$/m);
  });

  it('is turned off with --no-platform', async () => {
    const root = shop('no-platform');
    roots.push(root);
    const raised = await rugged(root, 'story', SHOP_PATH, '--lines', '6-10', '--yes', '--no-platform');
    assert.equal(raised.code, 0, raised.stderr);
    const stories = await new MarkdownBacklog({ root }).list();
    assert.equal(stories.length, 1);
    assert.equal(stories[0].story!.dependsOn, undefined);
    assert.ok(stories[0].story!.platformControls?.length, 'the control is still named for the team to raise by hand');
  });
});
