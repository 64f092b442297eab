// Analyses a set of files as one project: each module after the modules it imports, handing the
// engine the summaries of its imports, so a request value passed to a helper in another file is
// followed to the helper's sink. The CLI scan and `rugged summaries` go through here; the language
// server holds the same `ProjectFlow` and keeps it up to date as files change.
import type { ImportedSummaries, ModuleSummary, SummarizedResult } from '../engine/summaries';
import type { ModuleGraph } from './moduleGraph';
import type { ModuleResolver } from './moduleResolver';
import { ProjectFlow, type StoredResults } from './projectFlow';

export interface ProjectAnalysis {
  graph: ModuleGraph;
  results: Map<string, SummarizedResult>;
  summaries: Map<string, ModuleSummary>;
  /** What a module saw of its imports, to analyse another version of it (a fix) the same way. */
  importedFor(path: string): ImportedSummaries;
  /** The modules settled (analysed or taken from `stored`); every module when `only` was not given. */
  settled: ReadonlySet<string>;
  /** SHA-256 of a module's text, in hex. */
  textHash(path: string): string | undefined;
}

/** Analyses one file given what its imports export; the caller supplies the engine options. */
export type AnalyzeModule = (path: string, text: string, imported: ImportedSummaries) => SummarizedResult;

export interface ProjectAnalysisOptions {
  /**
   * Which modules to settle: those these accept and everything they import (a shard's files), or
   * `imported`: the modules some other module imports, the only ones whose summary anyone reads
   * (`rugged summaries`). Every module by default.
   */
  only?: ((path: string) => boolean) | 'imported';
  /** Results of an earlier run to take instead of analysing (`rugged scan --summaries`). */
  stored?: StoredResults<SummarizedResult>;
}

export function analyzeProject(files: ReadonlyMap<string, string>, resolver: ModuleResolver, analyzeModule: AnalyzeModule, options: ProjectAnalysisOptions = {}): ProjectAnalysis {
  const flow = new ProjectFlow<SummarizedResult>({ resolver, analyze: analyzeModule, ...(options.stored ? { stored: options.stored } : {}) });
  for (const [path, text] of files) flow.set(path, text);
  const scope = settleScope(flow, options.only);
  for (const analysed of flow.settle(scope)) void analysed;
  return projectAnalysisOf(flow, scope);
}

/** The modules a settle limited by `only` covers, or undefined for all of them. */
export function settleScope(flow: ProjectFlow<SummarizedResult>, only: ProjectAnalysisOptions['only']): Set<string> | undefined {
  if (only === undefined) return undefined;
  if (only === 'imported') return flow.imported();
  return flow.dependenciesOf(flow.paths().filter(only));
}

/** What a settled flow gives its caller. */
export function projectAnalysisOf(flow: ProjectFlow<SummarizedResult>, scope: ReadonlySet<string> | undefined): ProjectAnalysis {
  return {
    ...flow.snapshot(),
    importedFor: (path) => flow.importedFor(path),
    settled: scope ?? new Set(flow.paths()),
    textHash: (path) => flow.textHash(path),
  };
}
