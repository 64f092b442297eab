// Open documents analysed on the document worker thread: over the real protocol, every fixture
// file opened, edited and asked for quick fixes shows exactly what the server's own thread shows
// (cross-module findings and verified fixes included); in process, a worker that dies leaves a
// notice on that document and the analysis, from then on, to the server's thread.
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { allRules } from '../../rules/index';
import { knownRuleIds } from '../../server/src/catalog/knownRuleIds';
import { createRuleCatalog } from '../../server/src/catalog/ruleCatalog';
import { createAnalyzer } from '../../server/src/lsp/analysis';
import { DocumentWorker } from '../../server/src/lsp/documentWorker';
import { ProjectConfigs } from '../../server/src/lsp/projectConfig';
import { DEFAULT_SETTINGS } from '../../server/src/shared/protocol';
import { LspTestClient, SERVER_PATH } from './lspClient';
import { tempDir } from './tempDirs';

const FIXTURES = join(__dirname, '..', 'fixtures');
const PROJECTS = [...readdirSync(join(FIXTURES, 'crossmodule')).map((name) => join('crossmodule', name)), 'express-sql', 'unsafe-apis'];
const WORKER_SCRIPT = join(SERVER_PATH, '..', 'analysisWorker.js');
const LANGUAGES: Record<string, string> = { '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascriptreact', '.ts': 'typescript', '.tsx': 'typescriptreact' };
/** Put first in every document by its edit: a finding of its own, and every later line moved. */
const EDIT = "const { exec } = require('child_process');\nexec('ls ' + process.argv[2]);\n";
/** Never reached: every document stays in the server's thread. */
const NEVER = Number.MAX_SAFE_INTEGER;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (LANGUAGES[extname(name)]) out.push(path);
  }
  return out;
}

/** What the client saw of one document: diagnostics as opened, as edited, and the quick fixes then. */
interface Seen {
  opened: Diagnostic[];
  edited: Diagnostic[];
  actions: CodeAction[];
}

/** Opens, edits and asks for the code actions of every fixture file, one after another. */
async function openEveryFile(documentWorkerFrom: number): Promise<{ seen: string; files: number; logs: string[] }> {
  const roots = PROJECTS.map((project) => {
    const root = tempDir(`rugged-docworker-${project.replace(/\W/g, '-')}-`);
    cpSync(join(FIXTURES, project), root, { recursive: true });
    writeFileSync(join(root, '.rugged.json'), '{}\n');
    return root;
  });
  const client = await LspTestClient.start({
    workspaceFolders: roots,
    settings: () => ({ scanOnStartup: false }),
    initializationOptions: { storagePath: tempDir('rugged-docworker-cache-'), scanWorkers: 0, documentWorkerFrom },
  });
  const seen: Record<string, Seen> = {};
  try {
    for (const root of roots) {
      for (const path of sourceFiles(root)) {
        const uri = pathToFileURL(path).href;
        const text = readFileSync(path, 'utf8');
        client.open(uri, text, 1, LANGUAGES[extname(path)]);
        const opened = await client.diagnosticsOf(uri, (_, version) => version === 1);
        client.change(uri, EDIT + text, 2);
        const edited = await client.diagnosticsOf(uri, (_, version) => version === 2);
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length + 2, character: 0 } },
          context: { diagnostics: edited, only: ['quickfix'] },
        });
        // Related information and edits name files of this copy: keep the comparison to the copy's inside.
        const key = `${PROJECTS[roots.indexOf(root)]}/${relative(root, path)}`;
        seen[key] = JSON.parse(JSON.stringify({ opened, edited, actions }).split(pathToFileURL(root).href).join('<root>')) as Seen;
      }
    }
    return { seen: JSON.stringify(seen, null, 1), files: Object.keys(seen).length, logs: [...client.logMessages] };
  } finally {
    await client.stop();
  }
}

describe('open documents on the document worker', () => {
  test('show the same diagnostics and quick fixes as in the server thread, after opening and after an edit', async () => {
    const inThread = await openEveryFile(NEVER);
    const onWorker = await openEveryFile(0);
    assert.ok(onWorker.logs.some((line) => /from 0 characters up are analysed on a worker thread/.test(line)), 'the documents went to the worker');
    assert.ok(!inThread.logs.some((line) => /worker thread/.test(line)), 'the other run kept them in the server thread');
    assert.ok(inThread.files > 20, `${inThread.files} documents compared`);
    assert.ok(inThread.seen.includes('relatedInformation') && inThread.seen.includes('"edit"'), 'cross-file findings and fixes are part of the comparison');
    assert.ok(inThread.seen.includes('child_process'), 'the edit is part of the comparison');
    assert.equal(onWorker.seen, inThread.seen);
  });
});

describe('the document worker, in process', () => {
  const VULNERABLE = "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/u', (req, res) => pool.query('SELECT * FROM u WHERE id = ' + req.query.id));\n";

  /** The real worker, except that it dies on any document named crash.js. */
  function crashingWorker(): string {
    const script = join(tempDir('rugged-docworker-crash-'), 'crashingWorker.js');
    writeFileSync(
      script,
      [
        "const { parentPort } = require('node:worker_threads');",
        "parentPort.on('message', (task) => { if (task.path.endsWith('crash.js')) process.exit(3); });",
        `require(${JSON.stringify(WORKER_SCRIPT)});`,
      ].join('\n'),
    );
    return script;
  }

  test('a worker that dies leaves a notice on that document and the analysis to the server thread', async () => {
    const root = tempDir('rugged-docworker-ws-');
    writeFileSync(join(root, '.rugged.json'), '{}\n');
    const config = new ProjectConfigs(() => undefined, knownRuleIds(allRules)).forFile(join(root, 'a.js'), DEFAULT_SETTINGS);
    const analyzer = createAnalyzer(allRules, createRuleCatalog(allRules));
    const crashes: [string, string][] = [];
    const worker = new DocumentWorker({ script: crashingWorker(), rules: allRules, from: 0, analyzer, crashed: (uri, message) => crashes.push([uri, message]), log: () => undefined });
    try {
      const analyse = (name: string) => worker.analyse(VULNERABLE, join(root, name), pathToFileURL(join(root, name)).href, config);
      const inThread = (name: string) => analyzer.run(VULNERABLE, join(root, name), pathToFileURL(join(root, name)).href, config);

      const first = await analyse('a.js');
      assert.equal(worker.running, true, 'the first document went to the worker');
      assert.ok(first.diagnostics.length > 0 && first.findings.some((finding) => finding.fixes.length > 0), 'a finding with a verified fix to compare');
      assert.deepEqual(first, inThread('a.js'));

      const crashed = await analyse('crash.js');
      assert.deepEqual(crashed, inThread('crash.js'), 'the document the worker died on is analysed here instead');
      assert.equal(crashes.length, 1);
      assert.equal(crashes[0][0], pathToFileURL(join(root, 'crash.js')).href);
      assert.match(crashes[0][1], /document worker thread stopped on it/);
      assert.equal(worker.running, false, 'a dead worker is not replaced');

      assert.deepEqual(await analyse('b.js'), inThread('b.js'), 'later documents are analysed here');
      assert.equal(crashes.length, 1, 'one notice');
    } finally {
      await worker.dispose();
    }
  });

  test('documents shorter than the threshold stay in the server thread and start no worker', async () => {
    const root = tempDir('rugged-docworker-short-');
    const config = new ProjectConfigs(() => undefined, knownRuleIds(allRules)).forFile(join(root, 'a.js'), DEFAULT_SETTINGS);
    const analyzer = createAnalyzer(allRules, createRuleCatalog(allRules));
    const worker = new DocumentWorker({ script: WORKER_SCRIPT, rules: allRules, from: VULNERABLE.length + 1, analyzer, crashed: () => assert.fail('no crash'), log: () => undefined });
    try {
      const uri = pathToFileURL(join(root, 'a.js')).href;
      assert.deepEqual(await worker.analyse(VULNERABLE, join(root, 'a.js'), uri, config), analyzer.run(VULNERABLE, join(root, 'a.js'), uri, config));
      assert.equal(worker.running, false);
      await worker.analyse(VULNERABLE + '\n', join(root, 'a.js'), uri, config);
      assert.equal(worker.running, true, 'one character more and it goes to the worker');
    } finally {
      await worker.dispose();
    }
  });
});
