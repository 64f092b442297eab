// Whether one absolute path lies inside another, by path arithmetic alone: callers that must not
// be fooled by links resolve both sides first (realpath), then ask here.
import { isAbsolute, relative, sep } from 'node:path';

/** True when `child` is `folder` itself or inside it; a sibling named `..x` counts as inside. */
export function isWithinFolder(folder: string, child: string): boolean {
  const rel = relative(folder, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
