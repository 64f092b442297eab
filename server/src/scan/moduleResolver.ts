// Resolves an import specifier to a file of the workspace, the way Node and TypeScript would,
// without running anything: relative paths with their extensions and `index` files, TypeScript
// `paths`/`baseUrl` from the root tsconfig.json (jsconfig.json in a JavaScript project) and the
// configurations it extends (tsconfigPaths.ts), and the packages of npm/yarn/pnpm workspaces
// through their package.json `exports`/`main`. Third-party packages are never resolved.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { readConfigJson as readJson } from './configJson';
import type { ResolverHost } from './resolverHost';
import { readProjectPaths } from './tsconfigPaths';

export type { ResolverHost } from './resolverHost';

export interface ModuleResolver {
  /** The workspace file `specifier` names when imported from `fromFile`, or undefined. */
  resolve(specifier: string, fromFile: string): string | undefined;
  /** The tsconfig.json or jsconfig.json files read for `paths`, extended ones included. */
  readonly configFiles: readonly string[];
}

/**
 * Names of the files whose content changes what a specifier resolves to: a front end that keeps a
 * resolver (the language server) builds a new one when one of them changes.
 */
export const RESOLUTION_CONFIG_FILES: readonly string[] = ['tsconfig.json', 'jsconfig.json', 'package.json', 'pnpm-workspace.yaml'];

/**
 * Whether a file is one whose content changes resolution wherever it lies in a workspace: one of
 * RESOLUTION_CONFIG_FILES outside node_modules (installed packages are never resolved into). A
 * configuration a tsconfig `extends` counts as well, through `ModuleResolver.configFiles`.
 */
export function isResolutionConfigFile(path: string): boolean {
  const parts = path.split(/[\\/]/);
  return RESOLUTION_CONFIG_FILES.includes(parts[parts.length - 1] ?? '') && !parts.includes('node_modules');
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** Conditions read in a package's `exports`, in order of preference. */
const CONDITIONS = ['types', 'import', 'require', 'node', 'default'];

export function createModuleResolver(root: string, host: ResolverHost): ModuleResolver {
  const { paths: tsconfig, files: configFiles } = readProjectPaths(root, host);
  const packages = workspacePackages(root, host);

  function inside(path: string): boolean {
    const rel = relative(root, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(/[\\/]/).includes('node_modules');
  }

  function asFile(path: string): string | undefined {
    if (!inside(path)) return undefined;
    if (host.isFile(path)) return path;
    for (const ext of EXTENSIONS) if (host.isFile(path + ext)) return path + ext;
    // TypeScript's ESM style names the output: `import './user.js'` means user.ts.
    const js = /\.(m|c)?js$/.exec(path);
    if (js) {
      const stem = path.slice(0, -js[0].length);
      for (const ext of ['.ts', '.tsx', '.mts', '.cts']) if (host.isFile(stem + ext)) return stem + ext;
    }
    return undefined;
  }

  function asDirectory(path: string): string | undefined {
    if (!inside(path) && path !== root) return undefined;
    const manifest = readJson(join(path, 'package.json'), host);
    const main = manifest && typeof manifest.main === 'string' ? manifest.main : undefined;
    if (main) {
      const target = asFile(resolve(path, main)) ?? indexOf(resolve(path, main));
      if (target) return target;
    }
    return indexOf(path);
  }

  function indexOf(path: string): string | undefined {
    for (const ext of EXTENSIONS) if (host.isFile(join(path, 'index' + ext))) return join(path, 'index' + ext);
    return undefined;
  }

  function fileOrDirectory(path: string): string | undefined {
    return asFile(path) ?? asDirectory(path);
  }

  function fromPackage(specifier: string): string | undefined {
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    const dir = packages.get(name);
    if (!dir) return undefined;
    const subpath = '.' + specifier.slice(name.length);
    const manifest = readJson(join(dir, 'package.json'), host);
    const exported = manifest ? exportTarget(manifest.exports, subpath) : undefined;
    if (exported) return fileOrDirectory(resolve(dir, exported));
    return subpath === '.' ? asDirectory(dir) : fileOrDirectory(resolve(dir, subpath));
  }

  function fromPaths(specifier: string): string | undefined {
    if (!tsconfig) return undefined;
    for (const mapping of tsconfig.paths) {
      if (!specifier.startsWith(mapping.prefix) || !specifier.endsWith(mapping.suffix)) continue;
      if (!mapping.wildcard && specifier !== mapping.prefix) continue;
      const star = specifier.slice(mapping.prefix.length, specifier.length - mapping.suffix.length);
      for (const target of mapping.targets) {
        const found = fileOrDirectory(resolve(tsconfig.base, target.replace('*', star)));
        if (found) return found;
      }
    }
    return tsconfig.baseUrl ? fileOrDirectory(resolve(tsconfig.baseUrl, specifier)) : undefined;
  }

  return {
    configFiles,
    resolve(specifier, fromFile) {
      if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
        return fileOrDirectory(resolve(dirname(fromFile), specifier));
      }
      if (specifier.startsWith('node:') || isAbsolute(specifier)) return undefined;
      return fromPaths(specifier) ?? fromPackage(specifier);
    },
  };
}

/** The file a package's `exports` maps a subpath to: a string, a subpath map, or nested conditions. */
function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined;
  if (!exports || typeof exports !== 'object' || Array.isArray(exports)) return undefined;
  const map = exports as Record<string, unknown>;
  const isSubpathMap = Object.keys(map).some((k) => k.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? conditionTarget(map) : undefined;
  const entry = map[subpath];
  if (entry !== undefined) return typeof entry === 'string' ? entry : conditionTarget(entry);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0 || !subpath.startsWith(key.slice(0, star)) || !subpath.endsWith(key.slice(star + 1))) continue;
    const target = typeof value === 'string' ? value : conditionTarget(value);
    if (target) return target.replace('*', subpath.slice(star, subpath.length - (key.length - star - 1)));
  }
  return undefined;
}

function conditionTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return undefined;
  for (const condition of CONDITIONS) {
    const target = conditionTarget((value as Record<string, unknown>)[condition]);
    if (target) return target;
  }
  return undefined;
}

/** Workspace package name → folder, from package.json `workspaces` and pnpm-workspace.yaml. */
function workspacePackages(root: string, host: ResolverHost): Map<string, string> {
  const patterns: string[] = [];
  const manifest = readJson(join(root, 'package.json'), host);
  const declared = manifest?.workspaces;
  if (Array.isArray(declared)) patterns.push(...declared.filter((p): p is string => typeof p === 'string'));
  else if (declared && typeof declared === 'object' && Array.isArray((declared as { packages?: unknown }).packages)) {
    patterns.push(...((declared as { packages: unknown[] }).packages.filter((p): p is string => typeof p === 'string')));
  }
  const pnpm = host.readText(join(root, 'pnpm-workspace.yaml'));
  if (pnpm) for (const match of pnpm.matchAll(/^\s*-\s*['"]?([^'"\n#]+?)['"]?\s*$/gm)) patterns.push(match[1]);
  const out = new Map<string, string>();
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue;
    for (const dir of expandFolderPattern(root, pattern.replace(/\/+$/, ''), host)) {
      const name = readJson(join(dir, 'package.json'), host)?.name;
      if (typeof name === 'string' && !out.has(name)) out.set(name, dir);
    }
  }
  return out;
}

/** `packages/*` and `apps/web`: the folders a workspace pattern names (`**` is read as `*`). */
function expandFolderPattern(root: string, pattern: string, host: ResolverHost): string[] {
  let dirs = [root];
  for (const part of pattern.split('/')) {
    if (part === '' || part === '.') continue;
    dirs = part === '*' || part === '**' ? dirs.flatMap((d) => host.listDirs(d).filter((n) => n !== 'node_modules' && !n.startsWith('.')).map((n) => join(d, n))) : dirs.map((d) => join(d, part));
  }
  return dirs;
}
