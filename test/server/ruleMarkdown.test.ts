// The hover text of one finding: the fixes it offers, or why the expected rewrite is withheld.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleDescription } from '../../server/src/catalog/ruleCatalog';
import { ruleMarkdown } from '../../server/src/lsp/ruleMarkdown';

const rule: RuleDescription = {
  id: 'sql/no-string-built-query',
  kind: 'rule',
  title: 'SQL query text built from strings',
  checklist: 'Values reach SQL as bound parameters.',
  rationale: 'A quote in a value ends the string.',
  severity: 'error',
  cwe: [],
  owasp: [],
  references: [],
  frameworks: [],
  controls: [],
  docs: 'https://example.test/sql/no-string-built-query',
};

test('a withheld fix is explained in the hover', () => {
  const text = ruleMarkdown(rule, [], '`COMMENT ON` statements take no bind parameters');
  assert.match(text, /\*\*No quick fix here:\*\* `COMMENT ON` statements take no bind parameters/);
});

test('the reason is not shown where a fix is offered, nor when there is none', () => {
  assert.doesNotMatch(ruleMarkdown(rule, ['Use bound parameters'], 'anything'), /No quick fix here/);
  assert.doesNotMatch(ruleMarkdown(rule, []), /No quick fix here/);
});
