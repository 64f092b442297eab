// The default backlog: Backlog.md task files in the repository. No account needed, and the
// evidence (who raised what, when it was done) stays in Git. Creating a story is safe against
// concurrent raises (numbers are reserved with exclusive lock files), duplicates (stories are keyed
// by fingerprint) and half-written files (temporary file + hard link, never an overwrite).
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { readRegularFile } from '../../../files/readRegularFile';
import { BacklogError, fileSystemError, type Backlog, type BacklogOverview, type BacklogTarget, type CreateResult } from '../../backlog';
import { atomicCreate, atomicReplace, isTempFile, TEMP_PREFIX } from './atomicFile';
import { realInside, resolveLayout, type BacklogLayout } from './backlogLayout';
import type { FileSystem } from './fileSystem';
import { findDuplicate } from '../../story/fingerprint';
import { backlogDate, parseTaskFile, renderSidecar, renderTaskFile, sidecarPath, type TaskMeta } from './taskFile';
import { renderTriageFile, triageMarker } from './triageFile';
import type { TriageDraft, TriageFiled } from '../../story/triage';
import { numberOfFile, taskFileName, taskId } from './taskNaming';
import type { RiskTracking, Story, StoredStory } from '../../story/types';
import { withTracking } from './trackingSection';
import { extendTaskFile } from './extendTaskFile';

export interface MarkdownBacklogOptions {
  /** Workspace (project) root. */
  root: string;
  /** Backlog folder relative to the root (`.rugged.json` `backlog.directory`); default `backlog`. */
  directory?: string;
  /** Use `directory` even if the project has a backlog elsewhere (the CLI's `--backlog`). */
  forceDirectory?: boolean;
  /** Where `directory` comes from, named when it is refused. */
  setting?: string;
  /** For tests that simulate refusing file systems. */
  fs?: FileSystem;
  /** Clock for the created date. */
  now?: () => Date;
}

/** Folders whose tasks are listed; completed/ holds tasks Backlog.md's cleanup moved out of tasks/. */
const LISTED_FOLDERS = [
  { folder: 'tasks', completed: false },
  { folder: 'completed', completed: true },
];
/** Numbers are never reused, archived tasks included. */
const NUMBERED_FOLDERS = ['tasks', 'completed', 'archive/tasks'];
const MAX_TASK_FILE_BYTES = 1024 * 1024;
const LOCK_STALE_MS = 60_000;
const LOCK_WAIT_MS = 10_000;
const LOCK_POLL_MS = 20;
const MAX_NUMBER_ATTEMPTS = 1000;

/** The Backlog.md backlog of a target: the configured folder, or the one given for this run. */
export function openMarkdownBacklog(target: BacklogTarget): MarkdownBacklog {
  if (target.directoryOverride !== undefined) {
    return new MarkdownBacklog({ root: target.root, directory: target.directoryOverride, forceDirectory: true, setting: '--backlog' });
  }
  return new MarkdownBacklog({ root: target.root, directory: target.settings.directory, setting: 'backlog.directory (.rugged.json)' });
}

export class MarkdownBacklog implements Backlog {
  private readonly fs: FileSystem;
  private readonly now: () => Date;

  constructor(private readonly options: MarkdownBacklogOptions) {
    this.fs = options.fs ?? fsp;
    this.now = options.now ?? (() => new Date());
  }

  get description(): string {
    return `Backlog.md in ${this.options.directory ?? 'backlog'}/`;
  }

  /** Where the backlog is, or undefined when the workspace has none yet. */
  layout(create = false): Promise<BacklogLayout | undefined> {
    return resolveLayout(this.options.root, {
      directory: this.options.directory,
      setting: this.options.setting,
      forceDirectory: this.options.forceDirectory,
      create,
      fs: this.fs,
    });
  }

  async overview(): Promise<BacklogOverview | undefined> {
    const layout = await this.layout(false);
    return layout ? { location: layout.displayDirectory, statuses: layout.statuses } : undefined;
  }

  async list(): Promise<StoredStory[]> {
    const layout = await this.layout(false);
    return layout ? this.readStories(layout) : [];
  }

  async findByFingerprint(fingerprint: string): Promise<StoredStory | undefined> {
    return (await this.list()).find((s) => s.story?.fingerprint === fingerprint);
  }

  async get(id: string): Promise<StoredStory | undefined> {
    const wanted = id.trim().toUpperCase();
    return (await this.list()).find((s) => s.id.toUpperCase() === wanted);
  }

  async recordTracking(id: string, tracking: RiskTracking): Promise<StoredStory> {
    const layout = await this.layout(false);
    const found = layout ? (await this.readStories(layout)).find((s) => s.id.toUpperCase() === id.trim().toUpperCase()) : undefined;
    if (!layout || !found) throw new BacklogError('not-found', id, `No abuser story ${id} in ${this.description}.`);
    const text = await this.readTaskText(found.location);
    if (text === undefined) throw new BacklogError('not-found', found.location, `Cannot read ${found.location}.`);
    const updated = withTracking(text, tracking);
    await atomicReplace(this.fs, found.location, updated);
    // Where the file lies (tasks/ or completed/) does not change, so neither does whether it is done.
    return { ...parseTaskFile(updated, { location: found.location, doneStatuses: layout.doneStatuses, sidecar: await this.readSidecar(layout, found.id) })!, done: found.done };
  }

  async extend(id: string, story: Story): Promise<StoredStory> {
    const layout = await this.layout(false);
    const found = layout ? (await this.readStories(layout)).find((s) => s.id.toUpperCase() === id.trim().toUpperCase()) : undefined;
    if (!layout || !found) throw new BacklogError('not-found', id, `No abuser story ${id} in ${this.description}.`);
    const text = await this.readTaskText(found.location);
    if (text === undefined) throw new BacklogError('not-found', found.location, `Cannot read ${found.location}.`);
    // The data moves to the sidecar here too, so an extended story written before sidecars existed is migrated.
    const sidecar = renderSidecar(story);
    await this.writeSidecar(layout, found.id, sidecar);
    const updated = extendTaskFile(text, story, { sidecar: sidecarPath(found.id) });
    await atomicReplace(this.fs, found.location, updated);
    return { ...parseTaskFile(updated, { location: found.location, doneStatuses: layout.doneStatuses, sidecar })!, done: found.done };
  }

  async create(story: Story): Promise<CreateResult> {
    const layout = (await this.layout(true))!;
    await this.ensureFolder(join(layout.directory, 'tasks'));
    const tasksDir = await realInside(this.fs, layout.directory, join(layout.directory, 'tasks'), 'tasks folder');
    const releaseFingerprint = await this.lockFingerprint(tasksDir, story.fingerprint);
    try {
      const duplicate = findDuplicate(await this.readStories(layout), story);
      if (duplicate) return { story: duplicate, created: false };
      // The data is written once the task holds its number, never before: a number another process
      // took in a race must not get this story's data. Until it lands the task reads as damaged.
      const sidecar = renderSidecar(story);
      const { path, id, content } = await this.writeNumbered(layout, tasksDir, story.title, (meta) => renderTaskFile(story, meta, { sidecar: sidecarPath(meta.id) }));
      await this.writeSidecar(layout, id, sidecar);
      return { story: parseTaskFile(content, { location: path, doneStatuses: layout.doneStatuses, sidecar })!, created: true };
    } finally {
      await releaseFingerprint();
    }
  }

  /** Files a "needs triage" draft, or finds the one already filed for the same code. */
  async createTriage(draft: TriageDraft): Promise<TriageFiled> {
    const layout = (await this.layout(true))!;
    await this.ensureFolder(join(layout.directory, 'tasks'));
    const tasksDir = await realInside(this.fs, layout.directory, join(layout.directory, 'tasks'), 'tasks folder');
    const release = await this.lockFingerprint(tasksDir, draft.fingerprint.replace(/^triage-/, ''));
    try {
      const marker = triageMarker(draft.fingerprint);
      for (const { folder } of LISTED_FOLDERS) {
        const dir = join(layout.directory, folder);
        for (const name of (await this.names(dir)).sort()) {
          if (!name.endsWith('.md') || isTempFile(name)) continue;
          const path = join(dir, name);
          const text = await this.readTaskText(path);
          if (text?.includes(marker)) return { id: /^id:\s*(.+)$/m.exec(text)?.[1].trim() ?? name, location: path, created: false };
        }
      }
      const { path, id } = await this.writeNumbered(layout, tasksDir, draft.title, (meta) => renderTriageFile(draft, meta));
      return { id, location: path, created: true };
    } finally {
      await release();
    }
  }

  private async writeNumbered(layout: BacklogLayout, tasksDir: string, title: string, render: (meta: TaskMeta) => string): Promise<{ id: string; path: string; content: string }> {
    for (let attempt = 0; attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
      const n = (await this.highestNumber(layout, tasksDir, true)) + 1;
      const lock = join(tasksDir, `${TEMP_PREFIX}n-${layout.prefix}-${n}.lock`);
      if (!(await this.tryLock(lock))) continue;
      try {
        // Another process may have written this number and released its lock since we counted.
        if ((await this.highestNumber(layout, tasksDir, false)) >= n) continue;
        const id = taskId(layout.prefix, n, layout.zeroPadding);
        const path = join(tasksDir, taskFileName(layout.prefix, n, layout.zeroPadding, title));
        const content = render({ id, status: layout.initialStatus, createdDate: backlogDate(this.now()) });
        if ((await atomicCreate(this.fs, path, content)) === 'exists') continue;
        return { id, path, content };
      } finally {
        await this.unlock(lock);
      }
    }
    throw new BacklogError('busy', tasksDir, `Could not find a free task number in ${tasksDir} after ${MAX_NUMBER_ATTEMPTS} attempts.`);
  }

  /** A backlog whose tasks/ folder was deleted gets it back; an existing entry (even a dangling link) is left for realInside to judge. */
  private async ensureFolder(path: string): Promise<void> {
    try {
      await this.fs.lstat(path);
      return;
    } catch {
      // Missing: create it below.
    }
    try {
      await this.fs.mkdir(path, { recursive: true });
    } catch (error) {
      throw fileSystemError(error, path, 'create');
    }
  }

  /** Highest task number in use; with `countLocks`, numbers reserved by other raises count too. */
  private async highestNumber(layout: BacklogLayout, tasksDir: string, countLocks: boolean): Promise<number> {
    let highest = 0;
    for (const folder of NUMBERED_FOLDERS) {
      for (const name of await this.names(join(layout.directory, folder))) {
        const n = numberOfFile(layout.prefix, name);
        if (n !== undefined && n > highest) highest = n;
      }
    }
    if (countLocks) {
      const lockName = new RegExp(`^${TEMP_PREFIX.replace('.', '\\.')}n-${layout.prefix}-(\\d+)\\.lock$`);
      for (const name of await this.names(tasksDir)) {
        const match = lockName.exec(name);
        if (!match) continue;
        if (await this.removeIfStale(join(tasksDir, name))) continue;
        highest = Math.max(highest, Number(match[1]));
      }
    }
    return highest;
  }

  /** Serialises raises of the same story, so two simultaneous raises make one story, not two. */
  private async lockFingerprint(tasksDir: string, fingerprint: string): Promise<() => Promise<void>> {
    const lock = join(tasksDir, `${TEMP_PREFIX}fp-${fingerprint.replace(/[^a-f0-9]/gi, '').slice(0, 32)}.lock`);
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      if (await this.tryLock(lock)) return () => this.unlock(lock);
      if (await this.removeIfStale(lock)) continue;
      if (Date.now() > deadline) {
        throw new BacklogError('busy', lock, `Another raise of the same story is still writing (lock file ${lock}). Try again; delete the lock file if no Rugged process is running.`);
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }

  private async tryLock(path: string): Promise<boolean> {
    try {
      const handle = await this.fs.open(path, 'wx', 0o644);
      await handle.writeFile(`${process.pid}\n`, 'utf8');
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fileSystemError(error, path, 'create the lock file');
    }
  }

  private async unlock(path: string): Promise<void> {
    try {
      await this.fs.unlink(path);
    } catch {
      // Removed already (a stale-lock sweep); nothing to do.
    }
  }

  /** A lock left by a crashed process is removed after a minute. */
  private async removeIfStale(path: string): Promise<boolean> {
    try {
      const stat = await this.fs.stat(path);
      if (Date.now() - stat.mtimeMs < LOCK_STALE_MS) return false;
      await this.fs.unlink(path);
      return true;
    } catch {
      return false;
    }
  }

  private async names(folder: string): Promise<string[]> {
    try {
      return await this.fs.readdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw fileSystemError(error, folder, 'read');
    }
  }

  private async readStories(layout: BacklogLayout): Promise<StoredStory[]> {
    const stories: StoredStory[] = [];
    for (const { folder, completed } of LISTED_FOLDERS) {
      const dir = join(layout.directory, folder);
      for (const name of (await this.names(dir)).sort()) {
        if (!name.endsWith('.md') || isTempFile(name)) continue;
        const path = join(dir, name);
        const text = await this.readTaskText(path);
        if (text === undefined) continue;
        const id = /^id:\s*['"]?([^'"\n]+?)['"]?\s*$/m.exec(text)?.[1];
        const sidecar = id ? await this.readSidecar(layout, id) : undefined;
        const stored = parseTaskFile(text, { location: path, doneStatuses: layout.doneStatuses, completed, ...(sidecar !== undefined ? { sidecar } : {}) });
        if (stored) stories.push(stored);
      }
    }
    return stories;
  }

  /** The sidecar data of task `id`, or undefined when it has none (a story written before sidecars, a task of the team's). */
  private async readSidecar(layout: BacklogLayout, id: string): Promise<string | undefined> {
    return this.readTaskText(join(layout.directory, sidecarPath(id)));
  }

  private async writeSidecar(layout: BacklogLayout, id: string, content: string): Promise<void> {
    const folder = join(layout.directory, '.rugged');
    await this.ensureFolder(folder);
    const real = await realInside(this.fs, layout.directory, folder, 'Rugged data folder');
    await atomicReplace(this.fs, join(real, sidecarPath(id).slice('.rugged/'.length)), content);
  }

  /**
   * Regular files only: a symlink in the tasks folder is not followed out of the backlog, and a
   * FIFO or device there is not read (the kind is checked again on the open descriptor).
   */
  private async readTaskText(path: string): Promise<string | undefined> {
    try {
      const stat = await this.fs.lstat(path);
      if (!stat.isFile()) return undefined;
    } catch {
      return undefined;
    }
    const read = await readRegularFile(path, MAX_TASK_FILE_BYTES, (file, flags) => this.fs.open(file, flags));
    return read.ok ? read.bytes.toString('utf8') : undefined;
  }
}
