// Facts from Git for a story's entry point and for the evidence report. Every question is asked
// through runGit (server/src/git/command.ts), which starts no program the repository names, and with plumbing
// commands that apply no diff, filter, signature or pager configuration.
import { relative, sep } from 'node:path';
import { runGit } from '../../git/command';
import { stripCredentials } from '../story/permalink';
import type { CommitRef } from '../story/types';

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

/** Commits that touched `repoPath`, newest first, optionally only those after `since` (ISO date). */
export async function commitsTouching(topLevel: string, repoPath: string, since?: string, limit = 20): Promise<CommitRef[]> {
  // rev-list, not log: it reads no log.* settings (log.showSignature would start gpg.program) and
  // compares trees by object id, so no diff driver or textconv runs. The path is literal
  // (GIT_LITERAL_PATHSPECS), so a story's path cannot carry pathspec magic.
  const args = ['rev-list', `--max-count=${limit}`, '--format=%H %s'];
  if (since) args.push(`--since=${since}`);
  args.push('HEAD', '--', repoPath);
  const result = await runGit(topLevel, args);
  if (!result.ok) return [];
  // Each commit gives a "commit <hash>" header line, then the formatted line.
  return result.stdout
    .split('\n')
    .filter((line) => /^[0-9a-f]{40,64} /.test(line))
    .map((line) => ({ hash: line.slice(0, line.indexOf(' ')), subject: line.slice(line.indexOf(' ') + 1) }));
}

/** `file` relative to `base` with forward slashes. */
export function toPosixRelative(base: string, file: string): string {
  return relative(base, file).split(sep).join('/');
}
