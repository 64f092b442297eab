// Which folders may hold the backlog. The folder comes from files the workspace controls
// (.rugged.json, backlog.config.yml) or from the command line, and Rugged creates folders and
// files in it, so it must be a folder of its own inside the workspace: not the workspace root,
// not outside it (by an absolute path, `..` or a symbolic link), and not Git's own folder, whose
// hooks and configuration Git runs.
import { isAbsolute, normalize, relative, sep } from 'node:path';
import { BacklogError } from '../../backlog';
import type { FileSystem } from './fileSystem';

/** A folder value and the setting it came from, for the refusal message. */
export interface FolderSetting {
  value: string;
  /** `backlog.directory (.rugged.json)`, `--backlog`, `backlog_directory (backlog.config.yml)`. */
  setting: string;
}

export function refuse(folder: FolderSetting, reason: string): BacklogError {
  return new BacklogError(
    'outside-workspace',
    folder.value,
    `${folder.setting} "${folder.value}" is refused: ${reason}. Use a folder of its own inside the workspace, such as "backlog"; nothing was written.`,
  );
}

/** Names Git's folder goes by, also as Windows sees them (case, trailing dots and spaces, 8.3 name). */
function isGitFolderName(segment: string): boolean {
  const name = segment.toLowerCase().replace(/[. ]+$/, '');
  return name === '.git' || /^git~\d+$/.test(name);
}

/** The folder relative to the root, normalised; refuses what the text alone shows is wrong. */
export function checkedRelative(folder: FolderSetting): string {
  const value = folder.value;
  if (value.includes('\0')) throw refuse(folder, 'it holds a NUL character');
  const trimmed = value.trim();
  if (isAbsolute(trimmed) || /^[A-Za-z]:/.test(trimmed) || /^[\\/]{2}/.test(trimmed)) throw refuse(folder, 'it is an absolute path; give it relative to the workspace root');
  const normalised = normalize(trimmed || '.').replace(/[\\/]+$/, '');
  const segments = normalised.split(/[\\/]/);
  if (segments.includes('..')) throw refuse(folder, 'it leads out of the workspace');
  if (normalised === '.' || normalised === '') throw refuse(folder, 'it is the workspace root itself');
  if (segments.some(isGitFolderName)) throw refuse(folder, "it is Git's own folder or inside it");
  return normalised;
}

/**
 * Refuses a folder whose real path (symbolic links resolved) is outside the root, is the root, or
 * lies in a Git folder under any name (a `.git` file can point Git at any folder).
 */
export async function checkRealFolder(fs: FileSystem, root: string, path: string, real: string, folder: FolderSetting, allowRoot = false): Promise<void> {
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel)) throw refuse(folder, `${path} resolves to ${real}, outside the workspace ${root}`);
  if (rel === '') {
    if (allowRoot) return;
    throw refuse(folder, `${path} resolves to the workspace root itself`);
  }
  const segments = rel.split(sep);
  if (segments.some(isGitFolderName)) throw refuse(folder, `${path} resolves to ${real}, inside Git's own folder`);
  for (let depth = 1; depth <= segments.length; depth++) {
    const ancestor = [root, ...segments.slice(0, depth)].join(sep);
    if (await looksLikeGitFolder(fs, ancestor)) throw refuse(folder, `${path} resolves to ${real}, inside the Git folder ${ancestor}`);
  }
}

/** Git's own folder has a HEAD file next to objects/ and refs/. */
async function looksLikeGitFolder(fs: FileSystem, path: string): Promise<boolean> {
  try {
    const [head, objects, refs] = await Promise.all([fs.stat(`${path}${sep}HEAD`), fs.stat(`${path}${sep}objects`), fs.stat(`${path}${sep}refs`)]);
    return head.isFile() && objects.isDirectory() && refs.isDirectory();
  } catch {
    return false;
  }
}
