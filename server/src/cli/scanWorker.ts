// The entry of an analysis worker thread (bundled as dist/scanWorker.js, used by `rugged scan` and
// the language server's workspace scan): runs the engine on the files the scan sends, with the
// rules of its own registry named by the setup. It reads no file: the main thread reads them, so
// the file-reading rules hold in one place.
import { workerData } from 'node:worker_threads';
import { allRules } from '../../../rules/index';
import { analyze } from '../engine/run';
import { serveTasks, workerRules } from '../scan/workerEntry';
import type { AnalysisTask, WorkerSetup } from '../scan/workerProtocol';

const setup = workerData as WorkerSetup;
const rules = workerRules(allRules, setup.ruleIds);

serveTasks((task: AnalysisTask) =>
  analyze(task.text, task.path, {
    rules,
    config: task.config ?? setup.config,
    today: setup.today,
    projectPath: task.projectPath,
    ...(task.importedSummaries ? { importedSummaries: task.importedSummaries } : {}),
    ...(task.summarize ? { summarize: true } : {}),
    ...(task.verifyFixes === false ? { verifyFixes: false } : {}),
  }),
);
