// Summaries outlive the server: the signed result cache keeps each file's summary beside its
// diagnostics, so a server started again on an unchanged multi-file project gives the same
// cross-module findings while analysing only the files whose findings lead into another file
// (the cache keeps diagnostics about their own file only); the helpers' summaries are read back.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS, type ScanWorkspaceResult } from '../../server/src/shared/protocol';
import { LspTestClient } from './lspClient';

const FIXTURE = join(__dirname, '..', 'fixtures', 'crossmodule', 'express-app');

function findings(client: LspTestClient, root: string): string[] {
  const out: string[] = [];
  for (const [uri, params] of client.diagnostics) {
    if (!uri.startsWith('file:') || relative(root, fileURLToPath(uri)).startsWith('..')) continue;
    for (const d of params.diagnostics) {
      if (d.source !== 'rugged') continue;
      const related = (d.relatedInformation ?? []).map((r) => `${relative(root, fileURLToPath(r.location.uri))}:${r.location.range.start.line}`);
      out.push(`${relative(root, fileURLToPath(uri))}:${d.range.start.line} ${String(d.code)} ${(d.data as { fingerprint: string }).fingerprint} -> ${related.join(' ')}`);
    }
  }
  return out.sort();
}

describe('language server: summaries read back from the result cache after a restart', () => {
  let root: string;
  let storage: string;

  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-summaries-')));
    storage = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-summaries-storage-')));
    cpSync(FIXTURE, root, { recursive: true });
    writeFileSync(join(root, '.rugged.json'), '{}\n');
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  });

  test('a second server analyses only the files whose findings lead elsewhere, and finds the same', async () => {
    const start = () => LspTestClient.start({ workspaceFolders: [root], settings: () => ({ ...DEFAULT_SETTINGS, scanOnStartup: false }), initializationOptions: { storagePath: storage } });
    let client = await start();
    let first: ScanWorkspaceResult;
    let before: string[];
    try {
      first = await client.request<ScanWorkspaceResult>('rugged/scanWorkspace', null);
      before = findings(client, root);
      assert.ok(before.some((f) => f.startsWith(join('routes', 'users.js')) && f.includes(join('db', 'users.js'))), before.join('\n'));
      assert.ok(before.some((f) => f.startsWith(join('routes', 'reports.js')) && f.includes(join('db', 'run.js'))), before.join('\n'));
    } finally {
      await client.stop();
    }

    client = await start();
    try {
      const again = await client.request<ScanWorkspaceResult>('rugged/scanWorkspace', null);
      assert.equal(again.files, first.files);
      assert.equal(again.analysed, 2, 'routes/users.js and routes/reports.js only: their diagnostics point into db/, which the cache does not keep');
      assert.equal(again.cached, first.files - first.skipped - 2);
      assert.deepEqual(findings(client, root), before);
    } finally {
      await client.stop();
    }
  });
});
