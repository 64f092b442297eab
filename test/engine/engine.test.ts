import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { literalFixRule, sinkRule, throwingRule } from './testRules';

const options = { rules: [sinkRule, throwingRule], config: defaultEngineConfig(), today: '2026-06-01' };

test('a syntax error yields one parse-error finding with its location', () => {
  const result = analyze('const a = 1;\nconst b = ;\n', 'broken.js', options);
  assert.equal(result.findings.length, 1);
  const [finding] = result.findings;
  assert.equal(finding.ruleId, 'rugged/parse-error');
  assert.equal(finding.range.start.line, 2);
  assert.equal(finding.range.start.column, 10);
  assert.match(finding.message, /Syntax error/);
});

test('a throwing rule yields an internal-error finding naming it; other rules still report', () => {
  const result = analyze("const boom = 1;\nsink('a' + x);\n", 'a.js', options);
  const ids = result.findings.map((f) => f.ruleId).sort();
  assert.deepEqual(ids, ['rugged/internal-error', 'test/sink']);
  const internal = result.findings.find((f) => f.ruleId === 'rugged/internal-error')!;
  assert.match(internal.message, /test\/throws.*line 1.*rule exploded/);
});

test('the same input gives identical output', () => {
  const code = "app.get('/', (req) => { sink('a' + req.query.a); sink(b + c); });";
  assert.deepEqual(JSON.stringify(analyze(code, 'a.js', options)), JSON.stringify(analyze(code, 'a.js', options)));
});

test('suppression with a reason suppresses; without a reason it is reported and does not', () => {
  const code = [
    '// rugged-ignore test/sink -- checked against an allowlist',
    "sink('a' + x);",
    "sink('b' + x); // rugged-ignore test/sink",
    "sink('c' + x); // rugged-ignore test/sink until 2026-01-01 -- temporary",
    "sink('d' + x); // rugged-ignore test/sink until 2027-01-01 -- temporary",
  ].join('\n');
  const result = analyze(code, 'a.js', options);
  const sinks = result.findings.filter((f) => f.ruleId === 'test/sink');
  assert.deepEqual(sinks.map((f) => [f.range.start.line, f.suppression?.justification ?? null]), [
    [2, 'checked against an allowlist'],
    [3, null],
    [4, null],
    [5, 'temporary'],
  ]);
  const invalid = result.findings.filter((f) => f.ruleId === 'rugged/invalid-suppression');
  assert.deepEqual(invalid.map((f) => f.range.start.line), [3, 4]);
  assert.match(invalid[0].message, /no reason/);
  assert.match(invalid[1].message, /expired/);
});

test('fixes survive only when the result parses and the finding is gone', () => {
  const result = analyze("sink('a' + x);", 'a.js', options);
  assert.equal(result.findings[0].fixes.length, 0, "sink('x') still reports, so the fix is dropped");
});

test('fingerprints ignore unrelated edits above the finding', () => {
  const a = analyze("sink('a' + x);", 'a.js', options).findings[0].fingerprint;
  const b = analyze("// a comment\nconst y = 2;\n\nsink('a' + x);", 'a.js', options).findings[0].fingerprint;
  assert.equal(a, b);
});

test('binary, huge and minified inputs give a note, not findings', () => {
  assert.equal(analyze('a\u0000b', 'a.js', options).notes[0].kind, 'skipped-binary');
  const config = { ...defaultEngineConfig(), maxFileSize: 10 };
  assert.equal(analyze('const a = 1; const b = 2;', 'a.js', { ...options, config }).notes[0].kind, 'skipped-large');
  assert.equal(analyze('var a=1;'.repeat(5000), 'a.js', options).notes[0].kind, 'skipped-minified');
});

test('team checklist rules from configuration report forbidden calls', () => {
  const config = { ...defaultEngineConfig(), checklist: [{ id: 'team/no-raw', call: 'legacyDb.rawQuery', message: 'legacyDb.rawQuery skips the audit log.', preferred: 'db.query' }] };
  const result = analyze("legacyDb.rawQuery('x'); other.rawQuery('y');", 'a.js', { ...options, config });
  const team = result.findings.filter((f) => f.ruleId === 'team/no-raw');
  assert.equal(team.length, 1);
  assert.match(team[0].message, /Use db.query instead/);
});

test('a rule set to off does not run', () => {
  const config = { ...defaultEngineConfig(), rules: { 'test/sink': { severity: 'off' as const } } };
  assert.equal(analyze("sink('a' + x);", 'a.js', { ...options, config }).findings.length, 0);
});

test('fixes are verified in groups: good ones kept, a broken or ineffective one dropped', () => {
  const code = ['check(a);', 'check(broken);', 'check(b);', 'check(stubborn);', 'check(c);'].join('\n');
  const result = analyze(code, 'a.js', { ...options, rules: [literalFixRule] });
  const fixable = result.findings.map((f) => [f.range.start.line, f.fixes.length]);
  assert.deepEqual(fixable, [[1, 1], [2, 0], [3, 1], [4, 0], [5, 1]]);
});

test('many fixable findings in one file all keep their verified fixes', () => {
  const code = Array.from({ length: 300 }, (_, i) => `check(v${i});`).join('\n');
  const result = analyze(code, 'many.js', { ...options, rules: [literalFixRule] });
  assert.equal(result.findings.length, 300);
  assert.ok(result.findings.every((f) => f.fixes.length === 1));
});

test('parse errors have a fingerprint and honour a configured severity or off', () => {
  const broken = 'const = ;';
  assert.notEqual(analyze(broken, 'a.js', options).findings[0].fingerprint, '');
  const off = { ...defaultEngineConfig(), rules: { 'rugged/parse-error': { severity: 'off' as const } } };
  assert.equal(analyze(broken, 'a.js', { ...options, config: off }).findings.length, 0);
  const warn = { ...defaultEngineConfig(), rules: { 'rugged/parse-error': { severity: 'warning' as const } } };
  assert.equal(analyze(broken, 'a.js', { ...options, config: warn }).findings[0].severity, 'warning');
});

test('code nested beyond the parser stack is reported as too deep, not as a syntax error', () => {
  const deep = `const x = ${'[\n'.repeat(20000)}${']'.repeat(20000)};`;
  const [finding] = analyze(deep, 'deep.js', options).findings;
  assert.equal(finding.ruleId, 'rugged/parse-error');
  assert.match(finding.message, /^Could not parse, file not checked: the code is nested too deeply/);
});
