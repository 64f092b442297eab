// Code actions from findings, in process: which fix is preferred and what fix-all applies depend
// on fix kinds that no shipped rule has yet, so two small rules here provide them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defineRule } from '../../server/src/engine/api';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { createAnalyzer } from '../../server/src/lsp/analysis';
import { codeActionsFor, FIX_ALL_KIND } from '../../server/src/lsp/codeActions';
import type { DocumentResult } from '../../server/src/lsp/documentValidator';
import { createRuleCatalog } from '../../server/src/catalog/ruleCatalog';
import { testMeta } from '../engine/testRules';
import { applyTextEdits, editsFor } from './lspClient';

/** `legacyHash(x)` -> `strongHash(x)`: a rename declared safe. */
const safeRenameRule = defineRule({
  id: 'test/legacy-hash',
  meta: testMeta({ legacy: 'legacyHash is weak; use strongHash', rename: 'Call strongHash instead' }),
  create(context) {
    return {
      CallExpression(call) {
        if (call.callee.type !== 'Identifier' || call.callee.name !== 'legacyHash') return;
        const callee = call.callee;
        context.report({ node: callee, messageId: 'legacy', fixes: [{ messageId: 'rename', kind: 'safe', edits: [{ start: callee.range[0], end: callee.range[1], text: 'strongHash' }] }] });
      },
    };
  },
});

/** `risky(x)` -> `checked(x)` or `refused()`: two suggestions, neither preferred. */
const suggestionRule = defineRule({
  id: 'test/risky',
  meta: testMeta({ risky: 'risky is risky', check: 'Use checked', refuse: 'Refuse instead' }),
  create(context) {
    return {
      CallExpression(call) {
        if (call.callee.type !== 'Identifier' || call.callee.name !== 'risky') return;
        const [start, end] = call.callee.range;
        context.report({
          node: call,
          messageId: 'risky',
          fixes: [
            { messageId: 'check', kind: 'suggestion', edits: [{ start, end, text: 'checked' }] },
            { messageId: 'refuse', kind: 'safe', edits: [{ start: call.range[0], end: call.range[1], text: 'refused()' }] },
          ],
        });
      },
    };
  },
});

const rules = [safeRenameRule, suggestionRule];
const TEXT = 'const a = legacyHash(x);\nconst b = risky(y);\nconst c = legacyHash(z);\n';

function resultFor(text: string): DocumentResult {
  const uri = 'file:///project/a.js';
  const config = { enabled: true, projectRoot: '/project', engine: defaultEngineConfig(), ignore: [], signature: 'test' };
  const analysis = createAnalyzer(rules, createRuleCatalog(rules)).run(text, '/project/a.js', uri, config);
  return { uri, version: 7, filePath: '/project/a.js', document: TextDocument.create(uri, 'javascript', 7, text), analysis, config };
}

function actionsAt(line: number, only?: string[]): CodeAction[] {
  const result = resultFor(TEXT);
  const catalog = createRuleCatalog(rules);
  return codeActionsFor(
    result,
    { textDocument: { uri: result.uri }, range: { start: { line, character: 12 }, end: { line, character: 12 } }, context: { diagnostics: [], only } },
    { versionedEdits: true, describe: (ruleId) => catalog.describe(ruleId) },
  );
}

test('a single safe fix is preferred; several fixes never are', () => {
  const legacy = actionsAt(0, ['quickfix']);
  assert.equal(legacy[0].title, 'Call strongHash instead');
  assert.equal(legacy[0].isPreferred, true);
  const risky = actionsAt(1, ['quickfix']);
  assert.deepEqual(risky.slice(0, 2).map((a) => [a.title, a.isPreferred]), [['Use checked', false], ['Refuse instead', false]]);
});

test('fix-all applies every safe fix and no suggestion, as one versioned edit', () => {
  const [fixAll, ...rest] = actionsAt(0, ['source.fixAll']);
  assert.equal(rest.length, 0, 'only the fix-all action when only source.fixAll is asked for');
  assert.equal(fixAll.kind, FIX_ALL_KIND);
  assert.equal(fixAll.diagnostics?.length, 3);
  assert.deepEqual((fixAll.edit?.documentChanges?.[0] as { textDocument: unknown }).textDocument, { uri: 'file:///project/a.js', version: 7 });
  assert.equal(
    applyTextEdits(TEXT, editsFor(fixAll.edit!, 'file:///project/a.js')),
    'const a = strongHash(x);\nconst b = refused();\nconst c = strongHash(z);\n',
  );
});

test('no fix-all action when there is nothing safe to apply', () => {
  const result = resultFor('const b = 1;\n');
  const actions = codeActionsFor(
    result,
    { textDocument: { uri: result.uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: [FIX_ALL_KIND] } },
    { versionedEdits: false, describe: () => undefined },
  );
  assert.deepEqual(actions, []);
});

test('companion actions follow the fixes in the house order', () => {
  const titles = actionsAt(0, ['quickfix']).map((a) => a.title);
  assert.deepEqual(titles, [
    'Call strongHash instead',
    'Raise abuser story from this finding',
    'Show documentation for test/legacy-hash',
    'Suppress test/legacy-hash on this line...',
  ]);
});
