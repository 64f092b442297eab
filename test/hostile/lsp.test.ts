// Hostile workspace, language server boundaries: the real server (dist/server.js --stdio) is asked
// to touch files outside the workspace, to trust a cache another user prepared, to write through
// planted links, to show crafted documentation links, and is sent broken JSON-RPC.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { DOCS_BASE_URL } from '../../server/src/engine/api';
import type { ScanWorkspaceResult } from '../../server/src/shared/protocol';
import type { LspTestClient } from '../server/lspClient';
import { hostileWorkspace, startBoundedServer } from './harness';
import { RawServer } from './rawServer';

const RULE = 'sql/no-string-built-query';
const RULE_DOCS = `${DOCS_BASE_URL}${RULE}.md`;
const VULNERABLE_JS = `const { Pool } = require('pg');
const pool = new Pool();

exports.find = (req, res) => pool.query('SELECT * FROM users WHERE name = ' + req.query.name);
`;
const FORGED = 'Reviewed by security team: no issues';

const uriOf = (path: string) => pathToFileURL(path).toString();
const quiet = () => ({ scanOnStartup: false });
const temporaries: string[] = [];
after(() => temporaries.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempFolder(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temporaries.push(dir);
  return dir;
}

/** Every path below `dir` with its content (or "dir"/"link -> target"), to show nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const stats = lstatSync(path);
      if (stats.isDirectory()) {
        out[path] = 'dir';
        walk(path);
      } else out[path] = stats.isSymbolicLink() ? 'link' : readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function rugged(diagnostics: Diagnostic[] | undefined): Diagnostic[] {
  return (diagnostics ?? []).filter((d) => d.source === 'rugged' && d.code === RULE);
}

function scan(client: LspTestClient): Promise<ScanWorkspaceResult> {
  return client.request<ScanWorkspaceResult>('rugged/scanWorkspace', {});
}

/** A ResponseError from the server whose message names `path`. */
function refusedNaming(path: string): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof Error, String(error));
    assert.ok(error.message.includes(path), `the refusal should name ${path}: ${error.message}`);
    return true;
  };
}

describe('hostile workspace: language server requests stay inside the workspace folders', () => {
  let ws: { root: string; remove(): void };
  let outside: string;
  let server: Awaited<ReturnType<typeof startBoundedServer>>;
  let before_: Record<string, string>;
  const etcBacklogExisted = existsSync('/etc/backlog');

  before(async () => {
    outside = tempFolder('rugged-outside-');
    writeFileSync(join(outside, 'app.js'), VULNERABLE_JS);
    ws = hostileWorkspace({
      'src/app.js': VULNERABLE_JS,
      'src/linked.js': { symlink: join(outside, 'app.js') },
      'notes.md': '# not documentation\n',
      '.rugged.json': '{}\n',
      'src/.rugged.json': { symlink: join(outside, '.rugged.json') },
    });
    writeFileSync(join(outside, '.rugged.json'), '{}\n');
    before_ = snapshot(outside);
    server = await startBoundedServer({ workspaceFolders: [ws.root], settings: quiet, env: { ...process.env, XDG_CACHE_HOME: tempFolder('rugged-cache-') } });
  });

  after(async () => {
    await server.finish();
    ws.remove();
  });

  test('rugged/createStory for file:///etc/passwd is refused and creates nothing', async () => {
    assert.equal(etcBacklogExisted, false, '/etc/backlog existed before the test; it cannot tell');
    await assert.rejects(server.client.request('rugged/createStory', { uri: 'file:///etc/passwd' }), refusedNaming('file:///etc/passwd'));
    await assert.rejects(server.client.request('rugged/proposeStory', { uri: 'file:///etc/passwd' }), refusedNaming('file:///etc/passwd'));
    assert.equal(existsSync('/etc/backlog'), false);
  });

  test('a workspace URI that climbs out with /../ (plain or percent-encoded) is refused', async () => {
    for (const uri of [`${uriOf(ws.root)}/../${outside.split('/').pop()}/app.js`, `${uriOf(ws.root)}/src/%2e%2e/%2E%2E/../${outside.split('/').pop()}/app.js`]) {
      await assert.rejects(server.client.request('rugged/createStory', { uri, range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } } }), refusedNaming(uri));
    }
    assert.deepEqual(snapshot(outside), before_, 'nothing is written outside the workspace');
  });

  test('a symbolic link inside the workspace that points outside is outside', async () => {
    const uri = uriOf(join(ws.root, 'src/linked.js'));
    await assert.rejects(server.client.request('rugged/createStory', { uri, range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } } }), refusedNaming(uri));
    assert.deepEqual(snapshot(outside), before_);
    assert.equal(existsSync(join(ws.root, 'backlog')), false, 'a refused story creates no backlog either');
  });

  test('rugged/securityBacklog and rugged/scanWorkspace refuse folders outside the workspace', async () => {
    await assert.rejects(server.client.request('rugged/securityBacklog', { folder: 'file:///usr' }), refusedNaming('file:///usr'));
    await assert.rejects(server.client.request('rugged/securityBacklog', { folder: uriOf(outside) }), refusedNaming(uriOf(outside)));
    await assert.rejects(server.client.request('rugged/scanWorkspace', { folders: ['file:///usr'] }), refusedNaming('file:///usr'));
  });

  test('the scan skips the linked file, and a story inside the workspace is still written there', async () => {
    const result = await scan(server.client);
    assert.equal(result.cancelled, false);
    assert.equal(rugged(server.client.diagnostics.get(uriOf(join(ws.root, 'src/app.js')))?.diagnostics).length, 1, 'the real file is checked');
    assert.equal(rugged(server.client.diagnostics.get(uriOf(join(ws.root, 'src/linked.js')))?.diagnostics).length, 0, 'the file outside is not read');
    assert.ok(server.client.logMessages.some((m) => m.includes('linked.js') && /outside the (workspace|project)/.test(m)), 'the skip is said once');

    const story = await server.client.request<{ uri: string; created: boolean }>('rugged/createStory', {
      uri: uriOf(join(ws.root, 'src/app.js')),
      range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } },
    });
    assert.equal(story.created, true);
    assert.ok(story.uri.startsWith(`${uriOf(ws.root)}/backlog/`), story.uri);
    assert.deepEqual(snapshot(outside), before_);
  });

  test('rule documentation: only the pages Rugged ships are shown, never a crafted address', async () => {
    const crafted = [
      'file:///etc/passwd',
      'https://attacker.example/phish',
      `${DOCS_BASE_URL}../../../../attacker/evil.md`,
      `${RULE_DOCS}?next=https://attacker.example`,
      uriOf(join(ws.root, 'notes.md')),
      uriOf(join(ws.root, 'src/linked.js')),
      uriOf(join(outside, '.rugged.json')),
      uriOf(join(ws.root, 'src/.rugged.json')),
      'command:workbench.action.terminal.new',
    ];
    for (const url of crafted) {
      await assert.rejects(
        server.client.request('workspace/executeCommand', { command: 'rugged.openRuleDocumentation', arguments: [{ ruleId: RULE, url }] }),
        /Rugged opens only its own rule documentation/,
        url,
      );
    }
    assert.deepEqual(server.client.shownDocuments, [], 'no crafted address reached window/showDocument');
    await server.client.request('workspace/executeCommand', { command: 'rugged.openRuleDocumentation', arguments: [{ ruleId: RULE, url: RULE_DOCS }] });
    // A team rule's documentation is the workspace's own .rugged.json, opened in the editor.
    const teamDocs = uriOf(join(ws.root, '.rugged.json'));
    await server.client.request('workspace/executeCommand', { command: 'rugged.openRuleDocumentation', arguments: [{ ruleId: 'team/x', url: teamDocs }] });
    assert.deepEqual(server.client.shownDocuments, [{ uri: RULE_DOCS, external: true }, { uri: teamDocs, external: false }]);
  });
});

describe('hostile workspace: a server without workspace folders touches no file by path', () => {
  test('story and backlog requests are refused with a way out', async () => {
    const ws = hostileWorkspace({ 'app.js': VULNERABLE_JS });
    const server = await startBoundedServer({ workspaceFolders: [], settings: quiet });
    try {
      const uri = uriOf(join(ws.root, 'app.js'));
      await assert.rejects(server.client.request('rugged/createStory', { uri }), /opened no workspace folder/);
      await assert.rejects(server.client.request('rugged/securityBacklog', { folder: uriOf(ws.root) }), /opened no workspace folder/);
      assert.equal(existsSync(join(ws.root, 'backlog')), false);
      // Diagnostics of an open document still work: its text comes from the editor.
      server.client.open(uri, VULNERABLE_JS);
      await server.client.diagnosticsOf(uri, (ds) => rugged(ds).length === 1, 'the open file to be checked');
    } finally {
      await server.finish();
      ws.remove();
    }
  });
});

/** The file the server keeps its cache of these folders in, named as the server names it. */
function cacheFileOf(directory: string, folders: string[]): string {
  const id = createHash('sha256').update(folders.map(uriOf).sort().join('\n')).digest('hex').slice(0, 16);
  return join(directory, `results-${id}.json`);
}

describe('hostile workspace: the result cache', () => {
  let ws: { root: string; remove(): void };
  before(() => {
    ws = hostileWorkspace({ 'src/app.js': VULNERABLE_JS });
  });
  after(() => ws.remove());

  /** Starts a server with this cache home, scans, checks the real finding is published, stops. */
  async function scanWith(cacheHome: string): Promise<{ result: ScanWorkspaceResult; logs: string[]; diagnostics: Diagnostic[] }> {
    const server = await startBoundedServer({ workspaceFolders: [ws.root], settings: quiet, env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    try {
      const result = await scan(server.client);
      const diagnostics = server.client.diagnostics.get(uriOf(join(ws.root, 'src/app.js')))?.diagnostics ?? [];
      assert.equal(rugged(diagnostics).length, 1, 'the real SQL-injection finding is published');
      return { result, logs: [...server.client.logMessages], diagnostics };
    } finally {
      await server.finish();
    }
  }

  test('a cache home that every user can write is refused: nothing is written there, findings stay right', async () => {
    const home = tempFolder('rugged-cache-open-');
    chmodSync(home, 0o777);
    const { logs } = await scanWith(home);
    assert.deepEqual(readdirSync(home), [], 'the server wrote nothing into a folder others can write');
    assert.ok(logs.some((m) => /Keeping results in memory only: .*can be written by other users/.test(m)), logs.join('\n'));
  });

  test('a pre-created rugged folder that others can write is refused', async () => {
    const home = tempFolder('rugged-cache-planted-');
    mkdirSync(join(home, 'rugged'));
    chmodSync(join(home, 'rugged'), 0o777);
    await scanWith(home);
    assert.deepEqual(readdirSync(join(home, 'rugged')), []);
  });

  test('a cache folder owned by another user is refused', { skip: process.getuid?.() !== 0 && 'needs root to hand a folder to nobody' }, async () => {
    const home = tempFolder('rugged-cache-foreign-');
    mkdirSync(join(home, 'rugged'), { mode: 0o700 });
    chownSync(join(home, 'rugged'), 65534, 65534);
    const { logs } = await scanWith(home);
    assert.deepEqual(readdirSync(join(home, 'rugged')), []);
    assert.ok(logs.some((m) => /belongs to another user/.test(m)), logs.join('\n'));
  });

  test('a cache file the server did not write is not believed: the real findings are published', async () => {
    const home = tempFolder('rugged-cache-forged-');
    const file = cacheFileOf(join(home, 'rugged'), [ws.root]);
    const first = await scanWith(home);
    assert.equal(first.result.analysed, 1);
    assert.ok(existsSync(file), 'the first run saved its cache');
    assert.equal(statSync(join(home, 'rugged')).mode & 0o777, 0o700, 'the cache folder is private');

    const intact = await scanWith(home);
    assert.equal(intact.result.cached, 1, 'an intact cache is used (so the next check can fail)');

    // The attacker's edit: the finding replaced by a reassuring note, the old signature kept.
    const text = readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    const stored = JSON.parse(text.slice(newline + 1)) as { entries: Record<string, { diagnostics: Diagnostic[] }> };
    for (const entry of Object.values(stored.entries)) {
      entry.diagnostics = entry.diagnostics.map((d) => ({ ...d, severity: 3, message: FORGED }));
    }
    writeFileSync(file, `${text.slice(0, newline)}\n${JSON.stringify(stored)}`);
    const forged = await scanWith(home);
    assert.equal(forged.result.cached, 0, 'the forged cache is not used');
    assert.ok(forged.diagnostics.every((d) => d.message !== FORGED));
    assert.equal(rugged(forged.diagnostics)[0].severity, 1, 'the finding keeps its real severity');

    // Unsigned, well-formed JSON in the old format is not believed either.
    writeFileSync(file, JSON.stringify({ format: 1, entries: stored.entries }));
    const unsigned = await scanWith(home);
    assert.equal(unsigned.result.cached, 0);
  });

  test('symbolic links planted at the cache file names are never written through', async () => {
    const home = tempFolder('rugged-cache-links-');
    const directory = join(home, 'rugged');
    mkdirSync(directory, { mode: 0o700 });
    // Stands for a root-owned file the attacker wants overwritten.
    const victim = join(tempFolder('rugged-victim-'), 'passwd');
    writeFileSync(victim, 'root:x:0:0:root:/root:/bin/bash\n');
    const file = cacheFileOf(directory, [ws.root]);
    symlinkSync(victim, file);
    let planted = '';
    const server = await startBoundedServer({ workspaceFolders: [ws.root], settings: quiet, env: { ...process.env, XDG_CACHE_HOME: home } });
    try {
      // The temporary name older servers used (cache file + pid) is planted too.
      planted = `${file}.${server.client.pid}.tmp`;
      symlinkSync(victim, planted);
      const result = await scan(server.client);
      assert.equal(result.analysed, 1);
      assert.equal(rugged(server.client.diagnostics.get(uriOf(join(ws.root, 'src/app.js')))?.diagnostics).length, 1);
    } finally {
      await server.finish();
    }
    assert.equal(readFileSync(victim, 'utf8'), 'root:x:0:0:root:/root:/bin/bash\n', 'the link target is untouched');
    assert.ok(lstatSync(file).isFile(), 'the planted link was replaced by a fresh file');
    const temporary = readdirSync(directory).filter((name) => name.endsWith('.tmp'));
    assert.deepEqual(temporary.map((name) => join(directory, name)), [planted], 'no temporary file of the server is left behind');
  });
});

describe('hostile workspace: malformed JSON-RPC', () => {
  test('a well-framed body that is not JSON gets a -32700 Parse error, and the server keeps serving', async () => {
    const server = RawServer.start();
    try {
      server.send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      await server.waitFor('the initialize response', (m) => m.id === 1 && m.result !== undefined);
      server.sendBody('{"jsonrpc": "2.0", "id": 2, "method": ');
      const parseError = await server.waitFor('a parse error response', (m) => m.error?.code === -32700);
      assert.equal(parseError.id, null, 'JSON-RPC answers a parse error with id null');
      server.sendBody('[1, 2, 3]');
      const invalid = await server.waitFor('an invalid request response', (m) => m.error?.code === -32600);
      assert.equal(invalid.id, null);
      server.send({ id: 3, method: 'rugged/ruleDocumentation', params: { ruleId: RULE } });
      const answer = await server.waitFor('the next request answered', (m) => m.id === 3);
      assert.equal((answer.result as { ruleId?: string } | undefined)?.ruleId, RULE);
    } finally {
      server.finish();
    }
  });

  test('a request after shutdown gets -32600 Invalid Request, and exit ends the server cleanly', async () => {
    const server = RawServer.start();
    try {
      server.send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      await server.waitFor('the initialize response', (m) => m.id === 1);
      server.send({ method: 'initialized', params: {} });
      server.send({ id: 2, method: 'shutdown' });
      const shutdown = await server.waitFor('the shutdown response', (m) => m.id === 2);
      assert.equal(shutdown.error, undefined);
      server.send({ id: 3, method: 'rugged/ruleDocumentation', params: { ruleId: RULE } });
      const late = await server.waitFor('the late request answered', (m) => m.id === 3);
      assert.equal(late.error?.code, -32600, JSON.stringify(late));
      assert.equal(late.result, undefined);
      server.send({ method: 'exit' });
      assert.equal(await server.exited(), 0);
    } finally {
      server.finish();
    }
  });
});
