// The entry of the language server's analysis worker threads (bundled as dist/analysisWorker.js):
// runs the server's own Analyzer (engine, redaction, diagnostics), so what comes back is exactly
// what the server's thread would have made, and the server's thread only has to show it. The
// workspace scan sends it modules (scanWorkers.ts); the document worker (documentWorker.ts) sends
// open documents, whose parse memory it keeps until they close. It reads no file.
// First, so that a scan thread's priority is lowered before the modules below are evaluated.
import './backgroundAtLoad';
import { workerData } from 'node:worker_threads';
import { allRules } from '../../../rules/index';
import { createRuleCatalog } from '../catalog/ruleCatalog';
import { serveTasks, workerRules } from '../scan/workerEntry';
import { createAnalyzer, type FileAnalysis } from './analysis';
import type { DocumentTask } from './documentWorker';
import type { ServerAnalysisTask, ServerWorkerSetup } from './scanWorkers';

const setup = workerData as ServerWorkerSetup;
const rules = workerRules(allRules, setup.ruleIds);
const analyzer = createAnalyzer(rules, createRuleCatalog(rules));

serveTasks((task: (ServerAnalysisTask | DocumentTask) & { id: number }): FileAnalysis | undefined => {
  if (!('kind' in task)) return analyzer.run(task.text, task.path, task.uri, task.config, { verifyFixes: false, imported: task.imported, summarize: true });
  if (task.kind === 'closed') {
    analyzer.closed(task.path);
    return undefined;
  }
  analyzer.opened(task.path);
  return analyzer.run(task.text, task.path, task.uri, task.config, task.options);
});
