// The annotated fixtures: every JS/TS file under test/fixtures/ runs through the engine with all
// registered rules, and its `// ruleid:` / `// ok:` / `// todoruleid:` / `// todook:` comments
// must agree with the findings exactly; a finding nobody annotated is a failure too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { isSupportedFile } from '../../server/src/engine/parse';
import { analyze } from '../../server/src/engine/run';
import { sinkRule } from '../engine/testRules';
import { compareAnnotations, readAnnotations } from './annotations';
import { listFixtureFiles, relativeToRepo } from './ruleFiles';

const registered = new Set(allRules.map((r) => r.id));
const options = { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01' };
const files = listFixtureFiles();
// Multi-file projects whose findings need their imports: test/scan/crossModuleFixtures.test.ts
// checks them through the project scan, one project at a time (the third held-out set too).
const CROSS_MODULE = /[\\/]fixtures[\\/](?:crossmodule|heldout3)[\\/]/;

describe('test/fixtures', () => {
  for (const file of files.filter((f) => !CROSS_MODULE.test(f))) {
    test(relativeToRepo(file), () => {
      const text = readFileSync(file, 'utf8');
      const problems = compareAnnotations(readAnnotations(text), analyze(text, file, options).findings, registered);
      assert.deepEqual(problems, []);
    });
  }

  test('every registered rule is shown by at least one annotated fixture line', () => {
    const annotated = new Set(files.flatMap((f) => readAnnotations(readFileSync(f, 'utf8')).filter((a) => a.kind === 'ruleid').map((a) => a.ruleId)));
    assert.deepEqual([...registered].filter((id) => !annotated.has(id)), [], 'add a realistic case under test/fixtures/<scenario>/ with a // ruleid: comment');
  });
});

// The harness must be able to fail; these run it on in-memory files with an engine test rule.
describe('the annotation harness itself', () => {
  const known = new Set([sinkRule.id]);
  const check = (code: string) => compareAnnotations(readAnnotations(code), analyze(code, 'f.js', { ...options, rules: [sinkRule] }).findings, known);

  test('passes when annotations and findings agree, skipping comments and blank lines', () => {
    const code = [
      '// ruleid: test/sink',
      '// (an explanation between annotation and code)',
      '',
      'sink(a);',
      '/* ok: test/sink */',
      'other(a);',
      '// todoruleid: test/sink',
      'notSink(a);',
      '// todook: test/sink',
      'sink(b);',
    ].join('\n');
    assert.deepEqual(check(code), []);
  });

  test('reports a missed ruleid, a finding on an ok line, promoted todos and unannotated findings', () => {
    const code = ['// ruleid: test/sink', 'other(a);', '// ok: test/sink', 'sink(a);', '// todoruleid: test/sink', 'sink(b);', '// todook: test/sink', 'other(b);', 'sink(c);'].join('\n');
    const problems = check(code);
    assert.equal(problems.length, 7, problems.join('\n'));
    for (const expected of [/line 1 .*expected a finding starting on line 2/, /line 3 .*marked ok but has a finding/, /line 5 .*now detected/, /line 7 .*false alarm .* is gone/, /line 4: unexpected test\/sink/, /line 6: unexpected test\/sink/, /line 9: unexpected test\/sink/]) {
      assert.ok(problems.some((p) => expected.test(p)), `missing ${expected}:\n${problems.join('\n')}`);
    }
  });

  test('reports unknown rule ids, dangling annotations and files that do not parse', () => {
    assert.match(check('// ruleid: sql/not-a-rule\nsink(a);').join('\n'), /no registered rule has this id/);
    assert.match(check('sink(1);\n// ok: test/sink\n').join('\n'), /no code line follows/);
    assert.match(check('const = ;').join('\n'), /rugged\/parse-error/);
  });

  test('only JS/TS files are fixtures', () => {
    for (const name of ['a.js', 'a.cjs', 'a.mjs', 'a.jsx', 'a.ts', 'a.cts', 'a.mts', 'a.tsx']) assert.ok(isSupportedFile(name), name);
    for (const name of ['package.json', 'README.md', 'schema.sql', '.rugged.json', 'a.js.snap']) assert.ok(!isSupportedFile(name), name);
  });
});
