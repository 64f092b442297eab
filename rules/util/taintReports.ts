// How every sink rule reports input that reaches its sink: the house policy (an error with high
// confidence, pointing back at where the input enters) written once so the rules cannot drift apart.
// A check on the value (guardPolicy.ts) hides the report or lowers it.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { unwrap, type FlowStep, type FlowValue, type FixProposal, type Hazard, type RuleContext } from '../../server/src/engine/api';
import { guardAdjustment } from './guardPolicy';

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
  /** What the sink fears, so that a check ruling it out hides the report. */
  hazard: Hazard;
  /**
   * The rule's severity for unchecked request input, when its harm is below the house error (an
   * open redirect helps phishing; it does not run code or read data).
   */
  severity?: 'warning';
  /** Below high when the sink itself is in doubt (a value that may not be a string), not the input. */
  confidence?: 'medium';
}

export function reportTainted(context: RuleContext, report: TaintedReport): void {
  const { value } = report;
  const adjustment = guardAdjustment(value, report.hazard);
  if (!adjustment) return;
  const source = value.source?.description ?? report.fallbackSource ?? 'request input';
  // A generic helper (`run(sql)`) hands its parameter to the sink as it is: the caller built the
  // value, so the finding and its fix belong at the call, with the sink as the last step. The
  // sink's own fixes rewrite the helper, which its other callers share: none is offered at the call.
  const handover = handedOverAsIs(context, report.node, value);
  const sink = report.data.sink;
  context.report({
    node: handover ? handover.argument : report.node,
    messageId: value.built ? report.messageIds.built : report.messageIds.whole,
    data: { ...report.data, source },
    severity: adjustment.severity ?? report.severity ?? 'error',
    confidence: adjustment.confidence ?? report.confidence ?? 'high',
    // The way the input took, in order: where it enters, each call that passed it on, the sink
    // when the report sits at a helper's caller, then the checks.
    related: [
      ...(value.source ? [{ node: value.source.node, message: `${source} enters here` }] : []),
      ...(value.path ?? []).map((step) => ({ node: step.node, message: step.message })),
      ...(handover ? [{ node: report.node, message: sink ? `reaches \`${sink}\` here` : 'reaches the sink here' }] : []),
      ...adjustment.related,
    ],
    fixes: handover ? [] : report.fixes,
    fixWithheld: handover ? 'the value is built by the caller of a helper that passes it to the sink unchanged; rewrite it at this call' : report.fixWithheld,
    taint: value,
  });
}

/**
 * The last call that handed the value to a plain parameter, when the sink takes that parameter
 * exactly as it came (never reassigned): the helper is a generic runner and the caller made the
 * value. Only in the plain flow; the summarising flows (`params`) keep the sink as the place.
 */
function handedOverAsIs(context: RuleContext, sinkNode: TSESTree.Node, value: FlowValue): FlowStep['handover'] {
  if (value.params?.length) return undefined;
  const last = value.path?.[value.path.length - 1];
  const handover = last?.handover;
  const read = unwrap(sinkNode);
  if (!handover || read.type !== 'Identifier') return undefined;
  const variable = context.flow.variableOf(read);
  if (!variable?.identifiers.includes(handover.parameter)) return undefined;
  return context.flow.assignmentsOf(read).length === 0 ? handover : undefined;
}
