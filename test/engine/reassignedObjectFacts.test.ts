// Sink facts through an options object the function keeps in a variable: copied (`let o = input`),
// rebuilt with a spread (`o = { ...o, extra }`), then destructured (`const { name } = o`). The fact
// names the fields the sink reads, down to what it reads of a request handed in a field, so a
// caller handing `{ req, page: req.query.page }` is judged by those fields, not by the whole object.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import type { FunctionSummary, SummarizedResult } from '../../server/src/engine/summaries';

const RULE = 'unsafe-api/no-path-traversal';

function summaryOf(code: string): Record<string, FunctionSummary> {
  const result: SummarizedResult = analyze(code, '/p/files.js', { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false, summarize: true });
  assert.ok(result.summary, 'the module is summarised');
  return result.summary.functions;
}

/** Per exported function, the distinct field lists its facts of the rule name (`*`: the whole parameter). */
function factFields(code: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, fn] of Object.entries(summaryOf(code))) {
    out[name] = [...new Set(fn.sinks.filter((s) => s.ruleId === RULE).map((s) => `${s.param}:${s.fields?.join('+') ?? '*'}`))];
  }
  return out;
}

/** Lines of the caller with a cross-module finding of the rule, and the source each names. */
function callerFindings(files: string, caller: string): string[] {
  const imported = { './files': summaryOf(files) };
  const result = analyze(caller, '/p/routes.js', { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false, importedSummaries: imported });
  return result.findings.filter((f) => f.ruleId === RULE).map((f) => `${f.range.start.line} ${f.data?.source ?? ''}`);
}

const FILES = `
  const fs = require('fs');
  exports.copied = (input) => { let o = input; return fs.readFileSync('/srv/' + o.name); };
  exports.unpacked = (input) => { const { name } = input; return fs.readFileSync('/srv/' + name); };
  exports.rebuilt = (input) => {
    let o = input;
    o = { ...o, stamp: Date.now() };
    const { name, size } = o;
    return fs.readFileSync('/srv/' + name + size);
  };
  exports.spreadCopy = (input) => { const o = { ...input, mode: 'r' }; const { name } = o; return fs.readFileSync(name); };
  exports.renamed = (input) => { const o = { name: input.label, size: 1 }; const { name } = o; return fs.readFileSync(name); };
  exports.overridden = (input) => { const o = { ...input, name: 'fixed.txt' }; return fs.readFileSync(o.name + o.dir); };
  exports.nested = (input) => { const { req: { query } } = input; return fs.readFileSync(query.file); };
  exports.restOf = (input) => { const { size, ...others } = input; return fs.readFileSync(others.name + size); };
`;

test('an options object copied, rebuilt with a spread or destructured is read per field', () => {
  assert.deepEqual(factFields(FILES), {
    copied: ['0:name'],
    unpacked: ['0:name'],
    rebuilt: ['0:name+size'],
    spreadCopy: ['0:name'],
    // The literal's `name` holds `input.label`: that field, not `input.label.name`.
    renamed: ['0:label'],
    // A spread before the key may still be what the sink reads of the key below the spread.
    overridden: ['0:name+dir'],
    nested: ['0:req.query.file'],
    // A rest element holds the fields not named before it, each under its own name.
    restOf: ['0:name+size'],
  });
});

const UPLOADS = `
  const fs = require('fs');
  exports.store = async (incoming) => {
    let job = incoming;
    job = { ...job, startedAt: Date.now() };
    const { req, target } = job;
    await fs.promises.copyFile(req.file.tempFilePath, '/var/uploads/' + target);
    return fs.promises.readFile(req.file.originalName);
  };
  exports.byQuery = async (incoming) => {
    const { req } = incoming;
    return fs.promises.readFile('/var/public/' + req.query.file);
  };
  exports.byUser = async (incoming) => {
    const { req } = incoming;
    return fs.promises.readFile('/var/homes/' + req.user.home);
  };
`;

test('a fact follows what the sink reads of a request handed in a field', () => {
  assert.deepEqual(factFields(UPLOADS), {
    store: ['0:target', '0:req.file.originalName'],
    byQuery: ['0:req.query.file'],
    byUser: ['0:req.user.home'],
  });
});

test('a caller handing the request in a field is judged by the fields the sink reads of it', () => {
  const caller = [
    "const files = require('./files');",
    "app.post('/a', (req) => files.store({ req, target: 'fixed', page: req.query.page }));",
    "app.post('/b', (req) => files.store({ req, target: req.body.name }));",
    "app.post('/c', (req) => files.byQuery({ req, sort: req.body.sort }));",
    "app.post('/d', (req) => files.byUser({ req, sort: req.query.sort }));",
    "app.post('/e', (req) => { const job = { req, target: 'x' }; return files.store(job); });",
  ].join('\n');
  // Line 2: the upload's temporary path is the middleware's and the target is constant, but the
  // upload's original name is the client's. Line 5: `req.user` is set by the server. Line 6: an
  // object kept in a variable is read by the same fields.
  assert.deepEqual(callerFindings(UPLOADS, caller), ['2 req.file.originalName', '3 req.body.name', '3 req.file.originalName', '4 req.query.file', '6 req.file.originalName']);
});

test('an object kept in a variable is judged by its fields, with the checks made on the variable', () => {
  const caller = [
    "const files = require('./files');",
    "app.get('/a', (req) => { let opts = { name: req.query.n }; opts = { ...opts, size: 2 }; return files.rebuilt(opts); });",
    "app.get('/b', (req) => { let opts = { name: 'a.txt', size: 1 }; opts = { ...opts, label: req.query.l }; return files.rebuilt(opts); });",
    "app.get('/c', (req) => { const opts = { name: req.query.n }; if (!isAllowed(opts)) return; return files.copied(opts); });",
  ].join('\n');
  // Line 4 checks the object with a helper Rugged cannot read: a checked value is not reported
  // across modules, since the sink's file judged the hazard.
  assert.deepEqual(callerFindings(FILES, caller), ['2 req.query.n']);
});

test('a nested parameter pattern names its path, and a field a helper never returns is absent', () => {
  const files = `
    const fs = require('fs');
    const describe = (where) => ({ label: where, size: 0 });
    exports.nestedParam = ({ site: { root }, name }) => fs.readFileSync(root + '/' + name);
    exports.described = ({ name }) => { let file = describe(name); file = { ...file, kind: 'text' }; return fs.readFileSync(file.tempPath); };
    exports.labelled = ({ name }) => { const file = describe(name); return fs.readFileSync(file.label); };
  `;
  // `describe(name).label` is what describe made of `name`, not a field of it: `name` whole.
  assert.deepEqual(factFields(files), { nestedParam: ['0:site.root+name'], described: [], labelled: ['0:name'] });
  const caller = [
    "const files = require('./files');",
    "app.get('/a', (req) => files.nestedParam({ site: config.site, name: 'index.html', sort: req.query.s }));",
    "app.get('/b', (req) => files.nestedParam({ site: { root: req.query.root }, name: 'index.html' }));",
    "app.get('/c', (req) => files.described({ name: req.query.n }));",
  ].join('\n');
  assert.deepEqual(callerFindings(files, caller), ['3 req.query.root']);
});

test('a helper that hands its options back, a field of them or a literal holding one keeps their fields', () => {
  const files = `
    const fs = require('fs');
    const prepare = async (options) => {
      const { job, hooks } = options;
      let next = job;
      for (const hook of hooks) {
        const changed = await hook({ job: next });
        if (changed !== undefined) next = changed;
      }
      return next;
    };
    const wrap = (options) => ({ inner: options.job });
    const first = (options) => options.job;
    exports.prepared = async (incoming) => {
      let job = incoming;
      job = await prepare({ job, hooks: [] });
      const { req, target } = job;
      return fs.promises.readFile('/srv/' + target + req.user.home);
    };
    exports.wrapped = async (incoming) => fs.promises.readFile('/srv/' + wrap({ job: incoming }).inner.target);
    exports.picked = async (incoming) => fs.promises.readFile('/srv/' + first({ job: incoming }).target);
  `;
  // \`first\` returns a field of its parameter as it read it, and \`wrap\` puts that field under a key
  // of the literal it returns: either way the sink reads \`incoming.target\`.
  assert.deepEqual(factFields(files), { prepared: ['0:target+req.user.home'], wrapped: ['0:target'], picked: ['0:target'] });
  const caller = [
    "const files = require('./files');",
    "app.get('/a', (req) => files.prepared({ req, target: 'a.txt', sort: req.query.s }));",
    "app.get('/b', (req) => files.prepared({ req, target: req.query.t }));",
  ].join('\n');
  assert.deepEqual(callerFindings(files, caller), ['3 req.query.t']);
});
