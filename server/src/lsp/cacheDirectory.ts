// Where the result cache may live, and the proof that nobody else can write there. The cache
// decides which findings a user sees, so a folder another local user can write (a predictable
// name under /tmp, a group-writable folder, one owned by someone else) is refused: the server
// then keeps results in memory only. The cache is also signed with a per-user key kept in the
// same folder, so a file the server did not write is never believed.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { createHash } from 'node:crypto';
import { pruneResultFiles } from './cachePruning';
import { createExclusive } from './privateFile';
import type { CacheStore } from './resultCache';

export const KEY_FILE = 'cache-key';
const KEY_BYTES = 32;
/** The sticky bit: in such a folder (/tmp) only an entry's owner may rename or delete it. */
const STICKY = 0o1000;

/** The user's cache folder for Rugged: XDG on Linux and BSDs, the platform's own elsewhere. */
export function userCacheDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : join(home, 'AppData', 'Local'), 'rugged');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'rugged');
  // The XDG spec says a relative value is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(home, '.cache');
  return join(xdg, 'rugged');
}

/**
 * The cache of one set of workspace folders: in the client's storage folder when it gives one
 * (VS Code), else in the user's cache folder. Undefined (memory only) without folders, or when
 * the folder is not private, which is logged once with the reason.
 */
export function openCacheStore(storagePath: string | undefined, folderUris: readonly string[], log: (message: string) => void): CacheStore | undefined {
  if (folderUris.length === 0) return undefined;
  const directory = storagePath && isAbsolute(storagePath) ? storagePath : userCacheDirectory();
  const opened = openPrivateDirectory(directory);
  if (!opened.ok) {
    log(`Keeping results in memory only: ${opened.reason}.`);
    return undefined;
  }
  const id = createHash('sha256').update([...folderUris].sort().join('\n')).digest('hex').slice(0, 16);
  const file = join(directory, `results-${id}.json`);
  pruneResultFiles(directory, file);
  return { file, key: opened.key };
}

export type PrivateDirectory = { ok: true; path: string; key: Buffer } | { ok: false; reason: string };

/**
 * Creates `path` (mode 0700) if needed and checks that only this user can change what is in it:
 * the folder is a real folder owned by the user and not writable by group or others, and the
 * folder holding it cannot be used to swap it (owned by the user or root, and not writable by
 * others unless sticky, like /tmp). Then reads or creates the signing key. Even a swap would gain
 * nothing: a folder or key another user made fails the owner checks, and a cache needs the key.
 */
export function openPrivateDirectory(path: string): PrivateDirectory {
  // The holder is judged before anything is created in it.
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  } catch (error) {
    return { ok: false, reason: `${dirname(path)} cannot be created (${codeOf(error)})` };
  }
  const holder = checkHolder(dirname(path));
  if (holder) return { ok: false, reason: holder };
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') return { ok: false, reason: `${path} cannot be created (${codeOf(error)})` };
  }
  let own: Stats;
  try {
    own = lstatSync(path);
  } catch (error) {
    return { ok: false, reason: `${path} cannot be examined (${codeOf(error)})` };
  }
  if (own.isSymbolicLink() || !own.isDirectory()) return { ok: false, reason: `${path} is not a folder but ${own.isSymbolicLink() ? 'a symbolic link' : 'a file'}` };
  const problem = ownershipProblem(path, own, false);
  if (problem) return { ok: false, reason: problem };
  const key = readOrCreateKey(join(path, KEY_FILE));
  return typeof key === 'string' ? { ok: false, reason: key } : { ok: true, path, key };
}

function checkHolder(path: string): string | undefined {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    return `${path} cannot be examined (${codeOf(error)})`;
  }
  return ownershipProblem(path, stats, true);
}

/** Why `stats` shows a folder others could change; undefined when it is safe. Windows has no such bits. */
function ownershipProblem(path: string, stats: Stats, holder: boolean): string | undefined {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid === undefined) return undefined;
  const ownerOk = stats.uid === uid || (holder && stats.uid === 0);
  if (!ownerOk) return `${path} belongs to another user (uid ${stats.uid})`;
  const sticky = (stats.mode & STICKY) !== 0;
  // A holder may be group-writable when the group is the user's own (umask 002 with one group per
  // user, as VS Code's storage folders are on many Linux systems); the cache folder itself never.
  const ownGroup = holder && typeof process.getgid === 'function' && stats.gid === process.getgid();
  const writers = stats.mode & (ownGroup ? 0o002 : 0o022);
  if (writers !== 0 && !(holder && sticky)) return `${path} can be written by other users (mode ${(stats.mode & 0o7777).toString(8)})`;
  return undefined;
}

/** The per-user signing key: a 0600 file of 32 random bytes, created once without following links. */
function readOrCreateKey(file: string): Buffer | string {
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = readKey(file);
    if (existing !== undefined) return existing;
    try {
      createExclusive(file, randomBytes(KEY_BYTES));
    } catch (error) {
      // Another server of this user created it first: read theirs.
      if (codeOf(error) !== 'EEXIST') return `the cache key ${file} cannot be written (${codeOf(error)})`;
    }
  }
  return `the cache key ${file} cannot be read`;
}

/** The key, a reason it cannot be used, or undefined when there is none yet. */
function readKey(file: string): Buffer | string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    return `the cache key ${file} cannot be opened (${codeOf(error)})`;
  }
  try {
    const stats = fstatSync(fd);
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    if (!stats.isFile() || stats.size !== KEY_BYTES) return `the cache key ${file} is not what Rugged writes`;
    if (uid !== undefined && (stats.uid !== uid || (stats.mode & 0o077) !== 0)) return `the cache key ${file} is not private to this user`;
    const key = Buffer.alloc(KEY_BYTES);
    if (readSync(fd, key, 0, KEY_BYTES, 0) !== KEY_BYTES) return `the cache key ${file} is truncated`;
    return key;
  } finally {
    closeSync(fd);
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
