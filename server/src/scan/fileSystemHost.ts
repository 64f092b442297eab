// The module resolver's view of the disk: regular files only, configuration read within a small
// byte cap, so a hostile workspace cannot make resolution read a device or a huge file.
import { readdirSync, statSync } from 'node:fs';
import { readRegularTextSync } from '../files/readRegularFile';
import type { ResolverHost } from './moduleResolver';

/** package.json and tsconfig.json larger than this are not read. */
const CONFIG_CAP_BYTES = 256 * 1024;

export function fileSystemHost(): ResolverHost {
  const files = new Map<string, boolean>();
  return {
    isFile(path) {
      let known = files.get(path);
      if (known === undefined) {
        try {
          known = statSync(path).isFile();
        } catch {
          known = false;
        }
        files.set(path, known);
      }
      return known;
    },
    readText(path) {
      const read = readRegularTextSync(path, CONFIG_CAP_BYTES);
      return read.ok ? read.text : undefined;
    },
    listDirs(path) {
      try {
        return readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
      } catch {
        return [];
      }
    },
  };
}
