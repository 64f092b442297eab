// Which git binary Rugged runs. A bare `git` is looked up by the operating system, and on Windows
// that lookup tries the current folder (the workspace) first, so a `git.exe` planted in a
// repository would run the moment the Security backlog opens. Rugged therefore picks the binary
// itself: the first executable regular file named git on PATH, ignoring PATH entries that are
// empty, relative, or inside a folder the workspace controls, and spawns it by absolute path.
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { isWithinFolder } from '../files/pathContainment';

export interface GitLookup {
  /** The PATH value to search. */
  path: string;
  /** Windows' PATHEXT; ignored elsewhere. */
  pathext?: string;
  platform?: NodeJS.Platform;
  /** Folders whose contents must never be run: the workspace, the working directory. */
  untrusted: readonly string[];
}

/** Extensions a Windows process can be started from without a shell (execFile refuses .bat/.cmd). */
const SPAWNABLE_WINDOWS_EXTENSIONS = ['.exe', '.com'];

/** The absolute path of git, or undefined when no trusted PATH entry holds one. */
export function findGit(lookup: GitLookup): string | undefined {
  const platform = lookup.platform ?? process.platform;
  const untrusted = lookup.untrusted.flatMap(bothForms);
  for (const entry of trustedPathEntries(lookup.path, untrusted, platform)) {
    for (const name of candidateNames(platform, lookup.pathext)) {
      const candidate = join(entry, name);
      if (!isExecutableFile(candidate, platform)) continue;
      // A trusted folder may still hold a link into the workspace.
      const real = safeRealpath(candidate);
      if (real && untrusted.some((folder) => isWithinFolder(folder, real))) continue;
      return candidate;
    }
  }
  return undefined;
}

/** PATH entries Rugged may run programs from, in order; also the PATH handed to git itself. */
export function trustedPathEntries(path: string, untrusted: readonly string[], platform: NodeJS.Platform = process.platform): string[] {
  const separator = platform === 'win32' ? ';' : ':';
  const out: string[] = [];
  for (const raw of path.split(separator)) {
    // Windows allows quoted entries; an empty or relative entry means "the current folder".
    const entry = raw.trim().replace(/^"(.*)"$/, '$1');
    if (!entry || !isAbsolute(entry)) continue;
    const forms = bothForms(entry);
    if (untrusted.some((folder) => forms.some((form) => isWithinFolder(folder, form)))) continue;
    if (!out.includes(entry)) out.push(entry);
  }
  return out;
}

function candidateNames(platform: NodeJS.Platform, pathext: string | undefined): string[] {
  if (platform !== 'win32') return ['git'];
  const listed = (pathext ?? '.COM;.EXE').split(';').map((e) => e.trim().toLowerCase()).filter((e) => SPAWNABLE_WINDOWS_EXTENSIONS.includes(e));
  return (listed.length > 0 ? listed : SPAWNABLE_WINDOWS_EXTENSIONS).map((ext) => `git${ext}`);
}

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    // Windows has no execute bit; the extension is what makes a file runnable there.
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder as given and as resolved, so a symbolic link to the workspace does not slip through. */
function bothForms(folder: string): string[] {
  const given = resolve(folder);
  const real = safeRealpath(given);
  return real && real !== given ? [given, real] : [given];
}

function safeRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

