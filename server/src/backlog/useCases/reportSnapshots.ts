// Use case: the report's snapshots, JSON files in a `reports/` folder of the backlog, one per day
// (a second report on the same day replaces it). The latest one from an earlier day is what the
// trend compares with. Writes stay inside the workspace: the folder's real path is checked.
import { mkdirSync, readdirSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isWithinFolder } from '../../files/pathContainment';
import { readRegularTextSync } from '../../files/readRegularFile';
import { BacklogError, fileSystemError } from '../backlog';
import { parseSnapshot, type ReportSnapshot } from '../story/trend';

const SNAPSHOT_NAME = /^report-(\d{4}-\d{2}-\d{2})\.json$/;
const MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;

export function snapshotFolder(root: string, backlogFolder: string): string {
  return join(root, backlogFolder, 'reports');
}

/** The newest snapshot dated before `today`, or undefined when there is none (or none readable). */
export function latestSnapshot(folder: string, today: string): ReportSnapshot | undefined {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return undefined;
  }
  const dated = names
    .map((name) => SNAPSHOT_NAME.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && m[1] < today)
    .sort((a, b) => (a[1] < b[1] ? 1 : -1));
  for (const match of dated) {
    const read = readRegularTextSync(join(folder, match[0]), MAX_SNAPSHOT_BYTES);
    if (!read.ok) continue;
    const snapshot = parseSnapshot(read.text);
    if (typeof snapshot !== 'string') return snapshot;
  }
  return undefined;
}

/** Writes today's snapshot; returns its path. */
export function writeSnapshot(root: string, folder: string, snapshot: ReportSnapshot): string {
  const path = join(folder, `report-${snapshot.date}.json`);
  try {
    mkdirSync(folder, { recursive: true });
    if (!isWithinFolder(realpathSync(root), realpathSync(folder))) {
      throw new BacklogError('outside-workspace', folder, `Refusing to write the report snapshot: ${folder} leads out of the workspace.`);
    }
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(snapshot, null, 2)}\n`, { flag: 'wx' });
    renameSync(temp, path);
    return path;
  } catch (error) {
    throw fileSystemError(error, path, 'write');
  }
}
