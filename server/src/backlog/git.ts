// Facts from Git for a story's entry point and for the evidence report. Git is run with execFile
// (no shell, arguments never interpreted) and with the repository's hooks that could run code
// (fsmonitor, external diff, textconv) switched off: scanning a workspace never executes its code.
import { execFile } from 'node:child_process';
import { relative, sep } from 'node:path';
import { stripCredentials } from './permalink';

export interface GitFacts {
  /** False when the folder is not inside a Git work tree, or Git is not installed. */
  isRepo: boolean;
  /** Absolute path of the work tree's top level. */
  topLevel?: string;
  /** Full hash of HEAD; absent in a repository without commits. */
  commit?: string;
  /** `origin`'s URL without credentials. */
  remote?: string;
  /** Why the facts are missing, in words for the user. */
  note?: string;
}

export interface GitResult {
  ok: boolean;
  stdout: string;
  /** Short reason when not ok: "git is not installed", the first line of stderr, ... */
  error?: string;
}

const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'diff.external=', '-c', 'core.hooksPath=/dev/null'];
const TIMEOUT_MS = 10_000;

/** Runs `git <args>` in `cwd`; never throws. */
export function runGit(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolvePromise) => {
    execFile(
      'git',
      [...SAFE_CONFIG, ...args],
      { cwd, timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } },
      (error, stdout, stderr) => {
        if (!error) return resolvePromise({ ok: true, stdout: String(stdout) });
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? 'git is not installed or not on PATH' : String(stderr).split('\n').find((l) => l.trim()) ?? error.message.split('\n')[0];
        resolvePromise({ ok: false, stdout: String(stdout), error: reason.trim() });
      },
    );
  });
}

/** HEAD, top level and origin of the repository around `folder`. */
export async function readGitFacts(folder: string): Promise<GitFacts> {
  const top = await runGit(folder, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return { isRepo: false, note: /not a git repository/i.test(top.error ?? '') ? 'not a Git repository' : top.error };
  const topLevel = top.stdout.trim();
  const facts: GitFacts = { isRepo: true, topLevel };
  const head = await runGit(folder, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  if (head.ok && /^[0-9a-f]{40,64}$/.test(head.stdout.trim())) facts.commit = head.stdout.trim();
  else facts.note = 'the repository has no commits yet';
  const origin = await runGit(folder, ['remote', 'get-url', 'origin']);
  if (origin.ok && origin.stdout.trim()) facts.remote = stripCredentials(origin.stdout.trim());
  return facts;
}

/** The file as committed at HEAD, to tell whether the quoted lines match the permalink. */
export async function committedText(topLevel: string, repoPath: string): Promise<string | undefined> {
  // cat-file prints the raw blob: no textconv filter from the repository's attributes runs.
  const result = await runGit(topLevel, ['cat-file', 'blob', `HEAD:${repoPath}`]);
  return result.ok ? result.stdout : undefined;
}

export interface CommitRef {
  hash: string;
  subject: string;
}

/** Commits that touched `repoPath`, newest first, optionally only those after `since` (ISO date). */
export async function commitsTouching(topLevel: string, repoPath: string, since?: string, limit = 20): Promise<CommitRef[]> {
  const args = ['log', `--max-count=${limit}`, '--format=%H %s', '--no-ext-diff', '--no-textconv'];
  if (since) args.push(`--since=${since}`);
  args.push('--', repoPath);
  const result = await runGit(topLevel, args);
  if (!result.ok) return [];
  return result.stdout
    .split('\n')
    .filter((line) => /^[0-9a-f]{40,64} /.test(line))
    .map((line) => ({ hash: line.slice(0, line.indexOf(' ')), subject: line.slice(line.indexOf(' ') + 1) }));
}

/** `file` relative to `base` with forward slashes. */
export function toPosixRelative(base: string, file: string): string {
  return relative(base, file).split(sep).join('/');
}
