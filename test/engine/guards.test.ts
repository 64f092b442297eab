// The guard model (engine/guards.ts) seen through the data flow: what a check before a read proves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { guardSinkRule } from './testRules';

/** What the sink in a request handler receives: `origin guard`, one entry per `sink(...)` call. */
function sinks(body: string, prelude = ''): string[] {
  const code = `${prelude}\napp.get('/x', (req, res, next) => {\n  const v = req.query.v;\n${body}\n});`;
  const result = analyze(code, 'app.js', { rules: [guardSinkRule], config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false });
  return result.findings.map((f) => (f.ruleId === guardSinkRule.id ? f.message : `${f.ruleId}: ${f.message}`));
}

const UNGUARDED = ['tainted unguarded'];
const CONSTANT = ['constant unguarded'];

test('a throwing or returning check before the read makes an allowlisted value constant', () => {
  assert.deepEqual(sinks("if (!ALLOWED.has(v)) throw new Error('bad');\nsink(v);", "const ALLOWED = new Set(['a', 'b']);"), CONSTANT);
  assert.deepEqual(sinks("if (!['a', 'b'].includes(v)) return res.status(400).end();\nsink(v);"), CONSTANT);
  assert.deepEqual(sinks("if (LIST.indexOf(v) === -1) { return next(new Error('bad')); }\nsink(v);", "const LIST = ['a'];"), CONSTANT);
  assert.deepEqual(sinks("if (LIST.indexOf(v) < 0) return;\nsink(v);", "const LIST = ['a'];"), CONSTANT);
  assert.deepEqual(sinks("if (v !== 'asc' && v !== 'desc') throw new Error('bad');\nsink(v);"), CONSTANT, 'both comparisons failing leaves; so one held');
  assert.deepEqual(sinks("if (v !== 'asc' || w !== 'desc') throw new Error('bad');\nsink(v);"), CONSTANT);
  assert.deepEqual(sinks("if (v === 'asc' || v.length > 3) throw new Error('bad');\nsink(v);"), UNGUARDED);
  assert.deepEqual(sinks("if (!(v in COLS)) return;\nsink(v);", "const COLS = { a: 'a' };"), CONSTANT);
  assert.deepEqual(sinks("if (!Object.hasOwn(COLS, v)) return;\nsink(v);", "const COLS = { a: 'a' };"), CONSTANT);
  assert.deepEqual(sinks("if (!COLS.hasOwnProperty(v)) return;\nsink(v);", "const COLS = { a: 'a' };"), CONSTANT);
});

test('a read inside the branch where the check holds is guarded', () => {
  assert.deepEqual(sinks("if (['a', 'b'].includes(v)) {\n  sink(v);\n}"), CONSTANT);
  assert.deepEqual(sinks("if (v === 'a' || v === 'b') sink(v);"), CONSTANT);
  assert.deepEqual(sinks("sink(ALLOWED.has(v) ? v : 'a');", "const ALLOWED = new Set(['a']);"), CONSTANT);
  assert.deepEqual(sinks("ALLOWED.has(v) && sink(v);", "const ALLOWED = new Set(['a']);"), CONSTANT);
  assert.deepEqual(sinks("switch (v) {\n  case 'a':\n  case 'b':\n    sink(v);\n    break;\n  default:\n    sink(v);\n}"), ['constant unguarded', 'tainted unguarded']);
  assert.deepEqual(sinks("if (!['a'].includes(v)) {\n  sink(v);\n}"), UNGUARDED, 'the failing branch of the check');
});

test('a switch whose default leaves guards what follows it', () => {
  assert.deepEqual(sinks("switch (v) { case 'a': case 'b': break; default: throw new Error('bad'); }\nsink(v);"), CONSTANT);
  assert.deepEqual(sinks("switch (v) { case 'a': break; default: res.status(400); }\nsink(v);"), UNGUARDED);
});

test("Koa's ctx.throw leaves like throw; another object's throw method does not", () => {
  assert.deepEqual(sinks("if (!['a', 'b'].includes(v)) ctx.throw(400);\nsink(v);"), CONSTANT);
  assert.deepEqual(sinks("if (!['a', 'b'].includes(v)) emitter.throw(400);\nsink(v);"), UNGUARDED);
});

test('assertions, type checks and numeric checks', () => {
  const prelude = "const assert = require('assert');";
  assert.deepEqual(sinks("assert(ALLOWED.includes(v));\nsink(v);", `${prelude}\nconst ALLOWED = ['a'];`), CONSTANT);
  assert.deepEqual(sinks('assert.ok(Number.isInteger(v));\nsink(v);', prelude), CONSTANT);
  assert.deepEqual(sinks("invariant(/^[a-z]+$/.test(v), 'bad');\nsink(v);"), CONSTANT);
  assert.deepEqual(sinks("if (typeof v !== 'number') throw new TypeError('v');\nsink(v);"), CONSTANT);
  assert.deepEqual(sinks('if (isNaN(v)) return;\nsink(v);'), CONSTANT);
  assert.deepEqual(sinks('if (!Number.isSafeInteger(v)) return;\nsink(v);'), CONSTANT);
  assert.deepEqual(sinks("if (typeof v !== 'string') throw new TypeError('v');\nsink(v);"), ['tainted operator/full']);
  assert.deepEqual(sinks('if (Number.isNaN(v)) return;\nsink(v);'), UNGUARDED, 'Number.isNaN is false for every string');
});

test('numeric coercion yields a constant', () => {
  assert.deepEqual(sinks('sink(+v); sink(v | 0); sink(~~v); sink(parseInt(v, 10)); sink(Number(v)); sink(Math.max(1, v));'), [...CONSTANT, ...CONSTANT, ...CONSTANT, ...CONSTANT, ...CONSTANT, ...CONSTANT]);
});

test('anchored patterns guard; unanchored ones do not', () => {
  assert.deepEqual(sinks('if (!/^[a-z0-9_]+$/i.test(v)) return;\nsink(v);'), CONSTANT);
  assert.deepEqual(sinks('if (!SAFE.test(v)) return;\nsink(v);', 'const SAFE = /^[a-z]+$/;'), CONSTANT);
  assert.deepEqual(sinks("if (!v.match(new RegExp('^[0-9]+$'))) return;\nsink(v);"), CONSTANT);
  assert.deepEqual(sinks('if (!/^[\\w.-]+$/.test(v)) return;\nsink(v);'), ['tainted injection/full']);
  assert.deepEqual(sinks('if (!/[a-z]+/.test(v)) return;\nsink(v);'), UNGUARDED);
  assert.deepEqual(sinks('if (!/^[a-z]+$/m.test(v)) return;\nsink(v);'), UNGUARDED);
});

test('path containment protects against traversal only, and fully only with the separator', () => {
  const prelude = "const path = require('path');\nconst root = '/srv/files';";
  assert.deepEqual(sinks('const p = path.resolve(root, v);\nif (!p.startsWith(root + path.sep)) throw new Error("outside");\nsink(p);', prelude), ['unknown traversal/full'], 'path.resolve is of unknown origin to the data flow; the path rule follows it');
  assert.deepEqual(sinks('const p = path.resolve(root, v);\nif (!p.startsWith(`${root}/`)) return;\nsink(p);', prelude), ['unknown traversal/full']);
  assert.deepEqual(sinks('const p = path.normalize(path.join(root, v));\nif (!p.startsWith(root)) return;\nsink(p);', prelude), ['unknown traversal/partial']);
  assert.deepEqual(sinks("const p = path.join(root, v);\nconst rel = path.relative(root, p);\nif (rel.startsWith('..') || path.isAbsolute(rel)) return;\nsink(p);", prelude), ['tainted traversal/full']);
});

test('validators Rugged cannot read are partial guards; shape checks are none', () => {
  assert.deepEqual(sinks('if (!isValidName(v)) throw new Error("bad");\nsink(v);'), ['tainted all/partial']);
  assert.deepEqual(sinks('validateName(v);\nsink(v);'), ['tainted all/partial']);
  assert.deepEqual(sinks('if (!ALLOWED.includes(v)) return;\nsink(v);'), ['tainted all/partial'], 'a list Rugged cannot see');
  assert.deepEqual(sinks('if (!validator.isAlphanumeric(v)) return;\nsink(v);'), CONSTANT);
  assert.deepEqual(sinks('if (!Array.isArray(v)) return;\nsink(v);'), UNGUARDED);
  assert.deepEqual(sinks('if (!v) return;\nsink(v);'), UNGUARDED);
  assert.deepEqual(sinks('if (!fs.existsSync(v)) return;\nsink(v);'), UNGUARDED);
});

test('near misses: substring checks, strings as lists, other variables, late or non-leaving checks, unrelated branches', () => {
  assert.deepEqual(sinks("if (!v.includes('ours.com')) return;\nsink(v);"), UNGUARDED, 'a substring check on the value');
  assert.deepEqual(sinks("if (!'abcdef'.includes(v)) return;\nsink(v);"), UNGUARDED, 'includes on a string literal');
  assert.deepEqual(sinks("if (!LETTERS.includes(v)) return;\nsink(v);", "const LETTERS = 'abcdef';"), UNGUARDED, 'includes on a constant string');
  assert.deepEqual(sinks("const w = req.query.w;\nif (!['a'].includes(w)) return;\nsink(v);"), UNGUARDED, 'a check on another variable');
  assert.deepEqual(sinks("sink(v);\nif (!['a'].includes(v)) return;"), UNGUARDED, 'a check after the sink');
  assert.deepEqual(sinks("if (!['a'].includes(v)) res.status(400).send('bad');\nsink(v);"), UNGUARDED, 'a failing branch that does not leave');
  assert.deepEqual(sinks("if (req.query.debug) {\n  if (!['a'].includes(v)) return;\n}\nsink(v);"), UNGUARDED, 'a check inside an unrelated branch');
  assert.deepEqual(sinks("if (!['a'].includes(req.query.list)) return;\nsink(v);"), UNGUARDED);
  assert.deepEqual(sinks("if (!req.query.allowed.includes(v)) return;\nsink(v);"), UNGUARDED, 'a list from the request proves nothing');
});

test('a search for `..` stops parent segments but not absolute paths: a traversal check Rugged cannot judge', () => {
  assert.deepEqual(sinks("if (v.includes('..')) return;\nsink(v);"), ['tainted traversal/partial']);
  assert.deepEqual(sinks("if (v.indexOf('..') === -1) sink(v);"), ['tainted traversal/partial']);
  assert.deepEqual(sinks("if (v.includes('.')) return;\nsink(v);"), UNGUARDED, 'one dot is no parent segment');
  assert.deepEqual(sinks("const w = req.query.w;\nif (w.includes('..')) return;\nsink(v);"), UNGUARDED, 'a check on another variable');
});

test('`indexOf(root) === 0` reads as `startsWith(root)`, full only with the separator', () => {
  assert.deepEqual(sinks("if (v.indexOf(ROOT + path.sep) === 0) sink(v);"), ['tainted traversal/full']);
  assert.deepEqual(sinks("if (v.indexOf(ROOT) !== 0) return;\nsink(v);"), ['tainted traversal/partial']);
});

test('a write after the check voids it; a copy of a checked name is guarded', () => {
  assert.deepEqual(sinks("let w = v;\nif (!['a'].includes(w)) return;\nw = req.query.other;\nsink(w);"), UNGUARDED);
  assert.deepEqual(sinks("if (!['a'].includes(req.query.v)) return;\nsink(req.query.v);\nsink(v);"), [...CONSTANT, ...CONSTANT]);
  assert.deepEqual(sinks("if (!['a'].includes(v)) return;\nsetTimeout(() => sink(v));"), CONSTANT, 'a closure created after the check');
});

test('a string built from a guarded and an unguarded value is not guarded', () => {
  assert.deepEqual(sinks("const w = req.query.w;\nif (!/^[\\w.]+$/.test(v)) return;\nsink('a' + v + w);"), UNGUARDED);
  assert.deepEqual(sinks("const w = req.query.w;\nif (!/^[\\w.]+$/.test(v) || !/^[\\w.]+$/.test(w)) return;\nsink('a' + v + w);"), ['tainted injection/full']);
});


test('an allowlist asked about String(x) guards x and String(x); a local function named String does not convert', () => {
  const ALLOWED = "const ALLOWED = new Set(['a', 'b']);";
  assert.deepEqual(sinks("sink(ALLOWED.has(String(v)) ? String(v) : 'a');", ALLOWED), CONSTANT);
  assert.deepEqual(sinks("if (!ALLOWED.has(String(req.query.v))) return;\nsink(req.query.v);", ALLOWED), CONSTANT);
  assert.deepEqual(sinks("sink(ALLOWED.has(String(v)) ? req.query.w : 'a');", ALLOWED), UNGUARDED);
  assert.deepEqual(sinks("const String = (x) => 'a';\nsink(ALLOWED.has(String(v)) ? v : 'a');", ALLOWED), UNGUARDED);
});

test('a check that leaves only for a present value: past it, the value is falsy or passed the check', () => {
  assert.deepEqual(sinks("if (v && (v.includes('../') || v.includes('..\\\\'))) throw new Error('bad');\nsink(v);"), ['tainted traversal/partial']);
  assert.deepEqual(sinks("if (v) return;\nsink(v);"), CONSTANT, 'only a falsy value gets past');
  assert.deepEqual(sinks("if (v && v.length > 200) return;\nsink(v);"), UNGUARDED, 'the other part proves nothing');
  assert.deepEqual(sinks("if (!v) return;\nsink(v);"), UNGUARDED, 'a present value proves nothing');
  assert.deepEqual(sinks("const w = req.query.w;\nif (w && v.includes('..')) return;\nsink(v);"), UNGUARDED, 'a falsy other variable lets any value past');
});
