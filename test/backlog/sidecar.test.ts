// The machine data of a story lives in a sidecar file (backlog/.rugged/<task-id>.json), out of the
// way of people reading the task; Backlog.md's edits (title, status, ticked criteria) keep it
// round-tripping, the report still reads everything, and tasks written with the inline block still read.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import { DATA_BEGIN, renderTaskFile } from '../../server/src/backlog/adapters/markdown/taskFile';
import { buildStory } from '../../server/src/backlog/story/story';
import { run } from '../../server/src/cli/main';
import { backlogCli } from './backlogCli';
import { FIXED_NOW, findingsOf, initRepo, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

function shopStory(selection: { startLine: number; endLine: number }) {
  return buildStory({ text: SHOP_TEXT, path: SHOP_PATH, selection, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, now: FIXED_NOW, toolVersion: 'test' });
}

describe('story data in a sidecar file', () => {
  const root = tempDir('sidecar');
  after(() => removeDir(root));
  initRepo(root);
  mkdirSync(dirname(join(root, SHOP_PATH)), { recursive: true });
  writeFileSync(join(root, SHOP_PATH), SHOP_TEXT);
  const backlog = new MarkdownBacklog({ root });

  it('keeps the task file for people: no data block, one line naming the sidecar', async () => {
    const { story } = await backlog.create(shopStory({ startLine: 6, endLine: 10 }));
    const task = readFileSync(story.location, 'utf8');
    assert.ok(!task.includes(DATA_BEGIN), 'no inline data block');
    assert.ok(!task.includes('"fingerprint"'));
    assert.match(task, /Rugged keeps this story's data in `\.rugged\/task-1\.json`/);
    const sidecar = JSON.parse(readFileSync(join(root, 'backlog/.rugged/task-1.json'), 'utf8')) as { fingerprint: string };
    assert.equal(sidecar.fingerprint, story.story!.fingerprint);
    assert.deepEqual((await backlog.get('TASK-1'))?.story, story.story);
  });

  it('round-trips through backlog task edit of the title, status and a criterion', async () => {
    const before = (await backlog.get('TASK-1'))!.story!;
    await backlogCli(root, 'task', 'edit', '1', '-t', 'Attacker dumps the product table through search', '-s', 'In Progress', '--check-ac', '1');
    const after = (await backlog.get('TASK-1'))!;
    assert.ok(after.story, after.problem);
    assert.equal(after.title, 'Attacker dumps the product table through search');
    assert.equal(after.status, 'In Progress');
    assert.deepEqual(after.story, { ...before, acceptanceCriteria: before.acceptanceCriteria.map((c, i) => ({ ...c, done: i === 0 })) });
    const view = await backlogCli(root, 'task', 'view', '1', '--plain');
    assert.match(view, /Risk: /, 'the description still carries the summary');
    assert.ok(!view.includes('"fingerprint"'));
  });

  it('is read by the report', async () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
    assert.ok((await run(['report', '--format', 'json'], io, { today: '2025-06-01' })) < 2, stderr);
    const report = JSON.stringify(JSON.parse(stdout));
    const key = (await backlog.get('TASK-1'))!.story!.key;
    assert.ok(report.includes(key), 'the report lists the story by its key');
    assert.ok(!/problem|damaged/i.test(stderr), stderr);
  });

  it('still reads a task written with the inline data block, and moves its data out when it is extended', async () => {
    const old = shopStory({ startLine: 12, endLine: 15 });
    const path = join(root, 'backlog/tasks/task-7 - Old story.md');
    writeFileSync(path, renderTaskFile(old, { id: 'TASK-7', status: 'To Do', createdDate: '2025-01-01 10:00' }));
    const read = (await backlog.get('TASK-7'))!;
    assert.ok(read.story, read.problem);
    assert.equal(read.story.fingerprint, old.fingerprint);
    assert.equal(existsSync(join(root, 'backlog/.rugged/task-7.json')), false);

    await backlog.extend('TASK-7', { ...read.story, labels: [...read.story.labels, 'migrated'] });
    assert.ok(!readFileSync(path, 'utf8').includes(DATA_BEGIN));
    assert.ok(existsSync(join(root, 'backlog/.rugged/task-7.json')));
    assert.ok((await backlog.get('TASK-7'))!.story!.labels.includes('migrated'));
  });
});
