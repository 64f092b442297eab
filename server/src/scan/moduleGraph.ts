// The workspace's module graph: which file imports which, read from the import specifiers in the
// text (nothing is run). `ProjectFlow` keeps it as files change and orders its strongly connected
// components (moduleComponents.ts) so every module is analysed after the modules it imports.

/** `import … from 'x'`, `import 'x'`, `import('x')`, `require('x')`, `export … from 'x'`. */
const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*(['"`])([^'"`\n]+)\1/g;

/** The specifiers a file names, without parsing it; strings that only look like imports do no harm. */
export function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) if (!out.includes(match[2])) out.push(match[2]);
  return out;
}

export interface ModuleGraph {
  /** For each file, its specifiers that resolve to files of the graph. */
  edges: Map<string, Map<string, string>>;
  /** Every file, each after the files it imports; the files of a cycle side by side. */
  order: string[];
  /** Files importing each file, for invalidation. */
  importers: Map<string, Set<string>>;
}
