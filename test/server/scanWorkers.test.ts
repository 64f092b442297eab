// The workspace scan on worker threads: over the real protocol it shows exactly the diagnostics of
// the scan in the server's own thread (multi-file projects with import cycles, re-exports and
// cross-module findings); in process, a worker that dies on a file leaves a notice on that file
// and the rest of the scan intact, and a newer scan or `cancel` stops the threads.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkDoneProgressReporter } from 'vscode-languageserver';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { allRules } from '../../rules/index';
import { knownRuleIds } from '../../server/src/catalog/knownRuleIds';
import { createRuleCatalog } from '../../server/src/catalog/ruleCatalog';
import { createAnalyzer } from '../../server/src/lsp/analysis';
import { DiagnosticStore } from '../../server/src/lsp/diagnosticStore';
import { FileContexts } from '../../server/src/lsp/fileContext';
import { FileNotices } from '../../server/src/lsp/notices';
import { ProjectConfigs } from '../../server/src/lsp/projectConfig';
import { ResultCache } from '../../server/src/lsp/resultCache';
import { ScanWorkers } from '../../server/src/lsp/scanWorkers';
import { SettingsCache } from '../../server/src/lsp/settings';
import { StatusReporter } from '../../server/src/lsp/status';
import { WorkspaceFlow } from '../../server/src/lsp/workspaceFlow';
import { tempDir } from './tempDirs';
import { WorkspaceScanner } from '../../server/src/lsp/workspaceScan';
import { DEFAULT_SETTINGS, type ScanWorkspaceResult } from '../../server/src/shared/protocol';
import { LspTestClient, SERVER_PATH } from './lspClient';

const FIXTURES = join(__dirname, '..', 'fixtures');
/** Multi-file projects (cycles, re-exports, `paths`, workspaces) and single-file scenarios. */
const PROJECTS = [...readdirSync(join(FIXTURES, 'crossmodule')).map((name) => join('crossmodule', name)), 'crossfunction', 'express-sql', 'unsafe-apis', 'cli-scan'];
const WORKER_SCRIPT = join(SERVER_PATH, '..', 'analysisWorker.js');

function copyProjects(): string[] {
  return PROJECTS.map((project) => {
    const root = tempDir(`rugged-threads-${project.replace(/\W/g, '-')}-`);
    cpSync(join(FIXTURES, project), root, { recursive: true });
    writeFileSync(join(root, '.rugged.json'), '{}\n');
    return root;
  });
}

/** Every diagnostic the server shows for files of `roots`, by path relative to its root. */
function shown(client: LspTestClient, roots: readonly string[]): string {
  const out: [string, PublishDiagnosticsParams['diagnostics']][] = [];
  for (const [uri, params] of client.diagnostics) {
    const path = fileURLToPath(uri);
    const index = roots.findIndex((root) => path.startsWith(`${root}/`));
    if (index < 0 || params.diagnostics.length === 0) continue;
    const relative = `${index}:${path.slice(roots[index].length)}`;
    // Related information points into the same copy: make it relative too.
    out.push([relative, JSON.parse(JSON.stringify(params.diagnostics).split(pathToFileURL(roots[index]).href).join('<root>')) as PublishDiagnosticsParams['diagnostics']]);
  }
  return JSON.stringify(out.sort((a, b) => a[0].localeCompare(b[0])), null, 1);
}

async function scanWith(scanWorkers: number): Promise<{ roots: string[]; shown: string; result: ScanWorkspaceResult; logs: string[] }> {
  const roots = copyProjects();
  const client = await LspTestClient.start({
    workspaceFolders: roots,
    // The scan under test is the requested one: no start-up scan to race it.
    settings: () => ({ scanOnStartup: false }),
    initializationOptions: { storagePath: tempDir('rugged-threads-cache-'), scanWorkers },
  });
  try {
    const result = await client.request<ScanWorkspaceResult>('rugged/scanWorkspace', {});
    return { roots, shown: shown(client, roots), result, logs: [...client.logMessages] };
  } finally {
    await client.stop();
  }
}

describe('workspace scan on worker threads', () => {
  test('shows the same diagnostics as the scan in the server thread, cross-module findings included', async () => {
    const inThread = await scanWith(0);
    const threaded = await scanWith(2);
    assert.ok(threaded.logs.some((line) => /analysed on 2 worker threads/.test(line)), 'the threaded scan used the workers');
    assert.ok(!inThread.logs.some((line) => /worker thread/.test(line)), 'the other scan stayed in the server thread');
    assert.ok(inThread.result.analysed > 20 && inThread.result.findings > 20, `a scan with something to compare: ${JSON.stringify(inThread.result)}`);
    assert.ok(inThread.shown.includes('relatedInformation'), 'cross-module findings are part of the comparison');
    // The split between analysed and cached differs: in one thread, a file analysed as another's
    // import counts as cached when the scan reaches it.
    const counts = ({ analysed, cached, ...rest }: ScanWorkspaceResult) => ({ ...rest, done: analysed + cached });
    assert.deepEqual(counts(threaded.result), counts(inThread.result));
    assert.equal(threaded.shown, inThread.shown);
  });
});

describe('workspace scan workers, in process', () => {
  /** A worker that dies on any file named crash.js and is the real worker otherwise. */
  function crashingWorker(): string {
    const dir = tempDir('rugged-crash-worker-');
    const script = join(dir, 'crashingWorker.js');
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

  function workspace(files: number): string {
    const root = tempDir('rugged-threads-ws-');
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, '.rugged.json'), '{}\n');
    for (let i = 0; i < files; i++) {
      writeFileSync(join(root, 'src', `route${i}.js`), `const db = require('./db');\napp.get('/r${i}', (req, res) => {\n  db.query('SELECT * FROM t WHERE c = ' + req.query.c);\n});\n`);
    }
    writeFileSync(join(root, 'src', 'crash.js'), "module.exports = function crash() { return 1; };\n");
    return root;
  }

  function scanner(root: string, script: string) {
    const logs: string[] = [];
    const sent = new Map<string, number>();
    const settings = new SettingsCache(undefined, () => undefined);
    const projects = new ProjectConfigs(() => undefined, knownRuleIds(allRules));
    const store = new DiagnosticStore((uri, diagnostics) => sent.set(uri, diagnostics.length), () => undefined);
    const status = new StatusReporter(() => undefined, () => store.counts());
    const notices = new FileNotices((message) => logs.push(message), status);
    const cache = new ResultCache(undefined, () => undefined);
    const contexts = new FileContexts(settings, projects);
    const analyzer = createAnalyzer(allRules, createRuleCatalog(allRules));
    const flow = new WorkspaceFlow({ analyzer, contexts, cache, folders: () => [root], openText: () => undefined, isInside: () => true, republish: () => undefined, log: () => undefined });
    const started: ScanWorkers[] = [];
    const scan = new WorkspaceScanner({
      contexts,
      projects,
      analyzer,
      flow,
      store,
      cache,
      notices,
      status,
      settingsFor: () => Promise.resolve(DEFAULT_SETTINGS),
      isOpen: () => false,
      isInside: () => true,
      startWorkers: (_files, crashed) => {
        const workers = new ScanWorkers(script, allRules, 2, analyzer, crashed);
        started.push(workers);
        return workers;
      },
      log: (message) => logs.push(message),
    });
    return { scan, logs, sent, started };
  }

  const progress: WorkDoneProgressReporter = { begin: () => undefined, report: () => undefined, done: () => undefined };

  test('a worker that dies on a file leaves a notice on that file; every other file is shown and the threads are replaced', async () => {
    const root = workspace(12);
    const { scan, logs, sent, started } = scanner(root, crashingWorker());
    const result = await scan.scan([scanFolder(root)], progress);
    const crashUri = pathToFileURL(join(root, 'src', 'crash.js')).href;
    assert.ok(logs.some((line) => line.startsWith(`${crashUri}: not checked: the analysis of`) && line.includes('stopped its worker thread')), logs.join('\n'));
    for (let i = 0; i < 12; i++) assert.equal(sent.get(pathToFileURL(join(root, 'src', `route${i}.js`)).href), 1, `route${i}.js shows its finding`);
    assert.equal(result.skipped, 1);
    assert.equal(result.analysed, 12);
    assert.equal(started.length, 1);
    assert.equal(started[0].threads, 0, 'the threads stop with the scan');
  });

  test('a newer scan stops the threads of the running one, and cancel stops a scan at once', async () => {
    const root = workspace(40);
    const { scan, started } = scanner(root, WORKER_SCRIPT);
    const first = scan.scan([scanFolder(root)], progress);
    const second = scan.scan([scanFolder(root)], progress);
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.cancelled, true);
    assert.equal(b.cancelled, false);
    assert.equal(b.analysed + b.cached, 41);
    const third = scan.scan([scanFolder(root)], progress);
    scan.cancel();
    assert.equal((await third).cancelled, true);
    assert.ok(started.length >= 2);
    for (const workers of started) assert.equal(workers.threads, 0, 'no thread outlives its scan');
  });

  function scanFolder(root: string) {
    return { uri: pathToFileURL(root).href, name: 'ws' };
  }
});
