// Where the workspace mounts a router file, to any depth (story/mountChains.ts): the workspace is
// listed and read once, the files that call `.use(` kept, and the chain built over them. Reads files
// only (never runs them).
import { resolve } from 'node:path';
import type { LoadedConfig } from '../../config/load';
import { listFiles, readSourceFile } from '../../files/walk';
import { fullPrefix, mountIndex } from '../story/mountChains';
import type { SourceFile } from '../story/routeAuth';

export { fullPrefix } from '../story/mountChains';

const MAX_FILES_READ = 2000;

/** One level of a mount chain: `file` (absolute) mounts the level below under `prefix`; `local` names the router it mounts when that router is declared in `file` too. */
export interface MountLevel {
  prefix: string;
  file: string;
  text: string;
  local?: string;
}

export function findMountPrefix(root: string, file: string, config: LoadedConfig): string | undefined {
  return fullPrefix(findMountChain(root, file, config));
}

/** The mounts of a router file from the innermost up (story/mountChains.ts `chain`). */
export function findMountChain(root: string, file: string, config: LoadedConfig): MountLevel[] {
  const list = listFiles([root], { root, ignore: config.ignore, maxFileSize: config.engine.maxFileSize });
  const mounting: SourceFile[] = [];
  for (const candidate of list.files.slice(0, MAX_FILES_READ)) {
    const source = readSourceFile(candidate, config.engine.maxFileSize);
    if ('text' in source && source.text.includes('.use(')) mounting.push({ path: resolve(candidate), text: source.text });
  }
  const index = mountIndex(mounting, [...list.files.map((f) => resolve(f)), resolve(file)]);
  return index.chain(resolve(file)).map((level) => ({ prefix: level.prefix, file: level.path, text: level.text, ...(level.local ? { local: level.local } : {}) }));
}
