// Hostile workspaces, the file-reading side: FIFOs, links to /dev/zero and /dev/urandom and huge
// sparse files under every name Rugged reads (.gitignore, .rugged.json, backlog/config.yml, a
// source file), named as scan paths and as --config, and paths that do not exist. The real CLI and
// the real language server must refuse them, say which file was skipped and why, and stay within
// the harness's deadline and memory ceiling.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, symlinkSync, truncateSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Diagnostic } from 'vscode-languageserver-protocol';
import type { LspTestClient } from '../server/lspClient';
import { assertBounded, DEFAULT_DEADLINE_MS, hostileWorkspace, runCliBounded, startBoundedServer, type BoundedResult } from './harness';

const RULE = 'sql/no-string-built-query';
const VULNERABLE_JS = `const { Pool } = require('pg');
const pool = new Pool();

exports.find = (req, res) => pool.query('SELECT * FROM users WHERE name = ' + req.query.name);
`;

/** Well past every byte cap Rugged has, and free: a sparse file takes no disk. */
const SPARSE_BYTES = 200 * 1024 * 1024;

type Special = 'fifo' | '/dev/zero' | '/dev/urandom' | 'sparse';
const SPECIALS: Special[] = ['fifo', '/dev/zero', '/dev/urandom'];
const KIND: Record<Special, RegExp> = {
  fifo: /not a regular file: a FIFO/,
  '/dev/zero': /not a regular file: a device/,
  '/dev/urandom': /not a regular file: a device/,
  sparse: /too large/,
};

/** Places a special file at `path` inside `root` (creating folders on the way). */
function place(root: string, path: string, special: Special): void {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  if (special === 'fifo') execFileSync('mkfifo', [target]);
  else if (special === 'sparse') {
    closeSync(openSync(target, 'w'));
    truncateSync(target, SPARSE_BYTES);
  } else symlinkSync(special, target);
}

/** A workspace with one vulnerable file, so a scan that survives has something to report. */
function workspaceWith(path: string, special: Special): { root: string; remove: () => void } {
  const workspace = hostileWorkspace({ 'ok.js': VULNERABLE_JS, 'nested/inner.js': 'export const a = 1;\n' });
  place(workspace.root, path, special);
  return workspace;
}

const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((remove) => remove()));

function hostile(path: string, special: Special): string {
  const workspace = workspaceWith(path, special);
  cleanups.push(workspace.remove);
  return workspace.root;
}

interface JsonReport {
  skipped: { path: string; reason: string }[];
  configProblems: { file: string; key: string; message: string }[];
  findings: { path: string; ruleId: string }[];
}

function parseJson(result: BoundedResult): JsonReport {
  try {
    return JSON.parse(result.stdout) as JsonReport;
  } catch {
    assert.fail(`not JSON on stdout:\n${result.stdout.slice(0, 500)}\nstderr: ${result.stderr.slice(0, 500)}`);
  }
}

function reasonFor(report: JsonReport, path: string): string | undefined {
  return report.skipped.find((s) => s.path === path)?.reason;
}

/** One line on stderr, no stack trace. */
function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.match(lines[0], pattern);
}

describe('CLI: special files under the names Rugged reads', () => {
  for (const special of [...SPECIALS, 'sparse' as const]) {
    for (const name of ['.gitignore', 'nested/.gitignore']) {
      test(`${name} as ${special}: skipped with its reason, the rest is scanned`, async () => {
        const root = hostile(name, special);
        const result = await runCliBounded(['scan', '--format', 'json'], { cwd: root });
        assertBounded(result, [1]);
        const report = parseJson(result);
        assert.match(reasonFor(report, name) ?? '(not listed as skipped)', KIND[special]);
        assert.match(reasonFor(report, name) ?? '', /patterns were not applied/);
        assert.deepEqual(report.findings.map((f) => [f.path, f.ruleId]), [['ok.js', RULE]]);
      });
    }

    test(`.rugged.json as ${special}: a configuration problem naming the file, defaults used, exit 2`, async () => {
      const root = hostile('.rugged.json', special);
      const result = await runCliBounded(['scan', '--format', 'json'], { cwd: root });
      assertBounded(result, [2]);
      const report = parseJson(result);
      assert.equal(report.configProblems.length, 1);
      assert.equal(report.configProblems[0].file, '.rugged.json');
      assert.match(report.configProblems[0].message, KIND[special]);
      assert.deepEqual(report.findings.map((f) => f.path), ['ok.js'], 'the defaults still scan the project');
    });

    test(`a.js as ${special}: named as skipped in text, JSON and SARIF`, async () => {
      const root = hostile('a.js', special);
      const text = await runCliBounded(['scan'], { cwd: root });
      assertBounded(text, [1]);
      assert.match(text.stderr, new RegExp(`^rugged: skipped a\\.js: ${KIND[special].source}`, 'm'));

      const json = await runCliBounded(['scan', '--format', 'json'], { cwd: root });
      assertBounded(json, [1]);
      assert.match(reasonFor(parseJson(json), 'a.js') ?? '(not listed as skipped)', KIND[special]);

      const sarif = await runCliBounded(['scan', '--format', 'sarif'], { cwd: root });
      assertBounded(sarif, [1]);
      const log = JSON.parse(sarif.stdout) as { runs: { invocations: { toolExecutionNotifications?: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[] };
      const notes = log.runs[0].invocations[0].toolExecutionNotifications ?? [];
      const note = notes.find((n) => n.locations[0]?.physicalLocation.artifactLocation.uri === 'a.js');
      assert.ok(note, `no notification for a.js in ${JSON.stringify(notes)}`);
      assert.match(note.message.text, KIND[special]);
    });

    test(`a.js as ${special} named explicitly as the scan path: skipped, not read`, async () => {
      const root = hostile('a.js', special);
      const result = await runCliBounded(['scan', 'a.js', '--format', 'json'], { cwd: root });
      assertBounded(result, [0]);
      assert.match(reasonFor(parseJson(result), 'a.js') ?? '(not listed as skipped)', KIND[special]);
    });

    test(`backlog/config.yml as ${special}: story and report stop with one line naming it`, async () => {
      const root = hostile('backlog/config.yml', special);
      const story = await runCliBounded(['story', 'ok.js', '--yes'], { cwd: root });
      assertBounded(story, [2]);
      assertOneLine(story.stderr, /backlog\/config\.yml/);
      assert.match(story.stderr, KIND[special]);

      const report = await runCliBounded(['report'], { cwd: root });
      assertBounded(report, [2]);
      assertOneLine(report.stderr, /backlog\/config\.yml/);
      assert.match(report.stderr, KIND[special]);
    });
  }

  test('a source file linked to a file outside the workspace is skipped, and its text is in no output', async () => {
    const outside = hostileWorkspace({ 'secret.js': "const { exec } = require('child_process');\nexports.h = (req) => exec('cat victim-private-notes ' + req.query.dir);\n" });
    cleanups.push(outside.remove);
    const root = hostile('unused.txt', 'fifo');
    symlinkSync(join(outside.root, 'secret.js'), join(root, 'linked.js'));
    for (const format of ['text', 'json', 'sarif']) {
      const result = await runCliBounded(['scan', '--format', format], { cwd: root });
      assertBounded(result, [1]);
      assert.doesNotMatch(result.stdout + result.stderr, /victim-private-notes/);
      if (format === 'json') assert.equal(reasonFor(parseJson(result), 'linked.js'), 'symbolic link to a file outside the project; not read');
    }
  });

  test('a 200 MB sparse source file is skipped as too large, never read', async () => {
    const root = hostile('big.js', 'sparse');
    for (const argv of [['scan', '--format', 'json'], ['scan', 'big.js', '--format', 'json']]) {
      const result = await runCliBounded(argv, { cwd: root });
      assertBounded(result, argv.length > 3 ? [0] : [1]);
      assert.match(reasonFor(parseJson(result), 'big.js') ?? '(not listed as skipped)', /^too large: 209715200 bytes/);
    }
  });
});

describe('CLI: special files named on the command line', () => {
  test('/dev/zero and /dev/urandom as scan paths are skipped as devices', async () => {
    const root = hostile('unused.txt', 'fifo');
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const result = await runCliBounded(['scan', device], { cwd: root });
      assertBounded(result, [0]);
      assert.match(result.stderr, /: not a regular file: a device$/m);
    }
  });

  test('a FIFO as the scan path is skipped as a FIFO', async () => {
    const root = hostile('pipe', 'fifo');
    const result = await runCliBounded(['scan', 'pipe', '--format', 'json'], { cwd: root });
    assertBounded(result, [0]);
    assert.match(reasonFor(parseJson(result), 'pipe') ?? '(not listed as skipped)', /^not a regular file: a FIFO$/);
  });

  for (const [given, kind] of [
    ['rugged.json', 'a FIFO'],
    ['/dev/zero', 'a device'],
    ['/dev/urandom', 'a device'],
  ] as const) {
    test(`--config ${given} (${kind}) is a usage error in one line`, async () => {
      const root = hostile('rugged.json', 'fifo');
      const result = await runCliBounded(['scan', '--config', given], { cwd: root });
      assertBounded(result, [2]);
      assertOneLine(result.stderr, new RegExp(`^rugged: config file is not a regular file \\(${kind}\\): ${given.replace(/\//g, '\\/')}$`));
    });
  }

  test('--config naming a 200 MB sparse file is refused as too large, unread', async () => {
    const root = hostile('huge.json', 'sparse');
    const result = await runCliBounded(['scan', '--config', 'huge.json'], { cwd: root });
    assertBounded(result, [2]);
    assert.match(result.stderr, /^rugged: config error: huge\.json: \(root\): too large: 209715200 bytes/m);
  });
});

describe('CLI: paths that do not exist', () => {
  for (const argv of [['report', '/nonexistent'], ['scan', '/nonexistent'], ['scan', '.', '/nonexistent'], ['story', '/nonexistent.js', '--yes']]) {
    test(`rugged ${argv.join(' ')} is a usage error naming the path, without walking anything`, async () => {
      const root = hostile('unused.txt', 'fifo');
      const result = await runCliBounded(argv, { cwd: root });
      assertBounded(result, [2]);
      assertOneLine(result.stderr, /^rugged: (path|file) not found: \/nonexistent(\.js)?$/);
      assert.equal(result.stdout, '');
    });
  }

  test('rugged story on a FIFO or /dev/zero stops with one line saying why', async () => {
    const root = hostile('pipe.js', 'fifo');
    for (const [given, kind] of [['pipe.js', 'a FIFO'], ['/dev/zero', 'a device']]) {
      const result = await runCliBounded(['story', given, '--yes'], { cwd: root });
      assertBounded(result, [2]);
      assertOneLine(result.stderr, new RegExp(`not a regular file: ${kind}`));
    }
  });

  test('rugged report on a file rather than a folder is a usage error', async () => {
    const root = hostile('unused.txt', 'fifo');
    for (const given of ['ok.js', '/dev/zero']) {
      const result = await runCliBounded(['report', given], { cwd: root });
      assertBounded(result, [2]);
      assertOneLine(result.stderr, new RegExp(`^rugged: not a folder: ${given.replace(/[./]/g, '\\$&')}`));
    }
  });
});

describe('language server: special files in the workspace', () => {
  let root: string;
  let server: Awaited<ReturnType<typeof startBoundedServer>>;
  let client: LspTestClient;
  const uriOf = (name: string) => pathToFileURL(join(root, name)).toString();
  const findings = (ds: Diagnostic[]) => ds.filter((d) => d.code === RULE);
  const logsAbout = (name: string) => client.logMessages.filter((m) => m.startsWith(`${uriOf(name)}:`));

  /** Answers within the harness's deadline, or fails the test instead of hanging it. */
  function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${DEFAULT_DEADLINE_MS} ms`)), DEFAULT_DEADLINE_MS);
    });
    return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
  }

  /** The server still answers: a normal file opened now gets its diagnostics. */
  async function assertAlive(name: string): Promise<void> {
    client.open(uriOf(name), VULNERABLE_JS);
    await client.diagnosticsOf(uriOf(name), (ds) => findings(ds).length === 1, `diagnostics of ${name}`);
    client.close(uriOf(name));
  }

  before(async () => {
    const workspace = hostileWorkspace({ 'ok.js': VULNERABLE_JS, 'later.js': VULNERABLE_JS, 'nested/inner.js': 'export const a = 1;\n' });
    root = workspace.root;
    cleanups.push(workspace.remove);
    place(root, '.gitignore', '/dev/zero');
    place(root, 'nested/.gitignore', 'fifo');
    place(root, '.rugged.json', '/dev/urandom');
    place(root, 'backlog/config.yml', 'fifo');
    place(root, 'fifo.js', 'fifo');
    place(root, 'zero.js', '/dev/zero');
    place(root, 'urandom.js', '/dev/urandom');
    place(root, 'big.js', 'sparse');
    server = await startBoundedServer({ workspaceFolders: [root], settings: () => ({}) });
    client = server.client;
  });

  after(async () => {
    await server.finish();
  });

  test('the start-up scan skips every special file, logs each once, and scans the rest', async () => {
    await client.diagnosticsOf(uriOf('ok.js'), (ds) => findings(ds).length === 1, 'the scan of ok.js');
    await client.until('the scan to finish', () => client.statuses.find((s) => s.state === 'running' && s.findings === 2));
    for (const [name, reason] of [
      ['fifo.js', /not a regular file: a FIFO/],
      ['zero.js', /not a regular file: a device/],
      ['urandom.js', /not a regular file: a device/],
      ['big.js', /too large: 209715200 bytes/],
      ['.gitignore', /not a regular file: a device; its patterns were not applied/],
      ['nested/.gitignore', /not a regular file: a FIFO; its patterns were not applied/],
    ] as const) {
      const logs = logsAbout(name);
      assert.equal(logs.length, 1, `one log line for ${name}, got ${JSON.stringify(logs)}`);
      assert.match(logs[0], reason);
    }
  });

  test('.rugged.json linked to /dev/urandom is a configuration problem on that file', async () => {
    const problems = await client.diagnosticsOf(uriOf('.rugged.json'), (ds) => ds.length > 0, 'the problem of .rugged.json');
    assert.match(Diagnostic.getMessageString(problems[0]), /not a regular file: a device/);
  });

  test('didOpen and didClose of a FIFO: the server reads the editor text, then skips the FIFO on disk', async () => {
    const before = logsAbout('fifo.js').length;
    client.open(uriOf('fifo.js'), VULNERABLE_JS);
    await client.diagnosticsOf(uriOf('fifo.js'), (ds) => findings(ds).length === 1, 'diagnostics of the open FIFO');
    client.close(uriOf('fifo.js'));
    await client.diagnosticsOf(uriOf('fifo.js'), (ds) => ds.length === 0, 'the closed FIFO to lose its diagnostics');
    await client.until('a log line about the closed FIFO', () => (logsAbout('fifo.js').length > before ? true : undefined));
    assert.match(logsAbout('fifo.js').at(-1) ?? '', /not a regular file: a FIFO/);
    await assertAlive('later.js');
  });

  test('watcher "created" events for a FIFO and a link to /dev/zero are skipped, said once', async () => {
    place(root, 'new-fifo.js', 'fifo');
    place(root, 'new-zero.js', '/dev/zero');
    const created = { changes: [{ uri: uriOf('new-fifo.js'), type: 1 }, { uri: uriOf('new-zero.js'), type: 1 }] };
    client.notify('workspace/didChangeWatchedFiles', created);
    client.notify('workspace/didChangeWatchedFiles', created);
    await client.until('both created files to be said', () => (logsAbout('new-fifo.js').length > 0 && logsAbout('new-zero.js').length > 0 ? true : undefined));
    await assertAlive('later.js');
    assert.equal(logsAbout('new-fifo.js').length, 1, 'said once although the event came twice');
    assert.match(logsAbout('new-fifo.js')[0], /not a regular file: a FIFO/);
    assert.equal(logsAbout('new-zero.js').length, 1);
    // The link's target is outside the workspace, which the server refuses before it looks at the kind.
    assert.match(logsAbout('new-zero.js')[0], /not a regular file: a device|outside the workspace folders/);
    assert.equal(client.diagnostics.get(uriOf('new-zero.js'))?.diagnostics.length ?? 0, 0);
  });

  test('rugged/createStory on file:///dev/zero or on a FIFO in the workspace answers with an error message', async () => {
    await assert.rejects(
      bounded(client.connection.sendRequest('rugged/createStory', { uri: 'file:///dev/zero' }), 'rugged/createStory on /dev/zero'),
      (error: Error) => {
        assert.match(error.message, /\/dev\/zero/);
        assert.match(error.message, /outside the workspace folders/);
        return true;
      },
    );
    await assert.rejects(
      bounded(client.connection.sendRequest('rugged/createStory', { uri: uriOf('fifo.js') }), 'rugged/createStory on a FIFO'),
      (error: Error) => {
        assert.match(error.message, /fifo\.js/);
        assert.match(error.message, /not a regular file: a FIFO/);
        return true;
      },
    );
    await assertAlive('later.js');
  });

  test('rugged/createStory with a FIFO backlog/config.yml answers with an error naming it', async () => {
    await assert.rejects(
      bounded(client.connection.sendRequest('rugged/createStory', { uri: uriOf('ok.js') }), 'rugged/createStory with a FIFO config.yml'),
      (error: Error) => {
        assert.match(error.message, /backlog\/config\.yml/);
        assert.match(error.message, /not a regular file: a FIFO/);
        return true;
      },
    );
    await assertAlive('later.js');
  });
});
