// Fields of objects inside lists, and of objects held in variables. A list built of object
// literals (by an array literal, `push`, a stored index) keeps what each field of its elements is
// made of, joined over the elements: a loop, an array callback or an index reading `path` of an
// element gets what the elements' `path` carries, not what their `content` carries. The same goes
// for a function that returns such a list (its summary lists `[].path`, `files.[].path`), in one
// file and across modules. Whatever an element's field carries must still be reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import type { FunctionSummary, ImportedSummaries, SummarizedResult } from '../../server/src/engine/summaries';

const RULE = 'unsafe-api/no-path-traversal';

function run(code: string, path: string, imported: ImportedSummaries = {}): SummarizedResult {
  return analyze(code, path, { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false, summarize: true, importedSummaries: imported });
}

function functionsOf(code: string, path: string, imported?: ImportedSummaries): Record<string, FunctionSummary> {
  const result = run(code, path, imported);
  assert.ok(result.summary, `${path} is summarised`);
  return result.summary.functions;
}

/** The rule's findings as `line source`, in file order. */
function findings(code: string, imported: ImportedSummaries = {}): string[] {
  return run(code, '/p/routes.js', imported)
    .findings.filter((f) => f.ruleId === RULE)
    .map((f) => `${f.range.start.line} ${f.data?.source ?? ''}`);
}

/** Lines (1-based, in `code`) holding `marker`. */
function linesOf(code: string, marker: string): number[] {
  return code.split('\n').flatMap((line, index) => (line.includes(marker) ? [index + 1] : []));
}

const IN_ONE_FUNCTION = `
const fs = require('fs');
app.post('/save', (req, res) => {
  const safe = '/srv/out/' + Date.now() + '.bin';
  const items = [{ target: safe, content: req.body.text }];
  items.push({ target: safe + '.meta', content: req.body.meta });
  for (const item of items) fs.writeFileSync(item.target, item.content); // quiet
  items.forEach((item) => fs.writeFileSync(item.target, 'x')); // quiet
  items.map(({ target }) => fs.writeFileSync(target, 'x')); // quiet
  for (const { target } of items) fs.writeFileSync(target, 'x'); // quiet
  fs.writeFileSync(items[0].target, 'x'); // quiet
  fs.writeFileSync(items.find((i) => i.content).target, 'x'); // quiet
  items.filter((i) => i.content).forEach((i) => fs.writeFileSync(i.target, 'x')); // quiet
  for (const item of items) fs.writeFileSync(item.content, 'x'); // reported
  items.forEach(({ content }) => fs.writeFileSync(content, 'x')); // reported
  fs.writeFileSync(items, 'x'); // reported
  for (const item of items) fs.writeFileSync(item, 'x'); // reported
});
`;

test('an element field of a list built in the function is what that field of its elements carries', () => {
  assert.deepEqual(
    findings(IN_ONE_FUNCTION).map((f) => Number(f.split(' ')[0])),
    linesOf(IN_ONE_FUNCTION, '// reported'),
  );
});

const ONE_TAINTED_ELEMENT = `
const fs = require('fs');
app.post('/save', (req, res) => {
  const base = '/srv/out/a.bin';
  const items = [{ target: base }];
  items.push({ target: req.body.name }); // the second element's target is input
  for (const item of items) fs.writeFileSync(item.target, 'x');
  const more = [...items, { target: base }];
  more.forEach((item) => fs.writeFileSync(item.target, 'x'));
  const copies = items.map((item) => ({ ...item, size: 1 }));
  fs.writeFileSync(copies[1].target, 'x');
  const later = [{ target: base }];
  later[1] = { target: req.query.to };
  fs.writeFileSync(later[0].target, 'x');
  const joined = [{ target: base }].concat([{ target: req.query.other }]);
  for (const j of joined) fs.writeFileSync(j.target, 'x');
  let swapped = [{ target: base }];
  swapped = [{ target: req.body.next }];
  fs.writeFileSync(swapped[0].target, 'x');
});
`;

test('a field any element carries input in is input, through spreads, map, concat and stored indexes', () => {
  assert.deepEqual(findings(ONE_TAINTED_ELEMENT), [
    '7 req.body.name',
    '9 req.body.name',
    '11 req.body.name',
    '14 req.query.to',
    '16 req.query.other',
    '19 req.body.next',
  ]);
});

const HELPER_IN_FILE = `
const fs = require('fs');
function plan(upload) {
  const name = 'f-' + Date.now();
  const out = [];
  out.push({ target: '/srv/' + name, content: upload.data });
  out.push({ target: '/srv/' + name + '.txt', content: 'note' });
  return { data: upload.meta, files: out };
}
function listOf(upload) {
  return [{ target: '/srv/fixed', content: upload.data }, { target: upload.name, content: '' }];
}
function store(files) {
  for (const f of files) fs.writeFileSync(f.target, f.content);
}
app.post('/up', (req, res) => {
  const { files } = plan(req.body);
  for (const f of files) fs.writeFileSync(f.target, f.content); // quiet
  store(files); // quiet
  plan(req.body).files.forEach((f) => fs.writeFileSync(f.target, 'x')); // quiet
  for (const f of files) fs.writeFileSync(f.content, 'x'); // reported
  for (const f of listOf(req.body)) fs.writeFileSync(f.target, 'x'); // reported
});
`;

test('a local helper returning a list of literals, or taking one, keeps its element fields apart', () => {
  const lines = findings(HELPER_IN_FILE).map((f) => Number(f.split(' ')[0]));
  assert.deepEqual(lines, linesOf(HELPER_IN_FILE, '// reported'));
});

const HELD_RESULT = `
const fs = require('fs');
function plan(upload) {
  return { data: upload.meta, files: [{ target: '/srv/' + Date.now(), content: upload.data }] };
}
function store(files) {
  for (const f of files) fs.writeFileSync(f.target, 'x');
}
app.post('/up', (req, res) => {
  const cached = req.app.locals.plan ? plan(req.app.locals.plan) : null;
  const result = cached ?? plan(req.body);
  store(result.files); // quiet
  const bag = { files: [{ target: '/srv/a' }] };
  bag.files.push({ target: req.body.to });
  for (const f of bag.files) fs.writeFileSync(f.target, 'x'); // reported
  const swapped = { files: [{ target: '/srv/b' }] };
  swapped.files = [{ target: req.query.to }];
  swapped.files.forEach((f) => fs.writeFileSync(f.target, 'x')); // reported
});
`;

test('the list under a key of a held result is read by its elements, with what is later pushed or assigned there', () => {
  assert.deepEqual(
    findings(HELD_RESULT).map((f) => Number(f.split(' ')[0])),
    linesOf(HELD_RESULT, '// reported'),
  );
});

const PLANNER = `
export function plan({ upload, folder }) {
  const name = String(Date.now());
  const files = [];
  files.push({ target: folder + '/' + name, content: upload.data });
  files.push({ target: folder + '/' + name + '.thumb', content: upload.thumb });
  return { data: upload.meta, files };
}
export function flat(upload) {
  return [{ target: '/srv/' + Date.now(), content: upload.data }];
}
export function named(upload) {
  return [{ target: upload.name, content: upload.data }];
}
function sizes(folder) {
  const list = [];
  list.push({ target: folder + '/small', content: 'x' });
  return { extra: list, meta: 1 };
}
export function withSizes({ upload, folder }) {
  const files = [{ target: folder + '/main', content: upload.data }];
  const { extra } = sizes(folder);
  files.push(...extra);
  return { files };
}
`;

const STORE = `
import fs from 'fs/promises';
export const store = async (files) => {
  await Promise.all(files.map(async (file) => {
    if ('source' in file) await fs.copyFile(file.source, file.target);
    else await fs.writeFile(file.target, file.content);
  }));
};
export const storeWhole = (files) => fs.writeFile(files, '');
`;

test('summaries name element fields of returned lists and of the lists a parameter takes', () => {
  const planner = functionsOf(PLANNER, '/p/planner.js');
  assert.deepEqual(Object.keys(planner.plan.returns.byKey ?? {}).sort(), ['data', 'files', 'files.[].content', 'files.[].target']);
  assert.deepEqual(planner.plan.returns.byKey?.['files.[].target']?.fields, { 0: ['folder'] });
  assert.deepEqual(planner.plan.returns.byKey?.['files.[].content']?.fields, { 0: ['upload.data', 'upload.thumb'] });
  assert.deepEqual(Object.keys(planner.flat.returns.byKey ?? {}).sort(), ['[].content', '[].target']);
  assert.deepEqual(planner.flat.returns.byKey?.['[].target']?.params, []);
  // Elements spread in from another function's list count with theirs.
  assert.deepEqual(Object.keys(planner.withSizes.returns.byKey ?? {}).sort(), ['files', 'files.[].content', 'files.[].target']);
  assert.deepEqual(planner.withSizes.returns.byKey?.['files.[].target']?.fields, { 0: ['folder'] });
  const store = functionsOf(STORE, '/p/store.js');
  assert.deepEqual([...new Set(store.store.sinks.filter((s) => s.ruleId === RULE).map((s) => s.fields?.join('+')))].sort(), ['[].source', '[].target']);
  assert.deepEqual(store.storeWhole.sinks.filter((s) => s.ruleId === RULE).map((s) => s.fields), [undefined]);
});

test('across modules a caller handing on a planned list is judged by the fields the sink reads of its elements', () => {
  const planner = functionsOf(PLANNER, '/p/planner.js');
  const store = functionsOf(STORE, '/p/store.js');
  const imported = { './planner': planner, './store': store };
  const caller = [
    "import { plan, flat, named } from './planner';",
    "import { store, storeWhole } from './store';",
    "app.post('/up', async (req, res) => {",
    "  const { files } = plan({ upload: req.body, folder: '/srv/media' });",
    '  await store(files);',
    '  await store(flat(req.body));',
    '  await store(named(req.body));',
    '  await storeWhole(files);',
    "  const { files: chosen } = plan({ upload: req.body, folder: req.query.dir });",
    '  await store(chosen);',
    "  for (const f of plan({ upload: req.body, folder: '/srv' }).files) await store([f]);",
    '});',
  ].join('\n');
  // One finding per sink the field reaches (`copyFile` and `writeFile` both write `target`).
  assert.deepEqual(findings(caller, imported), ['7 req.body.name', '7 req.body.name', '8 req.body.data', '10 req.query.dir', '10 req.query.dir']);
});

const HELD = `
const fs = require('fs');
function readField(o) { return fs.readFileSync(o.where); }
app.post('/held', (req, res) => {
  const o = { what: req.body.text, where: '/srv/notes.txt' };
  fs.readFileSync(o.where); // quiet
  readField(o); // quiet
  fs.readFileSync(o.what); // reported
  const p = { where: '/srv/a' };
  p.where = req.query.to;
  fs.readFileSync(p.where); // reported
  const q = { where: '/srv/b' };
  Object.assign(q, req.body);
  fs.readFileSync(q.where); // reported
  const r = { ...req.body, mode: 'r' };
  fs.readFileSync(r.where); // reported
  let s = { where: '/srv/c' };
  s = { where: req.query.other };
  fs.readFileSync(s.where); // reported
  readField({ what: 1, where: req.query.w }); // reported
});
`;

test('an object held in a variable is read by field, in the function and through a local helper', () => {
  // The helper's finding is at its sink, naming what the tainted call put under `where`.
  assert.deepEqual(findings(HELD), ['3 req.query.w', '8 req.body.text', '11 req.query.to', '14 req.body', '16 req.body.where', '19 req.query.other']);
});

test('an object held in a variable and handed to another module is read by the fields the sink reads', () => {
  const reader = functionsOf("const fs = require('fs');\nexports.readField = (o) => fs.readFileSync(o.where);", '/p/reader.js');
  const caller = [
    "const { readField } = require('./reader');",
    "app.post('/held', (req, res) => {",
    "  const o = { what: req.body.text, where: '/srv/notes.txt' };",
    '  readField(o);',
    "  const t = { what: 'x', where: req.body.path };",
    '  readField(t);',
    '});',
  ].join('\n');
  assert.deepEqual(findings(caller, { './reader': reader }), ['6 req.body.path']);
});
