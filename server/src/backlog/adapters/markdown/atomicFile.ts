// Creates a file completely or not at all, and never over an existing one: the content goes to a
// temporary file in the same folder, which is then hard-linked to the final name (link fails if
// the name exists, where rename would silently replace it).
import { randomBytes } from 'node:crypto';
import type * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileSystemError } from '../../backlog';

type Fs = Pick<typeof fsp, 'open' | 'link' | 'unlink' | 'rename'>;

export type CreateOutcome = 'created' | 'exists';

/** Temporary files start with this, so readers of the folder can skip them. */
export const TEMP_PREFIX = '.rugged-';

/** Creates `path` with `content`; 'exists' (and nothing changed) when the name is taken. */
export async function atomicCreate(fs: Fs, path: string, content: string): Promise<CreateOutcome> {
  const temp = join(dirname(path), `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeNew(fs, temp, content);
  } catch (error) {
    await removeQuietly(fs, temp);
    throw fileSystemError(error, path, 'write');
  }
  try {
    await fs.link(temp, path);
    return 'created';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') {
      // File systems without hard links (FAT, some network shares): exclusive create instead.
      return await createExclusive(fs, path, content);
    }
    throw fileSystemError(error, path, 'write');
  } finally {
    await removeQuietly(fs, temp);
  }
}

/**
 * Replaces the content of an existing file completely or not at all: a temporary file in the same
 * folder is renamed over it, so a reader sees the old text or the new one, never half of each.
 */
export async function atomicReplace(fs: Fs, path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeNew(fs, temp, content);
    await fs.rename(temp, path);
  } catch (error) {
    await removeQuietly(fs, temp);
    throw fileSystemError(error, path, 'write');
  }
}

async function createExclusive(fs: Fs, path: string, content: string): Promise<CreateOutcome> {
  let opened = false;
  try {
    await writeNew(fs, path, content, () => (opened = true));
    return 'created';
  } catch (error) {
    if (!opened && (error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    // Only a file this call created is removed, never someone else's.
    if (opened) await removeQuietly(fs, path);
    throw fileSystemError(error, path, 'write');
  }
}

/** Writes `content` to a file that must not exist yet, flushed to disk before it is closed. */
async function writeNew(fs: Fs, path: string, content: string, onOpen?: () => void): Promise<void> {
  const handle = await fs.open(path, 'wx', 0o644);
  onOpen?.();
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeQuietly(fs: Fs, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch {
    // Already gone, or never created.
  }
}

export function isTempFile(name: string): boolean {
  return basename(name).startsWith(TEMP_PREFIX);
}
