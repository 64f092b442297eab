// Writing files in the server's private folder so that nothing planted there in advance is ever
// written through: every write creates a fresh file (O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600),
// and a file is replaced by renaming a fresh temporary file over it, which replaces a planted
// symbolic link instead of following it.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Creates `path` with `data`; fails with EEXIST if anything (a file, a link, even a dangling one) is there. */
export function createExclusive(path: string, data: string | Buffer): void {
  const fd = openSync(path, CREATE_FLAGS, 0o600);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `path` with `data` through a temporary file of an unpredictable name beside it. */
export function replaceFile(path: string, data: string | Buffer): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    createExclusive(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    // Whatever is left under the temporary name is ours (nothing else can have that name).
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') removeQuietly(temporary);
    throw error;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created, or already gone.
  }
}
