// The watchers the server asks for: the fixed globs first, then each configuration file that
// resolution read under a name no fixed glob covers, once, in its own folder when the client takes
// relative patterns and by name everywhere otherwise.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { DocumentSelector, FileSystemWatcher } from 'vscode-languageserver';
import { ConfigWatchers, WATCHED_GLOBS } from '../../server/src/lsp/configWatchers';
import { CONFIG_DOCUMENT_GLOBS, CONFIG_DOCUMENT_NAME } from '../../server/src/shared/configDocuments';

const ROOT = join('/', 'work', 'app');

function recorder(relativePatterns: boolean) {
  const batches: FileSystemWatcher[][] = [];
  const synced: DocumentSelector[] = [];
  const watchers = new ConfigWatchers({
    register: (batch) => {
      batches.push(batch);
      return Promise.resolve();
    },
    sync: (selector) => {
      synced.push(selector);
      return Promise.resolve();
    },
    relativePatterns,
    log: () => undefined,
  });
  return { batches, synced, watchers, settled: () => new Promise((resolve) => setImmediate(resolve)) };
}

test('files named before registration is possible wait for it, after the fixed globs', async () => {
  const { batches, watchers, settled } = recorder(true);
  watchers.watch([join(ROOT, 'tsconfig.json'), join(ROOT, 'config', 'base.json')]);
  assert.deepEqual(batches, []);
  await watchers.start();
  await settled();
  assert.deepEqual(batches, [
    WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
    [{ globPattern: { baseUri: pathToFileURL(join(ROOT, 'config')).toString(), pattern: 'base.json' } }],
  ]);
});

test('names the fixed globs cover are not asked again, other names and installed packages are, each once', async () => {
  const { batches, watchers, settled } = recorder(true);
  await watchers.start();
  const installed = join(ROOT, 'node_modules', '@org', 'config', 'tsconfig.json');
  const named = join(ROOT, 'node_modules', '@org', 'config', 'ts.json');
  watchers.watch([join(ROOT, 'tsconfig.json'), join(ROOT, 'config', 'tsconfig.paths.json'), join(ROOT, 'jsconfig.base.json'), installed, named]);
  watchers.watch([installed, named]);
  await settled();
  assert.deepEqual(batches.slice(1).map((batch) => batch.map((w) => JSON.stringify(w.globPattern))), [
    [
      JSON.stringify({ baseUri: pathToFileURL(join(ROOT, 'node_modules', '@org', 'config')).toString(), pattern: 'tsconfig.json' }),
      JSON.stringify({ baseUri: pathToFileURL(join(ROOT, 'node_modules', '@org', 'config')).toString(), pattern: 'ts.json' }),
    ],
  ]);
});

test('without relative patterns a file is watched by its name, glob syntax in it escaped', async () => {
  const { batches, watchers, settled } = recorder(false);
  await watchers.start();
  watchers.watch([join(ROOT, 'config', 'base.json'), join(ROOT, 'config', 'base[1].json')]);
  await settled();
  assert.deepEqual(batches[1], [{ globPattern: '**/base.json' }, { globPattern: '**/base[[]1[]].json' }]);
});

test("the unsaved text of a file asked for is asked for too, by the file's own path", async () => {
  const { synced, watchers, settled } = recorder(true);
  await watchers.start();
  // The client always sends a tsconfig*.json, installed or not: a second registration would double its edits.
  watchers.watch([join(ROOT, 'tsconfig.json'), join(ROOT, 'config', 'base.json'), join(ROOT, 'node_modules', 'base', 'tsconfig.json')]);
  watchers.watch([join(ROOT, 'config', 'base.json')]);
  await settled();
  assert.deepEqual(synced, [[{ scheme: 'file', pattern: join(ROOT, 'config', 'base.json') }]]);
});

test("the names the client always sends are the ones its globs match", () => {
  const sent = ['tsconfig.json', 'tsconfig.build.json', 'tsconfigbase.json', 'jsconfig.json', 'package.json', 'pnpm-workspace.yaml'];
  const asked = ['base.json', 'ts.json', 'config.tsconfig.json', 'package.jsonc', 'my-package.json'];
  for (const name of sent) assert.ok(CONFIG_DOCUMENT_NAME.test(name), name);
  for (const name of asked) assert.ok(!CONFIG_DOCUMENT_NAME.test(name), name);
  assert.deepEqual(CONFIG_DOCUMENT_GLOBS, ['**/{tsconfig,jsconfig}*.json', '**/package.json', '**/pnpm-workspace.yaml']);
});
