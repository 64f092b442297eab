// How every sink rule reports input that reaches its sink: the house policy (an error with high
// confidence, pointing back at where the input enters) written once so the rules cannot drift apart.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { FlowValue, FixProposal, RuleContext } from '../../server/src/engine/api';

export interface TaintedReport {
  /** The node the finding points at. */
  node: TSESTree.Node;
  /** A tainted value, as `context.flow.valueOf` returned it. */
  value: FlowValue;
  /** Message when the input is part of a built string, and when it is the whole value. */
  messageIds: { built: string; whole: string };
  /** Message data; `source` is added. */
  data: Record<string, string>;
  fixes: FixProposal[];
  /** Why no fix is offered, when the rewrite was withheld. */
  fixWithheld?: string;
  /** Named as the source when the flow analysis did not describe one. */
  fallbackSource?: string;
}

export function reportTainted(context: RuleContext, report: TaintedReport): void {
  const { value } = report;
  const source = value.source?.description ?? report.fallbackSource ?? 'request input';
  context.report({
    node: report.node,
    messageId: value.built ? report.messageIds.built : report.messageIds.whole,
    data: { ...report.data, source },
    severity: 'error',
    confidence: 'high',
    related: value.source ? [{ node: value.source.node, message: `${source} enters here` }] : [],
    fixes: report.fixes,
    fixWithheld: report.fixWithheld,
  });
}
