// The CLI keeps V8's optimizing compiler off its largest functions (cli/optimizerPolicy.ts) unless
// the user already chose a limit on node's command line, which must win.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_OPTIMIZED_BYTECODE_SIZE, optimizerFlag } from '../../server/src/cli/optimizerPolicy';

test('the CLI asks V8 not to optimise functions above a bytecode size', () => {
  assert.equal(optimizerFlag([]), `--max-optimized-bytecode-size=${MAX_OPTIMIZED_BYTECODE_SIZE}`);
  assert.equal(optimizerFlag(['--heap-growing-percent=30', '--enable-source-maps']), `--max-optimized-bytecode-size=${MAX_OPTIMIZED_BYTECODE_SIZE}`);
});

test('the limit leaves the hot functions optimised and stays below V8 default', () => {
  // The hot functions of a scan are under 7 KB of bytecode; V8's own limit is 60 KB.
  assert.ok(MAX_OPTIMIZED_BYTECODE_SIZE >= 8 * 1024 && MAX_OPTIMIZED_BYTECODE_SIZE < 60 * 1024);
});

test("the user's own limit on node's command line is left alone, in either spelling", () => {
  assert.equal(optimizerFlag(['--max-optimized-bytecode-size=60000']), undefined);
  assert.equal(optimizerFlag(['--max_optimized_bytecode_size=1000']), undefined);
  assert.equal(optimizerFlag(['--max-optimized-bytecode-size']), undefined);
});
