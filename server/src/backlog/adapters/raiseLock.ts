// Serialises raises of the same story into the same remote tracker on this machine: two editor
// windows, or the editor and a CI job, raising one finding at once. Trackers have no
// create-if-absent, so without it both would search, find nothing and create. The lock is an
// exclusive file in a per-user folder of the temporary directory, keyed by a hash of the tracker
// target and the fingerprint, so it says nothing about either. Raises from different machines are
// settled afterwards by each adapter (create, then look again and close the later duplicate).
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, closeSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { BacklogError } from '../backlog';

const STALE_MS = 120_000;
const WAIT_MS = 60_000;
const POLL_MS = 25;

function lockFolder(): string {
  let user = 'user';
  try {
    user = String(userInfo().uid >= 0 ? userInfo().uid : userInfo().username);
  } catch {
    // No user entry (some containers): one folder for everyone is still correct, only shared.
  }
  const folder = join(tmpdir(), `rugged-raise-locks-${user}`);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return folder;
}

/** Runs `work` while holding the lock for (target, fingerprint); waits for another holder. */
export async function withRaiseLock<T>(target: string, fingerprint: string, work: () => Promise<T>): Promise<T> {
  const name = createHash('sha256').update(`${target}\u0000${fingerprint}`).digest('hex').slice(0, 40);
  const path = join(lockFolder(), `${name}.lock`);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (tryLock(path)) break;
    if (removeIfStale(path)) continue;
    if (Date.now() > deadline) {
      throw new BacklogError('busy', path, `Another raise of the same story is still talking to the tracker (lock file ${path}). Try again; delete the lock file if no Rugged process is running.`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await work();
  } finally {
    try {
      unlinkSync(path);
    } catch {
      // Swept as stale by another process already.
    }
  }
}

function tryLock(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new BacklogError('write-failed', path, `Cannot create the lock file ${path}: ${(error as Error).message}`);
  }
}

function removeIfStale(path: string): boolean {
  try {
    if (Date.now() - statSync(path).mtimeMs < STALE_MS) return false;
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
