// `require('rugged/api')`: the bundled library gives the same findings as the engine the CLI and
// the language server run, reads no file, and honours its options.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';

type Library = typeof import('../../server/src/library/api');
// Resolved through package.json "exports", as a dependent project would.
const library = createRequire(join(__dirname, '..', '..', 'package.json'))('rugged/api') as Library;

const CODE = [
  "const { exec } = require('child_process');",
  "const { Pool } = require('pg');",
  'const pool = new Pool();',
  'module.exports = (req, res) => {',
  "  exec('ls ' + req.query.dir);",
  "  return pool.query('SELECT * FROM users WHERE id = ' + req.params.id);",
  '};',
  '',
].join('\n');

describe('rugged/api', () => {
  it('finds what the engine finds, on a path that does not exist (nothing is read)', () => {
    const fromLibrary = library.analyze(CODE, '/no/such/folder/routes.js', { verifyFixes: true });
    const fromEngine = analyze(CODE, '/no/such/folder/routes.js', { rules: allRules, config: defaultEngineConfig() });
    assert.deepEqual(fromLibrary, fromEngine);
    assert.deepEqual(fromLibrary.findings.map((f) => f.ruleId).sort(), ['sql/no-string-built-query', 'unsafe-api/no-shell-command-from-input']);
  });

  it('with a document parse memory, finds after each edit what a fresh analysis finds', () => {
    const memory = library.createParseMemory();
    const texts = [CODE, CODE.replace("'ls '", "'ls -l '"), CODE.replace('req.params.id', 'id'), CODE.replace('exec(', 'exec(('), CODE];
    for (const text of texts) assert.deepEqual(library.analyze(text, 'routes.js', { parseMemory: memory }), library.analyze(text, 'routes.js'));
    assert.equal(memory.last?.sourceFile.text, CODE);
  });

  it('runs only the rules asked for, and the context policy from projectPath', () => {
    const only = library.analyze(CODE, 'routes.js', { rules: ['sql/no-string-built-query'] });
    assert.deepEqual(only.findings.map((f) => f.ruleId), ['sql/no-string-built-query']);
    const inTest = library.analyze(CODE, 'routes.js', { projectPath: 'test/routes.test.js' });
    assert.ok(inTest.findings.length > 0 && inTest.findings.every((f) => f.severity === 'info' && f.context?.kind === 'test'));
  });

  it('never throws over an input, and lists the shipped rules', () => {
    const broken = library.analyze('function (', 'broken.js');
    assert.deepEqual(broken.findings.map((f) => f.ruleId), ['rugged/parse-error']);
    assert.deepEqual(library.rules().filter((r) => !r.id.startsWith('rugged/')).map((r) => r.id), allRules.map((r) => r.id).sort());
    assert.match(library.version, /^\d+\.\d+\.\d+/);
  });
});
