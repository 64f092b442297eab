// A module's default export is a route handler only when it is shaped like one: a helper exported
// as the default (`export default function remove(name)`, `module.exports = (cmd) => ...`) keeps
// its parameters as its callers' values, so its summary says which of them reach a sink.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import type { SummarizedResult } from '../../server/src/engine/summaries';

/** `rule@param` of each fact the default export's summary holds. */
function defaultFacts(code: string, file = '/p/helper.ts'): string[] {
  const result: SummarizedResult = analyze(code, file, { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false, summarize: true });
  return (result.summary?.functions.default?.sinks ?? []).map((s) => `${s.ruleId}@${s.param}`);
}

test('a default-exported helper sinks its first parameter', () => {
  const unlink = "import { promises as fs } from 'fs';\nimport path from 'path';\n";
  assert.deepEqual(defaultFacts(`${unlink}export default function remove(name: string) { return fs.unlink(path.join('/srv', name)); }`), ['unsafe-api/no-path-traversal@0']);
  assert.deepEqual(defaultFacts(`${unlink}export default (name) => fs.unlink(path.join('/srv', name));`), ['unsafe-api/no-path-traversal@0']);
  const exec = "const { exec } = require('child_process');\n";
  assert.deepEqual(defaultFacts(`${exec}module.exports = function run(dir, done) { exec('ls ' + dir, done); };`, '/p/run.js'), ['unsafe-api/no-shell-command-from-input@0']);
});

test('a default export shaped like a handler still reads its first parameter as the request', () => {
  const sql = "import { Pool } from 'pg';\nconst pool = new Pool();\n";
  const handlers = [
    "export default function handler(req, res) { return pool.query('SELECT ' + req.params); }",
    "export default async (request) => pool.query('SELECT ' + request.url);",
    "export default function ({ query }, reply) { return pool.query('SELECT ' + query.id); }",
    "export default function (input: NextApiRequest, output) { return pool.query('SELECT ' + input.url); }",
  ];
  // A request object is not a value its callers choose: no fact names it, whatever reaches a sink.
  for (const handler of handlers) {
    const result: SummarizedResult = analyze(sql + handler, '/p/route.ts', { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false, summarize: true });
    assert.ok(!result.findings.some((f) => f.ruleId === 'rugged/parse-error'), handler);
    assert.deepEqual((result.summary?.functions.default?.sinks ?? []).map((s) => s.param), [], handler);
  }
  assert.deepEqual(defaultFacts(`${sql}export default function list(filter) { return pool.query('SELECT * FROM t WHERE ' + filter); }`), ['sql/no-string-built-query@0']);
});
