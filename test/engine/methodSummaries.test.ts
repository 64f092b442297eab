// Methods across modules: a module's exported objects, instances and classes offer their methods
// under dotted names (`stock.levelFor`, `Service.prototype.find`), and a caller reaches them through
// an import, a `new` of an imported class, or a field the constructor types or fills, so input
// handed to a method is followed into the other module as it is for a plain exported function.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { importedFunctionLookup } from '../../server/src/engine/importedCalls';
import { buildImportIndex } from '../../server/src/engine/imports';
import { parseSource } from '../../server/src/engine/parse';
import { analyze } from '../../server/src/engine/run';
import type { FunctionSummary, ImportedSummaries, SummarizedResult } from '../../server/src/engine/summaries';

const RULE = 'sql/no-string-built-query';
const options = { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false };

function summaryOf(code: string, file = '/p/repo.ts'): Record<string, FunctionSummary> {
  const result: SummarizedResult = analyze(code, file, { ...options, summarize: true });
  assert.ok(result.summary, 'the module is summarised');
  return result.summary.functions;
}

/** The exported names whose summary holds a fact of the rule. */
function sinking(code: string, file?: string): string[] {
  return Object.entries(summaryOf(code, file)).filter(([, fn]) => fn.sinks.some((s) => s.ruleId === RULE)).map(([name]) => name).sort();
}

/** Lines of the caller with a finding of the rule, given what its imports export. */
function callerLines(imported: ImportedSummaries, caller: string): number[] {
  const result = analyze(caller, '/p/route.ts', { ...options, importedSummaries: imported });
  return result.findings.filter((f) => f.ruleId === RULE).map((f) => f.range.start.line);
}

const PG = "import { Pool } from 'pg';\nconst pool = new Pool();\n";

test('exported objects, instances and classes list their methods under dotted names', () => {
  assert.deepEqual(sinking(`${PG}async function levelFor(sku) { return pool.query("SELECT * FROM s WHERE sku = '" + sku + "'"); }\nexport default { levelFor, count: () => 1 };`), ['default.levelFor']);
  assert.deepEqual(sinking(`${PG}export const stock = { byName(n) { return pool.query('SELECT * FROM s WHERE n = ' + n); } };`), ['stock.byName']);
  const repo = `${PG}export class Repo {\n  find(q) { return pool.query('SELECT * FROM t WHERE q = ' + q); }\n  static named(n) { return pool.query('SELECT * FROM t WHERE n = ' + n); }\n  safe(q) { return pool.query('SELECT * FROM t WHERE q = $1', [q]); }\n}\nexport const repo = new Repo();`;
  assert.deepEqual(sinking(repo), ['Repo.named', 'Repo.prototype.find', 'repo.find']);
  assert.deepEqual(sinking(`const { Pool } = require('pg');\nconst pool = new Pool();\nclass Repo { find(q) { return pool.query('SELECT ' + q); } }\nmodule.exports = new Repo();`, '/p/repo.js'), ['find']);
  assert.deepEqual(sinking(`const { Pool } = require('pg');\nconst pool = new Pool();\nclass Repo { find(q) { return pool.query('SELECT ' + q); } }\nmodule.exports = { Repo };`, '/p/repo.js'), ['Repo.prototype.find']);
});

test('a caller reaches a method through an imported object, an instance or a new of an imported class', () => {
  const repo = summaryOf(`${PG}export class Repo { find(q) { return pool.query('SELECT * FROM t WHERE q = ' + q); } }\nexport const shared = new Repo();\nexport default { find: (q) => pool.query('SELECT ' + q) };`);
  const imported = { './repo': repo };
  const caller = [
    "import express from 'express';",
    "import ops, { Repo, shared } from './repo';",
    'const app = express();',
    'const mine = new Repo();',
    "app.get('/a', (req, res) => shared.find(req.query.q));",
    "app.get('/b', (req, res) => mine.find(req.query.q));",
    "app.get('/c', (req, res) => ops.find(req.query.q));",
    "app.get('/d', (req, res) => mine.find('constant'));",
    "app.get('/e', (req, res) => { const other = { find: (q) => q }; other.find(req.query.q); });",
  ].join('\n');
  assert.deepEqual(callerLines(imported, caller), [5, 6, 7]);
});

test("a field the constructor types or fills is an instance of that class, and facts travel up through the service's method", () => {
  const repo = summaryOf(`${PG}export class Repo { search(text: string) { return pool.query(\`SELECT * FROM t WHERE title LIKE '%\${text}%'\`); } }`);
  const service = `import type { Repo } from './repo';
import { Repo as Concrete } from './repo';
export class Service {
  private other: Repo;
  private made = new Concrete();
  constructor(private readonly repo: Repo, given: Repo) { this.other = given; }
  find(q: string) { return this.repo.search(q.trim()); }
  viaOther(q: string) { return this.other.search(q); }
  viaMade(q: string) { return this.made.search(q); }
  untyped(q: string) { return this.nobody.search(q); }
}`;
  const summary = analyze(service, '/p/service.ts', { ...options, summarize: true, importedSummaries: { './repo': repo } }).summary?.functions ?? {};
  const names = Object.entries(summary).filter(([, fn]) => fn.sinks.some((s) => s.ruleId === RULE)).map(([name]) => name).sort();
  assert.deepEqual(names, ['Service.prototype.find', 'Service.prototype.viaMade', 'Service.prototype.viaOther']);
  const caller = "import { Service } from './service';\nimport express from 'express';\nconst app = express();\nconst svc = new Service(undefined as never, undefined as never);\napp.get('/t', (req, res) => svc.find(String(req.query.q)));";
  assert.deepEqual(callerLines({ './service': summary }, caller), [5]);
});

test("a receiver's class is looked for only when an imported class offers a method of the call's name", () => {
  const repo = summaryOf(`${PG}export class Repo { find(q) { return pool.query('SELECT * FROM t WHERE q = ' + q); } }`);
  const code = "import { Repo } from './repo';\nconst mine = new Repo();\nmine.find(1);\nmine.count(2);\n";
  const ast = parseSource(code, '/p/route.ts');
  assert.ok(ast.ok);
  const asked: string[] = [];
  const lookup = importedFunctionLookup(buildImportIndex(ast.ast, code, '/p/route.ts'), { './repo': repo }, () => true, (receiver) => {
    asked.push(code.slice(receiver.range[0], receiver.range[1]));
    return undefined;
  });
  assert.ok(lookup);
  const calls = ast.ast.body.flatMap((s) => (s.type === 'ExpressionStatement' && s.expression.type === 'CallExpression' ? [s.expression] : []));
  for (const call of calls) lookup(call.callee);
  // `find` is Repo.prototype.find; no imported class has a `count`, so its receiver is never resolved.
  assert.deepEqual(asked, ['mine']);
});
