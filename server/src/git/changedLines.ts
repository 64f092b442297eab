// Which lines of the working tree changed since a Git ref, for `rugged scan --changed-since`.
// `git diff` against the working tree is the one git command Rugged runs that reads working files,
// and reading them applies the repository's clean filters (`filter.<name>.clean`/`process`, chosen
// by .gitattributes): programs the repository names. Every filter driver the configuration defines
// is therefore switched off for this command, on top of runGit's overrides; diff drivers and
// textconv are off by flag.
import { resolve } from 'node:path';
import { runGit, type ConfigOverride } from './command';
import { parseUnifiedDiff } from './unifiedDiff';

export interface ChangedLines {
  /** The commit the ref named, for messages. */
  commit: string;
  /** Absolute path -> changed line numbers (1-based) of the working-tree file; `'all'` for untracked files. */
  files: Map<string, Set<number> | 'all'>;
}

export type ChangedLinesResult = { ok: true; changes: ChangedLines } | { ok: false; error: string };

/** Lines added or modified in the working tree of the repository around `folder` since `ref`, plus untracked files. */
export async function changedLinesSince(folder: string, ref: string): Promise<ChangedLinesResult> {
  // A ref is a value, never an option: `--output=...` would make git write a file.
  if (ref.startsWith('-')) return { ok: false, error: `not a Git ref: "${ref}"` };
  const top = await runGit(folder, ['rev-parse', '--show-toplevel']);
  if (!top.ok) {
    return { ok: false, error: /not a git repository/i.test(top.error ?? '') ? `${folder} is not inside a Git repository` : `git failed: ${top.error}` };
  }
  const root = top.stdout.trim();
  const commit = await runGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const hash = commit.stdout.trim();
  if (!commit.ok || !/^[0-9a-f]{40,64}$/.test(hash)) return { ok: false, error: `unknown Git ref "${ref}" (no commit by that name in ${root})` };

  const filters = await filterOverrides(root);
  if (!filters.ok) return filters;
  const diff = await runGit(
    root,
    ['diff', '--no-ext-diff', '--no-textconv', '--no-color', '-U0', '--find-renames', '--src-prefix=a/', '--dst-prefix=b/', hash, '--'],
    [['core.quotePath', 'true'], ['diff.noprefix', 'false'], ['diff.relative', 'false'], ...filters.overrides],
  );
  if (!diff.ok) return { ok: false, error: `git diff failed: ${diff.error}` };
  const untracked = await runGit(root, ['ls-files', '-z', '--others', '--exclude-standard']);
  if (!untracked.ok) return { ok: false, error: `git ls-files failed: ${untracked.error}` };

  const files: ChangedLines['files'] = new Map();
  for (const [path, lines] of parseUnifiedDiff(diff.stdout)) files.set(resolve(root, path), lines);
  for (const path of untracked.stdout.split('\0').filter(Boolean)) files.set(resolve(root, path), 'all');
  return { ok: true, changes: { commit: hash, files } };
}

/** `-c filter.<name>.clean=` and friends for every filter driver the configuration names. */
async function filterOverrides(root: string): Promise<{ ok: true; overrides: ConfigOverride[] } | { ok: false; error: string }> {
  const listed = await runGit(root, ['config', '--null', '--name-only', '--get-regexp', '^filter\\.']);
  // Exit 1 with no output is "no such key": no filters configured.
  if (!listed.ok && listed.stdout !== '') return { ok: false, error: `git config failed: ${listed.error}` };
  const drivers = new Set<string>();
  for (const key of listed.stdout.split('\0').filter(Boolean)) {
    const name = key.slice('filter.'.length, key.lastIndexOf('.'));
    if (name) drivers.add(name);
  }
  const overrides: ConfigOverride[] = [];
  for (const name of drivers) {
    // `-c` splits at the first "=", so such a name cannot be overridden: refuse rather than run it.
    if (name.includes('=')) return { ok: false, error: `the repository configures a filter driver named "${name}" that cannot be switched off; not running git diff` };
    overrides.push([`filter.${name}.clean`, ''], [`filter.${name}.smudge`, ''], [`filter.${name}.process`, ''], [`filter.${name}.required`, 'false']);
  }
  return { ok: true, overrides };
}
