// The built language server over stdio, as an editor drives it: open documents, diagnostics,
// code actions and their edits, changes, hover, the suppress command, broken and skipped files.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { applyTextEdits, editsFor, LspTestClient } from './lspClient';

const RULE = 'sql/no-string-built-query';

const VULNERABLE = `const { Pool } = require('pg');
const pool = new Pool();

app.get('/users', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = ' + req.query.id);
  res.json(rows);
});
`;

/** Protocol 3.18 allows markup in messages; Rugged sends plain strings. */
function text(message: string | { value: string } | undefined): string {
  return typeof message === 'string' ? message : message?.value ?? '';
}

function isRugged(d: Diagnostic): boolean {
  return d.source === 'rugged' && d.code === RULE;
}

describe('language server: open documents (client with workspace/configuration)', () => {
  let client: LspTestClient;
  let workspace: string;
  const settings: Record<string, unknown> = {};

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'rugged-lsp-docs-'));
    client = await LspTestClient.start({
      workspaceFolders: [workspace],
      settings: () => ({ scanOnStartup: false, ...settings }),
      initializationOptions: { storagePath: join(workspace, '.storage') },
    });
  });

  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  const uriOf = (name: string) => pathToFileURL(join(workspace, name)).toString();

  test('a finding in a test file is information, and its message says it was lowered from an error and why', async () => {
    const uri = uriOf('test/users.test.js');
    client.open(uri, VULNERABLE, 1);
    const [diagnostic] = await client.diagnosticsOf(uri, (ds, version) => version === 1 && ds.some(isRugged));
    assert.equal(diagnostic.severity, 3, 'information: tests are not deployed');
    assert.match(text(diagnostic.message), /bound parameters.* \(lowered from error: test file \(matches \*\*\/test\/\*\*\)\)$/);
    client.close(uri);
  });

  test('diagnostics on open, quick fixes in order, the fix applied and the change re-checked', async () => {
    const uri = uriOf('users.js');
    client.open(uri, VULNERABLE, 1);
    const [diagnostic] = await client.diagnosticsOf(uri, (ds, version) => version === 1 && ds.some(isRugged));
    assert.equal(diagnostic.code, RULE);
    assert.equal(diagnostic.source, 'rugged');
    assert.equal(diagnostic.severity, 1, 'request input reaching the query is an error');
    assert.deepEqual(diagnostic.range, { start: { line: 4, character: 36 }, end: { line: 4, character: 84 } });
    assert.match(text(diagnostic.message), /pool\.query/);
    assert.match(text(diagnostic.message), /bound parameters/);
    assert.match(diagnostic.codeDescription?.href ?? '', /rules\/sql\/no-string-built-query\.md$/);
    assert.equal(diagnostic.relatedInformation?.[0].location.uri, uri);
    assert.match(text(diagnostic.relatedInformation?.[0].message), /req\.query\.id/);
    assert.deepEqual(Object.keys(diagnostic.data as object).sort(), ['confidence', 'fingerprint', 'ruleId']);

    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Use bound parameters ($1, $2) with a values array', 'Raise abuser story from this finding', `Show documentation for ${RULE}`, `Suppress ${RULE} on this line...`],
    );
    for (const action of actions) {
      assert.equal(action.kind, 'quickfix');
      assert.deepEqual(action.diagnostics, [diagnostic], `${action.title} is linked to its diagnostic`);
    }
    const [fix, story, docs, suppress] = actions;
    assert.equal(fix.isPreferred, false, 'a behaviour-changing suggestion is never preferred');
    assert.equal(story.command?.command, 'rugged.raiseAbuserStory');
    assert.deepEqual(story.command?.arguments?.[0], {
      uri,
      range: diagnostic.range,
      ruleId: RULE,
      fingerprint: (diagnostic.data as { fingerprint: string }).fingerprint,
      message: diagnostic.message,
    });
    assert.equal(docs.command?.command, 'rugged.openRuleDocumentation');
    assert.equal((docs.command?.arguments?.[0] as { url: string }).url, diagnostic.codeDescription?.href);
    assert.equal(suppress.command?.command, 'rugged.suppressFinding');

    const fixed = applyTextEdits(VULNERABLE, editsFor(fix.edit!, uri));
    assert.match(fixed, /pool\.query\('SELECT \* FROM users WHERE id = \$1', \[req\.query\.id\]\)/);
    client.change(uri, fixed, 2);
    await client.diagnosticsOf(uri, (ds, version) => version === 2 && !ds.some(isRugged), 'the finding to disappear after the fix');

    client.change(uri, VULNERABLE, 3);
    await client.diagnosticsOf(uri, (ds, version) => version === 3 && ds.some(isRugged), 'the finding to come back');
    client.close(uri);
    await client.diagnosticsOf(uri, (ds) => ds.length === 0, 'a closed file outside any scanned folder to show nothing');
  });

  test('rapid edits are debounced: only the latest version is published', async () => {
    const uri = uriOf('typing.js');
    client.open(uri, VULNERABLE, 1);
    await client.diagnosticsOf(uri, (ds, version) => version === 1 && ds.some(isRugged));
    const before = client.published.length;
    for (let version = 2; version <= 6; version++) client.change(uri, `${VULNERABLE}// edit ${version}\n`, version);
    await client.diagnosticsOf(uri, (ds, version) => version === 6 && ds.some(isRugged));
    const seen = client.published.slice(before).filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(seen, [6], 'superseded versions are never analysed');
    client.close(uri);
  });

  test('hover on a finding explains the checklist item, the rationale, the safe pattern and the references', async () => {
    const uri = uriOf('hover.js');
    client.open(uri, VULNERABLE, 1);
    await client.diagnosticsOf(uri, (ds) => ds.some(isRugged));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 50 } });
    assert.ok(hover, 'a hover on the finding');
    const markdown = (hover.contents as { kind: string; value: string }).value;
    assert.equal((hover.contents as { kind: string }).kind, 'markdown');
    assert.match(markdown, /\*\*Checklist:\*\* Every SQL statement sent to the database driver is a constant string/);
    assert.match(markdown, /\*\*Why it matters:\*\*/);
    assert.match(markdown, /\*\*Safe pattern:\*\*/);
    assert.match(markdown, /Quick fix available: Use bound parameters/);
    assert.match(markdown, /\[CWE-89\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/89\.html\)/);
    assert.match(markdown, /\[OWASP A03:2021-Injection\]\(https:\/\/owasp\.org\/Top10\/A03_2021-Injection\/\)/);
    const elsewhere = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(elsewhere, null, 'no hover away from findings');
    client.close(uri);
  });

  test('suppress: a reason is required; with one, the comment is inserted above with the same indentation', async () => {
    const uri = uriOf('suppress.js');
    client.open(uri, VULNERABLE, 1);
    const [diagnostic] = await client.diagnosticsOf(uri, (ds) => ds.some(isRugged));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const suppress = actions.find((a) => a.command?.command === 'rugged.suppressFinding')!;
    const args = suppress.command!.arguments![0] as Record<string, unknown>;

    await assert.rejects(
      client.request('workspace/executeCommand', { command: 'rugged.suppressFinding', arguments: [args] }),
      /A reason is required to suppress sql\/no-string-built-query/,
    );
    assert.equal(client.appliedEdits.length, 0);

    const result = await client.request<{ applied: boolean }>('workspace/executeCommand', {
      command: 'rugged.suppressFinding',
      arguments: [{ ...args, reason: 'id is validated\nas an integer by the router' }],
    });
    assert.deepEqual(result, { applied: true });
    const edit = client.appliedEdits.at(-1)!;
    assert.deepEqual((edit.documentChanges?.[0] as { textDocument: unknown }).textDocument, { uri, version: 1 }, 'the edit is bound to the version');
    const suppressed = applyTextEdits(VULNERABLE, editsFor(edit, uri));
    assert.equal(
      suppressed.split('\n')[4],
      `  // rugged-ignore ${RULE} -- id is validated as an integer by the router`,
    );
    client.change(uri, suppressed, 2);
    await client.diagnosticsOf(uri, (ds, version) => version === 2 && ds.length === 0, 'the suppressed finding to disappear');

    await assert.rejects(
      client.request('workspace/executeCommand', { command: 'rugged.suppressFinding', arguments: [{ ...args, reason: 'late' }] }),
      /changed since the action was offered/,
      'an action computed for version 1 is refused on version 2',
    );
    client.close(uri);
  });

  test('the documentation command opens the rule page through window/showDocument', async () => {
    await client.request('workspace/executeCommand', {
      command: 'rugged.openRuleDocumentation',
      arguments: [{ ruleId: RULE, url: 'https://github.com/rugged-security/rugged/blob/main/rules/sql/no-string-built-query.md' }],
    });
    assert.deepEqual(client.shownDocuments.at(-1), { uri: 'https://github.com/rugged-security/rugged/blob/main/rules/sql/no-string-built-query.md', external: true });
    await assert.rejects(
      client.request('workspace/executeCommand', { command: 'rugged.openRuleDocumentation', arguments: [{ ruleId: RULE, url: 'javascript:alert(1)' }] }),
      /Rugged opens only its own rule documentation, not javascript:alert\(1\)/,
    );
  });

  test('a file that stops parsing keeps its last good diagnostics plus one parse note', async () => {
    const uri = uriOf('broken.js');
    client.open(uri, VULNERABLE, 1);
    await client.diagnosticsOf(uri, (ds) => ds.some(isRugged));
    const broken = VULNERABLE.replace('res.json(rows);', 'res.json(rows;');
    client.change(uri, broken, 2);
    const shown = await client.diagnosticsOf(uri, (_ds, version) => version === 2);
    assert.deepEqual(shown.map((d) => [d.code, d.severity]), [[RULE, 1], ['rugged/parse-error', 3]]);
    assert.match(text(shown[1].message), /Syntax error/);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: shown[0].range, context: { diagnostics: [shown[0]] } });
    assert.ok(actions.every((a) => a.edit === undefined), 'no edits computed against text that no longer exists');
    client.change(uri, VULNERABLE.replace("' + req.query.id", "1'"), 3);
    await client.diagnosticsOf(uri, (ds, version) => version === 3 && ds.length === 0, 'the file to parse again with nothing to report');
    client.close(uri);
  });

  test('binary, huge and minified documents are skipped with one notice each, and the server carries on', async () => {
    const binary = uriOf('blob.js');
    const huge = uriOf('huge.js');
    const minified = uriOf('vendor.js');
    client.open(binary, 'const a = 1;\u0000\u0001\u0002', 1);
    client.open(huge, `const s = '${'x'.repeat(1024 * 1024 + 10)}';\n`, 1);
    client.open(minified, `${'var a=1;'.repeat(4000)}\n`, 1);
    await client.diagnosticsOf(binary, (ds, v) => v === 1 && ds.length === 0);
    await client.diagnosticsOf(huge, (ds, v) => v === 1 && ds.length === 0);
    await client.diagnosticsOf(minified, (ds, v) => v === 1 && ds.length === 0);
    client.change(huge, `const s = '${'y'.repeat(1024 * 1024 + 10)}';\n`, 2);
    await client.diagnosticsOf(huge, (_ds, v) => v === 2);
    const notices = (uri: string) => client.logMessages.filter((m) => m.startsWith(uri));
    assert.equal(notices(binary).length, 1);
    assert.match(notices(binary)[0], /Binary content/);
    assert.equal(notices(huge).length, 1, 'said once, although the file was checked twice');
    assert.match(notices(huge)[0], /over the 1048576 limit/);
    assert.equal(notices(minified).length, 1);
    assert.match(notices(minified)[0], /minified/);
    assert.ok(client.statuses.some((s) => (s.notice as { uri?: string } | undefined)?.uri === huge), 'the notice also reaches the status');

    const ok = uriOf('after.js');
    client.open(ok, VULNERABLE, 1);
    await client.diagnosticsOf(ok, (ds) => ds.some(isRugged), 'the server to keep serving');
    for (const uri of [binary, huge, minified, ok]) client.close(uri);
  });

  test('a settings change (rule off) refreshes open documents', async () => {
    const uri = uriOf('settings.js');
    client.open(uri, VULNERABLE, 1);
    await client.diagnosticsOf(uri, (ds) => ds.some(isRugged));
    settings.rules = { [RULE]: 'off' };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsOf(uri, (ds) => ds.length === 0, 'the finding to go once the rule is off');
    settings.rules = { [RULE]: 'info' };
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const [back] = await client.diagnosticsOf(uri, (ds) => ds.some(isRugged), 'the finding to come back');
    assert.equal(back.severity, 3, 'the settings severity wins');
    assert.ok(
      client.configurationRequests.some((r) => r.items.some((i) => i.section === 'rugged' && i.scopeUri === uri)),
      'settings are asked per document',
    );
    delete settings.rules;
    client.close(uri);
  });

  test('the backlog requests are served for a finding (rugged/proposeStory)', async () => {
    const uri = uriOf('story.js');
    client.open(uri, VULNERABLE, 1);
    const [diagnostic] = await client.diagnosticsOf(uri, (ds) => ds.some(isRugged));
    const draft = await client.request<{ title: string; findings: { ruleId: string }[] }>('rugged/proposeStory', { uri, range: diagnostic.range, ruleId: RULE });
    assert.ok(draft.title.length > 0);
    assert.deepEqual(draft.findings.map((f) => f.ruleId), [RULE]);
    client.close(uri);
  });

  test('a failing request is answered empty and the server survives', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf('never-opened.js') },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions, []);
    const malformed = await client.request<unknown>('textDocument/hover', { textDocument: null, position: null });
    assert.equal(malformed, null);
    assert.ok(client.logMessages.some((m) => /^Hover failed for the workspace: /.test(m)), 'the failure is logged');
    assert.ok(client.isRunning);
  });
});

describe('language server: a client without workspace/configuration', () => {
  let client: LspTestClient;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'rugged-lsp-noconf-'));
    client = await LspTestClient.start({
      workspaceFolders: [workspace],
      capabilities: { textDocument: { publishDiagnostics: {} } },
      initializationOptions: { storagePath: join(workspace, '.storage') },
    });
  });

  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('uses the defaults, then the settings pushed with didChangeConfiguration; edits are unversioned', async () => {
    const uri = pathToFileURL(join(workspace, 'a.js')).toString();
    client.open(uri, VULNERABLE, 1);
    const [diagnostic] = await client.diagnosticsOf(uri, (ds) => ds.some(isRugged));
    assert.equal(client.configurationRequests.length, 0, 'never asks a client that cannot answer');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [] } });
    assert.ok(actions[0].edit?.changes?.[uri], 'plain `changes` for a client without documentChanges');
    client.notify('workspace/didChangeConfiguration', { settings: { rugged: { rules: { [RULE]: 'off' } } } });
    await client.diagnosticsOf(uri, (ds) => ds.length === 0, 'the pushed settings to turn the rule off');
  });
});

describe('language server: over node-ipc, the VS Code client transport', () => {
  test('initializes and publishes diagnostics', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'rugged-lsp-ipc-'));
    const client = await LspTestClient.start({
      transport: 'node-ipc',
      workspaceFolders: [workspace],
      settings: () => ({ scanOnStartup: false }),
      initializationOptions: { storagePath: join(workspace, '.storage') },
    });
    try {
      const uri = pathToFileURL(join(workspace, 'ipc.js')).toString();
      client.open(uri, VULNERABLE, 1);
      await client.diagnosticsOf(uri, (ds) => ds.some(isRugged));
    } finally {
      await client.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
