// The result cache keeps one file per set of workspace folders, in one folder per user. Every
// project a user ever opened would otherwise leave its file behind for good (a few hundred KB to
// a few MB each), so opening a cache also removes the files of the sets not opened for longest.
import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Result files kept per cache folder: far more folder sets than one person switches between. */
export const KEPT_RESULT_FILES = 32;
const RESULT_FILE = /^results-[0-9a-f]{16}\.json$/;

/**
 * Removes all but the `keep` most recently written result files in `directory`, never `current`
 * (the file about to be used). Only regular files named as Rugged names them are touched; a file
 * that cannot be examined or removed is left (another server may be replacing it).
 */
export function pruneResultFiles(directory: string, current: string, keep = KEPT_RESULT_FILES): string[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  const files: { path: string; written: number }[] = [];
  for (const name of names) {
    if (!RESULT_FILE.test(name)) continue;
    const path = join(directory, name);
    if (path === current) continue;
    try {
      const stats = lstatSync(path);
      if (stats.isFile()) files.push({ path, written: stats.mtimeMs });
    } catch {
      // Gone or unreadable: nothing to prune.
    }
  }
  // The current file counts as one of the kept.
  const stale = files.sort((a, b) => b.written - a.written).slice(Math.max(0, keep - 1));
  const removed: string[] = [];
  for (const { path } of stale) {
    try {
      unlinkSync(path);
      removed.push(path);
    } catch {
      // Left for a later start.
    }
  }
  return removed;
}
