// A long editing session keeps the server's memory bounded: thousands of edits over hundreds of
// documents opened and closed run through the real document-analysis path (settings, project
// configuration, engine, diagnostics, result cache, notices) in process, and every table the
// server keeps is counted afterwards. Entries are counted, not bytes, so the test cannot flake.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules } from '../../rules/index';
import { knownRuleIds } from '../../server/src/catalog/knownRuleIds';
import { createRuleCatalog } from '../../server/src/catalog/ruleCatalog';
import { createAnalyzer } from '../../server/src/lsp/analysis';
import { DiagnosticStore } from '../../server/src/lsp/diagnosticStore';
import { DocumentValidator } from '../../server/src/lsp/documentValidator';
import { FileContexts } from '../../server/src/lsp/fileContext';
import { FileNotices } from '../../server/src/lsp/notices';
import { ProjectConfigs } from '../../server/src/lsp/projectConfig';
import { RecentEntries } from '../../server/src/lsp/recentEntries';
import { ResultCache } from '../../server/src/lsp/resultCache';
import { SettingsCache } from '../../server/src/lsp/settings';
import { StatusReporter } from '../../server/src/lsp/status';
import { WorkspaceFlow } from '../../server/src/lsp/workspaceFlow';

const root = mkdtempSync(join(tmpdir(), 'rugged-memory-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The open documents, as the language server library's TextDocuments would hold them. */
class OpenDocuments {
  readonly byUri = new Map<string, TextDocument>();
  get(uri: string): TextDocument | undefined {
    return this.byUri.get(uri);
  }
  all(): TextDocument[] {
    return [...this.byUri.values()];
  }
}

/** A handler whose input changes with each edit; some edits leave it unparsable for a moment. */
function textAt(edit: number): string {
  const body = `app.get('/r${edit}', (req, res) => {\n  const sql = 'SELECT * FROM t WHERE c = ' + req.query.c${edit % 7};\n  db.query(sql);\n  res.send('ok');\n});\n`;
  return edit % 11 === 0 ? body.slice(0, -4) : body;
}

test('thousands of edits over hundreds of documents leave every cache bounded', async () => {
  const documents = new OpenDocuments();
  const settings = new SettingsCache(undefined, () => undefined);
  const projects = new ProjectConfigs(() => undefined, knownRuleIds(allRules));
  const store = new DiagnosticStore(() => undefined, () => undefined);
  const status = new StatusReporter(() => undefined, () => store.counts());
  const notices = new FileNotices(() => undefined, status);
  const cacheLimit = 100;
  const cache = new ResultCache(undefined, () => undefined, cacheLimit);
  const contexts = new FileContexts(settings, projects);
  const analyzer = createAnalyzer(allRules, createRuleCatalog(allRules));
  const flow = new WorkspaceFlow({
    analyzer,
    contexts,
    cache,
    folders: () => [root],
    openText: (path) => documents.byUri.get(pathToFileURL(path).href)?.getText(),
    isInside: () => true,
    republish: () => undefined,
    log: () => undefined,
  });
  const validator = new DocumentValidator({
    documents: documents as unknown as TextDocuments<TextDocument>,
    contexts,
    store,
    notices,
    flow,
    debounceMs: 0,
    onError: (uri, error) => assert.fail(`${uri}: ${String(error)}`),
  });

  const EDITS = 2_400;
  const OPEN_AT_ONCE = 8;
  const EDITS_PER_DOCUMENT = 8;
  const open: string[] = [];
  let opened = 0;
  let published = 0;
  for (let edit = 0; edit < EDITS; edit++) {
    if (edit % EDITS_PER_DOCUMENT === 0) {
      // Open a new file; past OPEN_AT_ONCE, close the oldest as the session's didClose does.
      const uri = pathToFileURL(join(root, `src/file${opened++}.js`)).href;
      documents.byUri.set(uri, TextDocument.create(uri, 'javascript', 0, ''));
      open.push(uri);
      if (open.length > OPEN_AT_ONCE) {
        const closing = open.shift()!;
        documents.byUri.delete(closing);
        validator.closed(closing);
        flow.closed(fileURLToPath(closing));
        settings.delete(closing);
        store.clear(closing);
      }
    }
    const uri = open[edit % open.length];
    const previous = documents.get(uri)!;
    documents.byUri.set(uri, TextDocument.create(uri, 'javascript', previous.version + 1, textAt(edit)));
    const result = await validator.validate(uri);
    if (result && result.analysis.diagnostics.length > 0) published++;
  }

  assert.ok(opened > cacheLimit * 2, `${opened} documents opened, more than the cache holds`);
  assert.ok(published > EDITS / 2, `${published} edits produced diagnostics: the path really analysed`);
  const tracked = validator.tracked();
  assert.ok(tracked.results <= OPEN_AT_ONCE, `${tracked.results} results kept for ${OPEN_AT_ONCE} open documents`);
  assert.equal(tracked.timers, 0);
  assert.equal(tracked.inFlight, 0);
  assert.ok(store.uris().length <= OPEN_AT_ONCE, `${store.uris().length} files showing diagnostics`);
  assert.ok(cache.size <= cacheLimit, `${cache.size} files in a result cache limited to ${cacheLimit}`);
  assert.ok(flow.tracked() <= OPEN_AT_ONCE, `${flow.tracked()} modules kept in the data-flow project for ${OPEN_AT_ONCE} open documents never saved`);
  assert.ok(notices.size <= OPEN_AT_ONCE, `${notices.size} notices remembered`);
});

test('the recent-entries table forgets the least recently used entry first', () => {
  const table = new RecentEntries<string, number>(3);
  table.set('a', 1);
  table.set('b', 2);
  table.set('c', 3);
  assert.equal(table.get('a'), 1, 'reading a moves it to the recent end');
  table.set('d', 4);
  assert.deepEqual(table.keys(), ['c', 'a', 'd'], 'b, the least recently used, is gone');
  table.set('c', 30);
  table.set('e', 5);
  assert.deepEqual(table.keys(), ['d', 'c', 'e']);
  assert.equal(table.size, 3);
});

test('the result cache keeps the most recent files once full', () => {
  const cache = new ResultCache(undefined, () => undefined, 2);
  cache.set('/a.js', { key: 'ka', diagnostics: [] });
  cache.set('/b.js', { key: 'kb', diagnostics: [] });
  assert.ok(cache.get('/a.js', 'ka'));
  cache.set('/c.js', { key: 'kc', diagnostics: [] });
  assert.equal(cache.size, 2);
  assert.equal(cache.get('/b.js', 'kb'), undefined, 'the least recently used file was dropped');
  assert.ok(cache.get('/a.js', 'ka') && cache.get('/c.js', 'kc'));
});
