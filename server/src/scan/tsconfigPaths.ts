// TypeScript's `paths` and `baseUrl` for a project, as tsc reads them: from the root tsconfig.json
// (jsconfig.json where there is none) and the configurations it `extends`, relative files or
// packages in node_modules (`@tsconfig/node20/tsconfig.json`, or `@org/tsconfig/node` through the
// package's `exports`), in chains and arrays. Each option is relative to the file that declares
// it, and a later configuration overrides an earlier one.
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readConfigJson } from './configJson';
import { exportedFile } from './packageExports';
import type { ResolverHost } from './resolverHost';

export interface PathMapping {
  prefix: string;
  suffix: string;
  wildcard: boolean;
  targets: string[];
}

export interface ProjectPaths {
  /** The folder `paths` targets are relative to: `baseUrl`, else the folder of the file declaring `paths`. */
  base: string;
  baseUrl?: string;
  /** Most specific pattern first. */
  paths: PathMapping[];
}

export interface ProjectPathsRead {
  paths: ProjectPaths | undefined;
  /** Every configuration file read on the way (extended ones included), so a change of any can be noticed. */
  files: string[];
}

/**
 * The conditions tsc matches in a package's `exports` when it looks up an extended configuration
 * (a CommonJS lookup; `default` always matches).
 */
const CONFIG_CONDITIONS: ReadonlySet<string> = new Set(['require', 'types', 'node']);

/** Deeper chains than this are not followed (tsc has no bound; a real project uses two or three). */
const MAX_EXTENDS_DEPTH = 16;

interface Declared {
  baseUrl?: string;
  paths?: { entries: Record<string, unknown>; declaredIn: string };
}

export function readProjectPaths(root: string, host: ResolverHost): ProjectPathsRead {
  const tsconfig = join(root, 'tsconfig.json');
  const file = host.isFile(tsconfig) ? tsconfig : join(root, 'jsconfig.json');
  const files: string[] = [];
  const declared = declaredIn(file, host, [], files);
  if (!declared || (declared.baseUrl === undefined && !declared.paths)) return { paths: undefined, files };
  const base = declared.baseUrl ?? declared.paths?.declaredIn ?? root;
  const mappings: PathMapping[] = [];
  for (const [pattern, targets] of Object.entries(declared.paths?.entries ?? {})) {
    if (!Array.isArray(targets)) continue;
    const star = pattern.indexOf('*');
    mappings.push({
      prefix: star < 0 ? pattern : pattern.slice(0, star),
      suffix: star < 0 ? '' : pattern.slice(star + 1),
      wildcard: star >= 0,
      targets: targets.filter((t): t is string => typeof t === 'string'),
    });
  }
  // Longest prefix first, as TypeScript picks the most specific pattern.
  mappings.sort((a, b) => b.prefix.length - a.prefix.length);
  const paths: ProjectPaths = { base, paths: mappings };
  if (declared.baseUrl !== undefined) paths.baseUrl = declared.baseUrl;
  return { paths, files };
}

/** The options a configuration file and its bases declare; `chain` holds the files extending it, so a cycle stops. */
function declaredIn(file: string, host: ResolverHost, chain: string[], files: string[]): Declared | undefined {
  if (chain.includes(file) || chain.length >= MAX_EXTENDS_DEPTH) return undefined;
  const config = readConfigJson(file, host);
  if (!files.includes(file)) files.push(file);
  if (!config) return undefined;
  let declared: Declared = {};
  const bases = typeof config.extends === 'string' ? [config.extends] : Array.isArray(config.extends) ? config.extends : [];
  for (const specifier of bases) {
    if (typeof specifier !== 'string') continue;
    const base = extendedConfig(specifier, dirname(file), host, files);
    const inherited = base === undefined ? undefined : declaredIn(base, host, [...chain, file], files);
    if (inherited) declared = { ...declared, ...inherited };
  }
  const options = config.compilerOptions;
  if (options && typeof options === 'object' && !Array.isArray(options)) {
    const { baseUrl, paths } = options as { baseUrl?: unknown; paths?: unknown };
    if (typeof baseUrl === 'string') declared.baseUrl = resolve(dirname(file), baseUrl);
    if (paths && typeof paths === 'object' && !Array.isArray(paths)) declared.paths = { entries: paths as Record<string, unknown>, declaredIn: dirname(file) };
  }
  return declared;
}

/**
 * The file an `extends` names: relative to the extending file, or a package found in node_modules
 * up the folders. A package manifest read on the way joins `files`, since its `exports` decide.
 */
function extendedConfig(specifier: string, from: string, host: ResolverHost, files: string[]): string | undefined {
  if (specifier.startsWith('./') || specifier.startsWith('../') || isAbsolute(specifier)) {
    const path = resolve(from, specifier);
    const found = jsonFile(path, host);
    // A base not there yet still joins `files`: watched, its creation re-resolves as an edit would.
    if (!found) for (const missing of path.endsWith('.json') ? [path] : [path, path + '.json']) if (!files.includes(missing)) files.push(missing);
    return found;
  }
  for (let dir = from; ; dir = dirname(dir)) {
    const found = fromPackage(join(dir, 'node_modules'), specifier, host, files);
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

function fromPackage(nodeModules: string, specifier: string, host: ResolverHost, files: string[]): string | undefined {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const dir = join(nodeModules, name);
  const manifestPath = join(dir, 'package.json');
  const manifest = readConfigJson(manifestPath, host);
  if (manifest && !files.includes(manifestPath)) files.push(manifestPath);
  // With `exports`, tsc (5.0 on) reaches only what the map exports: no file outside it, no `tsconfig` field.
  if (manifest?.exports !== undefined && manifest.exports !== null) {
    return exportedFile(manifest.exports, '.' + specifier.slice(name.length), CONFIG_CONDITIONS, (target) => exportedJson(join(dir, target), host));
  }
  const candidate = join(nodeModules, specifier);
  const direct = jsonFile(candidate, host);
  if (direct) return direct;
  // A folder (the package, or one inside it): its package.json `tsconfig` field, else its tsconfig.json.
  const field = (candidate === dir ? manifest : readConfigJson(join(candidate, 'package.json'), host))?.tsconfig;
  if (typeof field === 'string') {
    const named = jsonFile(resolve(candidate, field), host);
    if (named) return named;
  }
  return jsonFile(join(candidate, 'tsconfig.json'), host);
}

/** An `exports` target as tsc takes it for a configuration: a `.json` file, named in full (no extension is added). */
function exportedJson(path: string, host: ResolverHost): string | undefined {
  return path.endsWith('.json') && host.isFile(path) ? path : undefined;
}

/** `path` itself, or with `.json` added as tsc does when the name has no extension. */
function jsonFile(path: string, host: ResolverHost): string | undefined {
  if (host.isFile(path)) return path;
  if (!path.endsWith('.json') && host.isFile(path + '.json')) return path + '.json';
  return undefined;
}
