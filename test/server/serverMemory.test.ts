// A long session through the real server over stdio keeps its memory bounded: thousands of edits
// of open documents, each analysed (a hover asks for the current version's result), documents
// opened and closed, and workspace scans in between. The heap after a full garbage collection is
// compared after a warm-up and at the end; a per-edit leak of results or texts (each document is
// about 20 KB, each result larger) grows it past the margin many times over. The server runs with
// --expose-gc and a preloaded probe that collects and writes its memory when sent SIGUSR2.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';

const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-server-memory-')));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Heap growth allowed between the warm-up and the end: far below what a per-edit leak adds. */
const MARGIN_BYTES = 24 * 1024 * 1024;
const DOCUMENTS = 12;
const WARM_UP_EDITS = 300;
const EDITS = 1_200;

/** A module of about 20 KB with findings, whose `edit`th version differs in one line. */
function documentText(doc: number, edit: number): string {
  const handlers: string[] = [];
  for (let i = 0; i < 60; i++) {
    const value = i === edit % 60 ? `req.query.v${edit}` : `req.query.c${i}`;
    handlers.push(`app.get('/d${doc}/r${i}', (req, res) => {\n  const sql = 'SELECT * FROM t${i} WHERE c = ' + ${value};\n  db.query(sql);\n  res.send({ ok: true, route: ${i}, note: 'a line that makes the document larger, as real handlers are' });\n});\n`);
  }
  return `const db = require('./db');\n${handlers.join('')}`;
}

function probeFile(out: string): string {
  const probe = join(scratch, 'memoryProbe.cjs');
  writeFileSync(
    probe,
    `const { writeFileSync, renameSync } = require('node:fs');
process.on('SIGUSR2', () => {
  for (let i = 0; i < 3; i++) global.gc();
  const usage = process.memoryUsage();
  writeFileSync(${JSON.stringify(`${out}.tmp`)}, JSON.stringify(usage));
  renameSync(${JSON.stringify(`${out}.tmp`)}, ${JSON.stringify(out)});
});
`,
  );
  return probe;
}

test('thousands of edits, opens, closes and scans through the real server leave the heap bounded', { timeout: 600_000 }, async (t) => {
  const root = join(scratch, 'workspace');
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, '.rugged.json'), '{}\n');
  for (let i = 0; i < 30; i++) writeFileSync(join(root, 'src', `closed${i}.js`), documentText(100 + i, 0));
  const storage = join(scratch, 'storage');
  mkdirSync(storage, { mode: 0o700 });
  const out = join(scratch, 'memory.json');
  const client = await LspTestClient.start({
    workspaceFolders: [root],
    settings: () => ({ scanOnStartup: false }),
    initializationOptions: { storagePath: storage },
    env: { ...process.env, NODE_OPTIONS: `--expose-gc --require ${probeFile(out)}` },
  });

  const heapUsed = async (): Promise<number> => {
    rmSync(out, { force: true });
    process.kill(client.pid ?? 0, 'SIGUSR2');
    // The probe writes a file, not a protocol message: poll for it, with a deadline.
    const deadline = Date.now() + 30_000;
    while (!existsSync(out)) {
      assert.ok(Date.now() < deadline && client.isRunning, 'the memory probe answers');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return (JSON.parse(readFileSync(out, 'utf8')) as NodeJS.MemoryUsage).heapUsed;
  };

  const uris = Array.from({ length: DOCUMENTS }, (_, i) => pathToFileURL(join(root, 'src', `open${i}.js`)).href);
  const versions = new Map<string, number>();
  let edit = 0;
  const session = async (edits: number) => {
    for (let n = 0; n < edits; n++, edit++) {
      const doc = edit % DOCUMENTS;
      const uri = uris[doc];
      const version = (versions.get(uri) ?? 0) + 1;
      versions.set(uri, version);
      if (version === 1) client.open(uri, documentText(doc, edit), 1);
      else client.change(uri, documentText(doc, edit), version);
      // The hover analyses this exact version now, debounce or not.
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 10 } });
      if (edit % 97 === 96) {
        // Close and forget a document now and then; it opens again with a fresh version.
        client.close(uri);
        versions.delete(uri);
      }
      if (edit % 500 === 499) await client.request('rugged/scanWorkspace', {});
    }
  };

  try {
    await session(WARM_UP_EDITS);
    await client.request('rugged/scanWorkspace', {});
    const warm = await heapUsed();
    await session(EDITS);
    await client.request('rugged/scanWorkspace', {});
    const end = await heapUsed();
    assert.ok(client.isRunning, client.errorOutput);
    const growth = end - warm;
    t.diagnostic(`heap after GC: ${(warm / 1e6).toFixed(1)} MB after the warm-up, ${(end / 1e6).toFixed(1)} MB after ${EDITS} more edits and 3 scans`);
    assert.ok(growth < MARGIN_BYTES, `heap after GC grew by ${(growth / 1e6).toFixed(1)} MB over ${EDITS} edits (from ${(warm / 1e6).toFixed(1)} MB to ${(end / 1e6).toFixed(1)} MB)`);
  } finally {
    await client.stop();
  }
});
