// The background scan of every workspace folder, with work-done progress, and its incremental
// upkeep: a watched file that changes is analysed again, a deleted one loses its diagnostics, a
// file that closes falls back to what is on disk. Unchanged files come from the content-hash cache.
// The scan yields to the event loop after every file so edits and requests stay responsive; with
// worker threads (scanWorkers.ts) the engine runs there and this thread only reads and shows files.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { WorkDoneProgressReporter, WorkspaceFolder } from 'vscode-languageserver';
import { listFilesStepwise, readSourceFile } from '../files/walk';
import type { RuggedSettings, ScanWorkspaceResult } from '../shared/protocol';
import type { Analyzer } from './analysis';
import type { DiagnosticStore } from './diagnosticStore';
import type { FileContexts } from './fileContext';
import type { FileNotices } from './notices';
import type { EffectiveConfig, ProjectConfigs } from './projectConfig';
import type { ResultCache } from './resultCache';
import type { StatusReporter } from './status';
import { isInsidePath, pathToUri, uriToPath } from './uris';
import type { ModuleTarget, WorkspaceFlow } from './workspaceFlow';
import type { ScanWorkers } from './scanWorkers';
import { PoolClosed } from '../scan/workerPool';

export interface ScannerDeps {
  contexts: FileContexts;
  projects: ProjectConfigs;
  analyzer: Analyzer;
  /** Cross-module flow: every file is analysed with its imports' summaries (and cached with them). */
  flow: WorkspaceFlow;
  store: DiagnosticStore;
  cache: ResultCache;
  notices: FileNotices;
  status: StatusReporter;
  settingsFor(folderUri: string): Promise<RuggedSettings>;
  isOpen(uri: string): boolean;
  /** The file really lies inside a workspace folder (a listed symbolic link may point elsewhere). */
  isInside(path: string): boolean;
  /**
   * Worker threads for a scan of `files` files, or undefined to analyse in this thread
   * (scanWorkers.ts decides how many).
   */
  startWorkers?(files: number, crashed: (path: string, target: ModuleTarget, message: string) => void): ScanWorkers | undefined;
  /** Analyses the open documents (in this thread), so they are answered before the scan's work. */
  analyseOpenDocuments?(): Promise<void>;
  /** Resolves when the editor leaves the scan room for its next file (editorFirst.ts). */
  editorTurn?(): Promise<void>;
  log(message: string): void;
}

/** A file the scan read and handed to the cross-module flow, waiting to be shown. */
interface ReadFile {
  text: string;
  note?: { kind: string; message: string };
  config: EffectiveConfig;
}

/** How a file's result was obtained, for the counts. */
type Outcome = 'analysed' | 'cached' | 'skipped' | 'ignored' | 'open';

interface FolderPlan {
  folder: WorkspaceFolder;
  path: string;
  settings: RuggedSettings;
  files: string[];
  /** Files the listing left out with a notice (over maxFileSize, unreadable). */
  skipped: number;
}

/** Progress messages are sent at most this often, plus the first and the last. */
const PROGRESS_INTERVAL_MS = 200;

export class WorkspaceScanner {
  private generation = 0;
  /** The threads of the running scan, stopped when a newer scan or `cancel` supersedes it. */
  private workers: ScanWorkers | undefined;
  /** Folders scanned at least once, by path: their closed files keep diagnostics and follow the watcher. */
  private readonly scanned = new Map<string, WorkspaceFolder>();

  constructor(private readonly deps: ScannerDeps) {}

  /** Scans the folders; a newer scan (or `cancel`) stops this one at its next file. */
  async scan(folders: readonly WorkspaceFolder[], progress: WorkDoneProgressReporter, cancelled: () => boolean = () => false): Promise<ScanWorkspaceResult> {
    const generation = ++this.generation;
    const stopped = () => generation !== this.generation || cancelled();
    const result: ScanWorkspaceResult = { folders: 0, files: 0, analysed: 0, cached: 0, skipped: 0, findings: 0, filesWithFindings: 0, cancelled: false };
    progress.begin('Rugged: scanning workspace', 0, 'Listing files...', true);
    try {
      const plans: FolderPlan[] = [];
      for (const folder of folders) {
        const plan = await this.plan(folder);
        if (plan) plans.push(plan);
      }
      const total = plans.reduce((sum, plan) => sum + plan.files.length, 0);
      result.folders = plans.length;
      result.skipped = plans.reduce((sum, plan) => sum + plan.skipped, 0);
      result.files = total + result.skipped;
      let lastReport = 0;
      const report = (done: number, message: string) => {
        const now = Date.now();
        if (done !== total && now - lastReport < PROGRESS_INTERVAL_MS) return;
        lastReport = now;
        progress.report(Math.floor((done / total) * 100), message);
        this.deps.status.scanProgress(done, total);
      };
      this.deps.status.scanStarted(total);
      const threads = await this.analyseInWorkers(plans, total, stopped, report);
      if (stopped()) {
        result.cancelled = true;
        return result;
      }
      let done = 0;
      const slice = new TimeSlice();
      for (const plan of plans) {
        const seen = new Set<string>();
        for (const filePath of plan.files) {
          if (stopped()) {
            result.cancelled = true;
            return result;
          }
          seen.add(filePath);
          const read = threads?.read.get(filePath);
          let outcome = this.checkFile(filePath, plan.settings, read);
          if (outcome === 'cached' && threads?.analysed.has(filePath)) outcome = 'analysed';
          if (outcome === 'analysed' || outcome === 'cached' || outcome === 'skipped') result[outcome]++;
          done++;
          report(done, `${done} of ${total} files`);
          // Files the workers settled are only shown here: many fit in one turn of the event loop.
          if (threads) await slice.yieldIfDue();
          else await yieldToEventLoop();
        }
        this.forgetMissing(plan.path, seen);
        this.scanned.set(plan.path, plan.folder);
      }
      return result;
    } finally {
      Object.assign(result, this.deps.store.counts());
      this.deps.cache.save();
      if (generation === this.generation) this.deps.status.scanFinished();
      progress.done();
    }
  }

  /** Stops a running scan at its next file, and its worker threads at once. */
  cancel(): void {
    this.generation++;
    void this.stopWorkers();
  }

  /** True when the file lies in a folder that has been scanned. */
  covers(filePath: string): boolean {
    return this.folderOf(filePath) !== undefined;
  }

  /** Forgets folders removed from the workspace and the diagnostics of their closed files. */
  removeFolders(removed: readonly WorkspaceFolder[]): void {
    for (const folder of removed) {
      const folderPath = uriToPath(folder.uri);
      if (folderPath === undefined) continue;
      this.scanned.delete(folderPath);
      for (const uri of this.deps.store.uris()) {
        const path = uriToPath(uri);
        if (path !== undefined && isInsidePath(path, folderPath) && !this.deps.isOpen(uri)) this.deps.store.clear(uri);
      }
    }
  }

  /**
   * A file changed on disk, was created, or was closed in the editor: analyse what is on disk
   * now, if its folder is scanned; otherwise it shows nothing while closed.
   */
  async refresh(uri: string): Promise<void> {
    if (this.deps.isOpen(uri)) return;
    const filePath = uriToPath(uri);
    const folder = filePath ? this.folderOf(filePath) : undefined;
    if (!filePath || !folder) {
      this.deps.store.clear(uri);
      return;
    }
    if (!existsSync(filePath)) {
      // Closed without ever being saved: nothing on disk to show.
      this.deps.store.clear(uri);
      return;
    }
    const settings = await this.deps.settingsFor(folder.uri);
    // The document may have been opened while the settings were on their way.
    if (this.deps.isOpen(uri)) return;
    this.checkFile(filePath, settings);
    this.deps.cache.save();
  }

  /** A file or folder was deleted: its diagnostics and cached results go with it. */
  deleted(uri: string): void {
    const filePath = uriToPath(uri);
    if (!this.deps.isOpen(uri)) this.deps.store.clear(uri);
    this.deps.store.clearUnder(uri);
    this.deps.notices.resolved(uri);
    if (filePath) {
      this.deps.cache.delete(filePath);
      this.deps.cache.deleteUnder(filePath);
    }
  }

  /** The folders scanned so far, for a rescan after a configuration change. */
  scannedFolders(): WorkspaceFolder[] {
    return [...this.scanned.values()];
  }

  private async plan(folder: WorkspaceFolder): Promise<FolderPlan | undefined> {
    const path = uriToPath(folder.uri);
    if (!path) {
      this.deps.log(`Not scanning ${folder.uri}: only folders on disk (file:) can be scanned.`);
      return undefined;
    }
    const settings = await this.deps.settingsFor(folder.uri);
    if (!settings.enable) return undefined;
    const config: EffectiveConfig = this.deps.projects.forDirectory(path, settings);
    // Listing uses the folder's own project; each file is then checked against its nearest one.
    // A large tree takes a while to list: other requests get their turn between folders.
    const steps = listFilesStepwise([path], { root: config.projectRoot, ignore: config.ignore, maxFileSize: config.engine.maxFileSize });
    const slice = new TimeSlice();
    let step = steps.next();
    while (!step.done) {
      await slice.yieldIfDue();
      step = steps.next();
    }
    const listing = step.value;
    for (const skipped of listing.skipped) {
      const uri = pathToUri(skipped.path);
      this.deps.notices.once(uri, 'listing', `not checked: ${skipped.reason}.`);
      if (!this.deps.isOpen(uri)) this.deps.store.clear(uri);
    }
    return { folder, path, settings, files: listing.files, skipped: listing.skipped.length };
  }

  /**
   * The worker phase of a scan: every file is read and put into its project, open documents are
   * analysed here first, then the projects settle on the worker threads, component by component.
   * Undefined when the scan runs in this thread (few files, one core, no bundled worker).
   */
  private async analyseInWorkers(
    plans: readonly FolderPlan[],
    total: number,
    stopped: () => boolean,
    report: (done: number, message: string) => void,
  ): Promise<{ read: Map<string, ReadFile>; analysed: Set<string> } | undefined> {
    await this.stopWorkers();
    const workers = this.deps.startWorkers?.(total, (_path, target, message) => {
      this.deps.notices.once(target.uri, 'worker-crash', `not checked: ${message}. It is analysed again when it changes.`);
    });
    if (!workers) return undefined;
    this.workers = workers;
    this.deps.log(`Workspace scan: ${total} files, analysed on ${workers.threads} worker thread${workers.threads === 1 ? '' : 's'}.`);
    try {
      const read = new Map<string, ReadFile>();
      const fill = async () => {
        const slice = new TimeSlice();
        for (const plan of plans) {
          for (const filePath of plan.files) {
            if (stopped()) throw new PoolClosed();
            const file = this.readChecked(filePath, plan.settings);
            if (typeof file !== 'string') {
              read.set(filePath, file);
              this.deps.flow.prepare(filePath, file.text, plan.settings, { loadImports: false });
            }
            await slice.yieldIfDue();
            // Reading and indexing the files is this thread's work: it pauses for the editor too.
            await this.deps.editorTurn?.();
          }
        }
        // Imports among the listed files are all set by now: this loads only those outside the listing.
        this.deps.flow.loadImportsOf([...read.keys()]);
        await this.deps.analyseOpenDocuments?.();
      };
      let done = 0;
      const analysed = await this.deps.flow.settleConcurrently(fill, async (path, text, imported, target) => {
        if (stopped()) throw new PoolClosed();
        await this.deps.editorTurn?.();
        if (stopped()) throw new PoolClosed();
        const result = await workers.analyse(path, text, imported, target);
        done++;
        report(Math.min(done, total), `${done} files analysed`);
        return result;
      });
      return { read, analysed };
    } catch (error) {
      if (error instanceof PoolClosed) return undefined;
      throw error;
    } finally {
      if (this.workers === workers) this.workers = undefined;
      await workers.close();
    }
  }

  private async stopWorkers(): Promise<void> {
    const workers = this.workers;
    this.workers = undefined;
    await workers?.close();
  }

  /** The file's text when the scan checks it; otherwise its outcome, with its diagnostics cleared. */
  private readChecked(filePath: string, settings: RuggedSettings): ReadFile | Outcome {
    const uri = pathToUri(filePath);
    if (this.deps.isOpen(uri)) return 'open';
    const context = this.deps.contexts.forScannedFile(filePath, settings);
    if (context.kind === 'skip') {
      this.deps.store.clear(uri);
      return 'ignored';
    }
    if (!this.deps.isInside(filePath)) {
      this.deps.notices.once(uri, 'outside', 'not checked: it links to a file outside the workspace folders.');
      this.deps.store.clear(uri);
      return 'skipped';
    }
    const source = readSourceFile(filePath, context.config.engine.maxFileSize);
    if (!('text' in source)) {
      this.deps.notices.once(uri, source.note.kind, source.note.message);
      this.deps.store.clear(uri);
      return 'skipped';
    }
    return { text: source.text, config: context.config, ...(source.note ? { note: source.note } : {}) };
  }

  /** Checks one file: `read` is its text when the worker phase read it already. */
  private checkFile(filePath: string, settings: RuggedSettings, read?: ReadFile): Outcome {
    const uri = pathToUri(filePath);
    const source = read ?? this.readChecked(filePath, settings);
    if (typeof source === 'string') return source;
    if (this.deps.isOpen(uri)) return 'open';
    if (source.note) this.deps.notices.once(uri, source.note.kind, source.note.message);
    const scanned = this.deps.flow.scanned(filePath, source.text, settings);
    if (scanned?.analysis.failed) {
      // Its worker died on it: the notice says so, and it shows nothing rather than stale findings.
      this.deps.store.clear(uri);
      return 'skipped';
    }
    // Outside every workspace folder there is no project to follow imports in: the file alone.
    const analysis = scanned?.analysis ?? this.deps.analyzer.run(source.text, filePath, uri, source.config, { verifyFixes: false });
    const outcome: Outcome = scanned && !scanned.analysedNow ? 'cached' : 'analysed';
    if (analysis.partialNote) this.deps.notices.once(uri, analysis.partialNote.kind, analysis.partialNote.message);
    const entry = { diagnostics: analysis.diagnostics, parseNote: analysis.parseNote, skipped: analysis.skipNote?.message };
    if (entry.skipped !== undefined) {
      this.deps.notices.once(uri, 'skipped', entry.skipped);
      this.deps.store.clear(uri);
      return 'skipped';
    }
    if (!source.note) this.deps.notices.resolved(uri);
    this.deps.store.publish(uri, { diagnostics: entry.diagnostics, parseNote: entry.parseNote });
    return outcome;
  }

  /** Files under the folder that the scan no longer lists (deleted, now ignored) lose their diagnostics. */
  private forgetMissing(folderPath: string, seen: ReadonlySet<string>): void {
    for (const uri of this.deps.store.uris()) {
      const filePath = uriToPath(uri);
      if (filePath === undefined || !isInsidePath(filePath, folderPath) || this.deps.isOpen(uri)) continue;
      // A .rugged.json shows its own problems; they are not the scan's to clear.
      if (!seen.has(filePath) && basename(filePath) !== '.rugged.json') this.deps.store.clear(uri);
    }
    this.deps.cache.retainUnder(folderPath, seen);
  }

  /** The innermost scanned folder holding the file (multi-root folders may nest). */
  private folderOf(filePath: string): WorkspaceFolder | undefined {
    let best: { path: string; folder: WorkspaceFolder } | undefined;
    for (const [path, folder] of this.scanned) {
      if (isInsidePath(filePath, path) && (!best || path.length > best.path.length)) best = { path, folder };
    }
    return best?.folder;
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Work done in the server's thread between two yields: requests wait at most about this long. */
const SLICE_MS = 10;

/** Yields to the event loop once a slice of work has run, so cheap steps share a turn. */
class TimeSlice {
  private started = performance.now();

  async yieldIfDue(): Promise<void> {
    if (performance.now() - this.started < SLICE_MS) return;
    await yieldToEventLoop();
    this.started = performance.now();
  }
}
