// The entry of the language server's analysis worker thread (bundled as dist/analysisWorker.js):
// runs the server's own Analyzer (engine, redaction, diagnostics) on the modules the workspace scan
// sends, so what comes back is exactly what the server's thread would have made, and the server's
// thread only has to show it. It reads no file: the scan reads them, within the workspace's rules.
import { workerData } from 'node:worker_threads';
import { allRules } from '../../../rules/index';
import { createRuleCatalog } from '../catalog/ruleCatalog';
import { serveTasks, workerRules } from '../scan/workerEntry';
import { createAnalyzer } from './analysis';
import type { ServerAnalysisTask, ServerWorkerSetup } from './scanWorkers';

const setup = workerData as ServerWorkerSetup;
const rules = workerRules(allRules, setup.ruleIds);
const analyzer = createAnalyzer(rules, createRuleCatalog(rules));

serveTasks((task: ServerAnalysisTask & { id: number }) =>
  analyzer.run(task.text, task.path, task.uri, task.config, { verifyFixes: false, imported: task.imported, summarize: true }),
);
