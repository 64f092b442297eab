// Every rule page has the fixed headings in order, quotes its checklist item, links the metadata's
// references, and its examples are executed: incorrect ones must be flagged, correct ones not.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { DOCS_BASE_URL, type RuleModule } from '../../server/src/engine/api';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { testMeta } from '../engine/testRules';
import { sourceFacts } from './ruleChecks';
import { docProblems, examplesOf, parseDoc, type CodeExample } from './ruleDocs';
import { listRuleFiles, loadRuleExports, readText, relativeToRepo } from './ruleFiles';

/** What one example yields for its rule, and whether the engine could read it at all. */
function runExample(rule: RuleModule, example: CodeExample): { count: number; engineProblems: string[] } {
  const result = analyze(example.code, `example.${example.language}`, { rules: [rule], config: defaultEngineConfig(), today: '2026-01-01' });
  const engineProblems = result.findings.filter((f) => f.ruleId.startsWith('rugged/')).map((f) => `${f.ruleId} at ${f.range.start.line}:${f.range.start.column + 1}: ${f.message}`);
  engineProblems.push(...result.notes.map((n) => n.message));
  return { count: result.findings.filter((f) => f.ruleId === rule.id && !f.suppression).length, engineProblems };
}

for (const file of listRuleFiles().filter((f) => existsSync(f.doc))) {
  describe(`${relativeToRepo(file.doc)}`, () => {
    const [rule] = loadRuleExports(file);
    const doc = parseDoc(readText(file.doc));

    test('has the fixed headings, the checklist item verbatim and the metadata references', () => {
      assert.ok(rule, `${relativeToRepo(file.source)} exports no rule`);
      const readsOptions = sourceFacts(readText(file.source), file.source).readsOptions;
      assert.deepEqual(docProblems(doc, rule, readsOptions), []);
    });

    for (const example of examplesOf(doc)) {
      test(`line ${example.line}: \`${example.language} ${example.expectation}\` example is ${example.expectation === 'incorrect' ? 'flagged' : 'not flagged'}`, () => {
        assert.ok(rule, `${relativeToRepo(file.source)} exports no rule`);
        const { count, engineProblems } = runExample(rule, example);
        assert.deepEqual(engineProblems, [], 'a doc example must parse and be analysed');
        if (example.expectation === 'incorrect') assert.ok(count >= 1, `expected at least one ${rule.id} finding in:\n${example.code}`);
        else assert.equal(count, 0, `expected no ${rule.id} finding in:\n${example.code}`);
      });
    }
  });
}

// Proves the page checks can fail while there are few or no rule pages to check.
describe('the doc checks themselves', () => {
  const rule: RuleModule = { id: 'sql/no-example', docs: `${DOCS_BASE_URL}sql/no-example.md`, meta: { ...testMeta({ found: 'Found' }), title: 'Example rule', checklist: 'Queries use bound parameters.', cwe: ['CWE-89'], references: ['https://cwe.mitre.org/data/definitions/89.html'] }, create: () => ({}) };
  const page = (sections: Record<string, string>, h1 = '# sql/no-example: Example rule') =>
    [h1, '', ...Object.entries(sections).flatMap(([heading, body]) => [`## ${heading}`, '', body, ''])].join('\n');
  const good = {
    'Checklist item': 'Queries use\nbound parameters.',
    'Why it matters': 'An attacker rewrites the query.',
    Incorrect: '```js incorrect\nsink(a + b);\n```',
    Correct: '```ts correct\nconst x: number = 1;\n```\n\n```sql\nSELECT 1\n```',
    'Quick fix': 'None.',
    'Known limitations': 'Some.',
    'When not to use it': 'Never.',
    'Measured precision': 'No findings on the benchmark.',
    References: '- [CWE-89](https://cwe.mitre.org/data/definitions/89.html)',
  };

  test('accept a page in the house layout (with or without Options)', () => {
    assert.deepEqual(docProblems(parseDoc(page(good)), rule, false), []);
    const { 'Known limitations': limits, 'When not to use it': when, 'Measured precision': measured, References: refs, ...head } = good;
    const withOptions = page({ ...head, Options: '`allow`: a list.', 'Known limitations': limits, 'When not to use it': when, 'Measured precision': measured, References: refs });
    assert.deepEqual(docProblems(parseDoc(withOptions), rule, true), []);
  });

  test('find the examples with their tags, languages and sections', () => {
    const examples = examplesOf(parseDoc(page(good)));
    assert.deepEqual(examples.map((e) => [e.language, e.expectation, e.section, e.code]), [
      ['js', 'incorrect', 'Incorrect', 'sink(a + b);\n'],
      ['ts', 'correct', 'Correct', 'const x: number = 1;\n'],
    ]);
  });

  test('report a wrong title, missing or misordered sections, a changed checklist, untagged examples and missing references', () => {
    const { 'Why it matters': why, ...withoutWhy } = good;
    const bad = page({ ...withoutWhy, 'Checklist item': 'Something else.', Incorrect: '```js\nsink(a + b);\n```', 'Why it matters': why, References: '- none' }, '# sql/no-example: Another title');
    const problems = docProblems(parseDoc(bad), rule, true).join('\n');
    for (const expected of [/H1 is "sql\/no-example: Another title"/, /H2 headings are/, /needs an "## Options"/, /verbatim/, /must be tagged `js incorrect`/, /needs at least one ```js incorrect/, /does not mention CWE-89/, /does not link https:\/\/cwe.mitre.org/]) {
      assert.match(problems, expected);
    }
  });

  test('headings inside code fences do not count', () => {
    const doc = parseDoc('# a: b\n\n```md\n## Not a heading\n```\n');
    assert.deepEqual(doc.headings.map((h) => h.text), ['a: b']);
  });
});
