// Decides which files a scan leaves out: the default excludes (dependencies, build output, minified
// bundles), .gitignore files with git's own semantics, and the project's `ignore` globs.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { Minimatch, type MinimatchOptions } from 'minimatch';
import { describeRefusal, readRegularTextSync } from './readRegularFile';

/** Folders never worth scanning: installed dependencies, build output, VCS data. */
export const DEFAULT_EXCLUDED_DIRECTORIES: readonly string[] = ['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.next', 'vendor'];

/** Generated bundles: minified or concatenated code is not where a fix would go. */
const GENERATED_FILE = /\.(?:min|bundle)\.[cm]?js$/i;

/**
 * Bundler output named by its content hash, so browsers can cache it forever: webpack and Create
 * React App (`chunk.201.6961b57ed7a281ac193e.js`, `main.3f2a1b9c.chunk.js`, hex), Vite and Rollup
 * (`users-CSjOwpT9.js`, eight base64url characters after a hyphen). Its source lives elsewhere, so a
 * finding here cannot be fixed here. Only JavaScript: sources (.ts, .jsx) are not hash-named.
 */
const HEX_HASH_SEGMENT = /[.-]([0-9a-f]{8,})(?:\.chunk)?\.[cm]?js$/;
const BASE64URL_HASH_SUFFIX = /-([A-Za-z0-9_-]{8})\.[cm]?js$/;

export function isContentHashedBundle(name: string): boolean {
  const hex = HEX_HASH_SEGMENT.exec(name)?.[1];
  // A hash mixes digits and letters; `20240101` or `deadbeef` alone is a date or a word.
  if (hex && /\d/.test(hex) && /[a-f]/.test(hex)) return true;
  const short = BASE64URL_HASH_SUFFIX.exec(name)?.[1];
  if (!short) return false;
  // Random base64url almost never reads as a word: `-ListItem`, `-settings`, `-v2-final` do.
  const wordLike = /^(?:[a-z]+|[A-Z]?[a-z]+(?:[A-Z][a-z]+)*\d*|[a-z0-9]+(?:-[a-z0-9]+)*)$/.test(short);
  return !wordLike && /[A-Z]/.test(short) && /[a-z0-9]/.test(short);
}

const CONFIG_GLOB: MinimatchOptions = { dot: true };

/** Far above any real .gitignore, far below what would hurt: a bigger one is refused, not read. */
export const MAX_IGNORE_FILE_BYTES = 4 * 1024 * 1024;

/** One .gitignore (or info/exclude) file: its patterns apply to paths relative to `base`. */
interface GitignoreFile {
  base: string;
  patterns: Ignore;
}

/** Turns a path into the forward-slash form globs are written in. */
export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Reads one .gitignore (or info/exclude) with git's semantics (the `ignore` package). Each line is
 * added on its own so a match can name its origin, e.g. `.gitignore:3`. Case-sensitive, as git is
 * by default on the systems Rugged runs CI on.
 */
export function parseGitignore(text: string, base: string, origin: string): GitignoreFile {
  const patterns = ignore({ ignorecase: false });
  text.split(/\r?\n/).forEach((line, index) => {
    patterns.add({ pattern: line, mark: `${origin}:${index + 1}` });
  });
  return { base, patterns };
}

/**
 * Answers "is this path left out of a scan, and why?" for one project root. It caches the
 * .gitignore rules per folder; create a new one when a .gitignore or the configuration changes.
 */
export class IgnoreMatcher {
  private readonly gitRoot: string | undefined;
  private readonly rulesByDirectory = new Map<string, GitignoreFile[]>();
  private readonly refused = new Map<string, string>();
  private readonly configGlobs: { glob: string; matcher: Minimatch }[];

  constructor(
    private readonly root: string,
    ignore: readonly string[],
  ) {
    this.gitRoot = findGitRoot(root);
    this.configGlobs = ignore.map((glob) => ({ glob, matcher: new Minimatch(glob.replace(/\/+$/, '').replace(/^\.\//, ''), CONFIG_GLOB) }));
  }

  /** Why the project's `ignore` globs leave this path out, if they do. */
  configReason(path: string): string | undefined {
    const rel = toPosix(relative(this.root, path));
    if (rel === '' || rel.startsWith('..')) return undefined;
    const hit = this.configGlobs.find(({ matcher }) => matcher.match(rel));
    return hit ? `ignored by .rugged.json "ignore": "${hit.glob}"` : undefined;
  }

  /** Why the default excludes leave this file or folder out, if they do (its own name only). */
  defaultReason(path: string, isDirectory: boolean): string | undefined {
    const name = basename(path);
    if (isDirectory) return DEFAULT_EXCLUDED_DIRECTORIES.includes(name) ? `default exclude "${name}/"` : undefined;
    if (GENERATED_FILE.test(name)) return 'default exclude for generated bundles (*.min.js, *.bundle.js)';
    return isContentHashedBundle(name) ? 'default exclude for generated bundles (content-hashed file name)' : undefined;
  }

  /** Why .gitignore files leave this file or folder out, if they do (its own name only). */
  gitignoreReason(path: string, isDirectory: boolean): string | undefined {
    // A deeper .gitignore overrides a shallower one; within a file the last matching line wins.
    const files = this.rulesFor(dirname(path));
    for (let i = files.length - 1; i >= 0; i--) {
      const { base, patterns } = files[i];
      const rel = toPosix(relative(base, path));
      if (rel === '' || rel.startsWith('..')) continue;
      const verdict = patterns.test(isDirectory ? `${rel}/` : rel);
      if (verdict.ignored) return `ignored by ${verdict.rule?.mark ?? 'a .gitignore'}`;
      if (verdict.unignored) return undefined;
    }
    return undefined;
  }

  /** Everything that leaves out one entry met while walking a folder. */
  reasonFor(path: string, isDirectory: boolean): string | undefined {
    return this.defaultReason(path, isDirectory) ?? this.gitignoreReason(path, isDirectory) ?? this.configReason(path);
  }

  /**
   * The same question for a path out of the blue (an editor's open file): it is ignored when it or
   * any folder between the project root and it is.
   */
  reasonForPath(path: string): string | undefined {
    const rel = relative(this.root, path);
    if (rel === '' || rel.startsWith('..')) return this.configReason(path);
    const parts = rel.split(sep);
    let current = this.root;
    for (let i = 0; i < parts.length; i++) {
      current = join(current, parts[i]);
      const reason = this.reasonFor(current, i < parts.length - 1);
      if (reason) return reason;
    }
    return undefined;
  }

  /** Ignore files met so far that exist but could not be applied (a FIFO, a device, too large). */
  unreadableIgnoreFiles(): { path: string; reason: string }[] {
    return [...this.refused].map(([path, reason]) => ({ path, reason }));
  }

  /** Ignore files that apply to entries of `directory`: from the git root (or project root) down to it. */
  private rulesFor(directory: string): GitignoreFile[] {
    const cached = this.rulesByDirectory.get(directory);
    if (cached) return cached;
    const top = this.gitRoot ?? this.root;
    const rel = relative(top, directory);
    let rules: GitignoreFile[];
    if (rel.startsWith('..')) {
      rules = [];
    } else if (rel === '') {
      rules = [...this.readRules(join(top, '.git', 'info', 'exclude'), top), ...this.readRules(join(top, '.gitignore'), top)];
    } else {
      rules = [...this.rulesFor(dirname(directory)), ...this.readRules(join(directory, '.gitignore'), directory)];
    }
    this.rulesByDirectory.set(directory, rules);
    return rules;
  }

  private readRules(file: string, base: string): GitignoreFile[] {
    const read = readRegularTextSync(file, MAX_IGNORE_FILE_BYTES);
    if (!read.ok) {
      // No .gitignore here is the common case and says nothing; anything else is worth a word.
      if (read.reason !== 'missing') this.refused.set(file, describeRefusal(read));
      return [];
    }
    return [parseGitignore(read.text, base, toPosix(relative(this.root, file)) || file)];
  }
}

/** The repository root at or above `start`, if `start` is inside a git working tree. */
export function findGitRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
