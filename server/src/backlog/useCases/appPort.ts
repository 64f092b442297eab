// Where the project's app listens by default, for the HTTP tests of its stories: the file package.json
// names (`main`, or what `npm start` runs), else the usual entry files, read and never run.
import { join } from 'node:path';
import { readSourceFile } from '../../files/walk';
import { listenPort } from '../story/listenPort';

const USUAL_ENTRIES = ['app.js', 'server.js', 'index.js', 'src/app.js', 'src/server.js', 'src/index.js'];
const MAX_ENTRY_SIZE = 1024 * 1024;

export function findAppPort(root: string, packageJson: string | undefined): number | undefined {
  for (const entry of entries(packageJson)) {
    const read = readSourceFile(join(root, entry), MAX_ENTRY_SIZE);
    const port = 'text' in read ? listenPort(read.text) : undefined;
    if (port) return port;
  }
  return undefined;
}

function entries(packageJson: string | undefined): string[] {
  const named: string[] = [];
  try {
    const pkg = JSON.parse(packageJson ?? '{}') as { main?: unknown; scripts?: { start?: unknown } };
    if (typeof pkg.main === 'string') named.push(pkg.main);
    const started = typeof pkg.scripts?.start === 'string' ? /\bnode\s+(?:--\S+\s+)*([^\s-]\S*)/.exec(pkg.scripts.start)?.[1] : undefined;
    if (started) named.push(started);
  } catch {
    // An unreadable package.json names no entry; the usual ones remain.
  }
  // Only files inside the project: package.json is the project's, not a path to trust.
  return [...new Set([...named, ...USUAL_ENTRIES])].filter((entry) => !entry.startsWith('/') && !entry.split(/[\\/]/).includes('..'));
}
