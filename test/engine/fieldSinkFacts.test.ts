// Sink facts per field of an object parameter: a summarised function that puts `args.where` (or
// the `where` of `{ where, req }`) into a sink names that field, and a caller in another module is
// reported only when that field of its object literal carries input. Shapes the summary cannot
// follow keep the whole parameter, so no finding that was reported before is lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import type { FunctionSummary, SummarizedResult } from '../../server/src/engine/summaries';

const RULE = 'sql/no-string-built-query';

function summaryOf(code: string): Record<string, FunctionSummary> {
  const result: SummarizedResult = analyze(code, '/p/service.js', { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false, summarize: true });
  assert.ok(result.summary, 'the module is summarised');
  return result.summary.functions;
}

/** The fields each fact of the rule names, per exported function (`*` for the whole parameter). */
function factFields(code: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, fn] of Object.entries(summaryOf(code))) {
    out[name] = fn.sinks.filter((s) => s.ruleId === RULE).map((s) => `${s.param}:${s.fields?.join('+') ?? '*'}`);
  }
  return out;
}

/** Lines of the caller with a cross-module finding of the rule, the service summarised first. */
function callerLines(service: string, caller: string): number[] {
  const imported = { './service': summaryOf(service) };
  const result = analyze(caller, '/p/route.js', { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false, importedSummaries: imported });
  return result.findings.filter((f) => f.ruleId === RULE).map((f) => f.range.start.line);
}

const SERVICE = `
  const { Pool } = require('pg');
  const pool = new Pool();
  exports.plain = (args) => pool.query('SELECT * FROM t WHERE ' + args.where);
  exports.two = (args) => pool.query('SELECT * FROM t WHERE ' + args.where + ' ORDER BY ' + args.order);
  exports.pattern = ({ where, req }) => pool.query('SELECT * FROM t WHERE ' + where + req.user);
  exports.defaulted = ({ where = '1 = 1' } = {}) => pool.query('SELECT * FROM t WHERE ' + where);
  exports.computed = (args, key) => pool.query('SELECT * FROM t ORDER BY ' + args[key]);
  exports.whole = (text) => pool.query('SELECT * FROM t WHERE ' + text);
  exports.nested = (args) => pool.query('SELECT * FROM t WHERE ' + args.filter.where);
`;

test('a fact names the field of the parameter the sink reads, and the whole parameter otherwise', () => {
  assert.deepEqual(factFields(SERVICE), {
    plain: ['0:where'],
    two: ['0:where+order'],
    pattern: ['0:where+req.user'],
    defaulted: ['0:where'],
    computed: ['0:*'],
    whole: ['0:*'],
    nested: ['0:filter.where'],
  });
});

test('a parameter read whole beside a field of it counts whole', () => {
  const code = `
    const { Pool } = require('pg');
    const pool = new Pool();
    exports.both = (args) => pool.query('SELECT * FROM t WHERE ' + args.where + JSON.stringify(args));
    function local(options) { return pool.query('SELECT * FROM t WHERE ' + options.where); }
    exports.handsOn = (options) => local(options);`;
  assert.deepEqual(factFields(code), { both: ['0:*'], handsOn: ['0:*'] });
});

test('a caller is reported only when a field the sink reads carries input', () => {
  const caller = [
    "const s = require('./service');",
    "app.get('/a', (req) => s.plain({ where: req.query.w, page: 1 }));",
    "app.get('/b', (req) => s.plain({ where: 'a = 1', page: req.query.page, req }));",
    "app.get('/c', (req) => s.two({ where: 'a = 1', order: req.query.o }));",
    "app.get('/d', (req) => s.pattern({ where: 'a = 1', req, sort: req.query.sort }));",
    "app.get('/e', (req) => s.pattern({ where: req.body.where }));",
    "app.get('/f', (req) => s.defaulted({ sort: req.query.sort }));",
    "app.get('/g', (req) => s.nested({ filter: { where: req.query.w } }));",
    "app.get('/h', (req) => s.nested({ filter: 'x', other: req.query.w }));",
  ].join('\n');
  // Line 5 hands the request itself in the field the sink reads, and the sink reads `req.user` of
  // it, which the server sets: the query string in `sort` does not reach the query.
  assert.deepEqual(callerLines(SERVICE, caller), [2, 4, 6, 8]);
});

test('shapes the field cannot be told in keep the whole-parameter finding, and a variable is read like its literal', () => {
  const caller = [
    "const s = require('./service');",
    // A spread or a computed key may hold the field the sink reads.
    "app.get('/a', (req) => s.plain({ page: 1, ...req.query }));",
    "app.get('/b', (req) => s.plain({ [req.query.k]: req.query.v }));",
    // An object kept in a variable is read by the fields the sink reads: `where` is constant here.
    "app.get('/c', (req) => { const args = { where: 'a = 1', page: req.query.page }; return s.plain(args); });",
    "app.get('/d', (req) => s.plain(req.query));",
    "app.get('/e', (req) => s.computed({ name: 'x', by: req.query.by }, 'by'));",
  ].join('\n');
  assert.deepEqual(callerLines(SERVICE, caller), [2, 3, 5, 6]);
});

test('fields handed to a local helper count whole, since only its first tainted caller is followed', () => {
  const code = `
    const { Pool } = require('pg');
    const pool = new Pool();
    function run(text) { return pool.query('SELECT * FROM t WHERE ' + text); }
    exports.twice = (args) => { run(args.where); return run(args.order); };`;
  assert.deepEqual(factFields(code), { twice: ['0:*'] });
  const caller = "const s = require('./service');\napp.get('/a', (req) => s.twice({ where: 'a = 1', order: req.query.o }));";
  assert.deepEqual(callerLines(code, caller), [2]);
});
