// Module resolution through tsconfig `extends`: `paths` and `baseUrl` are inherited from relative
// and package configurations, each relative to the file that declares it, and a cycle of
// `extends` ends instead of looping. The files are held in memory.
import assert from 'node:assert/strict';
import { dirname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { parseConfigText } from '../../server/src/scan/configJson';
import { createModuleResolver, type ResolverHost } from '../../server/src/scan/moduleResolver';

const ROOT = join('/', 'ws', 'app');

function resolverOver(texts: Record<string, string>) {
  const files = new Map(Object.entries(texts).map(([name, text]) => [join(ROOT, name), text]));
  const host: ResolverHost = {
    isFile: (p) => files.has(p),
    readText: (p) => files.get(p),
    listDirs: (p) => [...new Set([...files.keys()].filter((f) => dirname(dirname(f)) === p).map((f) => dirname(f).slice(p.length + 1)))],
  };
  const resolver = createModuleResolver(ROOT, host);
  const from = join(ROOT, 'src', 'routes', 'orders.ts');
  const name = (p: string) => relative(ROOT, p).split(/[\\/]/).join('/');
  return {
    resolve: (specifier: string) => {
      const found = resolver.resolve(specifier, from);
      return found === undefined ? undefined : name(found);
    },
    configFiles: () => resolver.configFiles.map(name),
  };
}

const SOURCES = {
  'src/routes/orders.ts': '',
  'src/db/orders.ts': '',
  'config/db/orders.ts': '',
  'lib/util.ts': '',
};

describe('module resolution through tsconfig extends', () => {
  test('paths from a relative base are relative to the base, not to the extending file', () => {
    const r = resolverOver({
      ...SOURCES,
      'tsconfig.json': '{ "extends": "./config/tsconfig.base.json" }',
      'config/tsconfig.base.json': '{ "compilerOptions": { "paths": { "@db/*": ["../src/db/*"] } } }',
    });
    assert.equal(r.resolve('@db/orders'), 'src/db/orders.ts');
    assert.deepEqual(r.configFiles(), ['tsconfig.json', 'config/tsconfig.base.json']);
  });

  test('an extending file that sets baseUrl makes inherited paths relative to it', () => {
    const r = resolverOver({
      ...SOURCES,
      'tsconfig.json': '{ "extends": "./config/tsconfig.base", "compilerOptions": { "baseUrl": "." } }',
      'config/tsconfig.base.json': '{ "compilerOptions": { "paths": { "@db/*": ["src/db/*"] } } }',
    });
    assert.equal(r.resolve('@db/orders'), 'src/db/orders.ts', 'the `.json` of the extended file may be left out');
    assert.equal(r.resolve('lib/util'), 'lib/util.ts', 'baseUrl itself resolves bare names');
  });

  test('a baseUrl inherited from a base is relative to the base', () => {
    const r = resolverOver({
      ...SOURCES,
      'tsconfig.json': '{ "extends": "./config/tsconfig.base.json", "compilerOptions": { "paths": { "@db/*": ["db/*"] } } }',
      'config/tsconfig.base.json': '{ "compilerOptions": { "baseUrl": "." } }',
    });
    assert.equal(r.resolve('@db/orders'), 'config/db/orders.ts');
  });

  test('the extending file overrides paths as a whole, and later bases override earlier ones', () => {
    const r = resolverOver({
      ...SOURCES,
      'tsconfig.json': '{ "extends": ["./a.json", "./b.json"] }',
      'a.json': '{ "compilerOptions": { "paths": { "@db/*": ["src/db/*"], "@lib/*": ["lib/*"] } } }',
      'b.json': '{ "compilerOptions": { "paths": { "@lib/*": ["lib/*"] } } }',
    });
    assert.equal(r.resolve('@db/orders'), undefined);
    assert.equal(r.resolve('@lib/util'), 'lib/util.ts');
  });

  test('a chain through a package in node_modules: its own relative extends, its package.json `tsconfig` field', () => {
    const r = resolverOver({
      ...SOURCES,
      'tsconfig.json': '{ "extends": "@acme/tsconfig", "compilerOptions": { "baseUrl": "." } }',
      'node_modules/@acme/tsconfig/package.json': '{ "name": "@acme/tsconfig", "tsconfig": "service.json" }',
      'node_modules/@acme/tsconfig/service.json': '{ "extends": "./paths.json" }',
      'node_modules/@acme/tsconfig/paths.json': '{ "compilerOptions": { "paths": { "@db/*": ["src/db/*"] } } }',
    });
    assert.equal(r.resolve('@db/orders'), 'src/db/orders.ts');
  });

  test('a package config named by its file, found in node_modules of a parent folder', () => {
    const r = resolverOver({
      ...SOURCES,
      'tsconfig.json': '{ "extends": "@tsconfig/node20/tsconfig.json", "compilerOptions": { "paths": { "@db/*": ["./src/db/*"] } } }',
      '../node_modules/@tsconfig/node20/tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }',
    });
    // The package's baseUrl is its own folder, where the source files are not: paths find nothing.
    assert.equal(r.resolve('@db/orders'), undefined);
    assert.ok(r.configFiles().includes('../node_modules/@tsconfig/node20/tsconfig.json'));
  });

  test('a cycle of extends ends, and what the files declare still counts', () => {
    const r = resolverOver({
      ...SOURCES,
      'tsconfig.json': '{ "extends": "./a.json", "compilerOptions": { "baseUrl": "." } }',
      'a.json': '{ "extends": "./b.json", "compilerOptions": { "paths": { "@db/*": ["src/db/*"] } } }',
      'b.json': '{ "extends": "./tsconfig.json" }',
    });
    assert.equal(r.resolve('@db/orders'), 'src/db/orders.ts');
    assert.deepEqual(r.configFiles(), ['tsconfig.json', 'a.json', 'b.json']);
  });

  test('a missing or broken base is skipped and the rest applies', () => {
    const r = resolverOver({
      ...SOURCES,
      'tsconfig.json': '{ "extends": ["./missing.json", "./broken.json", "no-such-package"], "compilerOptions": { "paths": { "@db/*": ["src/db/*"] } } }',
      'broken.json': '{ "compilerOptions": ',
    });
    assert.equal(r.resolve('@db/orders'), 'src/db/orders.ts');
    // Still read: a base written later re-resolves like an edit of one that was there.
    assert.ok(r.configFiles().includes('missing.json'), r.configFiles().join(', '));
  });

  test('a relative base named without `.json` that is not there yet is read under both names', () => {
    const r = resolverOver({ ...SOURCES, 'tsconfig.json': '{ "extends": "./config/base" }' });
    assert.deepEqual(r.configFiles(), ['tsconfig.json', 'config/base', 'config/base.json']);
  });

  test('jsconfig.json extends the same way where there is no tsconfig.json', () => {
    const r = resolverOver({
      ...SOURCES,
      'jsconfig.json': '{ "extends": "./jsconfig.base.json" }',
      'jsconfig.base.json': '{ "compilerOptions": { "baseUrl": "src" } }',
    });
    assert.equal(r.resolve('db/orders'), 'src/db/orders.ts');
  });
});

describe('configuration JSON as tsc accepts it', () => {
  test('comments and trailing commas go, strings stay as written', () => {
    const text = '{\n  // a comment\n  "a": "x,}", /* block, ] */\n  "b": ["//not a comment", "y",],\n  "c": { "d": 1, },\n}\n';
    assert.deepEqual(parseConfigText('tsconfig.json', text), { a: 'x,}', b: ['//not a comment', 'y'], c: { d: 1 } });
  });

  test('a comma between a value and a comment before the next key is kept', () => {
    assert.deepEqual(parseConfigText('tsconfig.json', '{ "a": 1, // one\n "b": 2 }'), { a: 1, b: 2 });
  });
});
