// The speed benchmark's corpus: the pinned packages of the precision benchmark (real code no one
// here wrote), fetched by its installer into its cache, then copied into one work tree that every
// tool scans as it is. Only files Rugged would analyse are copied (sources, no declarations, no
// minified, binary or oversized files, nothing under a folder its default excludes skip), so the
// parse floor, ESLint and Rugged read exactly the same files, and the copy can be edited (the
// "touch 1%" row) without touching the cache of the precision benchmark.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { ensurePackage } from '../precision/fetch';
import { cacheRoot as precisionCacheRoot, packageFolder, readPackages, type BenchPackage } from '../precision/packages';

/** The packages of --quick: three small servers and libraries, a few hundred files together. */
export const QUICK_PACKAGES = ['knex', 'parse-server', 'verdaccio'];

const SOURCE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx']);
/** Rugged's default excluded folders (server/src/files/ignore.ts) and its generated-bundle names. */
const EXCLUDED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.next', 'vendor']);
const GENERATED_FILE = /\.(min|bundle)\.js$/;
/** The engine's own skip limits (engine/config.ts, engine/run.ts). */
const MAX_FILE_BYTES = 1024 * 1024;
const MINIFIED_MIN_LENGTH = 20_000;
const MINIFIED_AVERAGE_LINE = 500;

export interface CorpusFile {
  path: string;
  bytes: number;
  lines: number;
}

export interface Corpus {
  root: string;
  packages: string[];
  packagesAvailable: number;
  files: CorpusFile[];
  bytes: number;
  lines: number;
  /** Files the selection left out, by reason, so the report can say what was not measured. */
  leftOut: Record<string, number>;
}

/** True for a source file Rugged would analyse rather than skip; `reason` says why not. */
export function selectionReason(relPath: string, text: string | undefined): string | undefined {
  const parts = relPath.split(/[\\/]/);
  const name = parts[parts.length - 1];
  if (!SOURCE_EXTENSIONS.has(extname(name)) || /\.d\.[cm]?ts$/.test(name)) return 'not a source file';
  if (parts.slice(0, -1).some((part) => EXCLUDED_FOLDERS.has(part)) || GENERATED_FILE.test(name)) return 'default exclude';
  if (text === undefined) return undefined;
  if (text.length > MAX_FILE_BYTES) return 'over 1 MB';
  if (text.includes('\u0000')) return 'binary';
  if (text.length >= MINIFIED_MIN_LENGTH && text.length / text.split('\n').length > MINIFIED_AVERAGE_LINE) return 'minified';
  return undefined;
}

/**
 * Fetches the packages (unless cached) and rebuilds the work tree under `<cache>/corpus` from them;
 * the tree is rebuilt every run, so an earlier run's edits never leak into this one.
 */
export function prepareCorpus(repoRoot: string, speedCache: string, options: { only?: string[]; offline: boolean }): Corpus {
  const all = readPackages(join(repoRoot, 'bench', 'precision', 'apps.json'));
  const chosen = options.only ? all.filter((pkg) => options.only?.includes(pkg.name)) : all;
  const missing = options.only?.filter((name) => !all.some((pkg) => pkg.name === name)) ?? [];
  if (missing.length > 0) throw new Error(`not in bench/precision/apps.json: ${missing.join(', ')}`);
  const root = join(speedCache, 'corpus');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const corpus: Corpus = { root, packages: [], packagesAvailable: all.length, files: [], bytes: 0, lines: 0, leftOut: {} };
  const fetchRoot = precisionCacheRoot();
  for (const pkg of chosen) {
    process.stderr.write(`corpus: ${pkg.name}@${pkg.version}\n`);
    const unpacked = ensurePackage(fetchRoot, pkg, { offline: options.offline });
    copyPackage(pkg, unpacked, join(root, relative(fetchRoot, packageFolder(fetchRoot, pkg))), corpus);
    corpus.packages.push(`${pkg.name}@${pkg.version}`);
  }
  // An empty configuration at the root makes the tree one project for Rugged (cross-module flow).
  writeFileSync(join(root, '.rugged.json'), '{}\n');
  return corpus;
}

function copyPackage(pkg: BenchPackage, unpacked: string, target: string, corpus: Corpus): void {
  for (const [index, scanFolder] of pkg.scan.entries()) {
    const from = join(unpacked, scanFolder);
    // The scan folder's own name (dist/, lib/) is left out of the copy: Rugged would exclude dist/.
    const into = pkg.scan.length === 1 ? target : join(target, `part${index + 1}`);
    for (const file of walk(from)) {
      const rel = relative(from, file);
      let reason = selectionReason(rel, undefined);
      const text = reason ? undefined : readFileSync(file, 'utf8');
      reason ??= selectionReason(rel, text);
      if (reason || text === undefined) {
        corpus.leftOut[reason ?? 'unreadable'] = (corpus.leftOut[reason ?? 'unreadable'] ?? 0) + 1;
        continue;
      }
      const destination = join(into, rel);
      mkdirSync(join(destination, '..'), { recursive: true });
      copyFileSync(file, destination);
      const bytes = Buffer.byteLength(text);
      const lines = text.split('\n').length;
      corpus.files.push({ path: destination, bytes, lines });
      corpus.bytes += bytes;
      corpus.lines += lines;
    }
  }
}

function* walk(folder: string): Generator<string> {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) yield* walk(path);
    else if (stat?.isFile()) yield path;
  }
}
