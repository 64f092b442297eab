// Where the workspace mounts a router file: `app.use('/products', require('./routes/products'))` or
// a required name passed to `use` in another file, and where that file is mounted in turn
// (`api.use('/products', ...)` with `app.use('/api', api)`, here or in a third file), up to the
// app: a route's URL and its guards come from every level. Reads files only (never runs them),
// the ones whose text names the file looked for, and takes the first mount it finds per level.
import { basename, dirname, resolve } from 'node:path';
import type { LoadedConfig } from '../../config/load';
import { listFiles, readSourceFile } from '../../files/walk';
import { joinRoute, mountsIn } from '../story/routes';

const MAX_FILES_READ = 2000;
const EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '/index.js', '/index.ts'];

/** A chain deeper than this is not an app's routing but a loop the visited set did not catch. */
const MAX_DEPTH = 12;

/** One level of a mount chain: `file` mounts the level below under `prefix`; `local` names the router it mounts when that router is declared in `file` too. */
export interface MountLevel {
  prefix: string;
  file: string;
  text: string;
  local?: string;
}

export function findMountPrefix(root: string, file: string, config: LoadedConfig): string | undefined {
  return fullPrefix(findMountChain(root, file, config));
}

/** The URL prefix a chain adds, outermost first: `/api` then `/todos` is `/api/todos`. */
export function fullPrefix(chain: readonly { prefix: string }[]): string | undefined {
  if (chain.length === 0) return undefined;
  return chain.slice(1).reduce((inner, level) => joinRoute(level.prefix, inner), chain[0].prefix);
}

/**
 * The mounts of a router file from the innermost up: the file that mounts it, any router of that
 * file that mounts the one before (to any depth), then the file that mounts that file, and so on.
 * A file met twice ends the chain, so mutual mounts cannot loop.
 */
export function findMountChain(root: string, file: string, config: LoadedConfig): MountLevel[] {
  const chain: MountLevel[] = [];
  const seen = new Set([resolve(file)]);
  let target = resolve(file);
  while (chain.length < MAX_DEPTH) {
    const found = findMount(root, target, config);
    if (!found || seen.has(found.file)) break;
    seen.add(found.file);
    chain.push({ prefix: found.prefix, file: found.file, text: found.text });
    const local = mountsIn(found.text, found.file);
    const owners = new Set<string>();
    for (let owner = found.owner; owner && !owners.has(owner) && chain.length < MAX_DEPTH; ) {
      owners.add(owner);
      const outer = local.find((m) => m.local === owner && !m.module);
      if (!outer) break;
      chain.push({ prefix: outer.prefix, file: found.file, text: found.text, local: owner });
      owner = outer.owner;
    }
    target = found.file;
  }
  return chain;
}

/** The mount of a router file with the file that mounts it (absolute path and text) and the object whose `use` mounts it. */
export function findMount(root: string, file: string, config: LoadedConfig): { prefix: string; file: string; text: string; owner?: string } | undefined {
  const target = resolve(file);
  const base = basename(target).replace(/\.[^.]+$/, '');
  const list = listFiles([root], { root, ignore: config.ignore, maxFileSize: config.engine.maxFileSize });
  let read = 0;
  for (const candidate of list.files) {
    if (candidate === target || read >= MAX_FILES_READ) continue;
    read += 1;
    const source = readSourceFile(candidate, config.engine.maxFileSize);
    if (!('text' in source) || !source.text.includes(base) || !source.text.includes('.use(')) continue;
    for (const mount of mountsIn(source.text, candidate)) {
      if (!mount.module?.startsWith('.')) continue;
      const resolved = resolve(dirname(candidate), mount.module);
      if (EXTENSIONS.some((ext) => resolved + ext === target)) return { prefix: mount.prefix, file: candidate, text: source.text, ...(mount.owner ? { owner: mount.owner } : {}) };
    }
  }
  return undefined;
}
