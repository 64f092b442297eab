// A fixed set of analysis worker threads fed from one queue: each idle worker takes the next task.
// The script is the bundled worker entry (dist/scanWorker.js), named by the caller, so this folder
// imports no rule and no front end.
import { Worker } from 'node:worker_threads';
import type { SummarizedResult } from '../engine/summaries';
import type { AnalysisTask, WorkerSetup } from './workerProtocol';

/** What any pool's worker receives: a task with an id and the path it is about. */
type Numbered<T> = T & { id: number };

/** What a worker answers: the task's result, or why it has none. */
type Reply<R> = { id: number; result: R } | { id: number; error: string };

interface Pending<T, R> {
  task: Numbered<T>;
  resolve: (result: R) => void;
  reject: (error: Error) => void;
}

export interface PoolOptions {
  /**
   * A worker that dies fails only the task it was running (with a `WorkerCrash`) and is replaced,
   * so one file that kills its thread cannot stop a long-lived server's scan. Without it (the CLI)
   * a dying worker fails the whole pool, and the scan reports the reason.
   */
  replaceCrashed?: boolean;
}

/** The worker analysing `path` died: that file, not the scan, is the one to report. */
export class WorkerCrash extends Error {
  constructor(
    readonly path: string,
    cause: Error,
  ) {
    super(`the analysis of ${path} stopped its worker thread: ${cause.message}`);
  }
}

/** The pool was closed (a newer scan, shutdown) before the task finished. */
export class PoolClosed extends Error {
  constructor() {
    super('the analysis workers were stopped');
  }
}

/** Replacements a pool makes before it concludes the workers cannot run at all. */
const MAX_REPLACEMENTS = 16;

/**
 * Workers running `script`, set up with `setup` (as `workerData`). By default the CLI's analysis
 * workers (engine results); the language server's run its own entry and answer diagnostics.
 */
export class AnalysisWorkers<T extends { path: string } = Omit<AnalysisTask, 'id'>, R = SummarizedResult, S = WorkerSetup> {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending<T, R>[] = [];
  private readonly running = new Map<Worker, Pending<T, R>>();
  private readonly all = new Set<Worker>();
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;
  private replacements = 0;

  constructor(
    private readonly script: string,
    private readonly setup: S,
    size: number,
    private readonly options: PoolOptions = {},
  ) {
    for (let i = 0; i < Math.max(1, size); i++) this.start();
  }

  /** Threads alive now, for tests of replacement and shutdown. */
  get size(): number {
    return this.all.size;
  }

  run(task: T): Promise<R> {
    if (this.closed) return Promise.reject(new PoolClosed());
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; tasks still queued or running fail with `PoolClosed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closed = new PoolClosed();
    for (const pending of [...this.running.values(), ...this.queue]) pending.reject(closed);
    this.running.clear();
    this.queue.length = 0;
    const workers = [...this.all];
    this.all.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private start(): void {
    const worker = new Worker(this.script, { workerData: this.setup });
    worker.on('message', (reply: Reply<R>) => this.settle(worker, reply));
    // An 'error' event is followed by 'exit': whichever comes first handles the death.
    worker.on('error', (error) => this.died(worker, error));
    worker.on('exit', (code) => this.died(worker, new Error(`exit code ${code}`)));
    this.all.add(worker);
    this.idle.push(worker);
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.postMessage(pending.task);
    }
  }

  private settle(worker: Worker, reply: Reply<R>): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (pending) {
      if ('result' in reply) pending.resolve(reply.result);
      else pending.reject(new Error(`analysing ${pending.task.path} in a worker failed: ${reply.error}`));
    }
    this.dispatch();
  }

  private died(worker: Worker, error: Error): void {
    if (this.closed || !this.all.has(worker)) return;
    this.all.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    const pending = this.running.get(worker);
    this.running.delete(worker);
    // A worker that dies with no task is broken itself (its script does not load): no point replacing it.
    if (!this.options.replaceCrashed || !pending || this.replacements >= MAX_REPLACEMENTS) {
      this.fail(new Error(`an analysis worker stopped (${error.message})`), pending);
      return;
    }
    this.replacements++;
    pending.reject(new WorkerCrash(pending.task.path, error));
    this.start();
    this.dispatch();
  }

  /** The pool cannot go on: every task still waiting fails with the reason. */
  private fail(error: Error, pending: Pending<T, R> | undefined): void {
    pending?.reject(error);
    if (this.failure) return;
    this.failure = error;
    for (const waiting of [...this.running.values(), ...this.queue]) waiting.reject(error);
    this.running.clear();
    this.queue.length = 0;
  }
}
