// The check a cross-module finding's fix passes before the server offers it in the helper's file:
// it must meet the text it was made for, parse, and leave the rule fewer sinks in that file.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import type { ForeignFix } from '../../server/src/engine/finding';
import { analyze } from '../../server/src/engine/run';
import type { FileAnalysis } from '../../server/src/lsp/analysis';
import { checkedForeignFix } from '../../server/src/scan/foreignFixCheck';

const FILE = '/project/db/accounts.js';
const RULE = 'sql/no-string-built-query';
const UNSAFE = "'SELECT owner FROM accounts WHERE id = ' + id";
const HELPER = `const { Pool } = require('pg');
const pool = new Pool();

function findAccount(id) {
  return pool.query(${UNSAFE});
}

module.exports = { findAccount };
`;

function analyse(text: string): FileAnalysis {
  const result = analyze(text, FILE, { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', importedSummaries: {}, summarize: true, verifyFixes: false });
  const parseError = result.findings.find((f) => f.ruleId === 'rugged/parse-error');
  return { findings: [], diagnostics: [], ...(result.summary ? { summary: result.summary } : {}), ...(parseError ? { parseNote: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: parseError.message } } : {}) };
}

/** The fix the summary of the helper carries for its one sink. */
function summaryFix(): ForeignFix {
  const fix = analyse(HELPER).summary?.functions.findAccount.sinks[0]?.fixes?.[0];
  assert.ok(fix, 'the summary carries the rule\'s rewrite of the sink');
  return fix;
}

describe('checkedForeignFix', () => {
  test('a fix meeting the text it was made for, that removes the sink, gives the fixed text', () => {
    const fixed = checkedForeignFix(summaryFix(), RULE, HELPER, analyse);
    assert.equal(fixed, HELPER.replace(UNSAFE, "'SELECT owner FROM accounts WHERE id = $1', [id]"));
  });

  test('text that moved since the summary was made refuses the fix', () => {
    assert.equal(checkedForeignFix(summaryFix(), RULE, `// Accounts.\n${HELPER}`, analyse), undefined);
    assert.equal(checkedForeignFix(summaryFix(), RULE, HELPER.replace('WHERE id = ', 'WHERE id= '), analyse), undefined);
  });

  test('a rewrite that breaks the parse or leaves the sink is refused', () => {
    const fix = summaryFix();
    const broken: ForeignFix = { ...fix, edits: fix.edits.map((e) => ({ ...e, text: `${e.text} +` })) };
    assert.equal(checkedForeignFix(broken, RULE, HELPER, analyse), undefined);
    const idle: ForeignFix = { ...fix, edits: fix.edits.map((e) => ({ ...e, text: `${fix.replaced[0]} + ''` })) };
    assert.equal(checkedForeignFix(idle, RULE, HELPER, analyse), undefined);
  });
});
