// The pinned packages of the precision benchmark and where their unpacked code lives on this
// machine. The cache is outside the repository: third-party code is never committed.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface BenchPackage {
  name: string;
  version: string;
  kind: 'application' | 'server' | 'library';
  /** Folders inside the unpacked package that hold its own code, relative to the unpack folder. */
  scan: string[];
  /** The registry's `dist.integrity` at pinning time: a re-published tarball is refused. */
  integrity: string;
}

export function readPackages(file: string): BenchPackage[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { packages?: unknown };
  if (!Array.isArray(parsed.packages)) throw new Error(`${file}: expected a "packages" array`);
  return parsed.packages.map((entry: unknown, index: number) => checkPackage(entry, `${file}: packages[${index}]`));
}

function checkPackage(entry: unknown, where: string): BenchPackage {
  const value = entry as Partial<BenchPackage> | null;
  const text = (key: keyof BenchPackage) => {
    const field = value?.[key];
    if (typeof field !== 'string' || field === '') throw new Error(`${where}: "${key}" must be a non-empty string`);
    return field;
  };
  const kind = text('kind');
  if (kind !== 'application' && kind !== 'server' && kind !== 'library') throw new Error(`${where}: unknown kind "${kind}"`);
  const scan = value?.scan;
  if (!Array.isArray(scan) || scan.length === 0 || scan.some((p) => typeof p !== 'string' || p.includes('..'))) {
    throw new Error(`${where}: "scan" must list folders inside the package`);
  }
  return { name: text('name'), version: text('version'), kind, scan, integrity: text('integrity') };
}

/** `@scope/name@1.2.3`, as npm spells a pinned package. */
export function packageSpec(pkg: Pick<BenchPackage, 'name' | 'version'>): string {
  return `${pkg.name}@${pkg.version}`;
}

/** The benchmark's cache: $RUGGED_BENCH_CACHE, else the user cache folder ($XDG_CACHE_HOME or ~/.cache). */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RUGGED_BENCH_CACHE) return env.RUGGED_BENCH_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rugged', 'bench-precision');
}

/** One folder per pinned version, named so that scopes cannot nest folders. */
export function packageFolder(root: string, pkg: Pick<BenchPackage, 'name' | 'version'>): string {
  return join(root, packageSpec(pkg).replace(/[/@]/g, '_').replace(/^_/, ''));
}
