// Scratch folders for a server test file: real paths (the server reports resolved paths, and macOS's
// /tmp is a link), removed when the file's tests end.
import { after } from 'node:test';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const temporary: string[] = [];
let cleanupRegistered = false;

export function tempDir(prefix: string): string {
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    after(() => {
      for (const path of temporary.splice(0)) rmSync(path, { recursive: true, force: true });
    });
  }
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temporary.push(dir);
  return dir;
}
