// `scanFiles` on worker threads, with the same outcomes in the same order. The main thread reads
// every file (the file-reading rules stay in one place), builds the module graph and hands each
// file to the next idle worker with the summaries of its imports; the summaries come back and are
// joined here. Which files may run at once is decided by `analysisUnits.ts`: a file starts only
// when every file whose summary it could read is done, and an import cycle is iterated to a fixed
// point in the rounds `ProjectFlow` gives it, so each file sees exactly what one thread would have
// shown it, and the findings, their order and their fingerprints are the same.
import type { SummarizedResult, ModuleSummary } from '../engine/summaries';
import { readSourceFile } from '../files/walk';
import { analysisUnits } from './analysisUnits';
import { fileSystemHost } from './fileSystemHost';
import { exportedSignature, importedSummaries } from './exportedSummaries';
import { createModuleResolver } from './moduleResolver';
import { MAX_CYCLE_ROUNDS, type ModuleOutcome, ProjectFlow } from './projectFlow';
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
  // The graph exactly as the one-thread scan builds it (nothing is analysed here).
  const topology = new ProjectFlow<ModuleOutcome>({ resolver: createModuleResolver(root, fileSystemHost()), analyze: () => ({}) });
  for (const [path, text] of texts) topology.set(path, text);
  const graph = topology.snapshot().graph;
  const results = new Map<string, SummarizedResult>();
  const summaries = new Map<string, ModuleSummary>();
  const analyse = async (path: string): Promise<SummarizedResult> => {
    const result = await pool.run({
      path,
      text: texts.get(path) ?? '',
      projectPath: contextPathOf(path, options),
      importedSummaries: importedSummaries(path, graph.edges, summaries),
      summarize: true,
    });
    results.set(path, result);
    if (result.summary) summaries.set(path, result.summary);
    else summaries.delete(path);
    return result;
  };
  const done: Promise<void>[] = [];
  // Units only wait for units numbered before them, so each one's prerequisites already exist.
  for (const unit of analysisUnits(graph)) {
    done.push(
      Promise.all(unit.after.map((index) => done[index])).then(async () => {
        if (unit.files.length === 1) {
          await analyse(unit.files[0]);
          return;
        }
        // A cycle, as ProjectFlow settles it: rounds over the files still dirty, a file dirty
        // again when a file of the cycle it imports changed what it exports.
        const members = new Set(unit.files);
        const exported = new Map<string, string>();
        let dirty = new Set(unit.files);
        for (let round = 0; round < MAX_CYCLE_ROUNDS && dirty.size > 0; round++) {
          const pending = unit.files.filter((path) => dirty.has(path));
          dirty = new Set();
          for (const path of pending) {
            dirty.delete(path);
            const result = await analyse(path);
            const signature = exportedSignature(path, graph.edges, result.summary);
            if (signature === (exported.get(path) ?? '')) continue;
            exported.set(path, signature);
            for (const importer of graph.importers.get(path) ?? []) if (members.has(importer)) dirty.add(importer);
          }
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
