// The workspace's module graph: which file imports which, read from the import specifiers in the
// text (nothing is run), and the order that analyses every module after the modules it imports,
// so each file's analysis can use the summaries of its imports. A cycle is one component: its
// files are analysed in a fixed order, each with whatever summaries of the others exist by then.
import type { ModuleResolver } from './moduleResolver';

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
  /** Every file, each after the files it imports (cycles excepted). */
  order: string[];
  /** Files importing each file, for invalidation. */
  importers: Map<string, Set<string>>;
}

export function buildModuleGraph(files: ReadonlyMap<string, string>, resolver: ModuleResolver): ModuleGraph {
  const edges = new Map<string, Map<string, string>>();
  const importers = new Map<string, Set<string>>();
  for (const [path, text] of files) {
    const resolved = new Map<string, string>();
    for (const specifier of importSpecifiers(text)) {
      const target = resolver.resolve(specifier, path);
      if (target && target !== path && files.has(target)) {
        resolved.set(specifier, target);
        let set = importers.get(target);
        if (!set) importers.set(target, (set = new Set()));
        set.add(path);
      }
    }
    edges.set(path, resolved);
  }
  return { edges, order: dependencyOrder([...files.keys()], edges), importers };
}

/**
 * A post-order depth-first walk, iterative so a long import chain cannot overflow the stack:
 * a file is listed once all it imports are listed or on the current path (a cycle).
 */
function dependencyOrder(paths: string[], edges: Map<string, Map<string, string>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  for (const start of [...paths].sort()) {
    if (state.has(start)) continue;
    const stack: { path: string; next: string[] }[] = [{ path: start, next: [...(edges.get(start)?.values() ?? [])].sort() }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const dep = top.next.shift();
      if (dep === undefined) {
        stack.pop();
        state.set(top.path, 'done');
        order.push(top.path);
        continue;
      }
      if (state.has(dep)) continue;
      state.set(dep, 'open');
      stack.push({ path: dep, next: [...(edges.get(dep)?.values() ?? [])].sort() });
    }
  }
  return order;
}
