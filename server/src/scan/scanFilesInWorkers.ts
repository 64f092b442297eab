// `scanFiles` on worker threads, with the same outcomes in the same order. The main thread reads
// every file (the file-reading rules stay in one place), builds the module graph and hands each
// file to the next idle worker with the summaries of its imports; the summaries come back and are
// joined here. Which files may run at once is decided by `analysisUnits.ts`: a file starts only
// when every file whose summary it could read is done, so each file sees exactly what one thread
// would have shown it, and the findings, their order and their fingerprints are the same.
import type { SummarizedResult, ModuleSummary } from '../engine/summaries';
import { readSourceFile } from '../files/walk';
import { analysisUnits } from './analysisUnits';
import { fileSystemHost } from './fileSystemHost';
import { buildModuleGraph } from './moduleGraph';
import { createModuleResolver } from './moduleResolver';
import { importedSummaries } from './projectAnalysis';
import { contextPathOf, fileOutcome, type FileOutcome, type ScanFilesOptions } from './scanFiles';
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

/** The project scan of scanFiles.ts, each import-cycle unit after the units it imports from. */
async function scanProject(paths: readonly string[], options: ScanFilesOptions, pool: AnalysisWorkers, root: string): Promise<FileOutcome[]> {
  const texts = new Map<string, string>();
  const reads = new Map<string, ReturnType<typeof readSourceFile>>();
  for (const path of paths) {
    const read = readSourceFile(path, options.config.maxFileSize);
    reads.set(path, read);
    if ('text' in read) texts.set(path, read.text);
  }
  const graph = buildModuleGraph(texts, createModuleResolver(root, fileSystemHost()));
  const results = new Map<string, SummarizedResult>();
  const summaries = new Map<string, ModuleSummary>();
  const done: Promise<void>[] = [];
  // Units only wait for units numbered before them, so each one's prerequisites already exist.
  for (const unit of analysisUnits(graph)) {
    done.push(
      Promise.all(unit.after.map((index) => done[index])).then(async () => {
        for (const path of unit.files) {
          const result = await pool.run({
            path,
            text: texts.get(path) ?? '',
            projectPath: contextPathOf(path, options),
            importedSummaries: importedSummaries(path, graph, summaries),
            summarize: true,
          });
          results.set(path, result);
          if (result.summary) summaries.set(path, result.summary);
        }
      }),
    );
  }
  await Promise.all(done);

  const outcomes: FileOutcome[] = [];
  for (const path of paths) {
    if (options.reportOnly && !options.reportOnly(path)) continue;
    const read = reads.get(path);
    const result = results.get(path);
    if (!read || !('text' in read) || !result) {
      outcomes.push({ kind: 'skipped', path, reason: read && !('text' in read) ? read.note.message : 'not read', notes: [] });
      continue;
    }
    outcomes.push(fileOutcome(path, read.text, read.note, result));
  }
  return outcomes;
}
