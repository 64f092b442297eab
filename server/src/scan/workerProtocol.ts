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
}

export type WorkerReply = { id: number; result: SummarizedResult } | { id: number; error: string };
