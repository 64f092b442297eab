// The incremental project behind the CLI scan and the language server: which modules an edit
// makes analysed again, what the content-hash cache saves, and the order of components.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import type { ImportedSummaries, SummarizedResult } from '../../server/src/engine/summaries';
import { stronglyConnectedComponents } from '../../server/src/scan/moduleComponents';
import { fileSystemHost } from '../../server/src/scan/fileSystemHost';
import { createModuleResolver, type ResolverHost } from '../../server/src/scan/moduleResolver';
import { ProjectFlow } from '../../server/src/scan/projectFlow';
import { BoundedResultCache } from '../../server/src/scan/summaryCache';
import { listFixtureFiles } from '../meta/ruleFiles';

const ROOT = '/project';
const RULE = 'sql/no-string-built-query';
const path = (name: string) => join(ROOT, name);

const REPOSITORY = `const { Pool } = require('pg');
const pool = new Pool();

function findOrder(id) {
  return pool.query('SELECT * FROM orders WHERE id = ' + id);
}

module.exports = { findOrder };
`;
const SAFE_REPOSITORY = REPOSITORY.replace("'SELECT * FROM orders WHERE id = ' + id", "'SELECT * FROM orders WHERE id = $1', [id]");
const SERVICE = `const { findOrder } = require('./repository');

exports.orderFor = (id) => findOrder(id);
`;
const ROUTE = `const express = require('express');
const { orderFor } = require('./service');

const app = express();
app.get('/orders/:id', async (req, res) => {
  res.json(await orderFor(req.params.id));
});
`;
const UNRELATED = `exports.twice = (n) => n * 2;\n`;

function memoryHost(files: Map<string, string>): ResolverHost {
  return {
    isFile: (p) => files.has(p),
    readText: (p) => files.get(p),
    listDirs: (p) => [...new Set([...files.keys()].filter((f) => dirname(dirname(f)) === p).map((f) => dirname(f).slice(p.length + 1)))],
  };
}

function project(texts: Record<string, string>) {
  const files = new Map(Object.entries(texts).map(([name, text]) => [path(name), text]));
  const analysed: string[] = [];
  const flow = new ProjectFlow<SummarizedResult>({
    resolver: createModuleResolver(ROOT, memoryHost(files)),
    analyze: (p, text, imported, summarize) => {
      analysed.push(p.slice(ROOT.length + 1) + (summarize ? '' : ' (no summary)'));
      return analyze(text, p, { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', importedSummaries: imported, summarize });
    },
  });
  for (const [p, text] of files) flow.set(p, text);
  const settle = () => {
    analysed.length = 0;
    for (const step of flow.settle()) void step;
    return [...analysed];
  };
  const routeFindings = () => (flow.latest(path('route.js'))?.findings ?? []).filter((f) => f.ruleId === RULE).map((f) => f.range.start.line);
  return { flow, settle, analysed, routeFindings, edit: (name: string, text: string) => flow.set(path(name), text) };
}

describe('ProjectFlow', () => {
  test('analyses every module once, each after what it imports, and follows input through two files', () => {
    const p = project({ 'route.js': ROUTE, 'service.js': SERVICE, 'repository.js': REPOSITORY, 'unrelated.js': UNRELATED });
    const order = p.settle();
    assert.deepEqual([...order].sort(), ['repository.js', 'route.js', 'service.js', 'unrelated.js']);
    assert.ok(order.indexOf('repository.js') < order.indexOf('service.js') && order.indexOf('service.js') < order.indexOf('route.js'));
    assert.deepEqual(p.routeFindings(), [6]);
  });

  test('an edit that leaves the exported summaries alone analyses the edited file only', () => {
    const p = project({ 'route.js': ROUTE, 'service.js': SERVICE, 'repository.js': REPOSITORY });
    p.settle();
    assert.equal(p.edit('repository.js', `${REPOSITORY}\nfunction unused() { return 1; }\n`), true);
    assert.deepEqual(p.settle(), ['repository.js']);
    assert.deepEqual(p.routeFindings(), [6]);
  });

  test('an edit that changes an exported summary analyses the importers again, transitively, and an edit back comes from the cache', () => {
    const p = project({ 'route.js': ROUTE, 'service.js': SERVICE, 'repository.js': REPOSITORY });
    p.settle();
    p.edit('repository.js', SAFE_REPOSITORY);
    assert.deepEqual(p.settle(), ['repository.js', 'service.js', 'route.js']);
    assert.deepEqual(p.routeFindings(), []);
    const reusedBefore = p.flow.counts.reused;
    p.edit('repository.js', REPOSITORY);
    assert.deepEqual(p.settle(), [], 'every module is back to a text and imports analysed before');
    assert.equal(p.flow.counts.reused - reusedBefore, 3);
    assert.deepEqual(p.routeFindings(), [6]);
  });

  test('setting the same text again is no change', () => {
    const p = project({ 'route.js': ROUTE, 'service.js': SERVICE, 'repository.js': REPOSITORY });
    p.settle();
    assert.equal(p.edit('service.js', SERVICE), false);
    assert.deepEqual(p.settle(), []);
  });

  test('resultFor settles what a file imports and the file, not the rest of the project', () => {
    const p = project({ 'route.js': ROUTE, 'service.js': SERVICE, 'repository.js': REPOSITORY, 'unrelated.js': UNRELATED });
    p.settle();
    p.edit('unrelated.js', `${UNRELATED}// changed\n`);
    p.edit('repository.js', SAFE_REPOSITORY);
    p.analysed.length = 0;
    const result = p.flow.resultFor(path('route.js'));
    assert.deepEqual(p.analysed, ['repository.js', 'service.js', 'route.js']);
    assert.deepEqual(result?.findings.filter((f) => f.ruleId === RULE), []);
    assert.equal(p.flow.unsettled, true, 'unrelated.js still waits');
    assert.deepEqual(p.settle(), ['unrelated.js']);
  });

  test('a deferred summary: the edited file is analysed alone, and its importers follow when the rest is settled', () => {
    const p = project({ 'route.js': ROUTE, 'service.js': SERVICE, 'repository.js': REPOSITORY });
    p.settle();
    p.edit('repository.js', SAFE_REPOSITORY);
    p.analysed.length = 0;
    const result = p.flow.resultFor(path('repository.js'), { deferSummary: true });
    assert.deepEqual(p.analysed, ['repository.js (no summary)']);
    assert.equal(result?.summary, undefined);
    assert.deepEqual(p.routeFindings(), [6], 'the route still sees what the repository exported before');
    assert.equal(p.flow.unsettled, true, 'the repository has importers waiting for its summary');
    // The repository's summary is made again, not shown again: only its importers are yielded.
    assert.deepEqual(p.settle(), ['repository.js', 'service.js', 'route.js']);
    const yielded: string[] = [];
    p.edit('repository.js', REPOSITORY);
    p.flow.resultFor(path('repository.js'), { deferSummary: true });
    for (const step of p.flow.settle()) yielded.push(step.slice(ROOT.length + 1));
    assert.deepEqual(yielded, ['service.js', 'route.js']);
    assert.deepEqual(p.routeFindings(), [6]);
  });

  test('a deferred summary nobody imports waits until a module imports it', () => {
    const p = project({ 'route.js': ROUTE, 'service.js': SERVICE, 'repository.js': REPOSITORY });
    p.settle();
    p.edit('route.js', `${ROUTE}// edited\n`);
    p.analysed.length = 0;
    p.flow.resultFor(path('route.js'), { deferSummary: true });
    assert.deepEqual(p.analysed, ['route.js (no summary)']);
    assert.equal(p.flow.unsettled, false, 'no module needs what route.js exports');
    p.flow.set(path('main.js'), "require('./route');\n");
    assert.deepEqual(p.settle().sort(), ['main.js', 'route.js']);
  });

  test('a deferred summary inside an import cycle leaves the cycle to the next settle', () => {
    const a = "const { b } = require('./b');\nexports.a = (v) => b(v);\n";
    const b = "const { a } = require('./a');\nconst { findOrder } = require('./repository');\nexports.b = (v) => findOrder(v);\nexports.c = (v) => a(v);\n";
    const p = project({ 'a.js': a, 'b.js': b, 'repository.js': REPOSITORY });
    p.settle();
    p.edit('a.js', `${a}// edited\n`);
    p.analysed.length = 0;
    p.flow.resultFor(path('a.js'), { deferSummary: true });
    assert.deepEqual(p.analysed, ['a.js (no summary)']);
    assert.equal(p.flow.unsettled, true);
    p.settle();
    assert.equal(p.flow.unsettled, false);
  });

  test('a module that leaves the project takes its summary with it; loading it again through the imports brings it back', () => {
    const p = project({ 'route.js': ROUTE, 'service.js': SERVICE, 'repository.js': REPOSITORY });
    p.settle();
    p.flow.remove(path('repository.js'));
    assert.deepEqual(p.settle(), ['service.js', 'route.js']);
    assert.deepEqual(p.routeFindings(), []);
    p.flow.loadImports(path('route.js'), (p2) => (p2 === path('repository.js') ? REPOSITORY : undefined));
    assert.equal(p.flow.has(path('repository.js')), true);
    p.settle();
    assert.deepEqual(p.routeFindings(), [6]);
  });
});

describe('ProjectFlow.settleConcurrently (the worker threads\' scan)', () => {
  const engine = (p: string, text: string, imported: ImportedSummaries) =>
    analyze(text, p, { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', importedSummaries: imported, summarize: true });
  /** An analysis that answers on a later turn of the event loop, as a worker thread does. */
  const later = async <T>(value: () => T): Promise<T> => {
    await new Promise((resolve) => setImmediate(resolve));
    return value();
  };

  const projects = join(__dirname, '..', 'fixtures', 'crossmodule');
  for (const name of readdirSync(projects).sort()) {
    test(`gives the results, summaries and rounds of settle on the cross-module project ${name}`, async () => {
      const root = join(projects, name);
      const texts = new Map(listFixtureFiles(root).map((file) => [file, readFileSync(file, 'utf8')]));
      const make = () => {
        const flow = new ProjectFlow<SummarizedResult>({ resolver: createModuleResolver(root, fileSystemHost()), analyze: engine });
        for (const [file, text] of texts) flow.set(file, text);
        return flow;
      };
      const one = make();
      for (const step of one.settle()) void step;
      const concurrent = make();
      await concurrent.settleConcurrently((p, text, imported) => later(() => engine(p, text, imported)));
      assert.ok([...one.snapshot().results.values()].some((r) => r.findings.length > 0), 'the project has findings');
      assert.deepEqual(concurrent.snapshot().results, one.snapshot().results);
      assert.deepEqual(concurrent.snapshot().summaries, one.snapshot().summaries);
      assert.deepEqual(concurrent.counts, one.counts);
      assert.equal(concurrent.unsettled, false);
    });
  }

  test('runs unrelated modules at the same time, and a module only after the modules it imports', async () => {
    const files = new Map(Object.entries({ 'route.js': ROUTE, 'service.js': SERVICE, 'repository.js': REPOSITORY, 'unrelated.js': UNRELATED }).map(([name, text]) => [path(name), text]));
    const flow = new ProjectFlow<SummarizedResult>({ resolver: createModuleResolver(ROOT, memoryHost(files)) });
    for (const [p, text] of files) flow.set(p, text);
    const log: string[] = [];
    await flow.settleConcurrently(async (p, text, imported) => {
      const name = p.slice(ROOT.length + 1);
      log.push(`start ${name}`);
      const result = await later(() => engine(p, text, imported));
      log.push(`end ${name}`);
      return result;
    });
    const at = (event: string) => log.indexOf(event);
    assert.ok(at('start unrelated.js') < at('end repository.js') && at('start repository.js') < at('end unrelated.js'), log.join(', '));
    assert.ok(at('end repository.js') < at('start service.js') && at('end service.js') < at('start route.js'), log.join(', '));
    assert.deepEqual((flow.latest(path('route.js'))?.findings ?? []).filter((f) => f.ruleId === RULE).map((f) => f.range.start.line), [6]);
  });
});

describe('stronglyConnectedComponents', () => {
  test('lists each component after the components it imports; a cycle is one component', () => {
    const edges: Record<string, string[]> = { route: ['service'], service: ['a'], a: ['b'], b: ['a', 'leaf'], leaf: [] };
    const components = stronglyConnectedComponents(Object.keys(edges), (p) => edges[p]);
    assert.deepEqual(components.map((c) => [...c].sort()), [['leaf'], ['a', 'b'], ['service'], ['route']]);
  });

  test('does not overflow the stack on a long chain', () => {
    const n = 20_000;
    const components = stronglyConnectedComponents(Array.from({ length: n }, (_, i) => `m${i}`), (p) => (p === `m${n - 1}` ? [] : [`m${Number(p.slice(1)) + 1}`]));
    assert.equal(components.length, n);
    assert.equal(components[0][0], `m${n - 1}`);
  });
});

describe('BoundedResultCache', () => {
  test('keeps the most recently used entries up to its capacity', () => {
    const cache = new BoundedResultCache<number>(2);
    cache.set('a', 'k', 1);
    cache.set('b', 'k', 2);
    assert.equal(cache.get('a', 'k'), 1);
    cache.set('c', 'k', 3);
    assert.equal(cache.get('b', 'k'), undefined, 'b was the least recently used');
    assert.equal(cache.get('a', 'k'), 1);
    assert.equal(cache.get('c', 'k'), 3);
    assert.equal(cache.get('a', 'other key'), undefined);
    assert.equal(cache.size, 2);
  });
});
