// Reads the application's own source (product code: not tests, fixtures, examples or vendored
// code, by the engine's context policy) for the checks that look at the app as a whole: the
// evidence a platform story is rated from, and the features a scan has no rule for. Files are read
// within the usual caps and never run.
import type { LoadedConfig } from '../../config/load';
import { classifyPath } from '../../engine/contextPolicy';
import { projectPath } from '../../files/projectPath';
import { listFiles, readSourceFile } from '../../files/walk';
import { toPosixRelative } from '../git/facts';
import type { SourceFile } from '../story/routeAuth';

const MAX_FILES_READ = 500;

/** The product source files under `root`, with paths relative to `base` (the Git top level, else the root). */
export function readAppSources(root: string, base: string, config: LoadedConfig): SourceFile[] {
  const list = listFiles([root], { root, ignore: config.ignore, maxFileSize: config.engine.maxFileSize });
  const out: SourceFile[] = [];
  for (const file of list.files) {
    if (out.length >= MAX_FILES_READ) break;
    // Tests (Rugged's own story tests among them) start servers and send cookies on purpose.
    if (classifyPath(projectPath(root, file), config.engine.contexts)) continue;
    const read = readSourceFile(file, config.engine.maxFileSize);
    if ('text' in read) out.push({ path: toPosixRelative(base, file), text: read.text });
  }
  return out;
}
