// The pure-ish parts of the server's boundaries, in process: the workspace gate, the private cache
// folder and its exclusive writes, cached-entry validation and the JSON-RPC gate.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Emitter, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { openPrivateDirectory, userCacheDirectory } from '../../server/src/lsp/cacheDirectory';
import { validCachedResult } from '../../server/src/lsp/cacheValidation';
import { JsonRpcGate } from '../../server/src/lsp/jsonRpcGate';
import { createExclusive, replaceFile } from '../../server/src/lsp/privateFile';
import { WorkspaceBoundary } from '../../server/src/lsp/workspaceBoundary';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function temp(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-boundaries-')));
  dirs.push(dir);
  return dir;
}

describe('WorkspaceBoundary', () => {
  const root = temp();
  const outside = temp();
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/a.js'), '');
  writeFileSync(join(outside, 'b.js'), '');
  symlinkSync(join(outside, 'b.js'), join(root, 'src/link.js'));
  symlinkSync(outside, join(root, 'linked-folder'));
  const boundary = new WorkspaceBoundary(() => [{ uri: pathToFileURL(root).toString(), name: 'root' }]);

  test('a file inside is located with its real path and folder', () => {
    assert.deepEqual(boundary.locate(pathToFileURL(join(root, 'src/a.js')).toString()), { path: join(root, 'src/a.js'), folder: root });
    assert.deepEqual(boundary.locate(join(root, 'src/new-unsaved.js')), { path: join(root, 'src/new-unsaved.js'), folder: root }, 'a file not yet on disk');
    assert.deepEqual(boundary.locate(join(root, 'src/a:b.js')), { path: join(root, 'src/a:b.js'), folder: root }, 'a colon in a file name');
    assert.equal(boundary.locate('src/a.js'), undefined, 'a relative path names no place');
  });

  test('dot segments, links to files and links to folders that lead outside are outside', () => {
    for (const target of [`${pathToFileURL(root).href}/../${outside.split('/').pop()}/b.js`, join(root, 'src/link.js'), join(root, 'linked-folder/b.js'), join(root, 'linked-folder/missing/new.js'), 'file:///etc/passwd', 'https://example.com/x']) {
      assert.equal(boundary.locate(target), undefined, target);
      assert.throws(() => boundary.require(target, 'read'), (e: Error) => e.message.includes(target) && /outside the workspace folders/.test(e.message));
    }
  });

  test('without workspace folders everything is refused with the way out', () => {
    const none = new WorkspaceBoundary(() => []);
    assert.throws(() => none.require(join(root, 'src/a.js'), 'read'), /opened no workspace folder/);
  });
});

describe('the private cache folder', () => {
  test('the user cache folder per platform', () => {
    assert.equal(userCacheDirectory({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u'), '/x/cache/rugged');
    assert.equal(userCacheDirectory({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.cache/rugged');
    assert.equal(userCacheDirectory({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/rugged');
  });

  test('a private folder gets a 0600 key that is reused; a group-writable one is refused', () => {
    const home = temp();
    const first = openPrivateDirectory(join(home, 'rugged'));
    assert.ok(first.ok);
    const again = openPrivateDirectory(join(home, 'rugged'));
    assert.ok(again.ok && again.key.equals(first.key), 'the same key on the next start');
    chmodSync(join(home, 'rugged'), 0o770);
    const open = openPrivateDirectory(join(home, 'rugged'));
    assert.ok(!open.ok && /can be written by other users/.test(open.reason));
  });

  test('the holding folder may be writable by the user\'s own group, never by others', () => {
    const home = temp();
    chmodSync(home, 0o770);
    assert.equal(openPrivateDirectory(join(home, 'rugged')).ok, true, 'a folder of the user\'s own group (umask 002) holds the cache');
    const shared = temp();
    chmodSync(shared, 0o777);
    const refused = openPrivateDirectory(join(shared, 'rugged'));
    assert.ok(!refused.ok && /can be written by other users/.test(refused.reason));
    assert.equal(existsSync(join(shared, 'rugged')), false, 'nothing is created in a folder others can write');
  });

  test('a key file others can read is refused', () => {
    const home = temp();
    assert.ok(openPrivateDirectory(join(home, 'rugged')).ok);
    chmodSync(join(home, 'rugged', 'cache-key'), 0o644);
    const result = openPrivateDirectory(join(home, 'rugged'));
    assert.ok(!result.ok && /not private/.test(result.reason));
  });

  test('exclusive writes never follow a planted link', () => {
    const dir = temp();
    const victim = join(temp(), 'victim');
    writeFileSync(victim, 'original');
    symlinkSync(victim, join(dir, 'planted'));
    assert.throws(() => createExclusive(join(dir, 'planted'), 'evil'), /EEXIST/);
    replaceFile(join(dir, 'planted'), 'fresh');
    assert.equal(readFileSync(victim, 'utf8'), 'original');
    assert.equal(readFileSync(join(dir, 'planted'), 'utf8'), 'fresh');
    assert.ok(existsSync(victim));
  });
});

describe('cached entries', () => {
  const path = '/work/app.js';
  const uri = pathToFileURL(path).toString();
  const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } };
  const diagnostic = { range, severity: 1, source: 'rugged', code: 'sql/x', message: 'm', data: { ruleId: 'sql/x', fingerprint: 'f', confidence: 'high' } };
  const key = 'a'.repeat(64);

  test('a well-formed entry is rebuilt from its known fields only', () => {
    const entry = validCachedResult(path, { key, diagnostics: [{ ...diagnostic, extra: 'dropped', relatedInformation: [{ location: { uri, range }, message: 'source' }] }] });
    assert.deepEqual(entry?.diagnostics[0], { ...diagnostic, relatedInformation: [{ location: { uri, range }, message: 'source' }] });
  });

  test('anything the engine would not produce is refused', () => {
    const bad = [
      { key: 'nothex', diagnostics: [] },
      { key, diagnostics: [{ ...diagnostic, source: 'security-team' }] },
      { key, diagnostics: [{ ...diagnostic, severity: 4 }] },
      { key, diagnostics: [{ ...diagnostic, data: { ...diagnostic.data, ruleId: 'other' } }] },
      { key, diagnostics: [{ ...diagnostic, range: { ...range, start: { line: -1, character: 0 } } }] },
      { key, diagnostics: [{ ...diagnostic, relatedInformation: [{ location: { uri: 'file:///etc/passwd', range }, message: 'x' }] }] },
      { key, diagnostics: [{ ...diagnostic, codeDescription: { href: 'command:evil' } }] },
    ];
    for (const entry of bad) assert.equal(validCachedResult(path, entry), undefined, JSON.stringify(entry));
    assert.equal(validCachedResult('relative/app.js', { key, diagnostics: [] }), undefined);
  });
});

describe('JsonRpcGate', () => {
  type Seen = { id?: unknown; method?: string; error?: { code: number } };
  function gate(): { deliver(message: unknown): void; fail(error: Error): void; passed: Seen[]; answered: Seen[] } {
    const errors = new Emitter<Error>();
    let callback: (message: Message) => void = () => undefined;
    const inner: MessageReader = {
      onError: errors.event,
      onClose: new Emitter<void>().event,
      onPartialMessage: new Emitter<never>().event,
      listen: (cb) => {
        callback = cb;
        return { dispose: () => undefined };
      },
      dispose: () => undefined,
    };
    const answered: Seen[] = [];
    const writer = { write: (m: Message) => Promise.resolve(void answered.push(m as Seen)) } as unknown as MessageWriter;
    const passed: Seen[] = [];
    new JsonRpcGate(inner, writer).listen((m) => passed.push(m as Seen));
    return { deliver: (m) => callback(m as Message), fail: (e) => void errors.fire(e), passed, answered };
  }

  test('answers what the connection would not, and passes the rest', () => {
    const g = gate();
    g.fail(new SyntaxError('Unexpected end of JSON input'));
    g.deliver(42);
    g.deliver({ jsonrpc: '2.0', id: 7 });
    g.deliver({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
    g.deliver({ jsonrpc: '2.0', id: 2, result: null });
    assert.deepEqual(g.answered.map((m) => [m.id, m.error?.code]), [[null, -32700], [null, -32600], [7, -32600]]);
    assert.deepEqual(g.passed.map((m) => m.id), [1, 2]);
  });

  test('after shutdown: requests are refused, notifications other than exit dropped', () => {
    const g = gate();
    g.deliver({ jsonrpc: '2.0', id: 1, method: 'shutdown' });
    g.deliver({ jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: {} });
    g.deliver({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: {} });
    g.deliver({ jsonrpc: '2.0', id: 9, result: {} });
    g.deliver({ jsonrpc: '2.0', method: 'exit' });
    assert.deepEqual(g.passed.map((m) => m.method ?? 'response'), ['shutdown', 'response', 'exit']);
    assert.deepEqual(g.answered.map((m) => [m.id, m.error?.code]), [[2, -32600]]);
  });
});
