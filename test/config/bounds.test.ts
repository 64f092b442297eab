// The pure helpers that keep loading a hostile `.rugged.json` bounded: the nesting pre-scan, the
// bounded "did you mean", and the glob check.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { braceExpansionBound, globProblem, MAX_GLOB_LENGTH } from '../../server/src/config/globs';
import { firstTooDeep } from '../../server/src/config/nesting';
import { closest, editDistanceWithin } from '../../server/src/config/suggest';
import { quote } from '../../server/src/config/display';

describe('firstTooDeep', () => {
  it('finds the first bracket past the limit', () => {
    assert.equal(firstTooDeep('[[[1]]]', 3), undefined);
    assert.equal(firstTooDeep('[[[[1]]]]', 3), 3);
    assert.equal(firstTooDeep('{"a":{"b":[{}]}}', 4), undefined);
    assert.equal(firstTooDeep('{"a":{"b":[{}]}}', 3), 11);
  });

  it('skips brackets in strings and comments, as the parser does', () => {
    assert.equal(firstTooDeep('{"a": "[[[[[[", "b\\"[[[[": 1 // [[[[[\n /* {{{{{{ */ }', 2), undefined);
  });

  it('counts brackets after a string the parser ends at a line break', () => {
    assert.equal(firstTooDeep('["abc\n[[[[', 3), 8);
  });

  it('is not fooled by closing brackets that close nothing', () => {
    assert.equal(firstTooDeep('[}[}[}[}', 3), 6);
  });

  it('is never below the depth the parser reaches', () => {
    // Whatever the mix, a text the scan accepts at depth d parses to a tree no deeper than d.
    const pieces = ['[', ']', '{', '}', '"x":', '1,', '"[', '"', '//{\n', '/*[*/', '\\', '\n'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 500; n++) {
      let text = '';
      for (let i = 0; i < 40; i++) text += pieces[next() % pieces.length];
      const limit = 4;
      if (firstTooDeep(text, limit) !== undefined) continue;
      const depth = (node: ReturnType<typeof parseTree>): number =>
        !node ? 0 : (node.type === 'object' || node.type === 'array' ? 1 : 0) + Math.max(0, ...(node.children ?? []).map(depth));
      assert.ok(depth(parseTree(text, [], { allowTrailingComma: true })) <= limit + 1, text);
    }
  });
});

describe('closest', () => {
  const ids = ['sql/no-string-built-query', 'sql/no-raw-identifier', 'unsafe-api/no-eval'];

  it('suggests the id a typo is near', () => {
    assert.equal(closest('sql/no-string-built-querry', ids), 'sql/no-string-built-query');
    assert.equal(closest('ignores', ['ignore', 'rules']), 'ignore');
  });

  it('suggests nothing for a word far from every id', () => {
    assert.equal(closest('backlog/anything-else', ids), undefined);
  });

  it('suggests nothing for a word no id could be a typo of', () => {
    assert.equal(closest(`sql/${'a'.repeat(100_000)}`, ids), undefined);
    assert.equal(closest(`${ids[0]}${'x'.repeat(200)}`, ids), undefined);
  });
});

describe('editDistanceWithin', () => {
  it('gives the distance when within the limit', () => {
    assert.equal(editDistanceWithin('kitten', 'sitting', 3), 3);
    assert.equal(editDistanceWithin('same', 'same', 0), 0);
  });

  it('gives up past the limit, also when the lengths alone exceed it', () => {
    assert.equal(editDistanceWithin('kitten', 'sitting', 2), undefined);
    assert.equal(editDistanceWithin('a', 'a'.repeat(50), 3), undefined);
    assert.equal(editDistanceWithin('abcdefgh', 'stuvwxyz', 3), undefined);
  });
});

describe('globProblem', () => {
  it('accepts ordinary globs', () => {
    for (const glob of ['test/fixtures/**', 'legacy/*.js', '**/*.{js,ts}', 'a/{b,c}/{d,e}/**', 'x/[abc]*', 'v{1..9}/**']) assert.equal(globProblem(glob), undefined, glob);
  });

  it('refuses globs too long for minimatch to compile', () => {
    assert.match(globProblem('a'.repeat(70_000)) ?? '', /70000 characters long; at most 1024/);
    assert.match(globProblem('a'.repeat(MAX_GLOB_LENGTH + 1)) ?? '', /at most 1024/);
  });

  it('refuses globs whose braces expand to many patterns', () => {
    assert.match(globProblem('{a,b}'.repeat(20)) ?? '', /expands to more than 256 patterns/);
    assert.match(globProblem('f{1..100000}') ?? '', /expands/);
    assert.match(globProblem('{a,{b,{c,{d,e}}}}{a,b,c,d,e,f,g,h}{a,b,c,d,e,f,g,h}{a,b,c,d,e,f,g,h}') ?? '', /expands/);
  });

  it('bounds brace expansion from above', () => {
    assert.equal(braceExpansionBound('a/b'), 1);
    assert.equal(braceExpansionBound('{a,b}{c,d,e}'), 6);
    assert.ok(braceExpansionBound('{a,{b,c}}') >= 3);
    assert.equal(braceExpansionBound('\\{a,b\\}'), 1);
  });
});

describe('quote', () => {
  it('keeps a quoted key or value on one visible line', () => {
    assert.equal(quote('a\nb\r\u001b[2K\u202e\u2028"\\'), '"a\\nb\\r\\u001b[2K\\u202e\\u2028\\"\\\\"');
    assert.equal(quote('x'.repeat(100), 10), `"${'x'.repeat(10)}..."`);
  });
});
