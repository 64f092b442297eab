// Invariants of the rule set: every rule has its trio of files, its id is its path, the registry
// lists exactly the rules on disk in order, and the metadata is complete and well-formed.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { DOCS_BASE_URL, type RuleModule } from '../../server/src/engine/api';
import { allRules } from '../../rules/index';
import { testMeta } from '../engine/testRules';
import { metadataProblems, sourceFacts, sourceProblems, titleProblems } from './ruleChecks';
import { compareIds, listOrphanCompanions, listRuleFiles, loadRuleExports, readText, relativeToRepo } from './ruleFiles';

const ruleFiles = listRuleFiles();

describe('registry (rules/index.ts)', () => {
  test('lists exactly the rule files on disk', () => {
    const registered = [...new Set(allRules.map((r) => r.id))].sort(compareIds);
    const onDisk = ruleFiles.map((f) => f.id);
    const missing = onDisk.filter((id) => !registered.includes(id));
    const extra = registered.filter((id) => !onDisk.includes(id));
    assert.deepEqual({ missingFromRegistry: missing, registeredWithoutFile: extra }, { missingFromRegistry: [], registeredWithoutFile: [] });
  });

  test('has no duplicates', () => {
    const seen = new Set<string>();
    const duplicates = allRules.map((r) => r.id).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
    assert.deepEqual(duplicates, []);
  });

  test('is in alphabetical order of id', () => {
    const ids = allRules.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort(compareIds));
  });

  test('every test and doc under a rule family sits beside its rule file', () => {
    assert.deepEqual(listOrphanCompanions(), []);
  });
});

for (const file of ruleFiles) {
  describe(file.id, () => {
    test('has its .test.ts and .md beside it', () => {
      const missing = [file.test, file.doc].filter((path) => !existsSync(path)).map(relativeToRepo);
      assert.deepEqual(missing, []);
    });

    test('exports one rule whose id is its path, and the registry holds that same module', () => {
      const exported = loadRuleExports(file);
      assert.equal(exported.length, 1, `${relativeToRepo(file.source)} must export exactly one rule (found ${exported.length})`);
      const [rule] = exported;
      assert.equal(rule.id, file.id, 'the id must equal <family>/<name> of the file');
      assert.equal(rule.docs, `${DOCS_BASE_URL}${file.id}.md`, 'docs URL');
      assert.ok(allRules.includes(rule), 'rules/index.ts must register the module this file exports');
    });

    test('metadata is complete and well-formed', () => {
      const [rule] = loadRuleExports(file);
      assert.ok(rule, 'no rule exported');
      assert.deepEqual(metadataProblems(rule), []);
    });

    test('every messageId it reports is declared, and meta.fix matches whether it proposes fixes', () => {
      const [rule] = loadRuleExports(file);
      assert.ok(rule, 'no rule exported');
      assert.deepEqual(sourceProblems(rule, sourceFacts(readText(file.source), file.source)), []);
    });

    test('its test file exercises this rule', () => {
      assert.ok(existsSync(file.test), `${relativeToRepo(file.test)} is missing`);
      const testSource = readText(file.test);
      assert.match(testSource, new RegExp(`from ['"]\\./${file.name}(\\.ts)?['"]`), `${relativeToRepo(file.test)} must import ./${file.name}`);
      assert.match(testSource, /runRuleTests\s*\(/, 'rule tests go through test/ruleTester.ts (runRuleTests)');
    });
  });
}

// The checks above pass vacuously while the registry is small; these prove they can fail.
describe('the metadata checks themselves', () => {
  const wellFormed: RuleModule = { id: 'sql/no-example', docs: `${DOCS_BASE_URL}sql/no-example.md`, meta: testMeta({ found: 'Found' }), create: () => ({}) };

  test('accept a complete rule', () => {
    assert.deepEqual(metadataProblems(wellFormed), []);
  });

  test('reject each kind of broken field', () => {
    const meta = testMeta({ found: '' });
    const broken: RuleModule = {
      ...wellFormed,
      id: 'SQL/NoExample',
      meta: {
        ...meta,
        title: 'Queries Built From Strings.',
        checklist: ' ',
        rationale: '',
        severity: 'fatal' as never,
        confidence: 'certain' as never,
        securitySeverity: '11.0',
        cwe: ['89'],
        owasp: ['Injection'],
        references: ['http://example.com/x', 'not a url'],
        abuserStory: { ...meta.abuserStory, actor: '', stride: ['X' as never], controls: [], likelihood: 4 as never, impact: 0 as never },
        since: '',
      },
    };
    const problems = metadataProblems(broken).join('\n');
    for (const expected of [
      /id "SQL\/NoExample"/, /ends with a period/, /Title Case/, /checklist is empty/, /rationale is empty/, /severity "fatal"/,
      /confidence "certain"/, /securitySeverity "11.0"/, /cwe entry "89"/, /owasp entry "Injection"/, /"http:\/\/example.com\/x" is not a valid https/,
      /"not a url"/, /message "found" is empty/, /abuserStory.actor is empty/, /stride has X/, /controls needs/, /likelihood is 4/, /impact is 0/, /since ""/,
    ]) {
      assert.match(problems, expected);
    }
    assert.match(metadataProblems({ ...wellFormed, meta: { ...meta, cwe: [], owasp: [], references: [], messages: {} } }).join('\n'), /cwe needs[\s\S]*owasp needs[\s\S]*references needs[\s\S]*messages is empty/);
  });

  test('title: length and sentence case', () => {
    assert.deepEqual(titleProblems('SQL query built from request input'), []);
    assert.deepEqual(titleProblems('Express session cookie without `secure`'), []);
    assert.match(titleProblems('x'.repeat(61)).join(), /61 characters/);
    assert.match(titleProblems('string-built query').join(), /capital letter/);
    assert.match(titleProblems('Hardcoded Session Secret').join(), /Title Case/);
  });

  test('read messageIds and fixes from the source, not from comments', () => {
    const source = `
      // messageId: 'inComment' and fixes: [x] in a comment do not count
      export default defineRule({ create(context) { return { Literal(node) {
        const fixes = [];
        context.report({ node, messageId: tainted ? 'tainted' : 'built', fixes });
      } }; } });`;
    const facts = sourceFacts(source, 'x.ts');
    assert.deepEqual([...facts.messageIds].sort(), ['built', 'tainted']);
    assert.equal(facts.offersFixes, true);
    assert.equal(sourceFacts("context.report({ node, messageId: 'a', fixes: [] })", 'y.ts').offersFixes, false);

    const rule: RuleModule = { ...wellFormed, meta: { ...testMeta({ built: 'Built' }), fix: undefined } };
    assert.deepEqual(sourceProblems(rule, facts), ['messageId "tainted" is used but not declared in meta.messages', 'the rule proposes fixes but meta.fix is not set (safe or suggestion)']);
    assert.deepEqual(sourceProblems({ ...rule, meta: { ...rule.meta, fix: 'safe' } }, { ...facts, messageIds: new Set(), offersFixes: false }), ['meta.fix is "safe" but the rule never proposes a fix']);
  });
});
