// `rugged.baseline.file` over the real language server (stdio): a finding the saved report holds
// is shown as a hint that says so, even after it moved; a new one keeps its severity.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { runCli } from '../cli/helpers';
import { LspTestClient } from './lspClient';

const RULE = 'sql/no-string-built-query';
const OLD = `const { Pool } = require('pg');
const pool = new Pool();

app.get('/users', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = ' + req.query.id);
  res.json(rows);
});
`;
const NEW = OLD.replace('/users', '/orders').replace('users WHERE id', 'orders WHERE ref').replace('req.query.id', 'req.query.ref');

const isRugged = (d: Diagnostic) => d.source === 'rugged' && d.code === RULE;
const text = (message: string | { value: string }) => (typeof message === 'string' ? message : message.value);

describe('language server: rugged.baseline.file', () => {
  let client: LspTestClient;
  let workspace: string;

  before(async () => {
    workspace = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-lsp-baseline-')));
    writeFileSync(join(workspace, 'package.json'), '{ "name": "fixture", "private": true }\n');
    writeFileSync(join(workspace, 'users.js'), OLD);
    const saved = await runCli(['scan', '-f', 'sarif', '-o', 'baseline.sarif'], workspace);
    assert.equal(saved.code, 1, saved.stderr);
    client = await LspTestClient.start({
      workspaceFolders: [workspace],
      settings: () => ({ scanOnStartup: false, baseline: { file: 'baseline.sarif' } }),
      initializationOptions: { storagePath: join(workspace, '.storage') },
    });
  });

  after(async () => {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  test('a baseline finding is a hint saying so, also after it moved down; a new finding keeps its severity', async () => {
    const oldUri = pathToFileURL(join(workspace, 'users.js')).toString();
    client.open(oldUri, `// moved\n\n${OLD}`, 1);
    const [old] = await client.diagnosticsOf(oldUri, (ds) => ds.some(isRugged));
    assert.equal(old.severity, 4, 'Hint');
    assert.equal(old.range.start.line, 6);
    assert.match(text(old.message), /^Baseline finding \(in baseline\.sarif\): Query passed to `pool\.query`/);

    const newUri = pathToFileURL(join(workspace, 'orders.js')).toString();
    client.open(newUri, NEW, 1);
    const [fresh] = await client.diagnosticsOf(newUri, (ds) => ds.some(isRugged));
    assert.equal(fresh.severity, 1, 'Error');
    assert.doesNotMatch(text(fresh.message), /Baseline/);
  });
});
