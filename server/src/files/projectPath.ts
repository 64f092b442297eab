// The path the engine's context policy classifies: relative to the project root, forward slashes,
// so `**/test/**` means a folder of the project and never one above it.
import { relative } from 'node:path';
import { toPosix } from './ignore';

export function projectPath(projectRoot: string, file: string): string {
  return toPosix(relative(projectRoot, file));
}
