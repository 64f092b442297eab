// The cache key that stands in for a module's imported summaries: it must change exactly when
// what the module imports changes, re-export chains included, since a key that stays put while
// the summaries move would serve a stale result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FunctionSummary, ModuleSummary } from '../../server/src/engine/summaries';
import { exportedSignature, importedSummaries, importedSummariesKey, type ModuleEdges } from '../../server/src/scan/exportedSummaries';

function fn(name: string, params: number[] = []): FunctionSummary {
  return { name, returns: { origin: 'unknown', built: params.length > 0, params }, sinks: [] };
}

function summary(functions: FunctionSummary[], reExports: ModuleSummary['reExports'] = []): ModuleSummary {
  return { functions: Object.fromEntries(functions.map((f) => [f.name, f])), reExports, imports: reExports.map((r) => r.from) };
}

/** `app` imports `./index`, which re-exports all of `./db` and `run` of `./jobs`; `other` is unrelated. */
function project(): { edges: Map<string, Map<string, string>>; summaries: Map<string, ModuleSummary> } {
  const edges = new Map<string, Map<string, string>>([
    ['/app.js', new Map([['./index', '/index.js']])],
    ['/index.js', new Map([['./db', '/db.js'], ['./jobs', '/jobs.js']])],
    ['/db.js', new Map()],
    ['/jobs.js', new Map()],
    ['/other.js', new Map()],
  ]);
  const summaries = new Map<string, ModuleSummary>([
    ['/index.js', summary([fn('version')], [{ from: './db' }, { from: './jobs', names: { run: 'run' } }])],
    ['/db.js', summary([fn('query', [0])])],
    ['/jobs.js', summary([fn('run', [0]), fn('stop')])],
    ['/other.js', summary([fn('noop')])],
  ]);
  return { edges, summaries };
}

/** The key as ProjectFlow makes it: each summary named by its exported signature. */
function keyOf(edges: ModuleEdges, summaries: ReadonlyMap<string, ModuleSummary>): string {
  const hashes = new Map([...summaries].map(([path, s]) => [path, exportedSignature(path, edges, s)]));
  return importedSummariesKey('/app.js', edges, summaries, hashes);
}

test('the key changes with a function two re-exports away, and the summaries with it', () => {
  const { edges, summaries } = project();
  const before = keyOf(edges, summaries);
  const imported = JSON.stringify(importedSummaries('/app.js', edges, summaries));
  summaries.set('/jobs.js', summary([fn('run', [1]), fn('stop')]));
  assert.notEqual(JSON.stringify(importedSummaries('/app.js', edges, summaries)), imported);
  assert.notEqual(keyOf(edges, summaries), before);
});

test('the key stays when an unrelated module changes', () => {
  const { edges, summaries } = project();
  const before = keyOf(edges, summaries);
  summaries.set('/other.js', summary([fn('noop', [0])]));
  assert.equal(keyOf(edges, summaries), before);
});

test('the key changes when a re-export resolves to another file or a summary goes away', () => {
  const { edges, summaries } = project();
  const before = keyOf(edges, summaries);
  edges.set('/index.js', new Map([['./db', '/other.js'], ['./jobs', '/jobs.js']]));
  assert.notEqual(keyOf(edges, summaries), before);
  const { edges: edges2, summaries: summaries2 } = project();
  summaries2.delete('/db.js');
  assert.notEqual(keyOf(edges2, summaries2), before);
});

test('a cycle of re-exports gives a key, as it gives summaries', () => {
  const { edges, summaries } = project();
  edges.set('/db.js', new Map([['./index', '/index.js']]));
  summaries.set('/db.js', summary([fn('query', [0])], [{ from: './index' }]));
  const key = keyOf(edges, summaries);
  assert.equal(keyOf(edges, summaries), key);
  assert.ok('query' in (importedSummaries('/app.js', edges, summaries)['./index'] ?? {}));
});
