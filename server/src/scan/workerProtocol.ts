// The messages between the scan and its analysis workers: plain data only (structured clone), so
// a worker gets the configuration and the rule ids and loads the rules itself.
import type { EngineConfig } from '../engine/config';
import type { ImportedSummaries, SummarizedResult } from '../engine/summaries';

/** Sent once, as `workerData`. */
export interface WorkerSetup {
  /** Ids of the rules to run; the worker finds them in its own copy of the registry. */
  ruleIds: string[];
  config: EngineConfig;
  today?: string;
}

export interface AnalysisTask {
  id: number;
  path: string;
  text: string;
  projectPath?: string;
  importedSummaries?: ImportedSummaries;
  summarize: boolean;
  /** This file's configuration when it differs from the setup's (the language server's per-project `.rugged.json`). */
  config?: EngineConfig;
  /** False leaves fix verification out, as the language server's scan does; true by default. */
  verifyFixes?: boolean;
}

export type WorkerReply = { id: number; result: SummarizedResult } | { id: number; error: string };
