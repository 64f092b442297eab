// Fixes computed each on the original text can be applied together only where their edits do not
// meet: a fix-all that spliced two rewrites of one range would mix them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, combinableFixes } from '../../server/src/engine/edits';

const fix = (title: string, ...edits: Array<[number, number, string]>) => ({ title, edits: edits.map(([start, end, text]) => ({ start, end, text })) });

describe('combinableFixes', () => {
  it('keeps disjoint fixes, in order, and they apply together', () => {
    const text = 'a = X and b = Y';
    const fixes = [fix('x', [4, 5, '$1']), fix('y', [14, 15, '$2'])];
    assert.deepEqual(combinableFixes(fixes).map((f) => f.title), ['x', 'y']);
    assert.equal(applyEdits(text, combinableFixes(fixes).flatMap((f) => f.edits)), 'a = $1 and b = $2');
  });

  it('leaves out a fix that overlaps one already taken, whichever rule made it', () => {
    // The string-built-query rewrite of a whole query, then the hand-made-escaping rewrite inside it.
    const fixes = [fix('query', [0, 20, "'... = $1', [name]"]), fix('escaping', [5, 12, 'name']), fix('elsewhere', [30, 31, 'z'])];
    assert.deepEqual(combinableFixes(fixes).map((f) => f.title), ['query', 'elsewhere']);
  });

  it('leaves out a second insertion at the same point, whose order would be ambiguous', () => {
    const fixes = [fix('first', [3, 3, 'a']), fix('second', [3, 3, 'b'])];
    assert.deepEqual(combinableFixes(fixes).map((f) => f.title), ['first']);
  });

  it('treats a fix as one: if any of its edits meets a taken edit, none of its edits is taken', () => {
    const fixes = [fix('one', [0, 2, 'x']), fix('two', [10, 11, 'y'], [1, 3, 'z'])];
    assert.deepEqual(combinableFixes(fixes).map((f) => f.title), ['one']);
  });
});
