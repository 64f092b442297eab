// A fixed set of analysis worker threads fed from one queue: each idle worker takes the next task.
// The script is the bundled worker entry (dist/scanWorker.js), named by the caller, so this folder
// imports no rule and no front end.
import { Worker } from 'node:worker_threads';
import type { SummarizedResult } from '../engine/summaries';
import type { AnalysisTask, WorkerReply, WorkerSetup } from './workerProtocol';

interface Pending {
  task: AnalysisTask;
  resolve: (result: SummarizedResult) => void;
  reject: (error: Error) => void;
}

export class AnalysisWorkers {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private readonly all: Worker[] = [];
  private nextId = 0;
  private failure: Error | undefined;

  constructor(script: string, setup: WorkerSetup, size: number) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const worker = new Worker(script, { workerData: setup });
      worker.on('message', (reply: WorkerReply) => this.settle(worker, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`an analysis worker stopped (exit code ${code})`));
      });
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  run(task: Omit<AnalysisTask, 'id'>): Promise<SummarizedResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.postMessage(pending.task);
    }
  }

  private settle(worker: Worker, reply: WorkerReply): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (pending) {
      if ('result' in reply) pending.resolve(reply.result);
      else pending.reject(new Error(`analysing ${pending.task.path} in a worker failed: ${reply.error}`));
    }
    this.dispatch();
  }

  /** A worker that dies takes the scan with it: every task still waiting fails with the reason. */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const pending of [...this.running.values(), ...this.queue]) pending.reject(error);
    this.running.clear();
    this.queue.length = 0;
  }
}
