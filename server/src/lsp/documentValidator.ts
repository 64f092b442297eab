// Diagnostics for open documents: analysed on open and, debounced, on change. Work for a version
// that a newer one has superseded is dropped before the engine runs, and each document's latest
// result (with its fixes) is kept for code actions and hover until the document closes.
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from './analysis';
import type { DiagnosticStore } from './diagnosticStore';
import type { FileContexts } from './fileContext';
import type { FileNotices } from './notices';
import type { EffectiveConfig } from './projectConfig';
import type { WorkspaceFlow } from './workspaceFlow';

/** The analysis of one version of an open document. */
export interface DocumentResult {
  uri: string;
  version: number;
  /** The path the engine saw (made up for unsaved documents). */
  filePath: string;
  /** The document exactly as analysed: fix offsets refer to it. */
  document: TextDocument;
  analysis: FileAnalysis;
  config: EffectiveConfig;
}

export interface DocumentValidatorDeps {
  documents: TextDocuments<TextDocument>;
  contexts: FileContexts;
  store: DiagnosticStore;
  notices: FileNotices;
  /** Cross-module flow: the document's imports are followed, and its importers follow it. */
  flow: WorkspaceFlow;
  debounceMs: number;
  /** Reports a failure with the document it concerns; the validator carries on. */
  onError: (uri: string, error: unknown) => void;
}

export class DocumentValidator {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly results = new Map<string, DocumentResult>();
  private readonly inFlight = new Map<string, { version: number; done: Promise<DocumentResult | undefined> }>();
  /** The version whose diagnostics each open document shows: an older analysis finishing late is dropped. */
  private readonly shown = new Map<string, number>();

  constructor(private readonly deps: DocumentValidatorDeps) {}

  /** Validates after `delayMs` of quiet; a newer call for the same document replaces this one. */
  schedule(uri: string, delayMs = this.deps.debounceMs): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.validate(uri);
      }, delayMs),
    );
  }

  /** A document's analysis is waiting for its debounce or running (the workspace scan gives way, editorFirst.ts). */
  busy(): boolean {
    return this.timers.size > 0 || this.inFlight.size > 0;
  }

  /** Revalidates every open document (settings or configuration changed). */
  scheduleAll(): void {
    for (const document of this.deps.documents.all()) this.schedule(document.uri, 0);
  }

  /** The result for the document's current version, analysing it now if needed. */
  async resultFor(uri: string): Promise<DocumentResult | undefined> {
    const document = this.deps.documents.get(uri);
    if (!document) return undefined;
    const known = this.results.get(uri);
    if (known && known.version === document.version) return known;
    return this.validate(uri);
  }

  /** The latest result, whichever version it was computed for. */
  latest(uri: string): DocumentResult | undefined {
    return this.results.get(uri);
  }

  closed(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
    this.results.delete(uri);
    this.inFlight.delete(uri);
    this.shown.delete(uri);
  }

  /** How many documents each of the validator's tables holds: at most the open documents. */
  tracked(): { results: number; timers: number; inFlight: number; shown: number } {
    return { results: this.results.size, timers: this.timers.size, inFlight: this.inFlight.size, shown: this.shown.size };
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Analyses the current version, sharing the work with a request already running for it. */
  validate(uri: string): Promise<DocumentResult | undefined> {
    const document = this.deps.documents.get(uri);
    if (!document) return Promise.resolve(undefined);
    const running = this.inFlight.get(uri);
    if (running && running.version === document.version) return running.done;
    const done = this.run(uri, document.version).catch((error: unknown) => {
      this.deps.onError(uri, error);
      return undefined;
    });
    this.inFlight.set(uri, { version: document.version, done });
    void done.finally(() => {
      if (this.inFlight.get(uri)?.done === done) this.inFlight.delete(uri);
    });
    return done;
  }

  private async run(uri: string, version: number): Promise<DocumentResult | undefined> {
    const { documents, contexts, store, notices, flow } = this.deps;
    const opened = documents.get(uri);
    if (!opened) return undefined;
    const context = await contexts.forDocument(uri, opened.languageId);
    // Settings arrive asynchronously: an edit or a close meanwhile makes this work stale. Once the
    // engine has started (here or on the document worker) its result is shown for this version,
    // which a newer version's result then replaces.
    const document = documents.get(uri);
    if (!document || document.version !== version) return undefined;
    if (context.kind === 'skip') {
      this.results.delete(uri);
      if (context.reason) notices.once(uri, 'ignored', context.reason);
      // Only what Rugged showed itself is withdrawn: a `.rugged.json` keeps its problems.
      store.clear(uri);
      return undefined;
    }
    const text = document.getText();
    // TextDocuments updates documents in place; fixes need the text exactly as analysed.
    const snapshot = TextDocument.create(uri, document.languageId, version, text);
    // Diagnostics first: verifying fixes re-analyses the file once per fix, which on a long file
    // with many findings costs several times the analysis itself.
    const quick = await flow.analyse(context.filePath, text, uri, context.config);
    if (this.superseded(uri, version)) return undefined;
    this.shown.set(uri, version);
    if (quick.skipNote) {
      notices.once(uri, quick.skipNote.kind, quick.skipNote.message);
      store.publish(uri, { diagnostics: [] }, version);
      return this.remember({ uri, version, filePath: context.filePath, document: snapshot, analysis: quick, config: context.config });
    }
    if (quick.partialNote) notices.once(uri, quick.partialNote.kind, quick.partialNote.message);
    else notices.resolved(uri);
    // Saved and closed unchanged, the file is found in the result cache (the flow stores it there).
    store.publish(uri, quick, version);
    let analysis = quick;
    if (quick.findings.some((finding) => finding.fixes.length > 0)) {
      // Then the verified fixes, for code actions, unless an edit has already made them moot.
      await new Promise((resolve) => setImmediate(resolve));
      if (documents.get(uri)?.version !== version) return undefined;
      // The summary is the flow's business (it has one already): verification needs the findings only.
      analysis = await flow.analyseDocument(text, context.filePath, uri, context.config, { imported: flow.importedFor(context.filePath), summarize: false });
      if (this.superseded(uri, version)) return undefined;
    }
    return this.remember({ uri, version, filePath: context.filePath, document: snapshot, analysis, config: context.config });
  }

  /**
   * The document closed, or a newer version's diagnostics are shown already, while this version's
   * analysis ran (a long document's on the worker, a short one's since in this thread).
   */
  private superseded(uri: string, version: number): boolean {
    return !this.deps.documents.get(uri) || (this.shown.get(uri) ?? -Infinity) > version;
  }

  private remember(result: DocumentResult): DocumentResult {
    this.results.set(result.uri, result);
    return result;
  }
}
