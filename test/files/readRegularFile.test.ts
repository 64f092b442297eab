// The one reader of files the workspace controls: only regular files, checked on the open
// descriptor, never blocking on a FIFO, never reading past the cap.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRefusal, readRegularFile, readRegularFileSync, readRegularTextSync, type ReadResult } from '../../server/src/files/readRegularFile';

let dir: string;
before(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-read-')));
  writeFileSync(join(dir, 'small.js'), 'const a = 1;\n');
  execFileSync('mkfifo', [join(dir, 'pipe.js')]);
  symlinkSync('/dev/zero', join(dir, 'zero.js'));
  symlinkSync('/dev/urandom', join(dir, 'random.js'));
  closeSync(openSync(join(dir, 'sparse.js'), 'w'));
  truncateSync(join(dir, 'sparse.js'), 200 * 1024 * 1024);
  mkdirSync(join(dir, 'folder.js'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function refusal(result: ReadResult): string {
  assert.ok(!result.ok, 'expected a refusal');
  return describeRefusal(result);
}

describe('readRegularFileSync and readRegularFile', () => {
  for (const [name, read] of [
    ['sync', (path: string, cap: number) => Promise.resolve(readRegularFileSync(path, cap))],
    ['async', readRegularFile],
  ] as const) {
    it(`${name}: reads a regular file within the cap`, async () => {
      const result = await read(join(dir, 'small.js'), 100);
      assert.ok(result.ok);
      assert.equal(result.bytes.toString('utf8'), 'const a = 1;\n');
    });

    it(`${name}: refuses a FIFO without waiting for a writer`, async () => {
      assert.equal(refusal(await read(join(dir, 'pipe.js'), 100)), 'not a regular file: a FIFO');
    });

    it(`${name}: refuses links to /dev/zero and /dev/urandom as devices`, async () => {
      assert.equal(refusal(await read(join(dir, 'zero.js'), 100)), 'not a regular file: a device');
      assert.equal(refusal(await read(join(dir, 'random.js'), 100)), 'not a regular file: a device');
    });

    it(`${name}: refuses a file over the cap by its size, and a folder by its kind`, async () => {
      assert.equal(refusal(await read(join(dir, 'small.js'), 5)), 'too large: 13 bytes, limit 5');
      assert.match(refusal(await read(join(dir, 'sparse.js'), 1024 * 1024)), /^too large: 209715200 bytes, limit 1048576$/);
      assert.equal(refusal(await read(join(dir, 'folder.js'), 100)), 'not a regular file: a directory');
    });

    it(`${name}: says a missing file is missing`, async () => {
      const result = await read(join(dir, 'nope.js'), 100);
      assert.ok(!result.ok);
      assert.equal(result.reason, 'missing');
    });
  }

  it('opens through the given function, so the backlog can inject its own file system', async () => {
    const opened: string[] = [];
    const { open } = await import('node:fs/promises');
    const result = await readRegularFile(join(dir, 'small.js'), 100, (path, flags) => {
      opened.push(path);
      return open(path, flags);
    });
    assert.ok(result.ok);
    assert.deepEqual(opened, [join(dir, 'small.js')]);
  });

  it('readRegularTextSync decodes UTF-8 and passes refusals through', () => {
    assert.deepEqual(readRegularTextSync(join(dir, 'small.js'), 100), { ok: true, text: 'const a = 1;\n' });
    const piped = readRegularTextSync(join(dir, 'pipe.js'), 100);
    assert.ok(!piped.ok);
    assert.equal(piped.detail, 'a FIFO');
  });
});
