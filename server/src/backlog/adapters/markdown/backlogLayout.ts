// Where a workspace's Backlog.md backlog lives and how it names tasks: found from its config.yml
// (folder or root form), or created with the same layout `backlog init` makes. Every path is
// checked after resolving symlinks: the backlog must stay inside the workspace.
import * as fsp from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { Document, isSeq, parse as parseYaml } from 'yaml';
import { describeRefusal, readRegularFile } from '../../../files/readRegularFile';
import { BacklogError, fileSystemError } from '../../backlog';
import { atomicCreate } from './atomicFile';
import { checkedRelative, checkRealFolder, type FolderSetting } from './backlogFolderRules';
import type { FileSystem } from './fileSystem';
import { isWithinFolder } from '../../../files/pathContainment';

/** Backlog.md configuration is a few lines; a bigger file is refused unread. */
const MAX_CONFIG_BYTES = 256 * 1024;

export interface BacklogLayout {
  /** Real path of the workspace root. */
  root: string;
  /** Real path of the backlog folder. */
  directory: string;
  /** The folder relative to the root, POSIX, for messages. */
  displayDirectory: string;
  /** Lower-case task prefix as used in file names (`task`); ids use it upper-cased. */
  prefix: string;
  statuses: string[];
  /** The status new stories get. */
  initialStatus: string;
  /** Statuses that mean the work is finished. */
  doneStatuses: string[];
  /** Backlog.md's `zero_padded_ids`: digits of the number, 0 for none. */
  zeroPadding: number;
  configFile: string;
}

export const DEFAULT_STATUSES = ['To Do', 'In Progress', 'Done'];
const SUBFOLDERS = ['tasks', 'drafts', 'completed', 'archive/tasks', 'archive/drafts', 'archive/milestones', 'docs', 'decisions', 'milestones'];

export interface LayoutOptions {
  /** Backlog folder relative to the root: `.rugged.json` `backlog.directory` or `--backlog`. */
  directory?: string;
  /** Where `directory` comes from, named in refusals: `backlog.directory (.rugged.json)`, `--backlog`. */
  setting?: string;
  /** Use `directory` even when the project already has a backlog elsewhere (the `--backlog` flag). */
  forceDirectory?: boolean;
  /** Create the folder and config.yml when there is none (when raising; not when only reading). */
  create: boolean;
  fs?: FileSystem;
}

/**
 * Finds the backlog of `root`: the configured folder when it has a config.yml, else the folder
 * named by a root `backlog.config.yml`, else `backlog/` or `.backlog/`; creates the configured
 * folder (default `backlog`) when none exists and `create` is set. Returns undefined when there is
 * none and `create` is false.
 */
export async function resolveLayout(workspaceRoot: string, options: LayoutOptions): Promise<BacklogLayout | undefined> {
  const fs = options.fs ?? fsp;
  const root = await realRoot(fs, workspaceRoot);
  const preferred: FolderSetting = { value: options.directory ?? 'backlog', setting: options.setting ?? 'backlog.directory (.rugged.json)' };
  // Refused before anything is read or created, even when another candidate would be found.
  await checkWhatExists(fs, root, join(root, checkedRelative(preferred)), preferred);
  const candidates = options.forceDirectory ? [preferred] : await candidateFolders(fs, root, preferred);
  for (const candidate of candidates) {
    const folder = join(root, checkedRelative(candidate));
    const configFile = join(folder, 'config.yml');
    if (!(await exists(fs, configFile))) continue;
    const directory = await realFolder(fs, root, folder, candidate);
    return readLayout(root, directory, join(directory, 'config.yml'));
  }
  const rootConfig = join(root, 'backlog.config.yml');
  if (!options.forceDirectory && (await exists(fs, rootConfig))) {
    const settings = await readYamlFile(rootConfig);
    const named: FolderSetting = { value: typeof settings.backlog_directory === 'string' ? settings.backlog_directory : 'backlog', setting: ROOT_CONFIG_SETTING };
    const folder = join(root, checkedRelative(named));
    if (await exists(fs, folder)) {
      const directory = await realFolder(fs, root, folder, named);
      return layoutFrom(root, directory, rootConfig, settings);
    }
  }
  if (!options.create) return undefined;
  return initialise(fs, root, preferred);
}

const ROOT_CONFIG_SETTING = 'backlog_directory (backlog.config.yml)';

async function candidateFolders(fs: FileSystem, root: string, preferred: FolderSetting): Promise<FolderSetting[]> {
  const list = [preferred];
  const rootConfig = join(root, 'backlog.config.yml');
  if (await exists(fs, rootConfig)) {
    try {
      const settings = await readYamlFile(rootConfig);
      if (typeof settings.backlog_directory === 'string') list.push({ value: settings.backlog_directory, setting: ROOT_CONFIG_SETTING });
    } catch {
      // A broken root config is reported when it is the one used; other candidates may still work.
    }
  }
  list.push({ value: 'backlog', setting: 'the default backlog folder' }, { value: '.backlog', setting: 'the default backlog folder' });
  const seen = new Set<string>();
  return list.filter((c) => !seen.has(c.value) && seen.add(c.value));
}

/** Real path of a backlog folder, refused unless it is a folder of its own inside the root. */
async function realFolder(fs: FileSystem, root: string, folder: string, setting: FolderSetting): Promise<string> {
  let real: string;
  try {
    real = await fs.realpath(folder);
  } catch (error) {
    throw fileSystemError(error, folder, 'resolve the backlog folder');
  }
  await checkRealFolder(fs, root, folder, real, setting);
  return real;
}

async function readLayout(root: string, directory: string, configFile: string): Promise<BacklogLayout> {
  return layoutFrom(root, directory, configFile, await readYamlFile(configFile));
}

function layoutFrom(root: string, directory: string, configFile: string, settings: Record<string, unknown>): BacklogLayout {
  const rawPrefix = typeof settings.task_prefix === 'string' ? settings.task_prefix : 'task';
  if (!/^[A-Za-z]+$/.test(rawPrefix)) {
    throw new BacklogError('invalid-config', configFile, `${configFile}: task_prefix "${rawPrefix}" must be letters only (Backlog.md's rule).`);
  }
  const statuses = Array.isArray(settings.statuses) && settings.statuses.length > 0 ? settings.statuses.map(String) : DEFAULT_STATUSES;
  const configuredDefault = typeof settings.default_status === 'string' ? settings.default_status : undefined;
  const initialStatus = configuredDefault && statuses.includes(configuredDefault) ? configuredDefault : statuses[0];
  const last = statuses[statuses.length - 1];
  const doneStatuses = [...new Set([last, ...statuses.filter((s) => s.toLowerCase() === 'done')])];
  const padding = Number(settings.zero_padded_ids);
  return {
    root,
    directory,
    displayDirectory: relative(root, directory).split(sep).join('/') || '.',
    prefix: rawPrefix.toLowerCase(),
    statuses,
    initialStatus,
    doneStatuses,
    zeroPadding: Number.isInteger(padding) && padding > 0 && padding < 10 ? padding : 0,
    configFile,
  };
}

/** The same folders and config.yml that `backlog init` writes, created without overwriting anything. */
async function initialise(fs: FileSystem, root: string, preferred: FolderSetting): Promise<BacklogLayout> {
  const folder = join(root, checkedRelative(preferred));
  // Checked again right before creating, so a symbolic link made since cannot redirect mkdir.
  await checkWhatExists(fs, root, folder, preferred);
  try {
    await fs.mkdir(folder, { recursive: true });
  } catch (error) {
    throw fileSystemError(error, folder, 'create the backlog folder');
  }
  const directory = await realFolder(fs, root, folder, preferred);
  for (const sub of SUBFOLDERS) {
    const path = join(directory, sub);
    try {
      await fs.mkdir(path, { recursive: true });
    } catch (error) {
      throw fileSystemError(error, path, 'create');
    }
  }
  const configFile = join(directory, 'config.yml');
  const settings = {
    project_name: basename(root),
    default_status: DEFAULT_STATUSES[0],
    statuses: DEFAULT_STATUSES,
    labels: [] as string[],
    date_format: 'yyyy-mm-dd',
    max_column_width: 20,
    auto_open_browser: true,
    default_port: 6420,
    remote_operations: true,
    auto_commit: false,
    filesystem_only: false,
    bypass_git_hooks: false,
    check_active_branches: true,
    active_branch_days: 30,
    task_prefix: 'task',
  };
  const document = new Document(settings);
  // Written the way `backlog init` writes it: block mapping, lists inline, strings quoted.
  for (const key of ['statuses', 'labels']) {
    const node = document.get(key, true);
    if (isSeq(node)) node.flow = true;
  }
  const text = document.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', flowCollectionPadding: false });
  // Another process may initialise at the same moment: whoever comes second keeps the first file.
  await atomicCreate(fs, configFile, text);
  return readLayout(root, directory, configFile);
}

async function readYamlFile(file: string): Promise<Record<string, unknown>> {
  // The workspace may hold a FIFO or a link to /dev/zero under this name: read only a regular file.
  const read = await readRegularFile(file, MAX_CONFIG_BYTES);
  if (!read.ok) {
    if (read.reason === 'missing' || read.reason === 'unreadable') {
      // Said the way every other file-system failure of the backlog is said.
      const code = read.reason === 'missing' ? 'ENOENT' : read.detail;
      throw fileSystemError(Object.assign(new Error(`${code}: ${read.detail}`), { code }), file, 'read');
    }
    throw new BacklogError('invalid-config', file, `${file} cannot be used as Backlog.md configuration: ${describeRefusal(read)}.`);
  }
  const text = read.bytes.toString('utf8');
  try {
    const value: unknown = parseYaml(text);
    if (value === null || value === undefined) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error('expected key: value pairs');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new BacklogError('invalid-config', file, `${file} is not valid Backlog.md configuration: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Checks the folder, or the nearest part of its path that exists (which may be the root), once links are resolved. */
async function checkWhatExists(fs: FileSystem, root: string, folder: string, setting: FolderSetting): Promise<void> {
  const existing = await nearestExisting(fs, folder);
  await checkRealFolder(fs, root, existing, await realOf(fs, existing), setting, existing !== folder);
}

async function realOf(fs: FileSystem, path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch (error) {
    throw fileSystemError(error, path, 'resolve the backlog folder');
  }
}

async function realRoot(fs: FileSystem, root: string): Promise<string> {
  try {
    return await fs.realpath(resolve(root));
  } catch (error) {
    throw fileSystemError(error, root, 'open the workspace folder');
  }
}

/** Real path of `path`, which must lie inside `root` (itself a real path) once symlinks are resolved. */
export async function realInside(fs: FileSystem, root: string, path: string, what: string): Promise<string> {
  let real: string;
  try {
    real = await fs.realpath(path);
  } catch (error) {
    throw fileSystemError(error, path, `resolve the ${what}`);
  }
  if (!isWithinFolder(root, real)) {
    throw new BacklogError(
      'outside-workspace',
      path,
      `The ${what} ${path} resolves to ${real}, which is outside the workspace ${root}; Rugged writes stories only inside the workspace. Replace the symbolic link with a real folder.`,
    );
  }
  return real;
}


async function nearestExisting(fs: FileSystem, path: string): Promise<string> {
  let current = path;
  for (;;) {
    if (await existsNoFollow(fs, current)) return current;
    const parent = resolve(current, '..');
    if (parent === current) return current;
    current = parent;
  }
}

async function exists(fs: FileSystem, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** True for anything at `path`, a dangling symbolic link included. */
async function existsNoFollow(fs: FileSystem, path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}
