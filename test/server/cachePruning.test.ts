// The result cache folder holds one file per folder set a user opened; opening a cache keeps the
// most recently written ones and removes the rest, and touches nothing Rugged did not name.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { KEPT_RESULT_FILES, pruneResultFiles } from '../../server/src/lsp/cachePruning';
import { openCacheStore } from '../../server/src/lsp/cacheDirectory';
import { tempDir } from './tempDirs';

const name = (i: number) => `results-${i.toString(16).padStart(16, '0')}.json`;

/** `count` result files, file i written i hours ago. */
function resultFiles(directory: string, count: number): void {
  const now = Date.now() / 1000;
  for (let i = 0; i < count; i++) {
    writeFileSync(join(directory, name(i)), '{}');
    utimesSync(join(directory, name(i)), now - i * 3600, now - i * 3600);
  }
}

test('keeps the most recently written result files, the current one among them, and removes the others', () => {
  const directory = tempDir('cache-prune');
  resultFiles(directory, KEPT_RESULT_FILES + 8);
  const current = join(directory, name(KEPT_RESULT_FILES + 7)); // the oldest, about to be used again
  const removed = pruneResultFiles(directory, current);
  const left = readdirSync(directory).sort();
  assert.equal(left.length, KEPT_RESULT_FILES);
  assert.ok(left.includes(name(KEPT_RESULT_FILES + 7)), 'the file about to be used stays');
  for (let i = 0; i < KEPT_RESULT_FILES - 1; i++) assert.ok(left.includes(name(i)), `${name(i)} is among the newest and stays`);
  assert.equal(removed.length, 8);
});

test('never touches the key, files it did not name, or a link named like a result file', () => {
  const directory = tempDir('cache-prune');
  resultFiles(directory, KEPT_RESULT_FILES + 2);
  writeFileSync(join(directory, 'cache-key'), 'k');
  writeFileSync(join(directory, 'notes.json'), '{}');
  writeFileSync(join(directory, `${name(999)}.tmp`), '{}');
  const outside = join(directory, 'outside.json');
  writeFileSync(outside, '{}');
  symlinkSync(outside, join(directory, name(0xabc)));
  utimesSync(outside, 0, 0);
  pruneResultFiles(directory, join(directory, 'results-ffffffffffffffff.json'));
  for (const kept of ['cache-key', 'notes.json', `${name(999)}.tmp`, 'outside.json']) assert.ok(existsSync(join(directory, kept)), `${kept} stays`);
  assert.ok(readdirSync(directory).includes(name(0xabc)), 'the link stays');
  assert.equal(readdirSync(directory).filter((n) => /^results-[0-9a-f]{16}\.json$/.test(n) && n !== name(0xabc)).length, KEPT_RESULT_FILES - 1);
});

test('opening a cache prunes its folder', () => {
  const directory = tempDir('cache-open');
  const storage = join(directory, 'storage');
  const first = openCacheStore(storage, ['file:///project'], () => undefined);
  assert.ok(first);
  resultFiles(storage, KEPT_RESULT_FILES + 5);
  openCacheStore(storage, ['file:///project'], () => undefined);
  assert.equal(readdirSync(storage).filter((n) => n.startsWith('results-')).length, KEPT_RESULT_FILES - 1);
});
