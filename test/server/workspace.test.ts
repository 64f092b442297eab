// The workspace scan of the built server over stdio: progress, excludes, files never opened,
// incremental updates from watched-file events, configuration changes, the persisted cache and
// multi-root workspaces with settings per folder.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { ScanWorkspaceResult } from '../../server/src/shared/protocol';
import { LspTestClient, type ProgressEvent } from './lspClient';

const RULE = 'sql/no-string-built-query';

const VULNERABLE_JS = `const { Pool } = require('pg');
const pool = new Pool();

exports.find = (req, res) => pool.query('SELECT * FROM users WHERE name = ' + req.query.name);
`;

const VULNERABLE_TS = `import { Pool } from 'pg';
const pool = new Pool();

export async function byStatus(status: string) {
  return pool.query(\`SELECT * FROM orders WHERE status = '\${status}'\`);
}
`;

const SAFE_JS = `const { Pool } = require('pg');
const pool = new Pool();

exports.find = (req) => pool.query('SELECT * FROM users WHERE name = $1', [req.query.name]);
`;

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

function ruggedFindings(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.source === 'rugged' && d.code === RULE);
}

/** The events of the progress whose begin has this title, once it has ended. */
async function finishedProgress(client: LspTestClient, skip: number): Promise<ProgressEvent[]> {
  return client.until('a workspace scan to finish', () => {
    const events = client.progress.slice(skip);
    const begin = events.find((e) => e.kind === 'begin' && e.title === 'Rugged: scanning workspace');
    if (!begin) return undefined;
    const own = events.filter((e) => e.token === begin.token);
    return own.some((e) => e.kind === 'end') ? own : undefined;
  });
}

describe('language server: workspace scan', () => {
  let client: LspTestClient;
  let root: string;
  let storage: string;
  const settings: Record<string, unknown> = { maxFileSize: 4000 };
  const uriOf = (name: string) => pathToFileURL(join(root, name)).toString();

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'rugged-lsp-ws-'));
    storage = mkdtempSync(join(tmpdir(), 'rugged-lsp-storage-'));
    write(root, {
      'package.json': '{ "name": "shop" }\n',
      '.gitignore': 'generated/\n',
      '.rugged.json': '{ "ignore": ["legacy/**"] }\n',
      'src/users.js': VULNERABLE_JS,
      'src/orders.ts': VULNERABLE_TS,
      'src/safe.js': SAFE_JS,
      'src/broken.js': 'const a = ;\n',
      'src/big.js': `${VULNERABLE_JS}// ${'padding '.repeat(600)}\n`,
      'node_modules/pg-helper/index.js': VULNERABLE_JS,
      'generated/client.js': VULNERABLE_JS,
      'legacy/old.js': VULNERABLE_JS,
    });
    client = await LspTestClient.start({
      workspaceFolders: [root],
      settings: () => settings,
      initializationOptions: { storagePath: storage },
    });
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  });

  test('the start-up scan reports progress and gives files never opened their diagnostics', async () => {
    const events = await finishedProgress(client, 0);
    assert.equal(events[0].kind, 'begin');
    assert.equal(events.at(-1)?.kind, 'end');
    const reports = events.filter((e) => e.kind === 'report');
    assert.ok(reports.length > 0, 'at least one report');
    assert.match(reports.at(-1)?.message ?? '', /^4 of 4 files$/, 'users, orders, safe and broken: big.js is over maxFileSize and the excluded folders are not listed');

    const users = await client.diagnosticsOf(uriOf('src/users.js'), (ds) => ruggedFindings(ds).length === 1);
    assert.equal(users[0].severity, 1);
    const orders = await client.diagnosticsOf(uriOf('src/orders.ts'), (ds) => ruggedFindings(ds).length === 1);
    assert.equal(orders[0].severity, 2, 'a value of unknown origin built into SQL is a warning');
    const broken = await client.diagnosticsOf(uriOf('src/broken.js'));
    assert.deepEqual(broken.map((d) => [d.code, d.severity]), [['rugged/parse-error', 3]]);
    for (const excluded of ['node_modules/pg-helper/index.js', 'generated/client.js', 'legacy/old.js', 'src/safe.js', 'src/big.js']) {
      assert.equal(client.diagnostics.get(uriOf(excluded)), undefined, `${excluded} shows nothing`);
    }
    const bigNotices = client.logMessages.filter((m) => m.startsWith(uriOf('src/big.js')));
    assert.equal(bigNotices.length, 1, 'one notice for the file over maxFileSize');
    assert.match(bigNotices[0], /maxFileSize/);
    assert.ok(client.statuses.some((s) => s.state === 'scanning'), 'the status says a scan is running');
    await client.until('a status with the findings count', () => client.statuses.find((s) => s.state === 'running' && s.findings === 2 && s.filesWithFindings === 2));
  });

  test('file watchers are registered and their events update closed files', async () => {
    await client.until('the watcher registration', () => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
    const watchers = (client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')?.registerOptions as { watchers: { globPattern: string }[] }).watchers;
    assert.deepEqual(watchers.map((w) => w.globPattern).slice(0, 2), ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}', '**/.rugged.json']);

    write(root, { 'src/safe.js': VULNERABLE_JS });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('src/safe.js'), type: 2 }] });
    await client.diagnosticsOf(uriOf('src/safe.js'), (ds) => ruggedFindings(ds).length === 1, 'a changed file to be analysed again');

    write(root, { 'src/added.js': VULNERABLE_JS });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('src/added.js'), type: 1 }] });
    await client.diagnosticsOf(uriOf('src/added.js'), (ds) => ruggedFindings(ds).length === 1, 'a created file to be analysed');

    write(root, { 'generated/new.js': VULNERABLE_JS });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('generated/new.js'), type: 1 }, { uri: uriOf('src/added.js'), type: 3 }] });
    unlinkSync(join(root, 'src/added.js'));
    await client.diagnosticsOf(uriOf('src/added.js'), (ds) => ds.length === 0, "a deleted file's diagnostics to be cleared");
    assert.equal(client.diagnostics.get(uriOf('generated/new.js')), undefined, 'an ignored file stays unchecked');
  });

  test('closing a document falls back to its diagnostics on disk', async () => {
    const uri = uriOf('src/users.js');
    client.open(uri, SAFE_JS, 1);
    await client.diagnosticsOf(uri, (ds, version) => version === 1 && ds.length === 0, 'the safe editor text to show nothing');
    client.close(uri);
    await client.diagnosticsOf(uri, (ds, version) => version === undefined && ruggedFindings(ds).length === 1, 'the file on disk to show its finding again');
  });

  test('settings and .rugged.json changes refresh files that are not open; settings win', async () => {
    const closed = uriOf('src/orders.ts');
    settings.rules = { [RULE]: 'off' };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(closed, (ds) => ds.length === 0, 'the rule turned off in settings to clear closed files');

    delete settings.rules;
    write(root, { '.rugged.json': `{ "ignore": ["legacy/**"], "rules": { "${RULE}": "info" } }\n` });
    client.notify('workspace/didChangeConfiguration', { settings: null });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.rugged.json'), type: 2 }] });
    await client.diagnosticsOf(closed, (ds) => ruggedFindings(ds)[0]?.severity === 3, '.rugged.json to set the severity');

    settings.rules = { [RULE]: 'error' };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(closed, (ds) => ruggedFindings(ds)[0]?.severity === 1, "the settings' severity to win over .rugged.json");
    delete settings.rules;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(closed, (ds) => ruggedFindings(ds)[0]?.severity === 3, 'the .rugged.json severity once the setting is gone');
  });

  test('problems in .rugged.json are shown on the file itself', async () => {
    write(root, { '.rugged.json': `{\n  "ignore": ["legacy/**"],\n  "rules": { "sql/no-string-built-qeury": "off" }\n}\n` });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.rugged.json'), type: 2 }] });
    const [problem] = await client.diagnosticsOf(uriOf('.rugged.json'), (ds) => ds.length === 1);
    assert.equal(problem.code, 'rugged/config');
    assert.equal(problem.range.start.line, 2);
    assert.match(typeof problem.message === 'string' ? problem.message : problem.message.value, /unknown rule id "sql\/no-string-built-qeury"; did you mean "sql\/no-string-built-query"/);

    // Opening the file in the editor (a JSON document Rugged does not analyse) keeps its problems.
    client.open(uriOf('.rugged.json'), '{}', 1, 'json');
    const probe = uriOf('src/probe.js');
    client.open(probe, VULNERABLE_JS, 1);
    await client.diagnosticsOf(probe, (ds, version) => version === 1 && ruggedFindings(ds).length === 1);
    assert.equal(client.diagnostics.get(uriOf('.rugged.json'))?.diagnostics.length, 1);
    client.close(probe);
    client.close(uriOf('.rugged.json'));
    write(root, { '.rugged.json': '{ "ignore": ["legacy/**"] }\n' });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.rugged.json'), type: 2 }] });
    await client.diagnosticsOf(uriOf('.rugged.json'), (ds) => ds.length === 0, 'the fixed file to show nothing');
  });

  test('rugged/scanWorkspace rescans with progress and answers with counts; a new session starts from the saved cache', async () => {
    const skip = client.progress.length;
    const result = await client.request<ScanWorkspaceResult>('rugged/scanWorkspace', {});
    const events = await finishedProgress(client, skip);
    assert.ok(events.some((e) => e.kind === 'report'));
    assert.deepEqual(
      { folders: result.folders, files: result.files, findings: result.findings, filesWithFindings: result.filesWithFindings, cancelled: result.cancelled },
      { folders: 1, files: 5, findings: 3, filesWithFindings: 3, cancelled: false },
    );
    assert.equal(result.analysed + result.cached + result.skipped, 5);

    await client.stop();
    client = await LspTestClient.start({ workspaceFolders: [root], settings: () => ({ ...settings, scanOnStartup: false }), initializationOptions: { storagePath: storage } });
    const again = await client.request<ScanWorkspaceResult>('rugged/scanWorkspace', null);
    assert.equal(again.analysed, 0, 'nothing analysed again');
    assert.equal(again.cached, 4, 'every checkable file came from the cache (big.js is skipped by size)');
    assert.equal(again.findings, 3);
    await client.diagnosticsOf(uriOf('src/users.js'), (ds) => ruggedFindings(ds).length === 1);
  });

  test('rugged/ruleDocumentation describes a rule', async () => {
    const doc = await client.request<{ ruleId: string; title: string; url: string; markdown: string } | null>('rugged/ruleDocumentation', { ruleId: RULE });
    assert.equal(doc?.ruleId, RULE);
    assert.match(doc?.url ?? '', /no-string-built-query\.md$/);
    assert.match(doc?.markdown ?? '', /\*\*Checklist:\*\*/);
    assert.equal(await client.request('rugged/ruleDocumentation', { ruleId: 'sql/does-not-exist' }), null);
  });
});

describe('language server: multi-root workspace with settings per folder', () => {
  let client: LspTestClient;
  let base: string;

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'rugged-lsp-multi-'));
    write(base, {
      'api/package.json': '{ "name": "api" }\n',
      'api/db.js': VULNERABLE_JS,
      'admin/package.json': '{ "name": "admin" }\n',
      'admin/db.js': VULNERABLE_JS,
    });
    const admin = pathToFileURL(join(base, 'admin')).toString();
    client = await LspTestClient.start({
      workspaceFolders: [join(base, 'api'), join(base, 'admin')],
      // The admin folder turns the rule off; the api folder keeps the defaults.
      settings: (scopeUri) => (scopeUri?.startsWith(admin) ? { rules: { [RULE]: 'off' } } : {}),
      initializationOptions: { storagePath: join(base, '.storage') },
    });
  });

  after(async () => {
    await client.stop();
    rmSync(base, { recursive: true, force: true });
  });

  test('each folder is scanned with its own settings, in scan and in the editor', async () => {
    await finishedProgress(client, 0);
    const api = pathToFileURL(join(base, 'api/db.js')).toString();
    const admin = pathToFileURL(join(base, 'admin/db.js')).toString();
    await client.diagnosticsOf(api, (ds) => ruggedFindings(ds).length === 1);
    assert.equal(client.diagnostics.get(admin), undefined, 'the admin folder has the rule off');
    client.open(admin, VULNERABLE_JS, 1);
    await client.diagnosticsOf(admin, (ds, version) => version === 1 && ds.length === 0, 'the open admin file follows its folder settings');
  });
});
