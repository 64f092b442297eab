// The CLI keeps V8's optimizing compiler off its largest functions (cli/optimizerPolicy.ts) unless
// the user already chose a limit on node's command line, which must win.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_OPTIMIZED_BYTECODE_SIZE, optimizerFlags } from '../../server/src/cli/optimizerPolicy';

const BOTH = [`--max-optimized-bytecode-size=${MAX_OPTIMIZED_BYTECODE_SIZE}`, '--no-turbo-inlining'];

test('the CLI asks V8 not to optimise functions above a bytecode size, and not to inline', () => {
  assert.deepEqual(optimizerFlags([]), BOTH);
  assert.deepEqual(optimizerFlags(['--heap-growing-percent=30', '--enable-source-maps']), BOTH);
});

test('the limit leaves the hot functions optimised and stays below V8 default', () => {
  // The hot functions of a scan are under 7 KB of bytecode; V8's own limit is 60 KB.
  assert.ok(MAX_OPTIMIZED_BYTECODE_SIZE >= 8 * 1024 && MAX_OPTIMIZED_BYTECODE_SIZE < 60 * 1024);
});

test("the user's own choice on node's command line is left alone, in either spelling", () => {
  assert.deepEqual(optimizerFlags(['--max-optimized-bytecode-size=60000']), ['--no-turbo-inlining']);
  assert.deepEqual(optimizerFlags(['--max_optimized_bytecode_size=1000']), ['--no-turbo-inlining']);
  assert.deepEqual(optimizerFlags(['--max-optimized-bytecode-size']), ['--no-turbo-inlining']);
  assert.deepEqual(optimizerFlags(['--turbo-inlining']), [BOTH[0]]);
  assert.deepEqual(optimizerFlags(['--no_turbo_inlining', '--max-optimized-bytecode-size=1']), []);
});
