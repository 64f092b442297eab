// The open documents' analysis thread: one long-lived worker (the bundle the workspace scan uses,
// analysisWorker.ts) that keeps each open document's parse memory, so a long file's keystrokes
// stay incremental and never hold the thread that answers the editor's requests; this thread only
// routes messages. Short documents stay here, where they cost less than the hand-over.
import type { RuleModule } from '../engine/api';
import { AnalysisWorkers, PoolClosed, WorkerCrash } from '../scan/workerPool';
import type { Analyzer, DocumentAnalyser, FileAnalysis, RunOptions } from './analysis';
import type { EffectiveConfig } from './projectConfig';
import type { ServerWorkerSetup } from './scanWorkers';

/** Open documents from this many characters up go to the worker unless the client says otherwise. */
export const DEFAULT_DOCUMENT_WORKER_FROM = 4096;

/**
 * What the worker is sent about open documents: an analysis (the worker keeps the document's parse
 * memory from then on) or the document's close (the memory goes).
 */
export type DocumentTask =
  | { kind: 'document'; path: string; text: string; uri: string; config: EffectiveConfig; options: RunOptions }
  | { kind: 'closed'; path: string };

export interface DocumentWorkerOptions {
  /** The bundled worker entry; undefined (running from source) keeps every document in this thread. */
  script: string | undefined;
  rules: readonly RuleModule[];
  /** Documents shorter than this (in characters) are analysed in this thread. */
  from: number;
  /** This thread's analyser: for short documents, and for all of them once the worker has died. */
  analyzer: Analyzer;
  /** The worker died analysing this document: the user hears of it once; the server carries on. */
  crashed(uri: string, message: string): void;
  log(message: string): void;
}

export class DocumentWorker {
  private pool: AnalysisWorkers<DocumentTask, FileAnalysis | undefined, ServerWorkerSetup> | undefined;
  /** Documents whose parse memory lives in the worker, to be dropped there on close. */
  private readonly remembered = new Set<string>();
  /** Set once the worker died or could not start: everything stays in this thread from then on. */
  private retired = false;

  constructor(private readonly options: DocumentWorkerOptions) {}

  /** Analyses an open document: in the worker when it is long enough and the worker is alive. */
  readonly analyse: DocumentAnalyser = async (text, filePath, uri, config, runOptions = {}) => {
    const pool = text.length >= this.options.from ? this.start() : undefined;
    if (!pool) return this.options.analyzer.run(text, filePath, uri, config, runOptions);
    this.remembered.add(filePath);
    try {
      const result = await pool.run({ kind: 'document', path: filePath, text, uri, config, options: runOptions });
      if (result) return result;
    } catch (error) {
      if (error instanceof WorkerCrash) {
        // A file that kills the worker would kill it again: this thread takes over for good.
        this.retire();
        this.options.crashed(uri, `the document worker thread stopped on it (${error.message}); open documents are analysed in the server's thread from now on.`);
      } else if (!(error instanceof PoolClosed)) {
        this.retire();
        this.options.log(`The document worker thread cannot run (${error instanceof Error ? error.message : String(error)}); open documents are analysed in the server's thread.`);
      }
    }
    return this.options.analyzer.run(text, filePath, uri, config, runOptions);
  };

  /** The document closed: the worker forgets its parse memory. */
  closed(filePath: string): void {
    if (!this.remembered.delete(filePath) || !this.pool) return;
    this.pool.run({ kind: 'closed', path: filePath }).catch(() => undefined);
  }

  /** Whether the worker thread is running, for tests. */
  get running(): boolean {
    return this.pool !== undefined && this.pool.size > 0;
  }

  dispose(): Promise<void> {
    this.retired = true;
    return this.stop();
  }

  private start(): AnalysisWorkers<DocumentTask, FileAnalysis | undefined, ServerWorkerSetup> | undefined {
    if (this.pool || this.retired || !this.options.script) return this.pool;
    // Replacing a crashed worker would only let the same file crash it again; the pool's
    // `WorkerCrash` tells a death apart from a task the worker refused, and `retire` stops it.
    this.pool = new AnalysisWorkers(this.options.script, { ruleIds: this.options.rules.map((rule) => rule.id) }, 1, { replaceCrashed: true });
    this.options.log(`Open documents from ${this.options.from} characters up are analysed on a worker thread.`);
    return this.pool;
  }

  private retire(): void {
    this.retired = true;
    void this.stop();
  }

  private async stop(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    this.remembered.clear();
    await pool?.close();
  }
}
