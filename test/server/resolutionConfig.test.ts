// What module resolution reads (tsconfig.json `paths`, jsconfig.json, a workspace package's
// package.json `exports`, a configuration a tsconfig extends) changes while the language server
// runs, on disk or unsaved in an editor: the server resolves imports again and republishes the
// files whose imports now name something else, so a cross-module finding follows the
// configuration without a restart or a save.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { defaultCapabilities, LspTestClient } from './lspClient';

const FIXTURES = join(__dirname, '..', 'fixtures', 'crossmodule');
const CHANGED = 2;
const CREATED = 1;
const DELETED = 3;

function copyProject(name: string): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `rugged-resolution-${name}-`)));
  cpSync(join(FIXTURES, name), root, { recursive: true });
  writeFileSync(join(root, '.rugged.json'), '{}\n');
  return root;
}

const uriOf = (path: string) => pathToFileURL(path).toString();
const reported = (rule: string, line: number) => (ds: Diagnostic[]) => ds.some((d) => d.code === rule && d.range.start.line === line - 1);

describe('language server: module resolution follows its configuration files', () => {
  const roots = new Map<string, string>();
  let client: LspTestClient;

  before(async () => {
    for (const project of ['ts-paths', 'monorepo', 'ts-extends']) roots.set(project, copyProject(project));
    // The same project with its aliases in a file no tsconfig glob names: `extends: "./config/base.json"`.
    const renamed = copyProject('ts-extends');
    renameSync(join(renamed, 'config', 'tsconfig.paths.json'), join(renamed, 'config', 'base.json'));
    writeFileSync(join(renamed, 'tsconfig.json'), readFileSync(join(renamed, 'tsconfig.json'), 'utf8').replace('./config/tsconfig.paths.json', './config/base.json'));
    roots.set('base-json', renamed);
    // The same project before its base exists: tsconfig.json extends a file no one has written yet.
    const missing = copyProject('ts-extends');
    renameSync(join(missing, 'config', 'tsconfig.paths.json'), join(missing, 'paths.later'));
    writeFileSync(join(missing, 'tsconfig.json'), readFileSync(join(missing, 'tsconfig.json'), 'utf8').replace('./config/tsconfig.paths.json', './config/base.json'));
    roots.set('missing-base', missing);
    const capabilities = defaultCapabilities(false);
    capabilities.workspace = { ...capabilities.workspace, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } };
    capabilities.textDocument = { ...capabilities.textDocument, synchronization: { dynamicRegistration: true } };
    client = await LspTestClient.start({ workspaceFolders: [...roots.values()], capabilities });
  });

  after(async () => {
    await client.stop();
    for (const root of roots.values()) rmSync(root, { recursive: true, force: true });
  });

  test('the server asks the client to watch tsconfig.json, jsconfig.json and package.json', async () => {
    const globs = await client.until('the watched-files registration', () => {
      const registration = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
      return registration ? (registration.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern) : undefined;
    });
    for (const name of ['tsconfig.json', 'jsconfig.json', 'package.json']) assert.ok(globs.includes(`**/${name}`), `${name} in ${globs.join(', ')}`);
  });

  test('a tsconfig `paths` mapping edited on disk moves the cross-module finding in the open route file', async () => {
    const root = roots.get('ts-paths') ?? '';
    const route = join(root, 'src', 'routes', 'orders.ts');
    const tsconfig = join(root, 'tsconfig.json');
    const original = readFileSync(tsconfig, 'utf8');
    const rule = 'sql/no-string-built-query';
    client.open(uriOf(route), readFileSync(route, 'utf8'), 1, 'typescript');
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the route file with the finding through `@db/orders`');

    // `@db/*` now names a folder without the query helper: the import resolves to nothing.
    writeFileSync(tsconfig, original.replace('"src/db/*"', '"src/nowhere/*"'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(tsconfig), type: CHANGED }] });
    await client.diagnosticsOf(uriOf(route), (ds) => !reported(rule, 9)(ds), 'the route file without the finding once `@db/*` maps elsewhere');

    writeFileSync(tsconfig, original);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(tsconfig), type: CHANGED }] });
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the finding back with the mapping restored');
  });

  test('deleting the tsconfig.json withdraws the finding, and a jsconfig.json with the same mapping brings it back', async () => {
    const root = roots.get('ts-paths') ?? '';
    const route = join(root, 'src', 'routes', 'orders.ts');
    const tsconfig = join(root, 'tsconfig.json');
    const jsconfig = join(root, 'jsconfig.json');
    const original = readFileSync(tsconfig, 'utf8');
    const rule = 'sql/no-string-built-query';
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the route file with its finding');

    rmSync(tsconfig);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(tsconfig), type: DELETED }] });
    await client.diagnosticsOf(uriOf(route), (ds) => !reported(rule, 9)(ds), 'the route file without the finding once nothing maps `@db/*`');

    writeFileSync(jsconfig, original);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(jsconfig), type: CREATED }] });
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the finding back through the jsconfig.json mapping');

    renameSync(jsconfig, tsconfig);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(jsconfig), type: DELETED }, { uri: uriOf(tsconfig), type: CREATED }] });
  });

  test("a workspace package's `exports` edited on disk moves the finding in a closed file of another package", async () => {
    const root = roots.get('monorepo') ?? '';
    const server = join(root, 'packages', 'api', 'src', 'server.js');
    const manifest = join(root, 'packages', 'store', 'package.json');
    const original = readFileSync(manifest, 'utf8');
    const rule = 'unsafe-api/no-path-traversal';
    await client.request('rugged/scanWorkspace', { folders: [uriOf(root)] });
    await client.diagnosticsOf(uriOf(server), reported(rule, 9), 'the closed server file with the finding through `@acme/store`');

    // The package now exports only its reports: `readDocument` no longer comes from the files module.
    writeFileSync(manifest, original.replace('./src/index.js', './src/reports.js'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(manifest), type: CHANGED }] });
    await client.diagnosticsOf(uriOf(server), (ds) => !reported(rule, 9)(ds), 'the server file without the finding');

    writeFileSync(manifest, original);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(manifest), type: CHANGED }] });
    await client.diagnosticsOf(uriOf(server), reported(rule, 9), 'the finding back with the exports restored');
  });

  test('an unsaved tsconfig.json edit counts at once; an edit back, then closing without saving, fall back to what the disk says', async () => {
    const root = roots.get('ts-paths') ?? '';
    const route = join(root, 'src', 'routes', 'orders.ts');
    const tsconfig = join(root, 'tsconfig.json');
    const original = readFileSync(tsconfig, 'utf8');
    const moved = original.replace('"src/db/*"', '"src/nowhere/*"');
    const rule = 'sql/no-string-built-query';
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the open route file with its finding');

    client.open(uriOf(tsconfig), original, 1, 'jsonc');
    client.change(uriOf(tsconfig), moved, 2);
    await client.diagnosticsOf(uriOf(route), (ds) => !reported(rule, 9)(ds), 'the route file without the finding while the unsaved tsconfig maps `@db/*` elsewhere');
    client.change(uriOf(tsconfig), original, 3);
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the finding back with the unsaved edit undone');

    client.change(uriOf(tsconfig), moved, 4);
    await client.diagnosticsOf(uriOf(route), (ds) => !reported(rule, 9)(ds), 'the finding gone again');
    client.close(uriOf(tsconfig));
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the finding back once the document closes unsaved: the disk has the mapping');
    assert.equal(readFileSync(tsconfig, 'utf8'), original);
  });

  test('a configuration the tsconfig extends counts too, on disk and unsaved', async () => {
    const root = roots.get('ts-extends') ?? '';
    const route = join(root, 'src', 'routes', 'invoices.ts');
    const base = join(root, 'config', 'tsconfig.paths.json');
    const original = readFileSync(base, 'utf8');
    const moved = original.replace('"../src/db/*"', '"../src/nowhere/*"');
    const rule = 'sql/no-string-built-query';
    client.open(uriOf(route), readFileSync(route, 'utf8'), 1, 'typescript');
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the route file with the finding through `~db/invoices`, mapped in the extended file');

    writeFileSync(base, moved);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(base), type: CHANGED }] });
    await client.diagnosticsOf(uriOf(route), (ds) => !reported(rule, 9)(ds), 'the finding gone once the extended file maps `~db/*` elsewhere on disk');

    client.open(uriOf(base), moved, 1, 'jsonc');
    client.change(uriOf(base), original, 2);
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the finding back through the unsaved extended file');
    client.close(uriOf(base));
    await client.diagnosticsOf(uriOf(route), (ds) => !reported(rule, 9)(ds), 'the finding gone again: the disk still maps elsewhere');
    writeFileSync(base, original);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(base), type: CHANGED }] });
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the finding back with the disk restored');
  });

  test('a configuration extended under another name (`./config/base.json`) is watched and counts like tsconfig.json', async () => {
    const root = roots.get('base-json') ?? '';
    const route = join(root, 'src', 'routes', 'invoices.ts');
    const base = join(root, 'config', 'base.json');
    const original = readFileSync(base, 'utf8');
    const rule = 'sql/no-string-built-query';
    client.open(uriOf(route), readFileSync(route, 'utf8'), 1, 'typescript');
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the route file with the finding through `~db/invoices`, mapped in base.json');

    // No fixed glob names base.json: the server asks for that one file, in its own folder.
    await client.until('a watcher for config/base.json', () =>
      client.registrations
        .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
        .flatMap((r) => (r.registerOptions as { watchers: { globPattern: unknown }[] }).watchers)
        .find((w) => JSON.stringify(w.globPattern) === JSON.stringify({ baseUri: uriOf(join(root, 'config')), pattern: 'base.json' })));

    writeFileSync(base, original.replace('"../src/db/*"', '"../src/nowhere/*"'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(base), type: CHANGED }] });
    await client.diagnosticsOf(uriOf(route), (ds) => !reported(rule, 9)(ds), 'the finding gone once base.json maps `~db/*` elsewhere');

    writeFileSync(base, original);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(base), type: CHANGED }] });
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the finding back with base.json restored');

    // The client's fixed selector names tsconfig*.json only: the server asks for base.json's unsaved text.
    for (const method of ['textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose']) {
      await client.until(`${method} registered for config/base.json`, () =>
        client.registrations.find((r) => r.method === method && (r.registerOptions as { documentSelector: { pattern?: string }[] }).documentSelector.some((filter) => filter.pattern === base)));
    }
    client.open(uriOf(base), original, 1, 'json');
    client.change(uriOf(base), original.replace('"../src/db/*"', '"../src/nowhere/*"'), 2);
    await client.diagnosticsOf(uriOf(route), (ds) => !reported(rule, 9)(ds), 'the finding gone while the unsaved base.json maps elsewhere');
    client.close(uriOf(base));
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the finding back once base.json closes unsaved');
  });

  test('an extended configuration that does not exist yet is watched, and creating it counts at once', async () => {
    const root = roots.get('missing-base') ?? '';
    const route = join(root, 'src', 'routes', 'invoices.ts');
    const base = join(root, 'config', 'base.json');
    const rule = 'sql/no-string-built-query';
    client.open(uriOf(route), readFileSync(route, 'utf8'), 1, 'typescript');
    await client.diagnosticsOf(uriOf(route), (ds) => !reported(rule, 9)(ds), 'the route file without the finding: `~db/invoices` maps nowhere yet');
    await client.until('a watcher for the missing config/base.json', () =>
      client.registrations
        .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
        .flatMap((r) => (r.registerOptions as { watchers: { globPattern: unknown }[] }).watchers)
        .find((w) => JSON.stringify(w.globPattern) === JSON.stringify({ baseUri: uriOf(join(root, 'config')), pattern: 'base.json' })));

    writeFileSync(base, readFileSync(join(root, 'paths.later'), 'utf8'));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(base), type: CREATED }] });
    await client.diagnosticsOf(uriOf(route), reported(rule, 9), 'the finding once config/base.json is created with the mapping');

    rmSync(base);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(base), type: DELETED }] });
    await client.diagnosticsOf(uriOf(route), (ds) => !reported(rule, 9)(ds), 'the finding gone again once config/base.json is deleted');
  });
});
