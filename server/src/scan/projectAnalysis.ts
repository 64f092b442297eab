// Analyses a set of files as one project: each module after the modules it imports, handing the
// engine the summaries of its imports, so a request value passed to a helper in another file is
// followed to the helper's sink. The CLI scan goes through here; the language server holds the
// same `ProjectFlow` and keeps it up to date as files change.
import type { ImportedSummaries, ModuleSummary, SummarizedResult } from '../engine/summaries';
import type { ModuleGraph } from './moduleGraph';
import type { ModuleResolver } from './moduleResolver';
import { ProjectFlow } from './projectFlow';

export interface ProjectAnalysis {
  graph: ModuleGraph;
  results: Map<string, SummarizedResult>;
  summaries: Map<string, ModuleSummary>;
  /** What a module saw of its imports, to analyse another version of it (a fix) the same way. */
  importedFor(path: string): ImportedSummaries;
}

/** Analyses one file given what its imports export; the caller supplies the engine options. */
export type AnalyzeModule = (path: string, text: string, imported: ImportedSummaries) => SummarizedResult;

export function analyzeProject(files: ReadonlyMap<string, string>, resolver: ModuleResolver, analyzeModule: AnalyzeModule): ProjectAnalysis {
  const flow = new ProjectFlow<SummarizedResult>({ resolver, analyze: analyzeModule });
  for (const [path, text] of files) flow.set(path, text);
  for (const analysed of flow.settle()) void analysed;
  return { ...flow.snapshot(), importedFor: (path) => flow.importedFor(path) };
}
