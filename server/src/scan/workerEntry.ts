// What every analysis worker thread does the same way, whatever it runs: take its rules from its
// bundle's registry by id, and answer each task message with its result or the worker's own error.
// The registry is passed in: the scan layer knows no rules.
import { parentPort } from 'node:worker_threads';
import type { RuleModule } from '../engine/api';

/**
 * The rules of this bundle's registry with these ids. A rule the registry lacks would silently go
 * missing from the results: the worker refuses to start instead, and the caller keeps the work in
 * its own thread.
 */
export function workerRules(registry: readonly RuleModule[], ruleIds: readonly string[]): RuleModule[] {
  const wanted = new Set(ruleIds);
  const rules = registry.filter((rule) => wanted.has(rule.id));
  if (rules.length !== wanted.size) throw new Error('the analysis worker does not ship every rule it was asked to run');
  return rules;
}

/** Answers every task with `{ id, result }`, or `{ id, error }` when running it threw. */
export function serveTasks<Task extends { id: number }, Result>(run: (task: Task) => Result): void {
  parentPort?.on('message', (task: Task) => {
    let reply: { id: number; result: Result } | { id: number; error: string };
    try {
      reply = { id: task.id, result: run(task) };
    } catch (error) {
      // The engine never throws; a failure here is the worker's own (a message it could not clone).
      reply = { id: task.id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage(reply);
  });
}
