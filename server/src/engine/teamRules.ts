// Team checklist rules declared as data in .rugged.json ("never call legacyDb.rawQuery; use X").
// Matching is by the callee's dotted name only: configuration is data and never runs as code.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, type RuleModule } from './ruleContract';
import type { TeamRule } from './config';
import { dottedName } from './astNodes';

function matches(pattern: string, callee: string): boolean {
  if (pattern === callee) return true;
  if (pattern.startsWith('*.')) return callee === pattern.slice(2) || callee.endsWith(pattern.slice(1));
  return false;
}

export function teamRuleModules(rules: readonly TeamRule[]): RuleModule[] {
  return rules.map((team) =>
    defineRule({
      id: team.id,
      meta: {
        title: `Team checklist: do not call ${team.call}`.slice(0, 60),
        checklist: team.message,
        rationale: team.message,
        severity: team.severity ?? 'warning',
        securitySeverity: '5.0',
        confidence: 'high',
        cwe: [],
        owasp: [],
        references: [],
        messages: { forbidden: team.preferred ? `${team.message} Use ${team.preferred} instead.` : team.message },
        abuserStory: {
          actor: 'anonymous internet user',
          goal: `abuse the code path that calls ${team.call}`,
          harm: 'the team\'s own checklist is bypassed',
          stride: ['T'],
          asset: 'the application',
          controls: team.preferred ? [`Calls to ${team.call} are replaced by ${team.preferred}.`] : [`${team.call} is no longer called.`],
          likelihood: 2,
          impact: 2,
        },
        since: 'config',
      },
      create(context) {
        const check = (node: TSESTree.Node) => {
          const call = node as TSESTree.CallExpression | TSESTree.NewExpression;
          const name = dottedName(call.callee);
          if (name && matches(team.call, name)) context.report({ node: call.callee, messageId: 'forbidden' });
        };
        return { CallExpression: check, NewExpression: check };
      },
    }),
  );
}
