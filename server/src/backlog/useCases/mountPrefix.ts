// Where the workspace mounts a router file: `app.use('/products', require('./routes/products'))` or
// a required name passed to `use` in another file. Reads files only (never runs them), the ones
// whose text names the router file, and stops at the first mount it finds.
import { basename, dirname, resolve } from 'node:path';
import type { LoadedConfig } from '../../config/load';
import { listFiles, readSourceFile } from '../../files/walk';
import { mountsIn } from '../story/routes';

const MAX_FILES_READ = 2000;
const EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '/index.js', '/index.ts'];

export function findMountPrefix(root: string, file: string, config: LoadedConfig): string | undefined {
  return findMount(root, file, config)?.prefix;
}

/** The mount of a router file with the file that mounts it (absolute path and text), for the route's authentication. */
export function findMount(root: string, file: string, config: LoadedConfig): { prefix: string; file: string; text: string } | undefined {
  const target = resolve(file);
  const base = basename(target).replace(/\.[^.]+$/, '');
  const list = listFiles([root], { root, ignore: config.ignore, maxFileSize: config.engine.maxFileSize });
  let read = 0;
  for (const candidate of list.files) {
    if (candidate === target || read >= MAX_FILES_READ) continue;
    read += 1;
    const source = readSourceFile(candidate, config.engine.maxFileSize);
    if (!('text' in source) || !source.text.includes(base) || !source.text.includes('.use(')) continue;
    for (const mount of mountsIn(source.text, candidate)) {
      if (!mount.module?.startsWith('.')) continue;
      const resolved = resolve(dirname(candidate), mount.module);
      if (EXTENSIONS.some((ext) => resolved + ext === target)) return { prefix: mount.prefix, file: candidate, text: source.text };
    }
  }
  return undefined;
}
