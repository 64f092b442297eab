// `scanFiles` on worker threads, with the same outcomes in the same order. The main thread reads
// every file (the file-reading rules stay in one place, scanFiles.ts) and holds the project
// (`ProjectFlow`: module graph, summaries, cycle rounds); the workers only run the engine on a text
// and the summaries of its imports. `ProjectFlow.settleConcurrently` starts a component once every
// component it imports from is settled and runs the rounds `settle` would, so each file sees exactly
// what one thread would have shown it, and the findings, their order and their fingerprints are
// the same.
import type { SummarizedResult } from '../engine/summaries';
import { readSourceFile } from '../files/walk';
import { fileSystemHost } from './fileSystemHost';
import { createModuleResolver } from './moduleResolver';
import { projectAnalysisOf, settleScope } from './projectAnalysis';
import { ProjectFlow } from './projectFlow';
import { analyzeOne, contextPathOf, fileOutcome, noteStaleSummaries, projectOutcomes, projectTexts, readProjectFiles, storedOptions, type FileOutcome, type ScanFilesOptions } from './scanFiles';
import { withVerifiedForeignFixes } from './verifiedForeignFixes';
import { AnalysisWorkers } from './workerPool';

export interface WorkerOptions {
  /** The bundled worker entry (dist/scanWorker.js). */
  script: string;
  /** How many threads. */
  jobs: number;
}

export async function scanFilesInWorkers(paths: readonly string[], options: ScanFilesOptions, workers: WorkerOptions): Promise<FileOutcome[]> {
  const pool = new AnalysisWorkers(workers.script, { ruleIds: options.rules.map((r) => r.id), config: options.config, today: options.today }, workers.jobs);
  try {
    const crossModule = options.projectRoot !== undefined && options.crossModule !== false;
    return crossModule ? await scanProject(paths, options, pool, options.projectRoot!) : await scanEach(paths, options, pool);
  } finally {
    await pool.close();
  }
}

/** Every file on its own: any order will do, and the outcomes are put back in the order of `paths`. */
async function scanEach(paths: readonly string[], options: ScanFilesOptions, pool: AnalysisWorkers): Promise<FileOutcome[]> {
  const wanted = paths.filter((path) => !options.reportOnly || options.reportOnly(path));
  return Promise.all(
    wanted.map(async (path): Promise<FileOutcome> => {
      const read = readSourceFile(path, options.config.maxFileSize);
      if (!('text' in read)) return { kind: 'skipped', path, reason: read.note.message, notes: [] };
      const result = await pool.run({ path, text: read.text, projectPath: contextPathOf(path, options), summarize: false });
      return fileOutcome(path, read.text, read.note, result);
    }),
  );
}

/** The project scan of scanFiles.ts, its analyses run on the workers. */
async function scanProject(paths: readonly string[], options: ScanFilesOptions, pool: AnalysisWorkers, root: string): Promise<FileOutcome[]> {
  const reads = readProjectFiles(paths, options);
  const { only, stored } = storedOptions(options);
  const flow = new ProjectFlow<SummarizedResult>({ resolver: createModuleResolver(root, fileSystemHost()), ...(stored ? { stored } : {}) });
  const texts = projectTexts(reads);
  for (const [path, text] of texts) flow.set(path, text);
  const scope = settleScope(flow, only);
  await flow.settleConcurrently((path, text, imported) => {
    options.onAnalysed?.(path);
    return pool.run({ path, text, projectPath: contextPathOf(path, options), importedSummaries: imported, summarize: true });
  }, scope);
  noteStaleSummaries(projectAnalysisOf(flow, scope), options);
  // Checking a cross-file fix takes two analyses of one helper: few enough to run here.
  const trials = { ...options, onAnalysed: undefined };
  const results = withVerifiedForeignFixes(flow.snapshot().results, texts, (path, text) => analyzeOne(path, text, trials, flow.importedFor(path)));
  return [...projectOutcomes(paths, options, reads, results)];
}
