// Where each router file of an app is mounted, to any depth, over files the caller already read:
// `app.use('/api', require('./routes/api'))` over `router.use('/v1', v1)` and `v1.use('/todos', todos)`
// in api.js makes todos.js `/api/v1/todos`. One builder serves the story's own route, the ownership
// tests' route list and the report's route table, so they cannot disagree on a prefix. The first
// mount found per file wins (files in the order given); a file met twice ends a chain, so mutual
// mounts cannot loop. Pure: paths are whatever the caller uses (absolute or repository-relative).
import { posix } from 'node:path';
import type { MountLevel, SourceFile } from './routeAuth';
import { joinRoute, mountsIn, type Mount } from './routes';

const EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '/index.js', '/index.ts'];
/** A chain deeper than this is not an app's routing but a loop the visited set did not catch. */
const MAX_DEPTH = 12;
const MOUNTS = /\.use\s*\(/;

export interface MountIndex {
  /** The mounts of a router file from the innermost up: the file that mounts it, that file's routers mounting the one before, then the file mounting that file, and so on. */
  chain(path: string): MountLevel[];
  /** The URL prefix the chain adds (`/api/v1/todos`), or undefined when nothing mounts the file. */
  prefix(path: string): string | undefined;
  /** The file a relative module names from `from` (`./routes/admin`), when it is one of the known files. */
  resolve(module: string, from: string): string | undefined;
}

/**
 * `files` are the texts to read mounts from; `known` says which other paths exist (a mounted file
 * need not be among the texts), by default the texts' own paths.
 */
export function mountIndex(files: readonly SourceFile[], known?: Iterable<string>): MountIndex {
  const original = new Map<string, string>();
  for (const path of known ?? []) original.set(normal(path), path);
  for (const file of files) original.set(normal(file.path), file.path);
  const resolveModule = (module: string, from: string): string | undefined => {
    if (!module.startsWith('.')) return undefined;
    const base = posix.join(posix.dirname(normal(from)), module);
    const hit = EXTENSIONS.map((ext) => base + ext).find((candidate) => original.has(candidate));
    return hit === undefined ? undefined : original.get(hit);
  };
  const localMounts = new Map<string, Mount[]>();
  const mountedBy = new Map<string, { file: SourceFile; mount: Mount }>();
  for (const file of files) {
    if (!MOUNTS.test(file.text)) continue;
    const mounts = mountsIn(file.text, file.path);
    localMounts.set(normal(file.path), mounts);
    for (const mount of mounts) {
      const target = mount.module ? resolveModule(mount.module, file.path) : undefined;
      if (target !== undefined && normal(target) !== normal(file.path) && !mountedBy.has(normal(target))) mountedBy.set(normal(target), { file, mount });
    }
  }

  const chain = (path: string): MountLevel[] => {
    const out: MountLevel[] = [];
    const seen = new Set([normal(path)]);
    let target = normal(path);
    while (out.length < MAX_DEPTH) {
      const found = mountedBy.get(target);
      if (!found || seen.has(normal(found.file.path))) break;
      seen.add(normal(found.file.path));
      const { file, mount } = found;
      out.push({ path: file.path, text: file.text, prefix: mount.prefix });
      // A router of the mounting file that is itself mounted there (`router.use('/v1', v1)`).
      const local = localMounts.get(normal(file.path)) ?? [];
      const owners = new Set<string>();
      for (let owner = mount.owner; owner && !owners.has(owner) && out.length < MAX_DEPTH; ) {
        owners.add(owner);
        const outer = local.find((m) => m.local === owner && !m.module);
        if (!outer) break;
        out.push({ path: file.path, text: file.text, prefix: outer.prefix, local: owner });
        owner = outer.owner;
      }
      target = normal(file.path);
    }
    return out;
  };
  return { chain, prefix: (path) => fullPrefix(chain(path)), resolve: resolveModule };
}

/** The URL prefix a chain adds, outermost first: `/api` then `/todos` is `/api/todos`. */
export function fullPrefix(chain: readonly { prefix: string }[]): string | undefined {
  if (chain.length === 0) return undefined;
  return chain.slice(1).reduce((inner, level) => joinRoute(level.prefix, inner), chain[0].prefix);
}

/** One spelling per file, whichever separator the caller's paths use. */
function normal(path: string): string {
  return posix.normalize(path.replace(/\\/g, '/'));
}
