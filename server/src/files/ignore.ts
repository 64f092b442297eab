// Decides which files a scan leaves out: the default excludes (dependencies, build output, minified
// bundles), .gitignore files with git's own semantics, and the project's `ignore` globs.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Minimatch, type MinimatchOptions } from 'minimatch';
import { describeRefusal, readRegularTextSync } from './readRegularFile';

/** Folders never worth scanning: installed dependencies, build output, VCS data. */
export const DEFAULT_EXCLUDED_DIRECTORIES: readonly string[] = ['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.next', 'vendor'];

/** Generated bundles: minified or concatenated code is not where a fix would go. */
const GENERATED_FILE = /\.(?:min|bundle)\.[cm]?js$/i;

/** gitignore has no braces, extglobs or leading-! negation in minimatch's sense; we read `!` ourselves. */
const GITIGNORE_GLOB: MinimatchOptions = { dot: true, nonegate: true, nocomment: true, noext: true, nobrace: true };
const CONFIG_GLOB: MinimatchOptions = { dot: true };

/** Far above any real .gitignore, far below what would hurt: a bigger one is refused, not read. */
export const MAX_IGNORE_FILE_BYTES = 4 * 1024 * 1024;

interface GitignoreRule {
  /** Folder holding the .gitignore; patterns are relative to it. */
  base: string;
  matcher: Minimatch;
  negate: boolean;
  directoryOnly: boolean;
  /** For messages: `.gitignore:3` relative to the project root. */
  origin: string;
}

/** Turns a path into the forward-slash form globs are written in. */
export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Parses one .gitignore (or info/exclude) file into rules relative to `base`. */
export function parseGitignore(text: string, base: string, origin: string): GitignoreRule[] {
  const rules: GitignoreRule[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    if (rawLine.startsWith('#')) return;
    // Trailing spaces are dropped unless escaped with a backslash.
    let line = rawLine.replace(/(?<!\\)[ \t]+$/, '').replace(/\\ $/, ' ');
    if (line === '') return;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    const directoryOnly = line.endsWith('/');
    line = line.replace(/\/+$/, '');
    if (line === '') return;
    // A slash anywhere but the end anchors the pattern to the .gitignore's folder; otherwise it
    // matches a name at any depth below it.
    const anchored = line.includes('/');
    const pattern = anchored ? line.replace(/^\/+/, '') : `**/${line}`;
    rules.push({ base, matcher: new Minimatch(pattern, GITIGNORE_GLOB), negate, directoryOnly, origin: `${origin}:${index + 1}` });
  });
  return rules;
}

/**
 * Answers "is this path left out of a scan, and why?" for one project root. It caches the
 * .gitignore rules per folder; create a new one when a .gitignore or the configuration changes.
 */
export class IgnoreMatcher {
  private readonly gitRoot: string | undefined;
  private readonly rulesByDirectory = new Map<string, GitignoreRule[]>();
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
    return GENERATED_FILE.test(name) ? 'default exclude for generated bundles (*.min.js, *.bundle.js)' : undefined;
  }

  /** Why .gitignore files leave this file or folder out, if they do (its own name only). */
  gitignoreReason(path: string, isDirectory: boolean): string | undefined {
    let verdict: GitignoreRule | undefined;
    for (const rule of this.rulesFor(dirname(path))) {
      if (rule.directoryOnly && !isDirectory) continue;
      const rel = toPosix(relative(rule.base, path));
      if (rel === '' || rel.startsWith('..')) continue;
      if (rule.matcher.match(rel)) verdict = rule;
    }
    return verdict && !verdict.negate ? `ignored by ${verdict.origin}` : undefined;
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

  /** Rules that apply to entries of `directory`: from the git root (or project root) down to it. */
  private rulesFor(directory: string): GitignoreRule[] {
    const cached = this.rulesByDirectory.get(directory);
    if (cached) return cached;
    const top = this.gitRoot ?? this.root;
    const rel = relative(top, directory);
    let rules: GitignoreRule[];
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

  private readRules(file: string, base: string): GitignoreRule[] {
    const read = readRegularTextSync(file, MAX_IGNORE_FILE_BYTES);
    if (!read.ok) {
      // No .gitignore here is the common case and says nothing; anything else is worth a word.
      if (read.reason !== 'missing') this.refused.set(file, describeRefusal(read));
      return [];
    }
    return parseGitignore(read.text, base, toPosix(relative(this.root, file)) || file);
  }
}

/** The repository root at or above `start`, if `start` is inside a git working tree. */
export function findGitRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
