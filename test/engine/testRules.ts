// Small rules used only by the engine tests: they exercise the engine, not a checklist item.
import { defineRule, type RuleMeta } from '../../server/src/engine/api';

export function testMeta(messages: Record<string, string>): RuleMeta {
  return {
    title: 'Test rule',
    checklist: 'Test checklist item.',
    rationale: 'Test rationale.',
    severity: 'warning',
    securitySeverity: '5.0',
    confidence: 'high',
    cwe: ['CWE-1'],
    owasp: ['A03:2021-Injection'],
    references: ['https://example.com'],
    fix: 'suggestion',
    messages,
    abuserStory: { actor: 'tester', goal: 'test', harm: 'tests fail', stride: ['T'], asset: 'tests', controls: ['a test'], likelihood: 1, impact: 1 },
    since: '0.1.0',
  };
}

/** Reports every call to `sink(x)` with the data-flow origin of x in the message. */
export const sinkRule = defineRule({
  id: 'test/sink',
  meta: testMeta({ sink: 'sink receives {{origin}}{{built}} from {{source}}', useLiteral: 'Replace with a literal' }),
  create(context) {
    return {
      CallExpression(call) {
        if (call.callee.type !== 'Identifier' || call.callee.name !== 'sink' || call.arguments.length === 0) return;
        const value = context.flow.valueOf(call.arguments[0]);
        context.report({
          node: call.arguments[0],
          messageId: 'sink',
          data: { origin: value.origin, built: value.built ? ' (built)' : '', source: value.source?.description ?? '-' },
          related: value.source ? [{ node: value.source.node, message: 'source' }] : [],
          fixes: [{ messageId: 'useLiteral', kind: 'suggestion', edits: [{ start: call.range[0], end: call.range[1], text: "sink('x')" }] }],
        });
      },
    };
  },
});

export const throwingRule = defineRule({
  id: 'test/throws',
  meta: testMeta({ never: 'never' }),
  create() {
    return {
      Identifier(node) {
        if ((node).name === 'boom') throw new Error('rule exploded');
      },
    };
  },
});

/**
 * Reports `check(x)` when x is not a literal. Its fix puts a literal there, except for an argument
 * named `broken` (the fix leaves a syntax error) and `stubborn` (the fix changes nothing that matters).
 */
export const literalFixRule = defineRule({
  id: 'test/literal-fix',
  meta: testMeta({ notLiteral: 'check() receives a non-literal', useLiteral: 'Use a literal' }),
  create(context) {
    return {
      CallExpression(call) {
        if (call.callee.type !== 'Identifier' || call.callee.name !== 'check') return;
        const arg = call.arguments[0];
        if (!arg || arg.type === 'Literal') return;
        const name = arg.type === 'Identifier' ? arg.name : '';
        const text = name === 'broken' ? "'x' +" : name === 'stubborn' ? `${name}2` : "'ok'";
        context.report({
          node: arg,
          messageId: 'notLiteral',
          fixes: [{ messageId: 'useLiteral', kind: 'suggestion', edits: [{ start: arg.range[0], end: arg.range[1], text }] }],
        });
      },
    };
  },
});

/** Reports every call to `sink(x)` with the origin of x and the guard the engine saw on it (`guards.ts`). */
export const guardSinkRule = defineRule({
  id: 'test/guard-sink',
  meta: testMeta({ sink: '{{origin}} {{guard}}' }),
  create(context) {
    return {
      CallExpression(call) {
        if (call.callee.type !== 'Identifier' || call.callee.name !== 'sink' || call.arguments.length === 0) return;
        const value = context.flow.valueOf(call.arguments[0]);
        const guard = value.guard ? `${value.guard.protects}/${value.guard.strength}` : 'unguarded';
        context.report({ node: call.arguments[0], messageId: 'sink', data: { origin: value.origin, guard } });
      },
    };
  },
});
