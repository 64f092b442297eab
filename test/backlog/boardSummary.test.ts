// What Backlog.md's own views show of a story: `backlog task view` prints the entry point, the
// risk with its reason and the finding ids from the description, the board sorts Critical before
// High by ordinal, and the data block still round-trips through `backlog task edit`.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import { buildStory } from '../../server/src/backlog/story/story';
import { backlogCli } from './backlogCli';
import { FIXED_NOW, findingsOf, initRepo, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

describe('the story as Backlog.md shows it', () => {
  it('shows entry point, risk reason and findings in task view, and keeps the data through an edit', async () => {
    const root = tempDir('bmd-view');
    dirs.push(root);
    initRepo(root);
    const story = buildStory({
      text: SHOP_TEXT,
      path: SHOP_PATH,
      selection: { startLine: 12, endLine: 15 },
      findings: findingsOf(SHOP_TEXT, SHOP_PATH),
      rules: allRules,
      git: { commit: COMMIT, remote: 'git@github.com:acme/shop.git' },
      now: FIXED_NOW,
      toolVersion: 't',
    });
    const backlog = new MarkdownBacklog({ root });
    await backlog.create(story);
    const view = await backlogCli(root, 'task', 'view', '1', '--plain');
    assert.ok(view.includes(`https://github.com/acme/shop/blob/${COMMIT}/src/routes/products.js#L12-L15`), view);
    assert.match(view, /GET \/:id/);
    assert.match(view, /Risk: Critical \(likelihood 3 x impact 3\): request input was traced to this code/);
    assert.match(view, new RegExp(`sql/no-string-built-query\` line 13 \\(${story.findings[0].fingerprint.slice(0, 8)}\\)`));

    await backlogCli(root, 'task', 'edit', '1', '-s', 'In Progress');
    const back = await backlog.get('TASK-1');
    assert.deepEqual(back?.story, story);
  });

  it('lists a Critical story before a High one when sorted by ordinal', async () => {
    const root = tempDir('bmd-order');
    dirs.push(root);
    initRepo(root);
    const backlog = new MarkdownBacklog({ root });
    const make = (likelihood: 2 | 3) =>
      buildStory({ text: SHOP_TEXT, path: SHOP_PATH, selection: likelihood === 2 ? { startLine: 6, endLine: 10 } : { startLine: 12, endLine: 15 }, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, choices: { likelihood }, now: FIXED_NOW, toolVersion: 't' });
    const high = (await backlog.create(make(2))).story;
    const critical = (await backlog.create(make(3))).story;
    assert.equal(high.story?.risk.severity, 'High');
    assert.equal(critical.story?.risk.severity, 'Critical');
    const listing = await backlogCli(root, 'task', 'list', '--plain', '--sort', 'ordinal');
    assert.ok(listing.indexOf('TASK-2') < listing.indexOf('TASK-1'), listing);
  });
});
