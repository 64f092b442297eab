// The entry of an analysis worker thread (bundled as dist/scanWorker.js, used by `rugged scan` and
// the language server's workspace scan): runs the engine on the files the scan sends, with the
// rules of its own registry named by the setup. It reads no file: the main thread reads them, so
// the file-reading rules hold in one place.
import { parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../../../rules/index';
import { analyze } from '../engine/run';
import type { AnalysisTask, WorkerReply, WorkerSetup } from '../scan/workerProtocol';

const setup = workerData as WorkerSetup;
const wanted = new Set(setup.ruleIds);
const rules = allRules.filter((rule) => wanted.has(rule.id));
// A rule this registry lacks would silently go missing from the results: refuse to start instead,
// and the scan keeps such rules in its own thread.
if (rules.length !== wanted.size) throw new Error('the analysis worker does not ship every rule it was asked to run');

parentPort?.on('message', (task: AnalysisTask) => {
  let reply: WorkerReply;
  try {
    const result = analyze(task.text, task.path, {
      rules,
      config: task.config ?? setup.config,
      today: setup.today,
      projectPath: task.projectPath,
      ...(task.importedSummaries ? { importedSummaries: task.importedSummaries } : {}),
      ...(task.summarize ? { summarize: true } : {}),
      ...(task.verifyFixes === false ? { verifyFixes: false } : {}),
    });
    reply = { id: task.id, result };
  } catch (error) {
    // analyze never throws; a failure here is the worker's own (a message it could not clone).
    reply = { id: task.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
