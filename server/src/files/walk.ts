// Lists the source files a scan checks and reads them as text. Everything left out on purpose is
// explained: oversized and unreadable files are returned as skipped with a reason, never dropped.
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { isSupportedFile } from '../engine/parse';
import { IgnoreMatcher } from './ignore';
import { describeRefusal, HARD_READ_CAP_BYTES, kindOf, readRegularFileSync } from './readRegularFile';
import { isWithinFolder } from './pathContainment';

export { DEFAULT_EXCLUDED_DIRECTORIES, IgnoreMatcher } from './ignore';

export interface ListOptions {
  /** Project root: .gitignore files and `ignore` globs are relative to it. */
  root: string;
  /** minimatch globs from the configuration. */
  ignore: string[];
  /** Files larger than this many bytes are skipped. */
  maxFileSize: number;
}

export interface SkippedFile {
  /** Absolute path. */
  path: string;
  reason: string;
}

/**
 * Left out on purpose by a default exclude, a .gitignore or an `ignore` glob. An excluded folder
 * is one entry: it is not walked, so `node_modules` costs one line and no time, and what it holds
 * is not counted file by file.
 */
export interface ExcludedEntry {
  /** Absolute path. */
  path: string;
  kind: 'folder' | 'file';
  reason: string;
}

export interface FileList {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  skipped: SkippedFile[];
  /** Sorted by path. Only source files and folders: a .gitignored image says nothing about coverage. */
  excluded: ExcludedEntry[];
}

/**
 * Lists supported source files under `paths` (files or folders, relative to the working
 * directory). Inside folders, the default excludes, .gitignore files and the `ignore` globs
 * apply. A path named explicitly is scanned even where a default exclude or .gitignore would
 * leave it out (you asked for it), but the project's `ignore` globs still apply to it, so that
 * tools passing file lists (pre-commit hooks) respect them; such a path is listed as skipped.
 */
export function listFiles(paths: string[], options: ListOptions): FileList {
  const steps = listFilesStepwise(paths, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `listFiles` one folder at a time: it stops after each folder read, and returns the list when
 * done, so a long-lived caller (the language server's scan) can let other work run while a large
 * tree is listed.
 */
export function* listFilesStepwise(paths: string[], options: ListOptions): Generator<void, FileList, void> {
  const root = resolve(options.root);
  const matcher = new IgnoreMatcher(root, options.ignore);
  const files = new Set<string>();
  const skipped = new Map<string, string>();
  const skip = (path: string, reason: string) => {
    if (!skipped.has(path)) skipped.set(path, reason);
  };
  const excluded = new Map<string, ExcludedEntry>();

  // Where a symbolic link met in a walk may lead: into the project or the folder being walked.
  // A committed link to ~/.ssh/id_rsa must not bring that file into a report.
  const realRoot = realPathOf(root);
  let walkedFolder = realRoot;
  const isReachable = (target: string) => isWithinFolder(realRoot, target) || isWithinFolder(walkedFolder, target);

  const visitFile = (path: string, stats: Stats, linkTarget?: string) => {
    // A FIFO or device under a source file's name would block or never end when read.
    if (!stats.isFile()) {
      skip(path, `not a regular file: ${kindOf(stats)}`);
      return;
    }
    if (linkTarget !== undefined && !isReachable(linkTarget)) {
      skip(path, 'symbolic link to a file outside the project; not read');
      return;
    }
    if (stats.size > options.maxFileSize) {
      skip(path, `too large: ${stats.size} bytes, over the maxFileSize limit of ${options.maxFileSize}`);
      return;
    }
    files.add(path);
  };

  function* visitDirectory(directory: string): Generator<void, void, void> {
    yield;
    let names: string[];
    try {
      names = readdirSync(directory);
    } catch (error) {
      skip(directory, `folder cannot be read (${describeFsError(error)})`);
      return;
    }
    for (const name of names.sort(compareCodeUnits)) {
      const path = join(directory, name);
      let stats: Stats;
      let linkTarget: string | undefined;
      try {
        stats = lstatSync(path);
        // Symlinked files are followed; symlinked folders are not, so a link cycle cannot trap the walk.
        if (stats.isSymbolicLink()) {
          stats = statSync(path);
          if (stats.isDirectory()) continue;
          linkTarget = realpathSync(path);
        }
      } catch (error) {
        if (isSupportedFile(name)) skip(path, `file cannot be read (${describeFsError(error)})`);
        continue;
      }
      if (stats.isDirectory()) {
        const reason = matcher.reasonFor(path, true);
        // Git's own folder is never source; counting it would put one exclusion in every report.
        if (reason && name !== '.git') excluded.set(path, { path, kind: 'folder', reason });
        if (!reason) yield* visitDirectory(path);
      } else if (isSupportedFile(name)) {
        const reason = matcher.reasonFor(path, false);
        if (reason) excluded.set(path, { path, kind: 'file', reason });
        else visitFile(path, stats, linkTarget);
      }
    }
  }

  for (const given of paths) {
    const path = resolve(given);
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      skip(path, `path cannot be read (${describeFsError(error)})`);
      continue;
    }
    const configReason = matcher.configReason(path);
    if (configReason) {
      skip(path, configReason);
    } else if (stats.isDirectory()) {
      walkedFolder = realPathOf(path);
      yield* visitDirectory(path);
    } else if (!stats.isFile()) {
      skip(path, `not a regular file: ${kindOf(stats)}`);
    } else if (!isSupportedFile(path)) {
      skip(path, 'not a JavaScript or TypeScript file (.js .cjs .mjs .jsx .ts .cts .mts .tsx)');
    } else {
      visitFile(path, stats);
    }
  }

  // A .gitignore that is a FIFO, a device or huge was not applied: say so, since files it would
  // have left out may be in the list.
  for (const refused of matcher.unreadableIgnoreFiles()) skip(refused.path, `${refused.reason}; its patterns were not applied`);

  return {
    files: [...files].sort(compareCodeUnits),
    skipped: [...skipped].map(([path, reason]) => ({ path, reason })).sort((a, b) => compareCodeUnits(a.path, b.path)),
    excluded: [...excluded.values()].sort((a, b) => compareCodeUnits(a.path, b.path)),
  };
}

/**
 * Whether a scan would leave this file out: default excludes, .gitignore or the `ignore` globs,
 * checked for the file and every folder between the project root and it.
 */
export function isIgnored(path: string, root: string, ignore: string[]): boolean {
  return new IgnoreMatcher(resolve(root), ignore).reasonForPath(resolve(path)) !== undefined;
}

export interface SourceNote {
  kind: 'skipped-binary' | 'invalid-utf8' | 'unreadable';
  message: string;
  /** For a file that was not read: why, as a phrase ("not a regular file: a FIFO"). */
  reason?: string;
}

/** The text of a file, with a note when it needed repair; or only a note when it has no usable text. */
export type SourceText = { text: string; note?: SourceNote } | { note: SourceNote };

/**
 * Reads a file as UTF-8. Binary content (NUL bytes) yields a note instead of text; invalid byte
 * sequences become U+FFFD with a note, so offsets still match what an editor shows. A leading
 * byte order mark is dropped, as editors do. Only a regular file of at most `maxBytes` is read:
 * the listing checked that already, but the file may have been swapped since.
 */
export function readSourceFile(path: string, maxBytes: number = HARD_READ_CAP_BYTES): SourceText {
  const read = readRegularFileSync(path, maxBytes);
  if (!read.ok) {
    const reason = read.reason === 'missing' || read.reason === 'unreadable'
      ? `cannot be read (${read.reason === 'missing' ? 'not found' : describeFsError({ code: read.detail })})`
      : describeRefusal(read);
    const message = read.reason === 'missing' || read.reason === 'unreadable' ? `File ${reason}; not checked.` : `${reason}; not checked.`;
    return { note: { kind: 'unreadable', message, reason } };
  }
  const bytes = read.bytes;
  if (bytes.includes(0)) return { note: { kind: 'skipped-binary', message: 'Binary content (NUL bytes); not checked.' } };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body);
    return { text, note: { kind: 'invalid-utf8', message: 'Not valid UTF-8; invalid bytes were read as U+FFFD, so findings near them may be off.' } };
  }
}

function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}


/** Plain code-unit order: the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? (error instanceof Error ? error.message : String(error));
}
