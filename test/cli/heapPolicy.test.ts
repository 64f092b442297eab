// The CLI bounds V8's heap growth (shared/heapPolicy.ts) unless the user already chose a growth on
// node's command line, which must win.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from '../../server/src/shared/heapPolicy';

test('the CLI asks V8 to grow the heap by a bounded share of what is alive', () => {
  assert.equal(heapGrowthFlag([]), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  assert.equal(heapGrowthFlag(['--max-old-space-size=4096', '--enable-source-maps']), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  assert.ok(HEAP_GROWING_PERCENT > 0 && HEAP_GROWING_PERCENT < 300);
});

test("the user's own growth on node's command line is left alone, in either spelling", () => {
  assert.equal(heapGrowthFlag(['--heap-growing-percent=10']), undefined);
  assert.equal(heapGrowthFlag(['--heap_growing_percent=200']), undefined);
  assert.equal(heapGrowthFlag(['--heap-growing-percent']), undefined);
});
