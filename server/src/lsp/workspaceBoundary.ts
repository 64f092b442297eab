// The one gate for every request that reads or writes the disk by a path the client names: the
// path must lie inside a workspace folder once `..` and symbolic links are resolved on both sides.
// A link inside the workspace that points elsewhere is elsewhere. Without workspace folders (an
// editor started on a single file) nothing on disk is reachable this way: diagnostics of open
// documents still work, because their text comes from the editor.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { ErrorCodes, ResponseError, type WorkspaceFolder } from 'vscode-languageserver';
import { isInsidePath, uriToPath } from './uris';

export interface Inside {
  /** The target's real path. */
  path: string;
  /** The real path of the innermost workspace folder holding it. */
  folder: string;
}

export class WorkspaceBoundary {
  constructor(private readonly folders: () => readonly WorkspaceFolder[]) {}

  /** Where `pathOrUri` really is, if that is inside a workspace folder. */
  locate(pathOrUri: string): Inside | undefined {
    // A file URI or an absolute path; other schemes and relative paths name nothing on this disk.
    const lexical = pathOrUri.startsWith('file:') ? uriToPath(pathOrUri) : isAbsolute(pathOrUri) ? pathOrUri : undefined;
    if (lexical === undefined) return undefined;
    const path = realPath(resolve(lexical));
    if (path === undefined) return undefined;
    let best: string | undefined;
    for (const folder of this.folders()) {
      const folderPath = uriToPath(folder.uri);
      const real = folderPath === undefined ? undefined : realPath(resolve(folderPath));
      if (real !== undefined && isInsidePath(path, real) && (best === undefined || real.length > best.length)) best = real;
    }
    return best === undefined ? undefined : { path, folder: best };
  }

  /** Like `locate`, but a path outside is refused with an error that names it. */
  require(pathOrUri: string, what: string): Inside {
    const inside = this.locate(pathOrUri);
    if (inside) return inside;
    if (this.folders().length === 0) {
      throw new ResponseError(ErrorCodes.InvalidParams, `Rugged refuses to ${what} ${pathOrUri}: the editor opened no workspace folder; open the project folder first.`);
    }
    throw new ResponseError(ErrorCodes.InvalidParams, `Rugged refuses to ${what} ${pathOrUri}: it is outside the workspace folders.`);
  }
}

/**
 * The real path of `path`; for a path that does not exist yet (an unsaved new file), the real path
 * of its nearest existing ancestor with the rest appended, so a missing leaf cannot hide a link.
 */
export function realPath(path: string): string | undefined {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync.native(current), ...missing.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
      const parent = dirname(current);
      if (parent === current) return undefined;
      missing.push(basename(current));
      current = parent;
    }
  }
}
