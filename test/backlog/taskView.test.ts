// What `backlog task view` shows is Backlog.md's metadata, the description, the acceptance
// criteria and its own sections, never Rugged's Abuser Story section: the description must carry
// where the attack enters, how bad it is and why, and the stories raised with it.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import { buildStory } from '../../server/src/backlog/story/story';
import { backlogCli } from './backlogCli';
import { FIXED_NOW, findingsOf, initRepo, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

describe('backlog task view', () => {
  const root = tempDir('task-view');
  after(() => removeDir(root));
  initRepo(root);
  mkdirSync(dirname(join(root, SHOP_PATH)), { recursive: true });
  writeFileSync(join(root, SHOP_PATH), SHOP_TEXT);

  it('shows the entry point, the risk with its reason, the findings and the stories raised together', async () => {
    const base = buildStory({ text: SHOP_TEXT, path: SHOP_PATH, selection: { startLine: 6, endLine: 10 }, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, now: FIXED_NOW, toolVersion: 'test' });
    const story = { ...base, raisedWith: [{ key: 'AS-SIBLING1', title: 'Read other customers orders in GET /orders', id: 'TASK-9' }] };
    const { story: filed } = await new MarkdownBacklog({ root }).create(story);
    const view = await backlogCli(root, 'task', 'view', filed.id, '--plain');
    const description = view.slice(view.indexOf('Description:'), view.indexOf('Acceptance Criteria:'));
    assert.match(description, new RegExp(`Entry point: .*${SHOP_PATH.replace(/[./]/g, '\\$&')}:6-10`));
    assert.match(description, /Risk: (Critical|High|Medium|Low) \(likelihood \d x impact \d\): \S/);
    assert.match(description, /Findings: `sql\/no-string-built-query` line \d+/);
    assert.match(description, /Raised together with: TASK-9 \(Read other customers orders in GET \/orders\)\./);
    assert.doesNotMatch(view, /"fingerprint"/, 'the machine data stays out of the view');
  });
});
