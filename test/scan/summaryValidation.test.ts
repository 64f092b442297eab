// A module summary read back from the result cache keeps everything the engine wrote: the keys of
// a destructured parameter that reach the result (`returns.fields`) and the fields a sink fact
// needs (`SinkFact.fields`), which decide whether a caller's object is reported, element fields of
// lists (`[].target`) among both. A malformed value
// in either makes the whole summary unusable, as for any other field. Keys are data, never a prototype,
// and the caller decides how a step or fix names its file (absolute for the server, repository paths
// for `rugged scan --summaries`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import type { ModuleSummary } from '../../server/src/engine/summaries';
import { validModuleSummary } from '../../server/src/scan/summaryValidation';

const SERVICE = `
  const { Pool } = require('pg');
  const pool = new Pool();
  export function link({ next, mode }) { return '/go?to=' + next; }
  export function find(args) { return pool.query('SELECT * FROM t WHERE ' + args.where); }
  export function plan(args) { return { data: args.body, files: clean(args.name) }; }
  function clean(name) { return name.replace(/[^a-z]/g, ''); }
  const fs = require('fs');
  export function batch(args) { const out = []; out.push({ target: '/srv/' + Date.now(), content: args.body }); return out; }
  export function save(files) { for (const f of files) fs.writeFileSync(f.target, 'x'); }
`;

function engineSummary(): ModuleSummary {
  const result = analyze(SERVICE, '/p/service.js', { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false, summarize: true });
  assert.ok(result.summary);
  return result.summary;
}

test('a summary the engine wrote reads back unchanged, field lists included', () => {
  const written = engineSummary();
  assert.deepEqual(written.functions.link.returns.fields, { 0: ['next'] });
  assert.deepEqual(written.functions.find.sinks.map((s) => s.fields), [['where']]);
  assert.deepEqual(Object.keys(written.functions.plan.returns.byKey ?? {}).sort(), ['data', 'files'], 'each key of the returned literal, apart');
  assert.deepEqual(Object.keys(written.functions.batch.returns.byKey ?? {}).sort(), ['[].content', '[].target'], 'each field of the returned list\'s elements, apart');
  assert.deepEqual(written.functions.save.sinks.filter((s) => s.ruleId === 'unsafe-api/no-path-traversal').map((s) => s.fields), [['[].target']]);
  // Through JSON, as the cache stores it: the record's numeric keys come back as strings.
  assert.deepEqual(validModuleSummary(JSON.parse(JSON.stringify(written))), written);
});

/** The summary as JSON reads it back, open to any value a damaged cache could hold. */
interface StoredSummary {
  functions: Record<string, { returns: Record<string, unknown>; sinks: Record<string, unknown>[] }>;
}

test('malformed field lists make the summary unusable', () => {
  const written = JSON.parse(JSON.stringify(engineSummary())) as StoredSummary;
  const badReturns = structuredClone(written);
  badReturns.functions.link.returns.fields = { 0: [1] };
  assert.equal(validModuleSummary(badReturns), undefined);
  const badIndex = structuredClone(written);
  badIndex.functions.link.returns.fields = { x: ['next'] };
  assert.equal(validModuleSummary(badIndex), undefined);
  const badFact = structuredClone(written);
  badFact.functions.find.sinks[0].fields = 'where';
  assert.equal(validModuleSummary(badFact), undefined);
  const badKey = structuredClone(written);
  badKey.functions.plan.returns.byKey = { data: { origin: 'everywhere', built: false, params: [0] } };
  assert.equal(validModuleSummary(badKey), undefined);
});

test('a key named __proto__ stays a plain key, and the prototype of what is read back is untouched', () => {
  const stored = JSON.parse(JSON.stringify(engineSummary())) as { functions: Record<string, unknown> };
  // JSON.parse makes `__proto__` an own key; assigned naively, it would replace the record's prototype.
  const hostile = JSON.parse(`{"functions":{"__proto__":${JSON.stringify(stored.functions.find)}},"reExports":[{"from":"./x","names":{"__proto__":"polluted"}}],"imports":[]}`) as unknown;
  const read = validModuleSummary(hostile);
  assert.ok(read);
  assert.equal(Object.getPrototypeOf(read.functions), Object.prototype);
  assert.deepEqual(Object.keys(read.functions), ['__proto__']);
  assert.equal(Object.getPrototypeOf(read.reExports[0].names), Object.prototype);
  assert.deepEqual(Object.keys(read.reExports[0].names ?? {}), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('the caller names the files of steps and fixes: absolute paths by default, anything it maps otherwise', () => {
  const written = JSON.parse(JSON.stringify(engineSummary())) as unknown;
  assert.ok(validModuleSummary(written), 'the engine names files by absolute path, which the default keeps');
  assert.equal(validModuleSummary(written, { file: () => undefined }), undefined, 'a file the caller refuses makes the summary unusable');
  const renamed = validModuleSummary(written, { file: (name) => `/elsewhere${name}` });
  assert.equal(renamed?.functions.find.sinks[0].steps[0].file, '/elsewhere/p/service.js');
  const relative = JSON.parse(JSON.stringify(written).replaceAll('"/p/service.js"', '"service.js"')) as unknown;
  assert.equal(validModuleSummary(relative), undefined, 'a relative path is refused by default');
});
