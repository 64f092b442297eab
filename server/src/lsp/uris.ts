// File URIs compared by the file they name: editors and Node spell the same path differently
// (VS Code percent-encodes `=`, `@`, `&`..., Node's pathToFileURL does not), so strings alone
// would make one file two.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isWithinFolder } from '../files/pathContainment';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).toString();
}

/** One spelling per file; other schemes are kept as they are. */
export function canonicalUri(uri: string): string {
  const path = uriToPath(uri);
  return path === undefined ? uri : pathToUri(path);
}

/** `path` is `folder` or lies below it (the file listing's containment, argument order of the server's callers). */
export function isInsidePath(path: string, folder: string): boolean {
  return isWithinFolder(folder, path);
}
