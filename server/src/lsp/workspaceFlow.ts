// Cross-module data flow in the language server: one `ProjectFlow` per workspace folder, the same
// one the CLI drains, fed with open documents' unsaved text and, for every other file, what is on
// disk. An open document's result is settled at once (its imports first); the files importing it
// are analysed again only when what it exports changed, in the background, one file per turn of
// the event loop, and each is handed back to be shown again (open ones at once, closed ones
// through the workspace scan).
import { relative } from 'node:path';
import type { ForeignFix } from '../engine/finding';
import type { ImportedSummaries } from '../engine/summaries';
import { hashOf } from '../scan/exportedSummaries';
import { checkedForeignFix } from '../scan/foreignFixCheck';
import { readSourceFile } from '../files/walk';
import { fileSystemHost } from '../scan/fileSystemHost';
import { createModuleResolver, isResolutionConfigFile, type ModuleResolver, type ResolverHost } from '../scan/moduleResolver';
import { ProjectFlow } from '../scan/projectFlow';
import { BoundedResultCache, type ModuleResultCache } from '../scan/summaryCache';
import type { RuggedSettings } from '../shared/protocol';
import { DEFAULT_SETTINGS } from '../shared/protocol';
import type { Analyzer, DocumentAnalyser, FileAnalysis, RunOptions } from './analysis';
import type { FileContexts } from './fileContext';
import type { EffectiveConfig } from './projectConfig';
import type { ResultCache } from './resultCache';
import { isInsidePath, pathToUri } from './uris';

/**
 * Quiet time after an open document's analysis before its importers are analysed again: typing
 * pays for the edited file only, and what it exports is summarised once the typing pauses.
 */
export const IMPORTERS_DELAY_MS = 300;

/**
 * Results kept in memory per file: the current text's and the one before (an undo is free), each
 * with and without its summary (an open document's keystroke leaves the summary for later).
 */
const VERSIONS_KEPT_PER_FILE = 4;

/** Foreign-fix checks remembered at once; each costs two analyses of the helper. */
const MAX_CHECKED_FIXES = 64;

/**
 * A module's analysis as the flow keeps it; `fromDisk` when it came from the persisted cache
 * (diagnostics only), `failed` when its worker thread died on it (never cached: a restart tries again).
 */
export type ModuleAnalysis = FileAnalysis & { fromDisk?: boolean; failed?: boolean };

export interface WorkspaceFlowDeps {
  analyzer: Analyzer;
  contexts: FileContexts;
  cache: ResultCache;
  /** Paths of the workspace folders: each is one project. */
  folders(): readonly string[];
  /** The unsaved text of an open document, by path. */
  openText(path: string): string | undefined;
  /** The file really lies inside a workspace folder (links resolved). */
  isInside(path: string): boolean;
  /** A file's result changed because one of its imports did: show it again. */
  republish(path: string): void;
  /** The configuration files resolution read (extended ones under any name): the editor should report their changes. */
  watchConfigs?(paths: readonly string[]): void;
  log(message: string): void;
  /** Analyses an open document (documentWorker.ts); `analyzer.run` in this thread when absent. */
  analyseDocument?: DocumentAnalyser;
}

export interface ModuleTarget {
  uri: string;
  config: EffectiveConfig;
}

export class WorkspaceFlow {
  private readonly flows = new Map<string, ProjectFlow<ModuleAnalysis>>();
  /** The configuration files each project's resolver read, extended tsconfigs included. */
  private readonly configFiles = new Map<string, readonly string[]>();
  /** The configuration each open document was last analysed with (settings of its own URI). */
  private readonly openTargets = new Map<string, ModuleTarget>();
  private readonly folderSettings = new Map<string, RuggedSettings>();
  /** Files analysed since `analysedNow` was last cleared: tells the scan analysed from cached. */
  private readonly analysedNow = new Set<string>();
  /** Recent results, at most a few versions per file (an edit and an edit back), so typing cannot fill it. */
  private readonly memory = new BoundedResultCache<ModuleAnalysis>(undefined, VERSIONS_KEPT_PER_FILE);
  /** Foreign fixes checked, by fix, rule, text and configuration: whether each may be offered. */
  private readonly checkedFixes = new Map<string, boolean>();
  private host: ResolverHost = fileSystemHost();
  private draining = false;
  /** Worker settles running (`settleConcurrently`): the background drain waits for them. */
  private concurrent = 0;
  private drainTimer: NodeJS.Timeout | undefined;
  private configTimer: NodeJS.Timeout | undefined;
  /** Files analysed again in the background because an import's exported summary changed. */
  readonly counts = { dependentsAnalysed: 0 };

  constructor(private readonly deps: WorkspaceFlowDeps) {}

  /**
   * The analysis of an open document's current text, with its imports' summaries; its dependents
   * follow in the background. The document itself is analysed by `deps.analyseDocument` (the
   * document worker, for long ones), what it imports in this thread.
   */
  async analyse(filePath: string, text: string, uri: string, config: EffectiveConfig): Promise<FileAnalysis> {
    const flow = this.flowOf(filePath);
    if (!flow) return this.analyseDocument(text, filePath, uri, config, { verifyFixes: false });
    this.openTargets.set(filePath, { uri, config });
    flow.set(filePath, text);
    flow.loadImports(filePath, (path) => this.read(path));
    const analyse = (path: string, moduleText: string, imported: ImportedSummaries, summarize: boolean) => {
      this.analysedNow.add(path);
      return this.analyseDocument(moduleText, path, uri, config, { verifyFixes: false, imported, summarize });
    };
    // The document's own diagnostics first; what it now exports reaches its importers in the
    // background, once typing pauses (IMPORTERS_DELAY_MS).
    let result = await flow.resultForAsync(filePath, analyse);
    if (!result || result.fromDisk) {
      // A result from the persisted cache has no findings for hover and code actions: analyse.
      flow.invalidate(filePath);
      result = await flow.resultForAsync(filePath, analyse);
    }
    this.kick(IMPORTERS_DELAY_MS);
    return result ?? this.analyseDocument(text, filePath, uri, config, { verifyFixes: false });
  }

  /** An open document's analysis, by the document worker when there is one. */
  analyseDocument(text: string, filePath: string, uri: string, config: EffectiveConfig, options: RunOptions): Promise<FileAnalysis> {
    const { analyseDocument, analyzer } = this.deps;
    return analyseDocument ? analyseDocument(text, filePath, uri, config, options) : Promise.resolve(analyzer.run(text, filePath, uri, config, options));
  }

  /** What an open document sees of its imports, for the analysis that verifies fixes. */
  importedFor(filePath: string): ImportedSummaries | undefined {
    return this.flowOf(filePath)?.importedFor(filePath);
  }

  /**
   * The text of `fix.file` as it reads now (an open document's unsaved text first), when `fix`
   * applies to it and works there (foreignFixCheck.ts); undefined otherwise.
   */
  checkForeignFix(fix: ForeignFix, ruleId: string): string | undefined {
    const flow = this.flowOf(fix.file);
    const target = this.targetOf(fix.file);
    const text = flow && target ? this.read(fix.file) : undefined;
    if (!flow || !target || text === undefined) return undefined;
    const key = hashOf([fix, ruleId, text, target.config.signature]);
    const known = this.checkedFixes.get(key);
    if (known !== undefined) return known ? text : undefined;
    const imported = flow.importedFor(fix.file);
    const fixed = checkedForeignFix(fix, ruleId, text, (candidate) => this.deps.analyzer.run(candidate, fix.file, target.uri, target.config, { verifyFixes: false, imported }));
    // Editors ask for code actions whenever the cursor moves: the answer is kept for a few texts.
    if (this.checkedFixes.size >= MAX_CHECKED_FIXES) this.checkedFixes.clear();
    this.checkedFixes.set(key, fixed !== undefined);
    return fixed !== undefined ? text : undefined;
  }

  /** A file of the workspace scan, read from disk; `analysedNow` says whether the engine ran for it. */
  scanned(filePath: string, text: string, settings: RuggedSettings): { analysis: ModuleAnalysis; analysedNow: boolean } | undefined {
    const flow = this.prepare(filePath, text, settings);
    if (!flow) return undefined;
    this.analysedNow.clear();
    const analysis = flow.resultFor(filePath);
    this.kick();
    return analysis ? { analysis, analysedNow: this.analysedNow.has(filePath) } : undefined;
  }

  /**
   * Puts a file of the workspace scan, read from disk, into its project without analysing it;
   * `loadImports: false` leaves loading what it imports to one `loadImportsOf` for many files.
   */
  prepare(filePath: string, text: string, settings: RuggedSettings, options: { loadImports?: boolean } = {}): ProjectFlow<ModuleAnalysis> | undefined {
    const flow = this.flowOf(filePath);
    if (!flow) return undefined;
    this.useSettings(filePath, settings);
    this.openTargets.delete(filePath);
    flow.set(filePath, text);
    if (options.loadImports !== false) flow.loadImports(filePath, (path) => this.read(path));
    return flow;
  }

  /** Loads what the files import, in one walk per project (a walk per file would revisit shared imports). */
  loadImportsOf(filePaths: readonly string[]): void {
    const byFlow = new Map<ProjectFlow<ModuleAnalysis>, string[]>();
    for (const path of filePaths) {
      const flow = this.flowOf(path);
      if (!flow) continue;
      let paths = byFlow.get(flow);
      if (!paths) byFlow.set(flow, (paths = []));
      paths.push(path);
    }
    for (const [flow, paths] of byFlow) flow.loadImports(paths, (path) => this.read(path));
  }

  /**
   * Fills the projects (`fill`, the scan reading its files), then settles every project with the
   * analyses run by `analyse` (worker threads), in the steps and cycle rounds
   * `ProjectFlow.settleConcurrently` takes; returns the paths it analysed. Meanwhile the background
   * drain waits, or it would analyse the same dirty modules in this thread.
   */
  async settleConcurrently(
    fill: () => Promise<void>,
    analyse: (path: string, text: string, imported: ImportedSummaries, target: ModuleTarget) => Promise<ModuleAnalysis>,
  ): Promise<Set<string>> {
    const analysed = new Set<string>();
    this.concurrent++;
    try {
      await fill();
      for (const flow of [...this.flows.values()]) {
        await flow.settleConcurrently(async (path, text, imported) => {
          const target = this.targetOf(path);
          if (!target) return { findings: [], diagnostics: [] };
          const result = await analyse(path, text, imported, target);
          analysed.add(path);
          return result;
        });
      }
    } finally {
      this.concurrent--;
      // Whatever edits left to do meanwhile.
      this.kick();
    }
    return analysed;
  }

  /** The settings of the folder holding `path`, for the files the flow loads on its own. */
  useSettings(path: string, settings: RuggedSettings): void {
    const folder = this.folderOf(path);
    if (folder !== undefined) this.folderSettings.set(folder, settings);
  }

  /** An open document closed: the flow goes back to what is on disk (or forgets a file never saved). */
  closed(filePath: string): void {
    this.openTargets.delete(filePath);
    this.reread(filePath);
  }

  /** A file changed on disk; open documents keep their own text. */
  changedOnDisk(filePath: string): void {
    if (this.deps.openText(filePath) === undefined) this.reread(filePath);
  }

  /** Files were created or deleted: resolution starts afresh and deleted files leave their projects. */
  filesAddedOrDeleted(deleted: readonly string[]): void {
    for (const flow of this.flows.values()) {
      for (const member of flow.paths()) {
        const gone = deleted.some((path) => isInsidePath(member, path));
        if (gone && this.deps.openText(member) === undefined) flow.remove(member);
      }
    }
    this.resolutionChanged();
  }

  /**
   * What resolution reads changed (tsconfig.json `paths`, a package.json's `exports` or
   * `workspaces`, files created or deleted): each project gets a resolver built from the disk as it
   * is now, its modules' imports are resolved again, the files they newly name are loaded, and the
   * modules that now import something else are analysed again and shown (open ones at once).
   */
  resolutionChanged(): void {
    this.host = fileSystemHost();
    for (const [folder, flow] of this.flows) {
      for (const moved of flow.resolveAgain(this.resolverFor(folder))) {
        // The drain analyses and shows each of them, the open documents among them included.
        flow.loadImports(moved, (path) => this.read(path));
      }
    }
    this.kick();
  }

  /**
   * An open configuration document was edited, opened or closed: resolution starts afresh from
   * the open documents' text and the disk, once edits pause for `delayMs`.
   */
  configEdited(delayMs: number): void {
    if (this.configTimer) clearTimeout(this.configTimer);
    this.configTimer = setTimeout(() => {
      this.configTimer = undefined;
      this.resolutionChanged();
    }, delayMs);
  }

  /** Whether `path` is read to resolve imports: a change of its text calls for `resolutionChanged`. */
  readsConfig(path: string): boolean {
    if (isResolutionConfigFile(path)) return true;
    for (const files of this.configFiles.values()) if (files.includes(path)) return true;
    return false;
  }

  /** Configuration or settings changed: every result is stale, start over. */
  reset(): void {
    this.flows.clear();
    this.configFiles.clear();
    this.folderSettings.clear();
  }

  /** How many modules the projects hold, for tests that check memory stays bounded. */
  tracked(): number {
    let modules = 0;
    for (const flow of this.flows.values()) modules += flow.paths().length;
    return modules;
  }

  /** Forgets projects of folders no longer in the workspace. */
  retainFolders(): void {
    const folders = new Set(this.deps.folders());
    for (const folder of [...this.flows.keys()]) {
      if (folders.has(folder)) continue;
      this.flows.delete(folder);
      this.configFiles.delete(folder);
    }
  }

  private reread(filePath: string): void {
    const flow = this.flowOf(filePath);
    if (!flow?.has(filePath)) return;
    const text = this.read(filePath);
    if (text === undefined) flow.remove(filePath);
    else flow.set(filePath, text);
    this.kick();
  }

  /**
   * Settles what is left in the background, one file per turn of the event loop, after `delayMs`;
   * a later call re-arms the wait, so a burst of keystrokes settles the importers once.
   */
  private kick(delayMs = 0): void {
    if (this.draining || this.concurrent > 0) return;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = setTimeout(() => {
      this.drainTimer = undefined;
      void this.drain();
    }, delayMs);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (;;) {
        if (this.concurrent > 0) return;
        const entry = [...this.flows].find(([, flow]) => flow.unsettled);
        if (!entry) return;
        const [folder, flow] = entry;
        for (const path of flow.settle()) {
          this.counts.dependentsAnalysed++;
          this.deps.log(`Data flow: ${relative(folder, path)} analysed again: what one of its imports exports changed.`);
          this.deps.republish(path);
          await new Promise((resolve) => setImmediate(resolve));
          // A worker settle started meanwhile: it takes over, and kicks again when it is done.
          if (this.concurrent > 0) return;
        }
      }
    } catch (error) {
      this.deps.log(`Data flow across files stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.draining = false;
    }
  }

  private flowOf(filePath: string): ProjectFlow<ModuleAnalysis> | undefined {
    const folder = this.folderOf(filePath);
    if (folder === undefined) return undefined;
    let flow = this.flows.get(folder);
    if (!flow) {
      flow = new ProjectFlow<ModuleAnalysis>({
        resolver: this.resolverFor(folder),
        analyze: (path, text, imported, summarize) => this.analyseModule(path, text, imported, summarize),
        signature: (path) => this.targetOf(path)?.config.signature ?? '',
        cache: this.resultCache(),
      });
      this.flows.set(folder, flow);
    }
    return flow;
  }

  /**
   * A resolver reading the configuration of `folder` as it is now: an open configuration
   * document's unsaved text, else the disk.
   */
  private resolverFor(folder: string): ModuleResolver {
    const resolver = createModuleResolver(folder, {
      isFile: (path) => this.deps.openText(path) !== undefined || this.host.isFile(path),
      readText: (path) => this.deps.openText(path) ?? this.host.readText(path),
      listDirs: (path) => this.host.listDirs(path),
    });
    this.configFiles.set(folder, resolver.configFiles);
    this.deps.watchConfigs?.(resolver.configFiles);
    return resolver;
  }

  private analyseModule(path: string, text: string, imported: ImportedSummaries, summarize: boolean): ModuleAnalysis {
    this.analysedNow.add(path);
    const target = this.targetOf(path);
    if (!target) return { findings: [], diagnostics: [] };
    return this.deps.analyzer.run(text, path, target.uri, target.config, { verifyFixes: false, imported, summarize });
  }

  /** The URI and configuration a module is analysed with: an open document's own, else its folder's. */
  private targetOf(path: string): ModuleTarget | undefined {
    const open = this.openTargets.get(path);
    if (open) return open;
    const folder = this.folderOf(path);
    const settings = (folder !== undefined ? this.folderSettings.get(folder) : undefined) ?? DEFAULT_SETTINGS;
    const context = this.deps.contexts.forScannedFile(path, settings);
    return context.kind === 'check' ? { uri: pathToUri(path), config: context.config } : undefined;
  }

  /** The text of a module the flow loads by following imports, or undefined when it is not checked. */
  private read(path: string): string | undefined {
    const open = this.deps.openText(path);
    if (open !== undefined) return open;
    if (!this.deps.isInside(path)) return undefined;
    const target = this.targetOf(path);
    if (!target) return undefined;
    const source = readSourceFile(path, target.config.engine.maxFileSize);
    return 'text' in source ? source.text : undefined;
  }

  /** The innermost workspace folder holding `path`. */
  private folderOf(path: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.deps.folders()) if (isInsidePath(path, folder) && (best === undefined || folder.length > best.length)) best = folder;
    return best;
  }

  /**
   * Results by content key: recent ones in memory, and closed files' on disk (the signed result
   * cache, summaries included), so reopening a workspace analyses nothing that did not change.
   */
  private resultCache(): ModuleResultCache<ModuleAnalysis> {
    const { cache } = this.deps;
    return {
      get: (path, key) => {
        const recent = this.memory.get(path, key);
        if (recent) {
          // The stored cache keeps one result per file: it may hold another version's by now.
          if (!cache.get(path, key)) this.store(path, key, recent);
          return recent;
        }
        // Open documents need findings, which the disk does not keep.
        if (this.openTargets.has(path)) return undefined;
        const stored = cache.get(path, key);
        if (!stored) return undefined;
        const analysis: ModuleAnalysis = { findings: [], diagnostics: stored.diagnostics, fromDisk: true };
        if (stored.parseNote) analysis.parseNote = stored.parseNote;
        if (stored.skipped !== undefined) analysis.skipNote = { kind: 'skipped-large', message: stored.skipped };
        if (stored.summary) analysis.summary = stored.summary;
        return analysis;
      },
      set: (path, key, result) => {
        if (result.failed) return;
        this.memory.set(path, key, result);
        this.store(path, key, result);
      },
    };
  }

  private store(path: string, key: string, result: ModuleAnalysis): void {
    const uri = pathToUri(path);
    // The stored cache holds diagnostics about their own file only (cacheValidation.ts).
    const foreign = result.diagnostics.some((d) => d.relatedInformation?.some((r) => r.location.uri !== uri));
    if (foreign || (result.parseNote && this.openTargets.has(path)) || !this.deps.isInside(path)) return;
    this.deps.cache.set(path, {
      key,
      diagnostics: result.diagnostics,
      ...(result.parseNote ? { parseNote: result.parseNote } : {}),
      ...(result.skipNote ? { skipped: result.skipNote.message } : {}),
      ...(result.summary ? { summary: result.summary } : {}),
    });
  }
}
