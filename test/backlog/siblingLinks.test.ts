// A story filed before its sibling can only name that sibling by its key; once the sibling has a
// task id, the description Backlog.md shows must name it by that id, which Backlog.md links.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import { buildStory } from '../../server/src/backlog/story/story';
import { FIXED_NOW, findingsOf, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

describe('a sibling named in the description', () => {
  const root = tempDir('sibling-links');
  after(() => removeDir(root));

  it('is named by its task id once the sibling is filed, in the description as in the details', async () => {
    const base = buildStory({ text: SHOP_TEXT, path: SHOP_PATH, selection: { startLine: 6, endLine: 10 }, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, now: FIXED_NOW, toolVersion: 'test' });
    const sibling = { key: 'AS-SIBLING1', title: 'Delete an order under /orders without logging in' };
    const backlog = new MarkdownBacklog({ root });
    const { story: filed } = await backlog.create({ ...base, raisedWith: [sibling] });
    assert.match(readFileSync(filed.location, 'utf8'), /Raised together with: AS-SIBLING1 /, 'before the sibling is filed its key is all there is');
    const extended = await backlog.extend(filed.id, { ...base, raisedWith: [{ ...sibling, id: 'TASK-9' }] });
    const text = readFileSync(extended.location, 'utf8');
    const description = text.slice(text.indexOf('<!-- SECTION:DESCRIPTION:BEGIN -->'), text.indexOf('<!-- SECTION:DESCRIPTION:END -->'));
    assert.match(description, /^Raised together with: TASK-9 \(Delete an order under \/orders without logging in\)\.$/m);
    assert.doesNotMatch(text, /AS-SIBLING1/, 'no part of the task names the sibling by its key any more');
    assert.equal(description.match(/^Raised together with:/gm)?.length, 1);
  });
});
