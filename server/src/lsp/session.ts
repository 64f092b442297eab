// One language-server session: built from the client's `initialize` request, it owns the
// per-session state (settings cache, project configurations, results, the workspace scan) and
// answers every request. server.ts only wires connection events to these methods.
import { basename, relative, sep } from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
  type ExecuteCommandParams,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type TextDocuments,
  type WorkspaceFolder,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ForeignFix } from '../engine/finding';
import type { RuleModule } from '../engine/api';
import { CONFIG_FILE_NAME } from '../config/load';
import { isSupportedFile } from '../engine/parse';
import {
  Commands,
  SERVER_COMMANDS,
  SETTINGS_SECTION,
  StatusNotification,
  type CreateStoryParams,
  type CreateStoryResult,
  type ProposeStoryParams,
  type ProposeStoryResult,
  type RuggedInitializationOptions,
  type RuleDocumentationParams,
  type RuleDocumentationResult,
  type ScanWorkspaceParams,
  type ScanWorkspaceResult,
  type SecurityBacklogParams,
  type BacklogTargetParams,
  type BacklogTargetResult,
  type SecurityBacklogResult,
} from '../shared/protocol';
import { RESOLUTION_CONFIG_FILES } from '../scan/moduleResolver';
import { TOOL_VERSION } from '../shared/product';
import { createAnalyzer, type Analyzer } from './analysis';
import { backlogContext, backlogTarget, createStory, proposeStory, securityBacklog, type BacklogRequestContext } from './backlogRequests';
import { openCacheStore } from './cacheDirectory';
import { codeActionsFor, FIX_ALL_KIND, type ForeignEdit } from './codeActions';
import { toLspEdits } from './positions';
import { openRuleDocumentation, suppressFinding, type CommandDeps } from './commands';
import { ConfigProblemReporter } from './configProblems';
import { ConfigWatchers } from './configWatchers';
import { DiagnosticStore } from './diagnosticStore';
import { DocumentValidator, type DocumentResult } from './documentValidator';
import { MAX_DEBOUNCE_MS, MIN_DEBOUNCE_MS, TypingPace } from './editDebounce';
import { EditorFirst } from './editorFirst';
import { FileContexts } from './fileContext';
import { HandlerGuard } from './guard';
import { hoverFor } from './hover';
import { FileNotices } from './notices';
import { knownRuleIds } from '../catalog/knownRuleIds';
import { ProjectConfigs } from './projectConfig';
import { ResultCache } from './resultCache';
import { oneLine } from '../shared/terminalText';
import { logLines } from './logLines';
import { createRuleCatalog, type RuleCatalog } from '../catalog/ruleCatalog';
import { ruleMarkdown } from './ruleMarkdown';
import { SettingsCache } from './settings';
import { StatusReporter } from './status';
import { canonicalUri, isInsidePath, pathToUri, uriToPath } from './uris';
import { WorkspaceBoundary } from './workspaceBoundary';
import { WorkspaceFlow } from './workspaceFlow';
import { WorkspaceScanner } from './workspaceScan';
import { bundledWorkerScript, scanWorkerCount, ScanWorkers } from './scanWorkers';
import { DEFAULT_DOCUMENT_WORKER_FROM, DocumentWorker } from './documentWorker';


interface ClientSupport {
  configuration: boolean;
  configurationChange: boolean;
  workspaceFolders: boolean;
  watchedFiles: boolean;
  versionedEdits: boolean;
  showDocument: boolean;
}

export class RuggedSession {
  private readonly support: ClientSupport;
  private folders: WorkspaceFolder[];
  private readonly open = new Set<string>();
  /** Open documents by the path they name on disk, for the cross-module flow. */
  private readonly openByPath = new Map<string, string>();
  private readonly firstValidation = new Set<string>();
  /** How fast each open document is being typed in, for the wait before its analysis (editDebounce.ts). */
  private readonly pace = new TypingPace();
  private readonly catalog: RuleCatalog;
  private readonly analyzer: Analyzer;
  private readonly settings: SettingsCache;
  private readonly projects: ProjectConfigs;
  private readonly store: DiagnosticStore;
  private readonly status: StatusReporter;
  private readonly notices: FileNotices;
  private readonly cache: ResultCache;
  private readonly validator: DocumentValidator;
  /** The workspace scan waits for a pause in the editor's work before each file. */
  private readonly editorFirst = new EditorFirst(() => this.validator.busy());
  private readonly documentWorker: DocumentWorker;
  private readonly scanner: WorkspaceScanner;
  private readonly flow: WorkspaceFlow;
  private readonly configProblems: ConfigProblemReporter;
  private readonly watchers: ConfigWatchers;
  private readonly rules: readonly RuleModule[];
  private readonly boundary = new WorkspaceBoundary(() => this.folders);
  readonly guard: HandlerGuard;
  private refreshQueue: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    params: InitializeParams,
    rules: readonly RuleModule[],
  ) {
    this.rules = rules;
    const capabilities = params.capabilities;
    this.support = {
      configuration: capabilities.workspace?.configuration === true,
      configurationChange: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      workspaceFolders: capabilities.workspace?.workspaceFolders === true,
      watchedFiles: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      versionedEdits: capabilities.workspace?.workspaceEdit?.documentChanges === true,
      showDocument: capabilities.window?.showDocument?.support === true,
    };
    this.folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: basename(params.rootUri) }] : []);

    const logs = logLines(connection.console);
    const log = (message: string) => logs.log(message);
    this.catalog = createRuleCatalog(rules);
    this.analyzer = createAnalyzer(rules, this.catalog);
    this.settings = new SettingsCache(
      this.support.configuration ? (scopeUri) => connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION }) : undefined,
      (message) => logs.warn(message),
    );
    this.configProblems = new ConfigProblemReporter((uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }), log);
    this.projects = new ProjectConfigs((file, problems) => this.configProblems.report(file, problems), knownRuleIds(rules));
    this.status = new StatusReporter(
      (status) => void connection.sendNotification(StatusNotification.type, status),
      () => this.store.counts(),
    );
    this.store = new DiagnosticStore(
      (uri, diagnostics, version) => void connection.sendDiagnostics({ uri, diagnostics, version }),
      () => this.status.changed(),
    );
    this.guard = new HandlerGuard((message) => logs.error(message), this.status);
    this.notices = new FileNotices((message) => logs.info(message), this.status);
    const options = (params.initializationOptions ?? {}) as RuggedInitializationOptions;
    this.cache = new ResultCache(openCacheStore(options.storagePath, this.folders.map((f) => canonicalUri(f.uri)), log), log);
    this.cache.load();
    const contexts = new FileContexts(this.settings, this.projects);
    this.documentWorker = new DocumentWorker({
      script: bundledWorkerScript(),
      rules,
      from: typeof options.documentWorkerFrom === 'number' ? options.documentWorkerFrom : DEFAULT_DOCUMENT_WORKER_FROM,
      analyzer: this.analyzer,
      crashed: (uri, message) => this.notices.once(uri, 'worker-crash', message),
      log,
    });
    this.watchers = new ConfigWatchers({
      register: (watchers) => this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }),
      sync: capabilities.textDocument?.synchronization?.dynamicRegistration === true
        ? (documentSelector) => Promise.all([
          this.connection.client.register(DidOpenTextDocumentNotification.type, { documentSelector }),
          this.connection.client.register(DidChangeTextDocumentNotification.type, { documentSelector, syncKind: TextDocumentSyncKind.Incremental }),
          this.connection.client.register(DidCloseTextDocumentNotification.type, { documentSelector }),
        ])
        : undefined,
      relativePatterns: capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport === true,
      log,
    });
    this.flow = new WorkspaceFlow({
      analyzer: this.analyzer,
      contexts,
      cache: this.cache,
      folders: () => this.folders.map((folder) => uriToPath(folder.uri)).filter((path): path is string => path !== undefined),
      openText: (path) => {
        const uri = this.openByPath.get(path);
        return uri === undefined ? undefined : this.documents.get(uri)?.getText();
      },
      isInside: (path) => this.boundary.locate(path) !== undefined,
      republish: (path) => this.republish(path),
      watchConfigs: (paths) => this.watchers.watch(paths),
      log,
      analyseDocument: this.documentWorker.analyse,
    });
    this.validator = new DocumentValidator({
      documents,
      contexts,
      store: this.store,
      notices: this.notices,
      flow: this.flow,
      debounceMs: MIN_DEBOUNCE_MS,
      onError: (uri, error) => this.guard.report('Validation', uri, error),
    });
    this.scanner = new WorkspaceScanner({
      contexts,
      projects: this.projects,
      analyzer: this.analyzer,
      flow: this.flow,
      store: this.store,
      cache: this.cache,
      notices: this.notices,
      status: this.status,
      settingsFor: (folderUri) => this.settings.get(folderUri),
      isOpen: (uri) => this.isOpen(uri),
      isInside: (path) => this.boundary.locate(path) !== undefined,
      startWorkers: (files, crashed) => {
        const script = bundledWorkerScript();
        const size = scanWorkerCount(typeof options.scanWorkers === 'number' ? options.scanWorkers : undefined, files);
        if (!script || size < 1) return undefined;
        return new ScanWorkers(script, rules, size, this.analyzer, crashed);
      },
      analyseOpenDocuments: async () => {
        await Promise.all(documents.all().map((document) => this.validator.validate(document.uri)));
      },
      editorTurn: () => this.editorFirst.turn(),
      log,
    });
  }

  static capabilities(): InitializeResult['capabilities'] {
    return {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      hoverProvider: true,
      executeCommandProvider: { commands: [...SERVER_COMMANDS] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
  }

  /** After `initialized`: dynamic registrations, then the start-up scan in the background. */
  async initialized(): Promise<void> {
    if (this.support.configurationChange) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
    if (this.support.watchedFiles) {
      await this.watchers.start();
    }
    if (this.support.workspaceFolders) {
      this.connection.workspace.onDidChangeWorkspaceFolders(this.guard.wrap('Workspace folder change', undefined, () => undefined, (event) => this.foldersChanged(event)));
    }
    this.status.changed();
    const startup: WorkspaceFolder[] = [];
    for (const folder of this.folders) {
      if ((await this.settings.get(folder.uri)).scanOnStartup) startup.push(folder);
    }
    if (startup.length > 0) void this.backgroundScan(startup);
  }

  didOpen(document: TextDocument): void {
    this.open.add(canonicalUri(document.uri));
    const path = uriToPath(document.uri);
    if (path !== undefined) {
      this.openByPath.set(path, document.uri);
      this.analyzer.opened(path);
    }
    this.firstValidation.add(document.uri);
  }

  didChangeContent(document: TextDocument): void {
    // A newly opened document is answered at once; edits wait for a pause in typing.
    const first = this.firstValidation.delete(document.uri);
    if (this.isResolutionConfig(document.uri)) {
      // An unsaved tsconfig.json or package.json counts as it reads in the editor; re-resolving
      // imports is the costly part, so it waits for the longest typing pause.
      this.flow.configEdited(first ? 0 : MAX_DEBOUNCE_MS);
      return;
    }
    if (!first) this.editorFirst.edited();
    this.validator.schedule(document.uri, first ? 0 : this.pace.delayFor(document.uri, document.lineCount, performance.now()));
  }

  didClose(document: TextDocument): void {
    this.open.delete(canonicalUri(document.uri));
    this.firstValidation.delete(document.uri);
    this.pace.forget(document.uri);
    this.validator.closed(document.uri);
    const path = uriToPath(document.uri);
    if (path !== undefined) {
      this.openByPath.delete(path);
      this.analyzer.closed(path);
      this.documentWorker.closed(path);
      this.flow.closed(path);
    }
    this.settings.delete(document.uri);
    if (this.isResolutionConfig(document.uri)) {
      // Closed without saving, the configuration on disk applies again.
      this.flow.configEdited(0);
      return;
    }
    // Closed files keep what the scan says about them on disk; others show nothing.
    this.queueRefresh([document.uri]);
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const result = await this.validator.resultFor(params.textDocument.uri);
    if (!result) return [];
    return codeActionsFor(result, params, {
      versionedEdits: this.support.versionedEdits,
      describe: (ruleId, at) => this.describe(ruleId, at),
      foreignEdit: (fix, finding) => this.foreignEdit(fix, finding.ruleId),
    });
  }

  /** A cross-module finding's fix in the file holding the sink, as edits of that file as it reads now. */
  private foreignEdit(fix: ForeignFix, ruleId: string): ForeignEdit | undefined {
    const located = this.boundary.locate(fix.file);
    if (!located) return undefined;
    const text = this.flow.checkForeignFix(fix, ruleId);
    if (text === undefined) return undefined;
    const openUri = this.openByPath.get(fix.file);
    const open = openUri === undefined ? undefined : this.documents.get(openUri);
    const uri = open?.uri ?? pathToUri(fix.file);
    const folder = this.folders.map((f) => uriToPath(f.uri)).find((path) => path !== undefined && isInsidePath(fix.file, path));
    return {
      uri,
      version: open?.version ?? null,
      edits: toLspEdits(TextDocument.create(uri, open?.languageId ?? 'javascript', open?.version ?? 0, text), fix.edits),
      label: folder === undefined ? basename(fix.file) : relative(folder, fix.file).split(sep).join('/'),
    };
  }

  async hover(params: HoverParams): Promise<Hover | null> {
    const result = await this.validator.resultFor(params.textDocument.uri);
    if (!result) return null;
    return hoverFor(result, params.position, (ruleId) => this.describe(ruleId, result));
  }

  async executeCommand(params: ExecuteCommandParams): Promise<unknown> {
    const argument: unknown = params.arguments?.[0];
    switch (params.command) {
      case Commands.suppressFinding:
        return suppressFinding(argument, this.commandDeps());
      case Commands.openRuleDocumentation:
        await openRuleDocumentation(argument, this.commandDeps());
        return null;
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, `Rugged does not know the command ${params.command}.`);
    }
  }

  /** `rugged/scanWorkspace`: progress on the client's token when it sent one, else on the server's own. */
  async scanWorkspace(params: ScanWorkspaceParams | null, token: CancellationToken): Promise<ScanWorkspaceResult> {
    const folders = this.requestedFolders(params?.folders);
    if (params?.workDoneToken !== undefined) {
      const progress = this.connection.window.attachWorkDoneProgress(params.workDoneToken);
      return this.scanner.scan(folders, progress, () => token.isCancellationRequested);
    }
    const progress = await this.connection.window.createWorkDoneProgress();
    return this.scanner.scan(folders, progress, () => token.isCancellationRequested || progress.token.isCancellationRequested);
  }

  ruleDocumentation(params: RuleDocumentationParams): RuleDocumentationResult | null {
    const result = params.uri ? this.validator.latest(params.uri) : undefined;
    const rule = this.describe(params.ruleId, result);
    if (!rule) return null;
    return { ruleId: rule.id, title: rule.title, url: rule.docs, markdown: ruleMarkdown(rule) };
  }

  /** `rugged/proposeStory`: the draft abuser story for a finding or selection (backlog/ does the work). */
  proposeStory(params: ProposeStoryParams): Promise<ProposeStoryResult> {
    return proposeStory(params, this.backlogContext());
  }

  /** `rugged/createStory`: writes the story into the project's backlog. */
  createStory(params: CreateStoryParams): Promise<CreateStoryResult> {
    return createStory(params, this.backlogContext());
  }

  /** `rugged/backlogTarget`: which tracker and host a project's stories go to. */
  backlogTarget(params: BacklogTargetParams): BacklogTargetResult {
    return backlogTarget(params, this.backlogContext());
  }

  /** `rugged/securityBacklog`: the stories, uncovered findings and suppressions of a folder. */
  securityBacklog(params: SecurityBacklogParams): Promise<SecurityBacklogResult> {
    return securityBacklog(params, this.backlogContext());
  }

  didChangeConfiguration(params: DidChangeConfigurationParams): void {
    const pushed = (params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    this.settings.reset(pushed);
    this.flow.reset();
    this.validator.scheduleAll();
    const scanned = this.scanner.scannedFolders();
    if (scanned.length > 0) void this.backgroundScan(scanned);
  }

  didChangeWatchedFiles(params: DidChangeWatchedFilesParams): void {
    let configurationChanged = false;
    const refresh: string[] = [];
    const deleted: string[] = [];
    let created = false;
    let resolutionChanged = false;
    for (const change of params.changes) {
      const path = uriToPath(change.uri);
      if (path === undefined) continue;
      const name = basename(path);
      if (this.flow.readsConfig(path)) {
        // Installed packages are never resolved into, so their manifests change nothing; an open
        // configuration document keeps its own text (`configEdited`).
        if (this.openByPath.get(path) === undefined) resolutionChanged = true;
      } else if (RESOLUTION_CONFIG_FILES.includes(name)) {
        // A package.json or tsconfig.json inside node_modules.
      } else if (name === CONFIG_FILE_NAME || name === '.gitignore') {
        configurationChanged = true;
        if (name === CONFIG_FILE_NAME && change.type === FileChangeType.Deleted) this.configProblems.forget(change.uri);
      } else if (change.type === FileChangeType.Deleted) {
        this.scanner.deleted(change.uri);
        deleted.push(path);
      } else if (isSupportedFile(path)) {
        refresh.push(change.uri);
        if (change.type === FileChangeType.Created) created = true;
        else this.flow.changedOnDisk(path);
      }
    }
    // Imports may now resolve to a new file, or lose the one they named.
    if (created || deleted.length > 0) this.flow.filesAddedOrDeleted(deleted);
    else if (resolutionChanged) this.flow.resolutionChanged();
    if (configurationChanged) {
      // Which files are ignored and how rules are set may all have changed: start over.
      this.projects.invalidate();
      this.flow.reset();
      this.validator.scheduleAll();
      const scanned = this.scanner.scannedFolders();
      if (scanned.length > 0) void this.backgroundScan(scanned);
      return;
    }
    this.queueRefresh(refresh);
  }

  shutdown(): void {
    this.scanner.cancel();
    this.validator.dispose();
    void this.documentWorker.dispose();
    this.status.dispose();
    this.cache.save();
  }

  private foldersChanged(event: WorkspaceFoldersChangeEvent): void {
    const removed = new Set(event.removed.map((folder) => canonicalUri(folder.uri)));
    this.folders = [...this.folders.filter((folder) => !removed.has(canonicalUri(folder.uri))), ...event.added];
    this.scanner.removeFolders(event.removed);
    this.flow.retainFolders();
    if (event.added.length > 0) void this.startupScanOf(event.added);
  }

  private async startupScanOf(folders: readonly WorkspaceFolder[]): Promise<void> {
    const wanted: WorkspaceFolder[] = [];
    for (const folder of folders) if ((await this.settings.get(folder.uri)).scanOnStartup) wanted.push(folder);
    if (wanted.length > 0) await this.backgroundScan(wanted);
  }

  /** A scan nobody awaits: progress is created by the server, failures are logged. */
  private async backgroundScan(folders: readonly WorkspaceFolder[]): Promise<void> {
    try {
      // A newer scan replaces any running one: it covers every folder scanned so far plus these.
      const all = new Map<string, WorkspaceFolder>();
      for (const folder of [...this.scanner.scannedFolders(), ...folders]) all.set(canonicalUri(folder.uri), folder);
      const progress = await this.connection.window.createWorkDoneProgress();
      await this.scanner.scan([...all.values()], progress, () => progress.token.isCancellationRequested);
    } catch (error) {
      this.guard.report('Workspace scan', folders[0]?.uri, error);
    }
  }

  /** Refreshes run one after another, so a burst of watcher events cannot pile up analyses. */
  /** A configuration document that module resolution reads, and Rugged does not check. */
  private isResolutionConfig(uri: string): boolean {
    const path = uriToPath(uri);
    return path !== undefined && !isSupportedFile(path) && this.flow.readsConfig(path);
  }

  private queueRefresh(uris: readonly string[]): void {
    if (uris.length === 0) return;
    this.refreshQueue = this.refreshQueue.then(async () => {
      for (const uri of uris) {
        try {
          await this.scanner.refresh(uri);
        } catch (error) {
          this.guard.report('Refresh', uri, error);
        }
      }
    });
  }

  /** The workspace folders a scan request names (all when it names none); any other folder is refused. */
  private requestedFolders(requested: unknown): WorkspaceFolder[] {
    if (requested === undefined || requested === null) return this.folders;
    if (!Array.isArray(requested) || requested.some((uri) => typeof uri !== 'string')) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'rugged/scanWorkspace expects { folders } as a list of workspace folder URIs.');
    }
    return (requested as string[]).map((uri) => {
      const folder = this.folders.find((f) => canonicalUri(f.uri) === canonicalUri(uri));
      if (!folder) throw new ResponseError(ErrorCodes.InvalidParams, `Rugged refuses to scan ${uri}: it is not a workspace folder.`);
      return folder;
    });
  }

  /** A file's result changed because an import's exported summary did: open ones at once, the rest through the scan. */
  private republish(path: string): void {
    const uri = this.openByPath.get(path);
    if (uri !== undefined) this.validator.schedule(uri, 0);
    else this.queueRefresh([pathToUri(path)]);
  }

  private isOpen(uri: string): boolean {
    return this.open.has(canonicalUri(uri));
  }

  private describe(ruleId: string, result: DocumentResult | undefined) {
    return this.catalog.describe(ruleId, result?.config.engine.checklist, result?.config.configFileUri);
  }

  private backlogContext(): BacklogRequestContext {
    return backlogContext(this.documents, {
      rules: this.rules,
      toolVersion: TOOL_VERSION,
      inside: (pathOrUri, what) => this.boundary.require(pathOrUri, what),
      configFor: (root) => this.projects.loaded(root),
    });
  }

  private commandDeps(): CommandDeps {
    return {
      documents: this.documents,
      validator: this.validator,
      rules: this.rules,
      versionedEdits: this.support.versionedEdits,
      workspaceFile: (uri) => this.boundary.locate(uri)?.path,
      applyEdit: async (label, edit) => (await this.connection.workspace.applyEdit({ label, edit })).applied,
      showDocument: async (url, external) => {
        if (!this.support.showDocument) return false;
        return (await this.connection.window.showDocument({ uri: url, external })).success;
      },
      // Terminal editors echo it on their command line, like a log line: one line, escaped.
      showMessage: (message) => void this.connection.window.showInformationMessage(oneLine(message)),
    };
  }
}
