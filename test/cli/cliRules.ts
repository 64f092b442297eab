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
