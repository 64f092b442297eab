// Where a package's `exports` map sends a subpath, read the way Node and TypeScript read it: an
// exact key first, else the most specific `*` pattern; within a target, conditions in the order
// the package lists them, the first one the resolver accepts that leads to a usable file winning,
// and arrays tried in turn. A null target excludes the subpath.

/**
 * The file `accept` makes of the target `exports` gives `subpath` (`.`, `./node`); undefined when
 * the map does not export it. `accept` gets the target relative to the package (`./tsconfig.json`)
 * and answers the file it names, or undefined to try the next condition or array entry.
 */
export function exportedFile(exports: unknown, subpath: string, conditions: ReadonlySet<string>, accept: (target: string) => string | undefined): string | undefined {
  const map = subpathMap(exports);
  if (!map) return undefined;
  if (!subpath.includes('*') && Object.hasOwn(map, subpath)) return fromTarget(map[subpath], undefined, conditions, accept);
  // Only the most specific pattern that matches is tried, as Node does: no fallback to a looser one.
  const patterns = Object.keys(map).filter((key) => key.indexOf('*') === key.lastIndexOf('*') && key.includes('*')).sort(bySpecificity);
  for (const key of patterns) {
    const star = key.indexOf('*');
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.length < key.length - 1 || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
    return fromTarget(map[key], subpath.slice(prefix.length, subpath.length - suffix.length), conditions, accept);
  }
  return undefined;
}

/** `exports` as a map from subpaths: a string, an array or a conditions object stand for `.`. */
function subpathMap(exports: unknown): Record<string, unknown> | undefined {
  if (typeof exports === 'string' || Array.isArray(exports)) return { '.': exports };
  if (!exports || typeof exports !== 'object') return undefined;
  const map = exports as Record<string, unknown>;
  return Object.keys(map).some((key) => key.startsWith('.')) ? map : { '.': map };
}

function fromTarget(target: unknown, star: string | undefined, conditions: ReadonlySet<string>, accept: (target: string) => string | undefined): string | undefined {
  if (typeof target === 'string') {
    // Targets stay inside the package: `./` first, no `..` or `node_modules` segment.
    if (!target.startsWith('./') || target.split('/').some((part) => part === '..' || part === 'node_modules')) return undefined;
    if (star !== undefined && (star.split('/').includes('..'))) return undefined;
    return accept(star === undefined ? target : target.replaceAll('*', star));
  }
  if (Array.isArray(target)) {
    for (const entry of target) {
      const found = fromTarget(entry, star, conditions, accept);
      if (found) return found;
    }
    return undefined;
  }
  if (!target || typeof target !== 'object') return undefined;
  for (const [condition, value] of Object.entries(target as Record<string, unknown>)) {
    if (condition !== 'default' && !conditions.has(condition)) continue;
    const found = fromTarget(value, star, conditions, accept);
    if (found) return found;
  }
  return undefined;
}

/** Longer prefix before the `*` first, then the longer key: Node's and TypeScript's order. */
function bySpecificity(a: string, b: string): number {
  const prefixA = a.indexOf('*');
  const prefixB = b.indexOf('*');
  if (prefixA !== prefixB) return prefixB - prefixA;
  return b.length - a.length;
}
