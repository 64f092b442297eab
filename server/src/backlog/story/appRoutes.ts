// Every route of an app with its full path: a router file's `router.post('/logout')` is
// `POST /account/logout` once `app.use('/account', require('./routes/account'))` mounts it, and a
// report that names the short path sends the reader to a URL that does not exist. One level of
// mounting, resolved by the mounted module's relative path. Pure: the caller reads the files.
import { posix } from 'node:path';
import { routesIn, type SourceFile } from './routeAuth';
import { joinRoute, mountsIn } from './routes';

export interface AppRoute {
  /** The file declaring the route. */
  file: SourceFile;
  method: string;
  /** With the mount prefix when a file of the app mounts the router. */
  path: string;
  line: number;
  /** Offsets of the handler function in `file.text`. */
  handler: [number, number];
}

const EXTENSIONS = ['', '.js', '.ts', '.mjs', '.cjs', '/index.js', '/index.ts'];

export function appRoutes(files: readonly SourceFile[]): AppRoute[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const prefixOf = new Map<string, string>();
  for (const file of files) {
    if (!/\.use\s*\(\s*['"`]\//.test(file.text)) continue;
    for (const mount of mountsIn(file.text, file.path)) {
      if (!mount.module?.startsWith('.')) continue;
      const base = posix.join(posix.dirname(file.path), mount.module);
      const target = EXTENSIONS.map((ext) => `${base}${ext}`).find((candidate) => byPath.has(candidate));
      if (target && !prefixOf.has(target)) prefixOf.set(target, mount.prefix);
    }
  }
  const out: AppRoute[] = [];
  for (const file of files) {
    if (!/\.(?:get|post|put|patch|delete|del|all)\s*\(/.test(file.text)) continue;
    const prefix = prefixOf.get(file.path);
    for (const r of routesIn(file)) out.push({ file, method: r.method, path: prefix ? joinRoute(prefix, r.path) : r.path, line: r.line, handler: r.handler });
  }
  return out;
}
