// Data flow across the functions of one file: a helper's parameter is as dangerous as the worst
// argument a local caller passes, handlers passed by name or made by factories receive requests,
// and the finding shows each call the input crossed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { defineRule } from '../../server/src/engine/api';
import { sinkRule, testMeta } from './testRules';

function originOf(code: string): string[] {
  const result = analyze(code, 'app.js', { rules: [sinkRule], config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false });
  return result.findings.map((f) => f.message.replace(/^sink receives /, ''));
}

function sqlFindings(code: string) {
  const result = analyze(code, 'app.js', { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false });
  return result.findings.filter((f) => f.ruleId === 'sql/no-string-built-query');
}

test("a helper's parameter carries what a local caller passes, through several helpers", () => {
  const code = `
    function where(column, value) { return column + " = '" + value + "'"; }
    function find(id) { sink('SELECT * FROM t WHERE ' + where('id', id)); }
    function direct(name) { sink('SELECT ' + name); }
    app.get('/u', (req, res) => { find(req.query.id); });
    app.get('/v', (req, res) => { direct(req.params.name); });`;
  assert.deepEqual(originOf(code), ['tainted (built) from req.query.id', 'tainted (built) from req.params.name']);
});

test('a helper no caller taints keeps its parameter mark; constants and spreads taint nothing', () => {
  const code = `
    function find(id) { sink('SELECT ' + id); }
    function spread(a, b) { sink('SELECT ' + b); }
    find(42);
    app.get('/u', (req) => { spread(...req.query.list); find(Number(req.query.id)); });`;
  assert.deepEqual(originOf(code), ['unknown (built) from -', 'unknown (built) from -']);
});

test('recursion settles: a helper calling itself with its own parameter adds nothing', () => {
  const code = `
    function walk(path, depth) { if (depth > 3) return; sink('x' + path); walk(path + '/x', depth + 1); }
    app.get('/w', (req) => walk(req.query.root, 0));
    function loop(a) { return loop(a); }
    sink(loop(1));`;
  // `loop` never returns: its result is made of nothing.
  assert.deepEqual(originOf(code), ['tainted (built) from req.query.root', 'constant from -']);
});

test("a local helper's result is what it makes itself joined with the arguments it passes through", () => {
  const code = `
    function toId(v) { return parseInt(v, 10); }
    const quote = (v) => "'" + v + "'";
    function pick(a, b) { return b; }
    function lookup(key) { return cache.get(key); }
    app.get('/u', (req) => {
      sink('id = ' + toId(req.query.id));
      sink('name = ' + quote(req.query.name));
      sink(pick(req.query.a, 'fixed'));
      sink(lookup(req.query.k));
      sink(quote('x'));
    });`;
  assert.deepEqual(originOf(code), ['constant (built) from -', 'tainted (built) from req.query.name', 'constant from -', 'unknown from -', 'constant (built) from -']);
});

test('handlers passed by name, through a stored factory result, or returned by a factory receive requests', () => {
  const code = `
    function show(r, s) { sink(r.query.id); }
    const makeList = (db) => (r, s) => { sink(r.body.name); };
    function makeEdit(db) { return function (input, out) { sink(input.params.id); }; }
    const edit = makeEdit(db);
    app.get('/show', show);
    router.post('/list', makeList(db));
    router.put('/edit', edit);`;
  assert.deepEqual(originOf(code), ['tainted from r.query.id', 'tainted from r.body.name', 'tainted from input.params.id']);
});

test('a function handed to an HTTP client or never registered is no handler', () => {
  const code = `
    function onAnswer(r) { sink(r.query); }
    axios.get('/api', onAnswer);
    function unused(r) { sink(r.body); }`;
  assert.deepEqual(originOf(code), ['unknown from -', 'unknown from -']);
});

test('the request object handed to a helper makes its fields input there', () => {
  const code = `
    function load(incoming) { sink('SELECT ' + incoming.query.id); }
    app.get('/u', (req, res) => load(req));`;
  assert.deepEqual(originOf(code), ['tainted (built) from incoming.query.id']);
});

test('the finding sits at the sink in the helper and its related steps show the way in order', () => {
  const code = [
    "const { Pool } = require('pg');",
    'const pool = new Pool();',
    'function findUser(id) {',
    "  return pool.query('SELECT * FROM users WHERE id = ' + id);",
    '}',
    'function lookup(key) { return findUser(key); }',
    "app.get('/u', (req, res) => lookup(req.query.id));",
  ].join('\n');
  const [finding, ...rest] = sqlFindings(code);
  assert.equal(rest.length, 0);
  assert.equal(finding.severity, 'error');
  assert.equal(finding.range.start.line, 4);
  assert.deepEqual(
    finding.related.map((r) => [r.message, r.range.start.line]),
    [['req.query.id enters here', 7], ['passed to `lookup` here', 7], ['passed to `findUser` here', 6]],
  );
});

test('a validated argument stays validated inside the helper', () => {
  const code = `
    const { Pool } = require('pg');
    const pool = new Pool();
    function findUser(id) { return pool.query('SELECT * FROM users WHERE id = ' + id); }
    app.get('/u', (req, res) => {
      if (!/^[0-9]+$/.test(req.query.id)) return res.status(400).end();
      return findUser(req.query.id);
    });`;
  // Only the helper's own parameter mark remains: the default-profile warning it always had.
  assert.deepEqual(sqlFindings(code).map((f) => f.severity), ['warning']);
});

test('a helper that reads some fields of an object argument is judged by those fields alone', () => {
  const code = `
    function link({ target, label }) { log(label); return target + '?ref=1'; }
    const linkOr = ({ target } = {}) => target;
    function whole(options) { return options.target; }
    app.get('/r', (req) => {
      sink(link({ target: '/home', label: req.query.l }));
      sink(link({ target: req.query.t, label: 'x' }));
      sink(link({ ...req.query, label: 'x' }));
      sink(linkOr({ target: req.query.t }));
      sink(whole({ target: '/home', label: req.query.l }));
    });`;
  // `whole` returns `options.target`, so its caller's `label` is not part of the result either.
  assert.deepEqual(originOf(code), ['constant (built) from -', 'tainted (built) from req.query.t', 'tainted (built) from req.query.target', 'tainted from req.query.t', 'constant from -']);
});

test("a parameter that reaches a value only through a call's result is marked as such", () => {
  const flagRule = defineRule({
    id: 'test/flags',
    meta: testMeta({ flags: '{{flags}}' }),
    create(context) {
      return {
        CallExpression(call) {
          if (call.callee.type !== 'Identifier' || call.callee.name !== 'sink' || call.arguments.length === 0) return;
          const value = context.flow.valueOf(call.arguments[0]);
          const flags = [value.origin, value.parameter ? 'parameter' : '', value.throughCall ? 'through a call' : ''].filter(Boolean).join(', ');
          context.report({ node: call.arguments[0], messageId: 'flags', data: { flags } });
        },
      };
    },
  });
  const code = `
    function order(query, sortField) {
      const records = applySort(query.sort);
      sink('?? ' + records[0].order);
      sink('?? ' + sortField);
      sink('?? ' + normalise(sortField) + ' ' + sortField);
      sink('?? ' + String(sortField).trim());
    }
    app.get('/u', (req) => { sink('?? ' + tidy(req.query.name, options)); });`;
  const result = analyze(code, 'app.js', { rules: [flagRule], config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false });
  assert.deepEqual(result.findings.map((f) => f.message), [
    'unknown, parameter, through a call',
    'unknown, parameter',
    'unknown, parameter',
    'unknown, parameter',
    'unknown, parameter',
  ]);
});
