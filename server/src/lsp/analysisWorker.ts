// The entry of the language server's analysis worker thread (bundled as dist/analysisWorker.js):
// runs the server's own Analyzer (engine, redaction, diagnostics) on the modules the workspace scan
// sends, so what comes back is exactly what the server's thread would have made, and the server's
// thread only has to show it. It reads no file: the scan reads them, within the workspace's rules.
import { parentPort, workerData } from 'node:worker_threads';
import { allRules } from '../../../rules/index';
import { createRuleCatalog } from '../catalog/ruleCatalog';
import { createAnalyzer, type FileAnalysis } from './analysis';
import type { ServerAnalysisTask, ServerWorkerSetup } from './scanWorkers';

const setup = workerData as ServerWorkerSetup;
const wanted = new Set(setup.ruleIds);
const rules = allRules.filter((rule) => wanted.has(rule.id));
// A rule this registry lacks would silently go missing from the results: refuse to start instead,
// and the scan analyses in the server's thread.
if (rules.length !== wanted.size) throw new Error('the analysis worker does not ship every rule it was asked to run');
const analyzer = createAnalyzer(rules, createRuleCatalog(rules));

parentPort?.on('message', (task: ServerAnalysisTask & { id: number }) => {
  let reply: { id: number; result: FileAnalysis } | { id: number; error: string };
  try {
    const result = analyzer.run(task.text, task.path, task.uri, task.config, { verifyFixes: false, imported: task.imported, summarize: true });
    reply = { id: task.id, result };
  } catch (error) {
    // The analyzer never throws; a failure here is the worker's own.
    reply = { id: task.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
