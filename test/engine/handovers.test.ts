// A generic helper hands its parameter to a sink as its callers built it (`run(sql)`): every
// tainted call is a finding at its own argument, while a helper that adds text of its own to the
// parameter keeps the one finding at its sink.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';

function sqlFindings(code: string) {
  const result = analyze(code, 'app.js', { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false });
  return result.findings.filter((f) => f.ruleId === 'sql/no-string-built-query');
}

/** Each finding as the line it sits on, the text it flags and its related steps. */
function places(code: string) {
  return sqlFindings(code).map((f) => ({
    line: f.range.start.line,
    text: code.slice(f.range.start.offset, f.range.end.offset),
    related: f.related.map((r) => `${r.range.start.line}: ${r.message}`),
  }));
}

const HEADER = ["const { Pool } = require('pg');", 'const pool = new Pool();'];

test('every tainted caller of a generic helper is reported at its own argument; a constant caller is not', () => {
  const code = [
    ...HEADER,
    'function run(sql) { return pool.query(sql); }',
    `app.get('/a', (req, res) => run("SELECT * FROM a WHERE id = " + req.query.id));`,
    "app.get('/b', (req, res) => run(`SELECT * FROM b WHERE name = '${req.params.name}'`));",
    "app.get('/c', (req, res) => run('SELECT count(*) FROM c'));",
  ].join('\n');
  assert.deepEqual(places(code), [
    { line: 4, text: '"SELECT * FROM a WHERE id = " + req.query.id', related: ['4: req.query.id enters here', '4: passed to `run` here', '3: reaches `pool.query` here'] },
    { line: 5, text: "`SELECT * FROM b WHERE name = '${req.params.name}'`", related: ['5: req.params.name enters here', '5: passed to `run` here', '3: reaches `pool.query` here'] },
  ]);
  // The rewrite of the shared sink would change every caller: none is offered at a call.
  for (const finding of sqlFindings(code)) {
    assert.deepEqual(finding.fixes, []);
    assert.match(finding.fixWithheld ?? '', /caller of a helper/);
  }
});

test("the callers' fingerprints are distinct, even for identical arguments, and survive edits elsewhere", () => {
  const route = `app.get('/a', (req, res) => run("SELECT * FROM a WHERE id = " + req.query.id));`;
  const before = [...HEADER, 'function run(sql) { return pool.query(sql); }', route, route].join('\n');
  const after = [
    '// The runner moved below and now names its result; an unrelated constant caller came first.',
    ...HEADER,
    "app.get('/c', (req, res) => run('SELECT count(*) FROM c'));",
    route,
    '',
    route,
    'function run(sql) {',
    '  const result = pool.query(sql);',
    '  return result;',
    '}',
  ].join('\n');
  const fingerprints = (code: string) => sqlFindings(code).map((f) => f.fingerprint);
  const first = fingerprints(before);
  assert.equal(first.length, 2);
  assert.notEqual(first[0], first[1]);
  assert.deepEqual(fingerprints(after), first);
});

test('a helper that reshapes its parameter without adding text hands the finding to each caller', () => {
  const helpers = [
    'function trimmed(sql) { sql = sql.trim(); return pool.query(sql); }',
    'function lowered(sql) { const text = sql.toLowerCase(); return pool.query(text); }',
    'function stringified(sql) { let text = String(sql); text = `${text}`; return pool.query(text); }',
  ];
  for (const helper of helpers) {
    const name = /function (\w+)/.exec(helper)?.[1] ?? '';
    const code = [
      ...HEADER,
      helper,
      `app.get('/a', (req, res) => ${name}("SELECT * FROM a WHERE id = " + req.query.id));`,
      `app.get('/b', (req, res) => ${name}("SELECT * FROM b WHERE id = " + req.params.id));`,
    ].join('\n');
    assert.deepEqual(places(code).map((p) => [p.line, p.related.at(-1)]), [[4, '3: reaches `pool.query` here'], [5, '3: reaches `pool.query` here']], helper);
  }
});

test('a helper that adds its own text to the parameter keeps one finding at its sink', () => {
  const helpers = [
    "function tagged(sql) { sql = '/* app */ ' + sql; return pool.query(sql); }",
    "function limited(sql) { sql += ' LIMIT 10'; return pool.query(sql); }",
    "function tidied(sql) { const text = sql.replace(/;$/, ''); return pool.query(text); }",
  ];
  for (const helper of helpers) {
    const name = /function (\w+)/.exec(helper)?.[1] ?? '';
    const code = [
      ...HEADER,
      helper,
      `app.get('/a', (req, res) => ${name}("SELECT * FROM a WHERE id = " + req.query.id));`,
      `app.get('/b', (req, res) => ${name}("SELECT * FROM b WHERE id = " + req.params.id));`,
    ].join('\n');
    const found = places(code);
    assert.equal(found.length, 1, helper);
    assert.equal(found[0].line, 3, helper);
    assert.deepEqual(found[0].related.slice(0, 2), ['4: req.query.id enters here', '4: passed to `' + name + '` here'], helper);
  }
});

test('a wrapper that passes its parameter on to the runner gives one finding per call of the wrapper', () => {
  const code = [
    ...HEADER,
    'function run(sql) { return pool.query(sql); }',
    'function save(statement) { return run(statement.trim()); }',
    `app.post('/a', (req, res) => save("INSERT INTO a VALUES ('" + req.body.a + "')"));`,
    `app.post('/b', (req, res) => save("INSERT INTO b VALUES ('" + req.body.b + "')"));`,
    `app.post('/c', (req, res) => run("DELETE FROM c WHERE id = " + req.body.id));`,
  ].join('\n');
  assert.deepEqual(places(code).map((p) => [p.line, p.related]), [
    [5, ['5: req.body.a enters here', '5: passed to `save` here', '4: passed to `run` here', '3: reaches `pool.query` here']],
    [6, ['6: req.body.b enters here', '6: passed to `save` here', '4: passed to `run` here', '3: reaches `pool.query` here']],
    [7, ['7: req.body.id enters here', '7: passed to `run` here', '3: reaches `pool.query` here']],
  ]);
});

test("each caller's value is judged with its own checks", () => {
  const code = [
    ...HEADER,
    'function run(sql) { return pool.query(sql); }',
    "app.get('/a', (req, res) => {",
    "  if (!/^[0-9]+$/.test(req.query.id)) return res.status(400).end();",
    '  return run("SELECT * FROM a WHERE id = " + req.query.id);',
    '});',
    `app.get('/b', (req, res) => run("SELECT * FROM b WHERE id = " + req.query.id));`,
  ].join('\n');
  assert.deepEqual(places(code).map((p) => p.line), [8]);
});
