// A module summary read back from the result cache keeps everything the engine wrote: the keys of
// a destructured parameter that reach the result (`returns.fields`) and the fields a sink fact
// needs (`SinkFact.fields`), which decide whether a caller's object is reported, element fields of
// lists (`[].target`) among both. A malformed value
// in either makes the whole summary unusable, as for any other field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import type { ModuleSummary } from '../../server/src/engine/summaries';
import { validModuleSummary } from '../../server/src/lsp/summaryValidation';

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
