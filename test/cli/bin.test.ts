// The built `dist/cli.js` as a child process, the way `npx rugged` and CI run it. Findings come
// from a team rule declared in .rugged.json, so these tests do not depend on the shipped rules.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertValidSarif, runBuiltCli, tempProject } from './helpers';
import { parseRulesJson, parseSarif } from './outputTypes';

const CONFIG = JSON.stringify({
  checklist: [{ id: 'team/no-raw-query', call: 'legacyDb.rawQuery', message: 'Raw queries skip the audit log.', preferred: 'db.query', severity: 'error' }],
});

const { root, remove } = tempProject({
  '.rugged.json': CONFIG,
  '.gitignore': 'generated/\n',
  'src/report.js': "const legacyDb = require('./legacy');\nexport function report(id) {\n  return legacyDb.rawQuery('SELECT 1');\n}\n",
  'src/audited.js': "// rugged-ignore team/no-raw-query -- the migration script runs once, offline\nlegacyDb.rawQuery('VACUUM');\n",
  'generated/client.js': "legacyDb.rawQuery('x');\n",
  'clean/ok.js': 'export const answer = 42;\n',
});
after(remove);

function assertNoStackTrace(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at |Error:|node:internal/);
}

describe('dist/cli.js', () => {
  it('exits 1 and prints file:line:column findings, skipping .gitignored files', () => {
    const result = runBuiltCli(['scan'], root);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^src\/report\.js:3:10 {2}error {2}team\/no-raw-query {2}Raw queries skip the audit log\. Use db\.query instead\.$/m);
    assert.match(result.stdout, /^src\/audited\.js:2:1 {2}suppressed {2}team\/no-raw-query/m);
    assert.doesNotMatch(result.stdout, /generated\//);
    assert.match(result.stdout, /1 finding \(1 error, 0 warnings, 0 info\); 3 files checked; 1 suppressed, 1 folder excluded, see --list-excluded\.\n$/);
  });

  it('exits 0 on a clean folder and when only suppressed findings remain', () => {
    assert.equal(runBuiltCli(['scan', 'clean'], root).code, 0);
    assert.equal(runBuiltCli(['scan', 'src/audited.js'], root).code, 0);
  });

  it('exits 2 with one line on a bad flag or a broken config, never a stack trace', () => {
    const bad = runBuiltCli(['scan', '--format', 'html'], root);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'rugged: option --format must be one of text, json, sarif (got "html")\n');
    assertNoStackTrace(bad.stderr);

    const broken = tempProject({ '.rugged.json': '{ "checklist": [{ "id": "team/x", "call": "a.b" }] }', 'a.js': 'a.b();\n' });
    try {
      const result = runBuiltCli(['scan'], broken.root);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, 'rugged: config error: .rugged.json:1:17: checklist[0]: is missing the required key "message"\n');
      assertNoStackTrace(result.stderr);
    } finally {
      broken.remove();
    }
  });

  it('writes valid SARIF with --output and keeps stdout empty', () => {
    const result = runBuiltCli(['scan', '--format', 'sarif', '--output', 'out/rugged.sarif'], root);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const file = join(root, 'out', 'rugged.sarif');
    const sarif = parseSarif(readFileSync(file, 'utf8'));
    const results = sarif.runs[0].results as { ruleId: string; suppressions?: unknown[] }[];
    assert.deepEqual(results.map((r) => [r.ruleId, r.suppressions ?? []]), [
      ['team/no-raw-query', [{ kind: 'inSource', justification: 'the migration script runs once, offline' }]],
      ['team/no-raw-query', []],
    ]);
    assertValidSarif(file);
  });

  it('answers --version and --help', () => {
    const version = runBuiltCli(['--version'], root);
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version);
    const help = runBuiltCli(['--help'], root);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: rugged <command> \[options\]/);
  });

  it('lists the shipped rules as JSON', () => {
    const result = runBuiltCli(['rules', '--format', 'json'], root);
    assert.equal(result.code, 0);
    const ids = parseRulesJson(result.stdout).rules.map((r) => r.id);
    assert.ok(ids.includes('rugged/parse-error'));
    assert.deepEqual(ids, [...ids].sort());
  });
});
