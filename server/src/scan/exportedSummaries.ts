// What a module shows the files importing it: its exported functions with its re-exports
// followed, and a stable fingerprint of that, so a change that importers cannot see (a comment,
// a private function) does not make them analysed again.
import { createHash } from 'node:crypto';
import type { FunctionSummary, ImportedSummaries, ModuleSummary } from '../engine/summaries';

/** How deep `export … from` chains are followed (index files re-exporting index files). */
const MAX_REEXPORT_DEPTH = 8;

/** For each file, its specifiers that resolve to files of the project. */
export type ModuleEdges = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Each module's summary, by path: a map, or a view over one with some entries put in front. */
export interface SummaryLookup {
  get(path: string): ModuleSummary | undefined;
}

/** For each specifier of `path` that resolves into the project, the functions its target exports. */
export function importedSummaries(path: string, edges: ModuleEdges, summaries: SummaryLookup): ImportedSummaries {
  const out: Record<string, Record<string, FunctionSummary>> = {};
  for (const [specifier, target] of edges.get(path) ?? []) {
    const table = exportedFunctions(target, edges, summaries, 0, new Set());
    if (Object.keys(table).length > 0) out[specifier] = table;
  }
  return out;
}

/**
 * A cheap stand-in for `importedSummaries(path, ...)` in a cache key: it takes the same walk over
 * specifiers and re-exports but hashes nothing, naming each module it reaches by `exportedHashes`
 * (its `exportedSignature`, computed once when its summary was recorded). Equal keys mean equal
 * imported summaries, so a begin that finds its result cached builds and hashes no summary at all.
 */
export function importedSummariesKey(path: string, edges: ModuleEdges, summaries: ReadonlyMap<string, ModuleSummary>, exportedHashes: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  for (const [specifier, target] of edges.get(path) ?? []) {
    parts.push(JSON.stringify(specifier));
    walkKey(target, edges, summaries, exportedHashes, 0, new Set(), parts);
  }
  return parts.join(' ');
}

/**
 * The steps `exportedFunctions` takes from `path`, in its order: a preorder in which each module's
 * re-exports (known from its hash) say how many steps follow it, so the sequence decodes one way.
 */
function walkKey(path: string, edges: ModuleEdges, summaries: ReadonlyMap<string, ModuleSummary>, exportedHashes: ReadonlyMap<string, string>, depth: number, seen: Set<string>, parts: string[]): void {
  const summary = summaries.get(path);
  if (!summary || seen.has(path) || depth > MAX_REEXPORT_DEPTH) {
    parts.push('.');
    return;
  }
  seen.add(path);
  parts.push(exportedHashes.get(path) ?? hashOf({ functions: summary.functions, reExports: summary.reExports }));
  for (const reExport of summary.reExports) {
    const target = edges.get(path)?.get(reExport.from);
    if (!target) parts.push('-');
    else walkKey(target, edges, summaries, exportedHashes, depth + 1, seen, parts);
  }
}

/**
 * A hash of everything importers read from `path`: its exported functions, its re-exports and
 * where they lead. Equal hashes mean no importer can analyse differently.
 */
export function exportedSignature(path: string, edges: ModuleEdges, summary: ModuleSummary | undefined): string {
  if (!summary) return '';
  const reExports = summary.reExports.map((r) => ({ ...r, target: edges.get(path)?.get(r.from) ?? null }));
  return hashOf({ functions: summary.functions, reExports });
}

/** A hash of a JSON value that does not depend on the order its object keys were made in. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A module's exported functions, its re-exports followed (a cycle of re-exports ends where it began). */
function exportedFunctions(path: string, edges: ModuleEdges, summaries: SummaryLookup, depth: number, seen: Set<string>): Record<string, FunctionSummary> {
  const summary = summaries.get(path);
  if (!summary || seen.has(path) || depth > MAX_REEXPORT_DEPTH) return {};
  seen.add(path);
  const out: Record<string, FunctionSummary> = {};
  for (const reExport of summary.reExports) {
    const target = edges.get(path)?.get(reExport.from);
    if (!target) continue;
    const inner = exportedFunctions(target, edges, summaries, depth + 1, seen);
    if (!reExport.names) {
      // `export *` leaves out the default export; CommonJS `module.exports = require(...)` keeps all.
      for (const [name, fn] of Object.entries(inner)) if (!(name in out)) out[name] = fn;
      continue;
    }
    for (const [exported, local] of Object.entries(reExport.names)) {
      if (inner[local]) out[exported] = { ...inner[local], name: exported };
      // Methods travel with their object or class: `export { default as stock }` offers `stock.levelFor`.
      for (const [name, fn] of Object.entries(inner)) if (name.startsWith(`${local}.`)) out[`${exported}${name.slice(local.length)}`] = fn;
    }
  }
  for (const [name, fn] of Object.entries(summary.functions)) out[name] = fn;
  return out;
}
