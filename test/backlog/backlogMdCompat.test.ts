// Compatibility with the real Backlog.md CLI (pinned in .cache/backlog-md by scripts/setup-backlog-cli.sh): it lists the stories
// Rugged raises, and after it edits one (status Done, first criterion checked) Rugged still reads
// its own section and sees the new status and the checked box.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import { buildStory } from '../../server/src/backlog/story/story';
import { backlogCli } from './backlogCli';
import { FIXED_NOW, findingsOf, initRepo, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

function shopStory(selection: { startLine: number; endLine: number }) {
  return buildStory({ text: SHOP_TEXT, path: SHOP_PATH, selection, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, now: FIXED_NOW, toolVersion: 'test' });
}

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

describe('the real Backlog.md CLI', () => {
  it('lists a story in a backlog Rugged created', async () => {
    const root = tempDir('bmd-rugged-init');
    dirs.push(root);
    initRepo(root);
    const { story } = await new MarkdownBacklog({ root }).create(shopStory({ startLine: 12, endLine: 15 }));
    const listing = await backlogCli(root, 'task', 'list', '--plain');
    assert.ok(listing.includes(`TASK-1 - ${story.title}`), listing);
  });

  it('lists Rugged stories in a backlog it initialised, edits one, and Rugged reads the edit back', async () => {
    const root = tempDir('bmd-cli-init');
    dirs.push(root);
    initRepo(root);
    await backlogCli(root, 'init', 'shop', '--defaults', '--integration-mode', 'none', '--task-prefix', 'sec');
    const backlog = new MarkdownBacklog({ root });
    const first = await backlog.create(shopStory({ startLine: 6, endLine: 10 }));
    const second = await backlog.create(shopStory({ startLine: 12, endLine: 15 }));
    assert.deepEqual([first.story.id, second.story.id], ['SEC-1', 'SEC-2']);

    const listing = await backlogCli(root, 'task', 'list', '--plain');
    assert.ok(listing.includes(`SEC-1 - ${first.story.title}`), listing);
    assert.ok(listing.includes(`SEC-2 - ${second.story.title}`), listing);

    const before = first.story.story!;
    await backlogCli(root, 'task', 'edit', '1', '-s', 'Done', '--check-ac', '1');
    const edited = readFileSync(first.story.location, 'utf8');
    assert.match(edited, /^status: Done$/m, 'the CLI edited the file Rugged wrote');

    const after = await backlog.get('SEC-1');
    assert.ok(after?.story, after?.problem ?? 'story data lost');
    assert.equal(after.status, 'Done');
    assert.equal(after.done, true);
    assert.equal(after.acceptanceCriteria[0].checked, true);
    assert.ok(after.acceptanceCriteria.slice(1).every((c) => !c.checked));
    assert.equal(after.story.acceptanceCriteria[0].done, true);
    const expected = { ...before, acceptanceCriteria: before.acceptanceCriteria.map((c, i) => ({ ...c, done: i === 0 })) };
    assert.deepEqual(after.story, expected);
    assert.equal((await backlog.findByFingerprint(before.fingerprint))?.id, 'SEC-1');

    // Backlog.md numbers its own next task after Rugged's.
    const created = await backlogCli(root, 'task', 'create', 'Written by the Backlog.md CLI', '--plain');
    assert.match(created, /SEC-3/);
    // And Rugged numbers after that one.
    const third = await backlog.create(shopStory({ startLine: 17, endLine: 21 }));
    assert.equal(third.story.id, 'SEC-4');
  });
  it('keeps the Risk Tracking section and the assignee when it edits the task', async () => {
    const root = tempDir('bmd-tracking');
    dirs.push(root);
    initRepo(root);
    const backlog = new MarkdownBacklog({ root });
    await backlog.create(shopStory({ startLine: 6, endLine: 10 }));
    const acceptance = { by: 'Dana Lee', on: '2025-03-01', until: '2025-09-01', rating: 'Medium' as const, reason: 'gateway filter' };
    await backlog.recordTracking('TASK-1', { targetDate: '2025-04-01', acceptance });
    await backlogCli(root, 'task', 'edit', '1', '-s', 'In Progress', '-a', '@sam');

    const after = await backlog.get('TASK-1');
    assert.ok(after?.story, after?.problem ?? 'story data lost');
    assert.equal(after.status, 'In Progress');
    assert.deepEqual(after.assignee, ['@sam']);
    assert.deepEqual(after.tracking, { targetDate: '2025-04-01', acceptance });
  });

  it('keeps a story whose quoted code holds fences readable after it edits the task', async () => {
    const root = tempDir('bmd-fences');
    dirs.push(root);
    initRepo(root);
    const quoted = ['```json', '{ "quoted": true }', '````', '~~~', '```` ```` ````', '~~~~~~~~json'].join('\n');
    const text = `function docs() {\n/*\n${quoted}\n*/\n  return 1;\n}\n`;
    const story = buildStory({ text, path: 'src/docs.js', findings: [], rules: allRules, choices: { stride: ['I'], title: 'Fences in quoted code' }, now: FIXED_NOW, toolVersion: 'test' });
    const backlog = new MarkdownBacklog({ root });
    const first = await backlog.create(story);

    const listing = await backlogCli(root, 'task', 'list', '--plain');
    assert.ok(listing.includes(`TASK-1 - ${story.title}`), listing);
    await backlogCli(root, 'task', 'edit', '1', '-s', 'In Progress', '--check-ac', '2');

    const after = await backlog.get('TASK-1');
    assert.ok(after?.story, after?.problem ?? 'story data lost');
    assert.equal(after.status, 'In Progress');
    assert.equal(after.story.excerpt.text, story.excerpt.text);
    assert.equal(after.story.fingerprint, story.fingerprint);
    const again = await backlog.create(story);
    assert.equal(again.created, false, 'the re-raise is recognised as the same story');
    assert.equal(again.story.location, first.story.location);
  });
});
