// Rules used only by the CLI tests, so they do not depend on which checklist rules have landed.
import { defineRule } from '../../server/src/engine/api';
import { testMeta } from '../engine/testRules';

/** Reports `debugger;` with a safe fix that deletes it: exercises safe fixes in JSON and SARIF. */
export const noDebuggerRule = defineRule({
  id: 'test/no-debugger',
  meta: { ...testMeta({ found: 'Remove the debugger statement', remove: 'Delete `debugger`' }), severity: 'error', fix: 'safe', cwe: ['CWE-489'] },
  create(context) {
    return {
      DebuggerStatement(statement) {
        context.report({ node: statement, messageId: 'found', fixes: [{ messageId: 'remove', kind: 'safe', edits: [{ start: statement.range[0], end: statement.range[1], text: '' }] }] });
      },
    };
  },
});

/**
 * Reports request input reaching `runShell(x)` with a safe fix that calls `runShellEscaped`
 * instead: a sink rule whose fix is safe, so a cross-module finding's fix in the helper's file
 * can be checked in SARIF (the shipped rules' rewrites are suggestions, which SARIF leaves out).
 */
export const shellInputRule = defineRule({
  id: 'test/shell-input',
  meta: { ...testMeta({ found: 'Input reaches runShell', escape: 'Call `runShellEscaped`' }), severity: 'error', fix: 'safe', cwe: ['CWE-78'] },
  create(context) {
    return {
      CallExpression(call) {
        const [arg] = call.arguments;
        if (call.callee.type !== 'Identifier' || call.callee.name !== 'runShell' || !arg) return;
        const value = context.flow.valueOf(arg);
        if (value.origin !== 'tainted') return;
        const edits = [{ start: call.callee.range[0], end: call.callee.range[1], text: 'runShellEscaped' }];
        context.report({ node: arg, messageId: 'found', taint: value, fixes: [{ messageId: 'escape', kind: 'safe', edits }] });
      },
    };
  },
});
