// Every route of an app with its full path: a router file's `router.post('/logout')` is
// `POST /account/logout` once `app.use('/account', require('./routes/account'))` mounts it, and a
// report that names the short path sends the reader to a URL that does not exist. Mounts are followed
// to any depth (mountChains.ts). A route added to a router another file exports
// (`const router = require('./admin'); router.get(...)`) takes that router's mounts. Pure: the
// caller reads the files.
import { mountIndex, fullPrefix, type MountIndex } from './mountChains';
import { routesIn, type MountLevel, type SourceFile } from './routeAuth';
import { joinRoute, mountsIn, requiredModule, type Mount } from './routes';
import { parseSource } from '../../engine/parse';
import { simpleTraverse } from '@typescript-eslint/typescript-estree';

export interface AppRoute {
  /** The file declaring the route. */
  file: SourceFile;
  method: string;
  /** With the mount prefix when a file of the app mounts the router. */
  path: string;
  line: number;
  /** Offsets of the handler function in `file.text`. */
  handler: [number, number];
  /** The object the route is declared on (`router`, `app`). */
  router: string;
  /** Where the router is mounted, innermost first (empty for the app's own routes and unmounted routers). */
  chain: readonly MountLevel[];
  /** The file whose router the route is added to, when another file declares it (the chain mounts that file). */
  routerFile?: SourceFile;
}

export function appRoutes(files: readonly SourceFile[], index: MountIndex = mountIndex(files)): AppRoute[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const out: AppRoute[] = [];
  for (const file of files) {
    if (!/\.(?:get|post|put|patch|delete|del|all)\s*\(/.test(file.text)) continue;
    const required = /\brequire\s*\(|\bimport\b/.test(file.text) ? requiredNames(file) : new Map<string, string>();
    const local = /\.use\s*\(/.test(file.text) ? mountsIn(file.text, file.path).filter((m) => m.local && !m.module) : [];
    for (const r of routesIn(file)) {
      const module = required.get(r.router);
      const routerFile = module ? byPath.get(index.resolve(module, file.path) ?? '') : undefined;
      const chain = r.router === 'app' ? [] : [...localChain(file, r.router, local), ...index.chain(routerFile?.path ?? file.path)];
      const prefix = fullPrefix(chain);
      out.push({
        file,
        method: r.method,
        path: prefix ? joinRoute(prefix, r.path) : r.path,
        line: r.line,
        handler: r.handler,
        router: r.router,
        chain,
        ...(routerFile ? { routerFile } : {}),
      });
    }
  }
  return out;
}

/** A router mounted in its own file (`admin.use('/users', users)`, `app.use('/admin', admin)`), level by level up to the file's exported router or the app. */
function localChain(file: SourceFile, router: string, local: readonly Mount[]): MountLevel[] {
  const out: MountLevel[] = [];
  const seen = new Set<string>();
  for (let name: string | undefined = router; name && !seen.has(name); ) {
    seen.add(name);
    const mount = local.find((m) => m.local === name);
    if (!mount) break;
    out.push({ path: file.path, text: file.text, prefix: mount.prefix, local: name });
    name = mount.owner;
  }
  return out;
}

/** Names bound to `require('./x')` or a default import of './x': a router another file declares. */
function requiredNames(file: SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  const parsed = parseSource(file.text, file.path);
  if (!parsed.ok) return out;
  simpleTraverse(parsed.ast, {
    enter(node) {
      if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
        const spec = requiredModule(node.init);
        if (spec?.startsWith('.')) out.set(node.id.name, spec);
      }
      if (node.type === 'ImportDeclaration' && typeof node.source.value === 'string' && node.source.value.startsWith('.')) {
        for (const s of node.specifiers) if (s.type === 'ImportDefaultSpecifier') out.set(s.local.name, node.source.value);
      }
    },
  });
  return out;
}
