// `extends` naming a package whose package.json has an `exports` map (`"@org/tsconfig/node"`), as
// tsc 5 and later resolve it: each case runs through Rugged's reader and through TypeScript's own
// `parseJsonConfigFileContent` over the same files, and both must pick the same configuration.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import * as ts from 'typescript';
import { readProjectPaths } from '../../server/src/scan/tsconfigPaths';
import type { ResolverHost } from '../../server/src/scan/resolverHost';

const ROOT = join('/', 'ws', 'app');
const PACKAGE = 'node_modules/@org/tsconfig';

/** Every configuration declares one `paths` key naming itself, so the one that applied is visible. */
const declaring = (name: string) => JSON.stringify({ compilerOptions: { paths: { [`@${name}/*`]: ['./*'] } } });

function inMemory(texts: Record<string, string>) {
  const files = new Map(Object.entries(texts).map(([name, text]) => [join(ROOT, name), text]));
  const host: ResolverHost = { isFile: (p) => files.has(p), readText: (p) => files.get(p), listDirs: () => [] };
  return { files, host };
}

/** The configuration that declared `paths` (its folder and key), by Rugged's reading. */
function ruggedPick(texts: Record<string, string>): string | undefined {
  const { paths } = readProjectPaths(ROOT, inMemory(texts).host);
  return paths ? `${paths.base} ${paths.paths.map((p) => p.prefix).join(',')}` : undefined;
}

/** The same, by TypeScript's: `pathsBasePath` is the folder of the file declaring `paths`. */
function tscPick(texts: Record<string, string>): string | undefined {
  const { files } = inMemory(texts);
  const configPath = join(ROOT, 'tsconfig.json');
  const host: ts.ParseConfigHost = { useCaseSensitiveFileNames: true, readDirectory: () => [], fileExists: (p) => files.has(p), readFile: (p) => files.get(p) };
  const json = ts.parseConfigFileTextToJson(configPath, files.get(configPath) ?? '{}').config as unknown;
  const { options } = ts.parseJsonConfigFileContent(json, host, ROOT, undefined, configPath);
  const base = options.pathsBasePath;
  return options.paths && typeof base === 'string' ? `${base} ${Object.keys(options.paths).map((k) => k.replace('*', '')).join(',')}` : undefined;
}

function bothPick(texts: Record<string, string>): string | undefined {
  const ours = ruggedPick(texts);
  assert.equal(ours, tscPick(texts), 'Rugged and tsc pick the same configuration');
  return ours;
}

const inPackage = (file: string) => `${join(ROOT, PACKAGE, dirname(file))} @${file.replace(/\.json$/, '').replace(/^.*\//, '')}/`;

describe('extends through a package.json `exports` map, as tsc resolves it', () => {
  test('a subpath the map exports names the file it maps to', () => {
    const picked = bothPick({
      'tsconfig.json': '{ "extends": "@org/tsconfig/node" }',
      [`${PACKAGE}/package.json`]: '{ "name": "@org/tsconfig", "exports": { "./node": "./tsconfig.node.json", "./web": "./tsconfig.web.json" } }',
      [`${PACKAGE}/tsconfig.node.json`]: declaring('tsconfig.node'),
      [`${PACKAGE}/tsconfig.web.json`]: declaring('tsconfig.web'),
    });
    assert.equal(picked, inPackage('tsconfig.node.json'));
  });

  test('the package name alone takes the `.` entry, over its `tsconfig` field and its tsconfig.json', () => {
    const picked = bothPick({
      'tsconfig.json': '{ "extends": "@org/tsconfig" }',
      [`${PACKAGE}/package.json`]: '{ "name": "@org/tsconfig", "tsconfig": "field.json", "exports": { ".": "./exported.json" } }',
      [`${PACKAGE}/exported.json`]: declaring('exported'),
      [`${PACKAGE}/field.json`]: declaring('field'),
      [`${PACKAGE}/tsconfig.json`]: declaring('tsconfig'),
    });
    assert.equal(picked, inPackage('exported.json'));
  });

  test('conditions count in the order the package lists them; one leading to no configuration gives way to the next', () => {
    const picked = bothPick({
      'tsconfig.json': '{ "extends": "@org/tsconfig/base" }',
      [`${PACKAGE}/package.json`]: JSON.stringify({
        name: '@org/tsconfig',
        exports: { './base': { import: './esm.json', types: './base.d.ts', require: ['./missing.json', './cjs.json'], default: './default.json' } },
      }),
      [`${PACKAGE}/esm.json`]: declaring('esm'),
      [`${PACKAGE}/base.d.ts`]: '',
      [`${PACKAGE}/cjs.json`]: declaring('cjs'),
      [`${PACKAGE}/default.json`]: declaring('default'),
    });
    assert.equal(picked, inPackage('cjs.json'));
  });

  test('a subpath pattern maps the star, the most specific pattern winning', () => {
    const picked = bothPick({
      'tsconfig.json': '{ "extends": "@org/tsconfig/presets/strict" }',
      [`${PACKAGE}/package.json`]: '{ "name": "@org/tsconfig", "exports": { "./*": "./configs/*.json", "./presets/*": "./presets/*.json" } }',
      [`${PACKAGE}/configs/presets/strict.json`]: declaring('configs'),
      [`${PACKAGE}/presets/strict.json`]: declaring('strict'),
    });
    assert.equal(picked, inPackage('presets/strict.json'));
  });

  test('a file the map does not export is not reached, even though it exists', () => {
    assert.equal(bothPick({
      'tsconfig.json': '{ "extends": "@org/tsconfig/tsconfig.hidden.json" }',
      [`${PACKAGE}/package.json`]: '{ "name": "@org/tsconfig", "exports": { "./node": "./tsconfig.node.json" } }',
      [`${PACKAGE}/tsconfig.node.json`]: declaring('tsconfig.node'),
      [`${PACKAGE}/tsconfig.hidden.json`]: declaring('tsconfig.hidden'),
    }), undefined);
  });

  test('an ESM-only entry is not what a configuration lookup takes', () => {
    assert.equal(bothPick({
      'tsconfig.json': '{ "extends": "@org/tsconfig/node" }',
      [`${PACKAGE}/package.json`]: '{ "name": "@org/tsconfig", "exports": { "./node": { "import": "./tsconfig.node.json" } } }',
      [`${PACKAGE}/tsconfig.node.json`]: declaring('tsconfig.node'),
    }), undefined);
  });

  test('a target is taken as written: no `.json` is added to it', () => {
    assert.equal(bothPick({
      'tsconfig.json': '{ "extends": "@org/tsconfig/node" }',
      [`${PACKAGE}/package.json`]: '{ "name": "@org/tsconfig", "exports": { "./node": "./tsconfig.node" } }',
      [`${PACKAGE}/tsconfig.node.json`]: declaring('tsconfig.node'),
    }), undefined);
  });

  test("the package's manifest is among the files read, so a change of its `exports` is noticed", () => {
    const { files } = readProjectPaths(ROOT, inMemory({
      'tsconfig.json': '{ "extends": "@org/tsconfig/node" }',
      [`${PACKAGE}/package.json`]: '{ "name": "@org/tsconfig", "exports": { "./node": "./tsconfig.node.json" } }',
      [`${PACKAGE}/tsconfig.node.json`]: declaring('tsconfig.node'),
    }).host);
    assert.deepEqual(files, [join(ROOT, 'tsconfig.json'), join(ROOT, PACKAGE, 'package.json'), join(ROOT, PACKAGE, 'tsconfig.node.json')]);
  });
});
