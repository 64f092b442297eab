// The project's manifests (package.json, its lockfile, installed packages' own package.json), read
// within the same size cap as any workspace file: what a story and the report need to know of the
// libraries the code runs on.
import { join } from 'node:path';
import { readSourceFile } from '../../files/walk';
import { installedVersions } from '../story/libraryVersions';

/** A manifest of the project, or undefined when it is missing, unreadable or over the cap. */
export function readProjectFile(root: string, name: string): string | undefined {
  const read = readSourceFile(join(root, name), 4 * 1024 * 1024);
  return 'text' in read ? read.text : undefined;
}

/** Installed (else declared) versions of the project's libraries, by package name. */
export function projectLibraries(root: string): Record<string, string> {
  return installedVersions(readProjectFile(root, 'package.json'), readProjectFile(root, 'package-lock.json'), (name) => readProjectFile(root, join('node_modules', name, 'package.json')));
}
