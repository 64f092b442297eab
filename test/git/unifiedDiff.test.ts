// Reading `git diff -U0`: new-side line numbers per file, hunk bodies consumed by their counts,
// quoted names, deletions and pure renames.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseUnifiedDiff, unquoteC } from '../../server/src/git/unifiedDiff';

const lines = (diff: string) => Object.fromEntries([...parseUnifiedDiff(diff)].map(([path, set]) => [path, [...set].sort((a, b) => a - b)]));

describe('parseUnifiedDiff', () => {
  it('collects added and modified lines on the new side, with and without counts', () => {
    const diff = [
      'diff --git a/src/a.js b/src/a.js',
      'index 1111111..2222222 100644',
      '--- a/src/a.js',
      '+++ b/src/a.js',
      '@@ -0,0 +1,2 @@',
      '+// one',
      '+// two',
      '@@ -7 +9 @@ function f() {',
      '-  old();',
      '+  fresh();',
      '@@ -20,3 +21,0 @@',
      '-a',
      '-b',
      '-c',
      '',
    ].join('\n');
    assert.deepEqual(lines(diff), { 'src/a.js': [1, 2, 9] });
  });

  it('reads an added line that looks like a header as content', () => {
    const diff = ['diff --git a/x.js b/x.js', '--- a/x.js', '+++ b/x.js', '@@ -1,0 +2,2 @@', '++++ b/other.js', '+@@ -1 +50,5 @@', ''].join('\n');
    assert.deepEqual(lines(diff), { 'x.js': [2, 3] });
  });

  it('gives a deleted file and a pure rename no lines, and a renamed, edited file only its edits', () => {
    const diff = [
      'diff --git a/gone.js b/gone.js',
      'deleted file mode 100644',
      '--- a/gone.js',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-a',
      '-b',
      'diff --git a/old.js b/moved.js',
      'similarity index 100%',
      'rename from old.js',
      'rename to moved.js',
      'diff --git a/before.js b/after.js',
      'similarity index 90%',
      'rename from before.js',
      'rename to after.js',
      '--- a/before.js',
      '+++ b/after.js',
      '@@ -4 +4 @@',
      '-x',
      '+y',
      '',
    ].join('\n');
    assert.deepEqual(lines(diff), { 'after.js': [4] });
  });

  it('unquotes the names git quotes, octal UTF-8 included', () => {
    const diff = ['diff --git "a/sp ace\\t.js" "b/sp ace\\t.js"', '--- "a/sp ace\\t.js"', '+++ "b/caf\\303\\251 \\"q\\".js"', '@@ -1 +1 @@', '-a', '+b', ''].join('\n');
    assert.deepEqual(lines(diff), { 'café "q".js': [1] });
    assert.equal(unquoteC('"back\\\\slash"'), 'back\\slash');
    assert.equal(unquoteC('"bad\\q"'), undefined);
  });
});
