// ARCHITECTURE.md's layering invariants as a test over the real import graph: a wrong import fails
// here with the file, the line and the rule it breaks, instead of surviving until a review notices.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importCycles, importGraph, type ImportEdge } from './importGraph';

const edges = importGraph();

/** The layer a repository-relative product path belongs to. */
function layerOf(path: string): string {
  if (path.startsWith('client/src/')) return 'client';
  if (path.startsWith('rules/')) return 'rules';
  if (path === 'server/src/server.ts') return 'lsp';
  const match = /^server\/src\/([^/]+)\//.exec(path);
  return match ? match[1] : 'other';
}

const NODE_IO = /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|tls|dgram|dns|worker_threads|cluster|readline|tty|os|process)$/;
const EDITOR = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc.*)$/;

interface Violation {
  edge: ImportEdge;
  rule: string;
}

function violations(rule: string, applies: (edge: ImportEdge) => boolean, forbidden: (edge: ImportEdge) => boolean): Violation[] {
  return edges.filter((edge) => applies(edge) && forbidden(edge)).map((edge) => ({ edge, rule }));
}

function describeViolations(found: Violation[]): string[] {
  return found.map(({ edge, rule }) => `${edge.from}:${edge.line} imports '${edge.specifier}' (${rule})`);
}

const fromLayer = (layer: string) => (edge: ImportEdge) => layerOf(edge.from) === layer;
const toLayers = (...layers: string[]) => (edge: ImportEdge) => edge.to !== undefined && layers.includes(layerOf(edge.to));

const BACKLOG = 'server/src/backlog/';
const ADAPTERS = `${BACKLOG}adapters/`;

/** The part of the backlog a product path belongs to: `story`, `git`, `adapters`, `useCases`, or the file name of a top-level file. */
function backlogPart(path: string): string | undefined {
  return path.startsWith(BACKLOG) ? path.slice(BACKLOG.length).split('/')[0] : undefined;
}

/** `markdown` for a file of `backlog/adapters/markdown/`; undefined for the registry and everything else. */
function adapterOf(path: string): string | undefined {
  if (!path.startsWith(ADAPTERS)) return undefined;
  const rest = path.slice(ADAPTERS.length).split('/');
  return rest.length > 1 ? rest[0] : undefined;
}

const fromBacklogPart = (part: string) => (edge: ImportEdge) => backlogPart(edge.from) === part;
const toBacklogParts = (...parts: string[]) => (edge: ImportEdge) => edge.to !== undefined && parts.includes(backlogPart(edge.to) ?? '');

describe('layering', () => {
  it('reads a plausible import graph (the parser found the imports)', () => {
    assert.ok(edges.length > 300, `only ${edges.length} imports found`);
    assert.ok(edges.some((e) => e.from === 'server/src/server.ts' && e.to?.startsWith('server/src/lsp/')), 'server.ts imports the lsp folder');
  });

  it('every relative import resolves to a product file', () => {
    // The one deliberate exception: the incremental conversion reaches typescript-estree's
    // converter, which the package does not export (the file says why, and its test guards it).
    const reachesConverter = (e: ImportEdge) => e.from === 'server/src/engine/incrementalConvert.ts' && e.specifier.startsWith('../../../node_modules/@typescript-eslint/typescript-estree/dist/');
    const unresolved = edges.filter((e) => e.specifier.startsWith('.') && e.to === undefined && !e.specifier.endsWith('.json') && !reachesConverter(e));
    assert.deepEqual(unresolved.map((e) => `${e.from}:${e.line} '${e.specifier}'`), []);
  });

  it('the engine imports nothing from the front ends, the file system, the console or an editor', () => {
    const found = [
      ...violations('engine → front end', fromLayer('engine'), toLayers('lsp', 'cli', 'backlog', 'config', 'files', 'client', 'shared', 'rules')),
      ...violations('engine → I/O module', fromLayer('engine'), (e) => NODE_IO.test(e.specifier) || EDITOR.test(e.specifier)),
    ];
    assert.deepEqual(describeViolations(found), []);
  });

  it('rules import only the rule API, other rule files, AST types and the regex analyser', () => {
    const allowed = (edge: ImportEdge) =>
      edge.to === 'server/src/engine/api.ts' ||
      (edge.to !== undefined && edge.to.startsWith('rules/')) ||
      /^@typescript-eslint\/(typescript-estree|visitor-keys)$/.test(edge.specifier) ||
      // The maintained ReDoS analyser: a pure function of a pattern, so a rule may call it directly.
      edge.specifier === 'scslre';
    const found = violations('rules → outside the rule API', fromLayer('rules'), (e) => !allowed(e));
    assert.deepEqual(describeViolations(found), []);
  });

  it('the client imports only the protocol from the server, and no rule or engine code', () => {
    const found = violations(
      'client → server internals',
      fromLayer('client'),
      (e) => e.to !== undefined && !e.to.startsWith('client/') && e.to !== 'server/src/shared/protocol.ts' && !e.to.startsWith('server/src/shared/'),
    );
    assert.deepEqual(describeViolations(found), []);
  });

  it('the backlog imports nothing from the CLI or the language server', () => {
    assert.deepEqual(describeViolations(violations('backlog → front end', fromLayer('backlog'), toLayers('cli', 'lsp', 'client'))), []);
  });

  it('the backlog has its parts: use cases open a backlog through the registry, which opens the Markdown adapter', () => {
    assert.ok(edges.some((e) => backlogPart(e.from) === 'useCases' && e.to === `${ADAPTERS}registry.ts`), 'a use case imports adapters/registry.ts');
    assert.ok(edges.some((e) => e.from === `${ADAPTERS}registry.ts` && e.to !== undefined && adapterOf(e.to) === 'markdown'), 'the registry imports adapters/markdown/');
    assert.ok(edges.some((e) => fromBacklogPart('story')(e)), 'backlog/story/ has imports');
  });

  it('an adapter is imported only by itself and the registry, so nothing else knows which tracker is in use', () => {
    const found = violations(
      'adapter internals outside the adapter and the registry',
      (e) => e.to !== undefined && adapterOf(e.to) !== undefined,
      (e) => adapterOf(e.from) !== adapterOf(e.to!) && !(e.from.startsWith(ADAPTERS) && adapterOf(e.from) === undefined),
    );
    assert.deepEqual(describeViolations(found), []);
  });

  it('backlog/story/ is pure: no I/O module, no Git, adapter or use case', () => {
    const found = [
      ...violations('story → I/O module', fromBacklogPart('story'), (e) => NODE_IO.test(e.specifier) || EDITOR.test(e.specifier)),
      ...violations('story → Git, adapters or use cases', fromBacklogPart('story'), toBacklogParts('git', 'adapters', 'useCases')),
      ...violations('story → files, config or a front end', fromBacklogPart('story'), toLayers('files', 'config', 'cli', 'lsp', 'client')),
    ];
    assert.deepEqual(describeViolations(found), []);
  });

  it('the backlog takes the rules and the tool version from its caller, never from the registry or package.json', () => {
    const hidden = (e: ImportEdge) => e.to === 'rules/index.ts' || e.to === 'server/src/shared/product.ts';
    assert.deepEqual(describeViolations(violations('backlog → hidden default', fromLayer('backlog'), hidden)), []);
  });

  it('the use cases are the top of the backlog: only the front ends and other use cases import them', () => {
    const found = violations('backlog → use cases', (e) => layerOf(e.from) === 'backlog' && backlogPart(e.from) !== 'useCases', toBacklogParts('useCases'));
    assert.deepEqual(describeViolations(found), []);
  });

  it('configuration, file listing and the scan loop import nothing from the front ends or the backlog', () => {
    const found = [
      ...violations('config → front end', fromLayer('config'), toLayers('cli', 'lsp', 'client', 'backlog')),
      ...violations('files → front end', fromLayer('files'), toLayers('cli', 'lsp', 'client', 'backlog', 'config')),
      // The one scan loop serves the CLI and the backlog alike, so it may know neither.
      ...violations('scan → front end', fromLayer('scan'), toLayers('cli', 'lsp', 'client', 'backlog', 'rules')),
    ];
    assert.deepEqual(describeViolations(found), []);
  });

  it('Git access and baselines are neutral ground: the CLI, the server and the backlog share them, and they import none of those', () => {
    const found = [
      ...violations('git → front end or backlog', fromLayer('git'), toLayers('cli', 'lsp', 'client', 'backlog', 'config', 'rules')),
      ...violations('baseline → front end or backlog', fromLayer('baseline'), toLayers('cli', 'lsp', 'client', 'backlog', 'config', 'rules', 'git')),
    ];
    assert.deepEqual(describeViolations(found), []);
  });

  it('configuration is given its known rule ids: it imports no rule and no rule registry', () => {
    assert.deepEqual(describeViolations(violations('config → rules', fromLayer('config'), toLayers('rules'))), []);
  });

  it('the rule catalogue is neutral ground: it imports no front end, so the CLI and the server share it', () => {
    assert.deepEqual(describeViolations(violations('catalog → front end', fromLayer('catalog'), toLayers('cli', 'lsp', 'client', 'backlog', 'config', 'files'))), []);
  });

  it('the client and the server normalise settings with the one shared function', () => {
    for (const file of ['client/src/settings.ts', 'server/src/lsp/settings.ts']) {
      assert.ok(edges.some((e) => e.from === file && e.to === 'server/src/shared/settings.ts'), `${file} imports server/src/shared/settings.ts`);
    }
  });

  it('the CLI and the language server do not import each other', () => {
    const found = [
      ...violations('cli → lsp', fromLayer('cli'), toLayers('lsp')),
      ...violations('lsp → cli', fromLayer('lsp'), toLayers('cli')),
    ];
    assert.deepEqual(describeViolations(found), []);
  });

  it('no import cycles', () => {
    assert.deepEqual(importCycles(edges).map((cycle) => cycle.join(' ⇄ ')), []);
  });
});
