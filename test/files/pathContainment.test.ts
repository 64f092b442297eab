// Path containment by arithmetic: the one answer the file listing, the backlog and the git lookup share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWithinFolder } from '../../server/src/files/pathContainment';

test('a folder contains itself and what is below it, not its parent or siblings', () => {
  assert.equal(isWithinFolder('/work/app', '/work/app'), true);
  assert.equal(isWithinFolder('/work/app', '/work/app/src/a.js'), true);
  assert.equal(isWithinFolder('/work/app', '/work'), false);
  assert.equal(isWithinFolder('/work/app', '/work/app2/a.js'), false);
  assert.equal(isWithinFolder('/work/app', '/work/app/../other/a.js'), false);
});

test('an entry whose name starts with two dots is inside, not a way up', () => {
  assert.equal(isWithinFolder('/work/app', '/work/app/..cache/a.js'), true);
  assert.equal(isWithinFolder('/work/app', '/work/..app/a.js'), false);
});
