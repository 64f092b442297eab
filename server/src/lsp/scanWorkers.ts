// The worker threads of the workspace scan: how many to start, and the analysis that runs on them
// (analysisWorker.ts: the server's own Analyzer, diagnostics included), so the scan shows the same
// whichever thread ran it and the server's thread only shows results. Open documents never go
// there (the validator analyses them in the server's thread or on the document worker), and the
// scan threads run at a lower priority, so a keystroke's analysis gets a core first.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RuleModule } from '../engine/api';
import type { ImportedSummaries } from '../engine/summaries';
import { AnalysisWorkers, PoolClosed, WorkerCrash } from '../scan/workerPool';
import type { Analyzer, FileAnalysis } from './analysis';
import type { EffectiveConfig } from './projectConfig';
import type { ModuleAnalysis, ModuleTarget } from './workspaceFlow';

/** Sent once to each worker, as `workerData`. */
export interface ServerWorkerSetup {
  ruleIds: string[];
  /** A scan thread: it lowers its own priority so open documents' analyses get the cores first (threadPriority.ts). */
  background?: boolean;
}

/** One module to analyse, as `WorkspaceFlow` would analyse it in the server's thread. */
export interface ServerAnalysisTask {
  path: string;
  text: string;
  uri: string;
  config: EffectiveConfig;
  imported: ImportedSummaries;
}

/** Below this many files a thread's start-up (loading the rules) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 16;

/**
 * Worker threads for a scan of `files` files: `requested` when the client asked for a number
 * (initialization option `scanWorkers`), else one fewer than the cores, leaving one for the
 * editor's own requests. 0 means the scan analyses in the server's thread.
 */
export function scanWorkerCount(requested: number | undefined, files: number, cores = availableParallelism()): number {
  if (requested !== undefined && Number.isFinite(requested)) return Math.max(0, Math.min(Math.floor(requested), cores * 2, files));
  if (files < MIN_FILES_FOR_WORKERS) return 0;
  return Math.max(0, Math.min(cores - 1, files));
}

/** The bundled worker entry beside the running server bundle; absent when running from source. */
export function bundledWorkerScript(directory = __dirname): string | undefined {
  const script = join(directory, 'analysisWorker.js');
  return existsSync(script) ? script : undefined;
}

export type ModuleAnalyser = (path: string, text: string, imported: ImportedSummaries, target: ModuleTarget) => Promise<ModuleAnalysis>;

export class ScanWorkers {
  private readonly pool: AnalysisWorkers<ServerAnalysisTask, FileAnalysis, ServerWorkerSetup>;

  /**
   * `crashed` hears of a file whose worker died on it: the file shows nothing and says why, the
   * scan goes on with a fresh worker. A pool that cannot run at all leaves the files to this thread.
   */
  constructor(
    script: string,
    rules: readonly RuleModule[],
    size: number,
    private readonly analyzer: Analyzer,
    private readonly crashed: (path: string, target: ModuleTarget, message: string) => void,
  ) {
    // Each task carries its own file's configuration (the nearest `.rugged.json` and the settings).
    this.pool = new AnalysisWorkers(script, { ruleIds: rules.map((rule) => rule.id), background: true }, size, { replaceCrashed: true });
  }

  /** Analyses one module on a worker; rejects with `PoolClosed` once `close` was called. */
  readonly analyse: ModuleAnalyser = async (path, text, imported, target) => {
    const { uri, config } = target;
    try {
      return await this.pool.run({ path, text, uri, config, imported });
    } catch (error) {
      if (error instanceof PoolClosed) throw error;
      if (error instanceof WorkerCrash) {
        this.crashed(path, target, error.message);
        return { findings: [], diagnostics: [], failed: true };
      }
      // The workers cannot run (their script failed to load): this thread does the work instead.
      return this.analyzer.run(text, path, uri, config, { verifyFixes: false, imported, summarize: true });
    }
  };

  /** Threads alive (0 once closed). */
  get threads(): number {
    return this.pool.size;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
