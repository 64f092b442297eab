// Analyses a set of files as one project: each module after the modules it imports, handing the
// engine the summaries of its imports, so a request value passed to a helper in another file is
// followed to the helper's sink. The CLI scan and the language server both go through here.
import type { FunctionSummary, ImportedSummaries, ModuleSummary, SummarizedResult } from '../engine/summaries';
import { buildModuleGraph, type ModuleGraph } from './moduleGraph';
import type { ModuleResolver } from './moduleResolver';

/** How deep `export … from` chains are followed (index files re-exporting index files). */
const MAX_REEXPORT_DEPTH = 8;

export interface ProjectAnalysis {
  graph: ModuleGraph;
  results: Map<string, SummarizedResult>;
  summaries: Map<string, ModuleSummary>;
}

/** Analyses one file given what its imports export; the caller supplies the engine options. */
export type AnalyzeModule = (path: string, text: string, imported: ImportedSummaries) => SummarizedResult;

export function analyzeProject(files: ReadonlyMap<string, string>, resolver: ModuleResolver, analyzeModule: AnalyzeModule): ProjectAnalysis {
  const graph = buildModuleGraph(files, resolver);
  const results = new Map<string, SummarizedResult>();
  const summaries = new Map<string, ModuleSummary>();
  for (const path of graph.order) {
    const result = analyzeModule(path, files.get(path) ?? '', importedSummaries(path, graph, summaries));
    results.set(path, result);
    if (result.summary) summaries.set(path, result.summary);
  }
  return { graph, results, summaries };
}

/** For each specifier of `path` that resolves into the project, the functions its target exports. */
export function importedSummaries(path: string, graph: ModuleGraph, summaries: ReadonlyMap<string, ModuleSummary>): ImportedSummaries {
  const out: Record<string, Record<string, FunctionSummary>> = {};
  for (const [specifier, target] of graph.edges.get(path) ?? []) {
    const table = exportedFunctions(target, graph, summaries, 0, new Set());
    if (Object.keys(table).length > 0) out[specifier] = table;
  }
  return out;
}

/** A module's exported functions, its re-exports followed (a cycle of re-exports ends where it began). */
function exportedFunctions(path: string, graph: ModuleGraph, summaries: ReadonlyMap<string, ModuleSummary>, depth: number, seen: Set<string>): Record<string, FunctionSummary> {
  const summary = summaries.get(path);
  if (!summary || seen.has(path) || depth > MAX_REEXPORT_DEPTH) return {};
  seen.add(path);
  const out: Record<string, FunctionSummary> = {};
  for (const reExport of summary.reExports) {
    const target = graph.edges.get(path)?.get(reExport.from);
    if (!target) continue;
    const inner = exportedFunctions(target, graph, summaries, depth + 1, seen);
    if (!reExport.names) {
      // `export *` leaves out the default export; CommonJS `module.exports = require(...)` keeps all.
      for (const [name, fn] of Object.entries(inner)) if (!(name in out)) out[name] = fn;
      continue;
    }
    for (const [exported, local] of Object.entries(reExport.names)) if (inner[local]) out[exported] = { ...inner[local], name: exported };
  }
  for (const [name, fn] of Object.entries(summary.functions)) out[name] = fn;
  return out;
}
