// Which backlog folder values are refused from their text alone, and how the refusal reads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BacklogError } from '../../server/src/backlog/backlog';
import { checkedRelative } from '../../server/src/backlog/adapters/markdown/backlogFolderRules';

const setting = 'backlog.directory (.rugged.json)';

describe('checkedRelative', () => {
  it('keeps folders of their own inside the workspace, normalised', () => {
    assert.equal(checkedRelative({ value: 'backlog', setting }), 'backlog');
    assert.equal(checkedRelative({ value: './security/backlog/', setting }), 'security/backlog');
    assert.equal(checkedRelative({ value: 'a/../b', setting }), 'b');
    assert.equal(checkedRelative({ value: '.github/backlog', setting }), '.github/backlog');
    assert.equal(checkedRelative({ value: 'gitstuff', setting }), 'gitstuff');
  });

  const refused: [string, RegExp][] = [
    ['.', /workspace root itself/],
    ['', /workspace root itself/],
    ['src/..', /workspace root itself/],
    ['.git', /Git's own folder/],
    ['.git/hooks', /Git's own folder/],
    ['sub/.Git/x', /Git's own folder/],
    ['.git./x', /Git's own folder/],
    ['GIT~1/hooks', /Git's own folder/],
    ['/etc/backlog', /absolute path/],
    ['C:\\backlog', /absolute path/],
    ['\\\\server\\share', /absolute path/],
    ['../elsewhere', /out of the workspace/],
    ['a/../../b', /out of the workspace/],
    ['a\0b', /NUL/],
  ];
  for (const [value, reason] of refused) {
    it(`refuses ${JSON.stringify(value)} in one line naming the setting and the value`, () => {
      assert.throws(
        () => checkedRelative({ value, setting }),
        (error: unknown) => {
          assert.ok(error instanceof BacklogError);
          assert.equal(error.code, 'outside-workspace');
          assert.ok(error.message.startsWith(`${setting} "${value}" is refused: `), error.message);
          assert.match(error.message, reason);
          assert.ok(!error.message.includes('\n'));
          return true;
        },
      );
    });
  }
});
