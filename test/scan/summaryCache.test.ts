// The bounded module-result cache: least recently used out first, and, when asked, only a few
// versions of one file, so a file edited without end cannot fill it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedResultCache } from '../../server/src/scan/summaryCache';

test('keeps at most the capacity, forgetting the least recently used entry', () => {
  const cache = new BoundedResultCache<number>(2);
  cache.set('a', 'k', 1);
  cache.set('b', 'k', 2);
  assert.equal(cache.get('a', 'k'), 1);
  cache.set('c', 'k', 3);
  assert.equal(cache.get('b', 'k'), undefined);
  assert.equal(cache.get('a', 'k'), 1);
  assert.equal(cache.size, 2);
});

test('with a per-file bound, a thousand versions of one file keep only the latest few, and other files are untouched', () => {
  const cache = new BoundedResultCache<number>(100, 3);
  cache.set('other', 'k', -1);
  for (let version = 0; version < 1_000; version++) cache.set('edited', `v${version}`, version);
  assert.equal(cache.size, 4);
  assert.deepEqual([997, 998, 999].map((v) => cache.get('edited', `v${v}`)), [997, 998, 999]);
  assert.equal(cache.get('edited', 'v996'), undefined);
  assert.equal(cache.get('other', 'k'), -1);
  // Setting a version again does not count it twice.
  cache.set('edited', 'v998', 998);
  cache.set('edited', 'v998', 998);
  assert.equal(cache.get('edited', 'v997'), 997);
});

test('entries evicted by the capacity leave the per-file bookkeeping consistent', () => {
  const cache = new BoundedResultCache<number>(2, 2);
  cache.set('a', 'v1', 1);
  cache.set('b', 'v1', 1);
  cache.set('c', 'v1', 1);
  // `a` left by capacity; two new versions of it must both be kept.
  cache.set('a', 'v2', 2);
  cache.set('a', 'v3', 3);
  assert.equal(cache.get('a', 'v2'), 2);
  assert.equal(cache.get('a', 'v3'), 3);
  assert.equal(cache.size, 2);
});
