// Fixes across files, over the real protocol: request input reaches a query in a helper module, the
// finding is shown at the call in the route file, and its quick fix edits the helper (where the
// query is built), closed on disk or open with unsaved text; once the fixed helper is republished,
// the route's finding is gone.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits, editsFor, LspTestClient } from './lspClient';

const RULE = 'sql/no-string-built-query';
const UNSAFE = "'SELECT owner FROM accounts WHERE id = ' + id";
const FIXED = "'SELECT owner FROM accounts WHERE id = $1', [id]";

const HELPER = `const { Pool } = require('pg');
const pool = new Pool();

function findAccount(id) {
  return pool.query(${UNSAFE});
}

module.exports = { findAccount };
`;

const ROUTE = `const express = require('express');
const { findAccount } = require('../db/accounts');

const router = express.Router();
router.get('/accounts/:id', async (req, res) => {
  res.json(await findAccount(req.params.id));
});

module.exports = router;
`;

const CALL_LINE = 5;
const atCall = (ds: Diagnostic[]) => ds.find((d) => d.code === RULE && d.range.start.line === CALL_LINE);

describe('language server: a cross-module finding is fixed in the helper that builds the query', () => {
  let root: string;
  let client: LspTestClient;
  let routeUri: string;
  let helperPath: string;
  let helperUri: string;

  before(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-foreign-fix-')));
    mkdirSync(join(root, 'db'));
    mkdirSync(join(root, 'routes'));
    writeFileSync(join(root, '.rugged.json'), '{}\n');
    helperPath = join(root, 'db', 'accounts.js');
    writeFileSync(helperPath, HELPER);
    writeFileSync(join(root, 'routes', 'accounts.js'), ROUTE);
    routeUri = pathToFileURL(join(root, 'routes', 'accounts.js')).toString();
    helperUri = pathToFileURL(helperPath).toString();
    client = await LspTestClient.start({ workspaceFolders: [root] });
  });

  after(async () => {
    await client.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function helperFixOf(diagnostic: Diagnostic): Promise<CodeAction | undefined> {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: routeUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    return actions.find((a) => a.title.endsWith(' in db/accounts.js'));
  }

  test('the helper closed: the action edits the file on disk, and the route finding goes once it is saved', async () => {
    client.open(routeUri, ROUTE);
    const diagnostic = atCall(await client.diagnosticsOf(routeUri, (ds) => atCall(ds) !== undefined, 'the finding at the call in the route file'));
    assert.ok(diagnostic);
    const action = await helperFixOf(diagnostic);
    assert.ok(action?.edit, 'a quick fix editing db/accounts.js');
    assert.equal(action.title, 'Use bound parameters ($1, $2) with a values array in db/accounts.js');
    assert.deepEqual(action.diagnostics, [diagnostic]);
    const change = action.edit.documentChanges?.[0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri: helperUri, version: null }, 'a file no editor has open');
    assert.deepEqual(editsFor(action.edit, routeUri), [], 'the route file stays as it is');

    const fixed = applyTextEdits(HELPER, editsFor(action.edit, helperUri));
    assert.equal(fixed, HELPER.replace(UNSAFE, FIXED));
    writeFileSync(helperPath, fixed);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: helperUri, type: 2 }] });
    await client.diagnosticsOf(routeUri, (ds) => atCall(ds) === undefined, 'the route file without the finding');
    assert.equal(await helperFixOf(diagnostic), undefined, 'nothing left to fix in the helper');
  });

  test('the helper open with unsaved text: the action names its version, and applying it clears the route', async () => {
    writeFileSync(helperPath, HELPER);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: helperUri, type: 2 }] });
    await client.diagnosticsOf(routeUri, (ds) => atCall(ds) !== undefined, 'the finding back with the helper unfixed on disk');

    // The open helper differs from the disk: the fix must be made for the text in the editor.
    const edited = HELPER.replace('function findAccount', '// Accounts by id.\nfunction findAccount');
    client.open(helperUri, edited, 3);
    const diagnostic = atCall(await client.diagnosticsOf(routeUri, (ds) => atCall(ds)?.relatedInformation?.some((r) => r.location.uri === helperUri && r.location.range.start.line === 5) === true, 'the route finding pointing into the unsaved helper'));
    assert.ok(diagnostic);
    const action = await helperFixOf(diagnostic);
    assert.ok(action?.edit);
    const change = action.edit.documentChanges?.[0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri: helperUri, version: 3 });
    const fixed = applyTextEdits(edited, editsFor(action.edit, helperUri));
    assert.equal(fixed, edited.replace(UNSAFE, FIXED));
    assert.equal(readFileSync(helperPath, 'utf8'), HELPER, 'the server itself writes nothing');

    client.change(helperUri, fixed, 4);
    await client.diagnosticsOf(routeUri, (ds) => atCall(ds) === undefined, 'the route file without the finding after the unsaved fix');
  });
});
