// Sink facts that name only part of what reaches the sink: a check on one parameter's share of a
// built path (the folder is the caller's configuration, the name is checked here), and one key of
// an object a function returns (`{ doc, writes }`), read by a caller that hands only that key on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import type { FunctionSummary, ImportedSummaries, SummarizedResult } from '../../server/src/engine/summaries';

const RULE = 'unsafe-api/no-path-traversal';

function summarise(code: string, path: string, imported: ImportedSummaries = {}): SummarizedResult {
  return analyze(code, path, { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false, summarize: true, importedSummaries: imported });
}

function functionsOf(code: string, path: string, imported?: ImportedSummaries): Record<string, FunctionSummary> {
  const result = summarise(code, path, imported);
  assert.ok(result.summary, `${path} is summarised`);
  return result.summary.functions;
}

/** Per exported function, its facts of the rule as `param:fields severity`. */
function facts(functions: Record<string, FunctionSummary>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, fn] of Object.entries(functions)) {
    out[name] = fn.sinks.filter((s) => s.ruleId === RULE).map((s) => `${s.param}:${s.fields?.join('+') ?? '*'} ${s.severity}`);
  }
  return out;
}

/** The rule's findings in `code` as `line severity source`. */
function findings(code: string, imported: ImportedSummaries): string[] {
  return summarise(code, '/p/routes.js', imported)
    .findings.filter((f) => f.ruleId === RULE)
    .map((f) => `${f.range.start.line} ${f.severity} ${f.data?.source ?? ''}`);
}

const LOADER = `
  const fs = require('fs');
  exports.load = (target) => fs.promises.readFile(target);
`;

const ARCHIVE = `
  const fs = require('fs');
  const { load } = require('./loader');
  // The name is checked for parent segments; the folder comes from the caller's settings.
  exports.handedOn = ({ settings: { folder }, entry }) => {
    const { name } = entry;
    if (name.includes('..')) throw new Error('name leaves the folder');
    return load(folder + '/' + name);
  };
  exports.readHere = ({ settings: { folder }, entry }) => {
    const { name } = entry;
    if (!/^[\\w-]+\\.txt$/.test(name)) throw new Error('not a text file name');
    return fs.promises.readFile(folder + '/' + name);
  };
  exports.judgedHere = ({ settings: { folder }, entry }) => {
    const { name } = entry;
    if (!isSafeName(name)) throw new Error('bad name');
    return fs.promises.readFile(folder + '/' + name);
  };
  exports.unchecked = ({ settings: { folder }, entry }) => load(folder + '/' + entry.name);
`;

test('a check on one part of a built path leaves that part out of the fact, or lowers it as the check decides', () => {
  const loader = functionsOf(LOADER, '/p/loader.js');
  const archive = functionsOf(ARCHIVE, '/p/archive.js', { './loader': loader });
  assert.deepEqual(facts(archive), {
    // Handed to another module's function, a checked part is left out whatever the check.
    handedOn: ['0:settings.folder error'],
    // A pattern of word characters rules out a parent segment: only the folder is left.
    readHere: ['0:settings.folder error'],
    // A validator Rugged cannot read lowers the name's part to a warning, as in a single file.
    judgedHere: ['0:settings.folder error', '0:entry.name warning'],
    unchecked: ['0:settings.folder+entry.name error'],
  });
  const caller = [
    "const archive = require('./archive');",
    'const settings = { folder: "/srv/archive" };',
    "app.get('/a', (req) => archive.handedOn({ settings, entry: req.query }));",
    "app.get('/b', (req) => archive.readHere({ settings, entry: req.query }));",
    "app.get('/c', (req) => archive.judgedHere({ settings, entry: req.query }));",
    "app.get('/d', (req) => archive.unchecked({ settings, entry: req.query }));",
    "app.get('/e', (req) => archive.handedOn({ settings: { folder: req.query.dir }, entry: { name: 'a.txt' } }));",
  ].join('\n');
  assert.deepEqual(findings(caller, { './archive': archive }), ['5 warning req.query.name', '6 error req.query.name', '7 error req.query.dir']);
});

const PLAN = `
  const sanitize = require('sanitize-filename');
  exports.plan = ({ options: { folder }, doc, upload }) => {
    const writes = [];
    writes.push({ target: folder + '/' + sanitize(upload.name) });
    return { doc: { ...doc, stored: true }, writes };
  };
  exports.planUnsafe = ({ options: { folder }, doc }) => {
    const writes = [{ target: folder + '/' + doc.title }];
    return { doc, writes };
  };
`;

const WRITER = `
  const fs = require('fs');
  exports.writeAll = (writes) => Promise.all(writes.map((w) => fs.promises.writeFile(w.target, w.bytes)));
`;

test("a key of a returned object literal carries only its own property's parameters, through modules", () => {
  const plan = functionsOf(PLAN, '/p/plan.js');
  assert.deepEqual(plan.plan.returns.byKey?.writes, { origin: 'constant', built: true, params: [0], fields: { 0: ['options.folder'] } });
  assert.deepEqual(plan.plan.returns.byKey?.doc.fields, { 0: ['doc'] });
  const writer = functionsOf(WRITER, '/p/writer.js');
  const operations = `
    const { plan, planUnsafe } = require('./plan');
    const { writeAll } = require('./writer');
    exports.create = async (args) => {
      const { doc, writes } = plan(args);
      await writeAll(writes);
      return doc;
    };
    exports.createUnsafe = async (args) => {
      await writeAll(planUnsafe(args).writes);
    };
  `;
  const ops = functionsOf(operations, '/p/operations.js', { './plan': plan, './writer': writer });
  assert.deepEqual(facts(ops), { create: ['0:options.folder error'], createUnsafe: ['0:options.folder+doc.title error'] });
  const caller = [
    "const ops = require('./operations');",
    'const options = { folder: "/srv/docs" };',
    "app.post('/a', (req) => ops.create({ options, doc: req.body, upload: req.file }));",
    "app.post('/b', (req) => ops.createUnsafe({ options, doc: req.body }));",
  ].join('\n');
  // Line 3: the document is the client's but never part of a path, and the upload's name is
  // sanitised. Line 4: the title is pasted into the path.
  assert.deepEqual(findings(caller, { './operations': ops }), ['4 error req.body.title']);
});

test('in one file, a destructured or read key of a local helper result is that key alone', () => {
  const code = `
    const fs = require('fs');
    function plan(name, body) { return { where: '/srv/out/' + name.replace(/[^a-z]/g, ''), what: body }; }
    app.post('/a', (req) => { const { where, what } = plan('fixed', req.body); fs.writeFileSync(where, what); });
    app.post('/b', (req) => fs.writeFileSync(plan('fixed', req.body).where, 'x'));
    app.post('/c', (req) => fs.writeFileSync(plan('fixed', req.body).what, 'x'));
  `;
  assert.deepEqual(findings(code, {}), ['6 error req.body']);
});

test('`payload` of a request is input only in a file that shows Hapi', () => {
  const sink = (head: string, handler: string) => `${head}\nconst fs = require('fs');\n${handler}\n`;
  const hapi = "server.route({ method: 'POST', path: '/f', handler: (request) => fs.readFileSync(request.payload.file) });";
  const toolkit = "exports.read = (request, h) => h.response(fs.readFileSync(request.payload.file));";
  // Elsewhere a `req.payload` is whatever the code hung there (a CMS's own instance, a decoded token).
  const other = "app.post('/f', (req) => fs.readFileSync(req.payload.config.file));";
  assert.deepEqual(findings(sink("const Hapi = require('@hapi/hapi');", other), {}), ['3 error req.payload.config.file']);
  assert.deepEqual(findings(sink('', hapi), {}), ['3 error request.payload.file']);
  assert.deepEqual(findings(sink('', toolkit), {}), ['3 error request.payload.file']);
  assert.deepEqual(findings(sink("const express = require('express');", other), {}), []);
  assert.deepEqual(findings(sink('', "app.post('/f', ({ payload }, res) => res.send(fs.readFileSync(payload.file)));"), {}), []);
});
