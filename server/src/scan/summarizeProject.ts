// `rugged summaries`: settles a project's cross-module flow and hands back each module's summary,
// for the jobs of a CI matrix to share. It does what a full scan does for the summaries and leaves
// out what only findings need: a module no other module imports is not analysed (nobody reads its
// summary), fixes are not verified (a summary is made before, and apart from, verification), and
// no finding is shaped for a report. What is summarised is therefore exactly what a scan would make.
// Handed an earlier summaries file (`--previous`, a CI cache), it reuses every summary whose module
// and imports did not change, by the same rule `rugged scan --summaries` takes them.
import type { SummarizedResult } from '../engine/summaries';
import { knownSecrets } from '../redaction/knownSecrets';
import { fileSystemHost } from './fileSystemHost';
import { createModuleResolver } from './moduleResolver';
import { ProjectFlow } from './projectFlow';
import type { StoredSummaries } from './storedSummaries';
import { analyzeOne, contextPathOf, projectTexts, readProjectFiles, type ScanFilesOptions } from './scanFiles';
import type { WorkerOptions } from './scanFilesInWorkers';
import type { SettledModule } from './summariesFile';
import { AnalysisWorkers } from './workerPool';

export interface ProjectSummaries {
  /** Every module read, in the order of the paths given, with its summary when it was analysed. */
  modules: SettledModule[];
  /** Values the analyses identified as secrets, in any module: no summary written may quote one. */
  secrets: string[];
  /** Modules analysed (a cycle's modules once per round). */
  analysed: number;
  /** Modules whose summary came from `previous`. */
  reused: number;
}

/** `previous`: an earlier summaries file of the project, whose summaries still holding are reused. */
export async function summarizeProject(paths: readonly string[], options: ScanFilesOptions & { projectRoot: string }, workers?: WorkerOptions, previous?: StoredSummaries): Promise<ProjectSummaries> {
  const reads = readProjectFiles(paths, options);
  const texts = projectTexts(reads);
  const flow = new ProjectFlow<SummarizedResult>({
    resolver: createModuleResolver(options.projectRoot, fileSystemHost()),
    analyze: (path, text, imported) => analyzeOne(path, text, options, imported, false),
    ...(previous ? { stored: previous } : {}),
  });
  for (const [path, text] of texts) flow.set(path, text);
  const scope = flow.imported();
  if (workers) {
    const pool = new AnalysisWorkers(workers.script, { ruleIds: options.rules.map((r) => r.id), config: options.config, today: options.today }, workers.jobs);
    try {
      await flow.settleConcurrently((path, text, imported) => {
        options.onAnalysed?.(path);
        return pool.run({ path, text, projectPath: contextPathOf(path, options), importedSummaries: imported, summarize: true, verifyFixes: false });
      }, scope);
    } finally {
      await pool.close();
    }
  } else {
    for (const analysed of flow.settle(scope)) void analysed;
  }
  const results = flow.snapshot().results;
  const secrets = new Set<string>();
  const modules: SettledModule[] = [];
  for (const [path, text] of texts) {
    const result = scope.has(path) ? results.get(path) : undefined;
    if (!result) {
      modules.push({ path, text });
      continue;
    }
    // A reused result has no findings; `previous` left every module with secrets to be analysed again.
    const known = knownSecrets(result.findings, text);
    for (const secret of known) secrets.add(secret);
    modules.push({ path, text, analysed: { ...(result.summary ? { summary: result.summary } : {}), view: flow.importedFor(path), secrets: known.length > 0 } });
  }
  return { modules, secrets: [...secrets], analysed: flow.counts.analysed, reused: flow.counts.stored };
}
