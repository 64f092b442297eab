// How every sink rule reports input that reaches its sink: the house policy (an error with high
// confidence, pointing back at where the input enters) written once so the rules cannot drift apart.
// A check on the value (guardPolicy.ts) hides the report or lowers it.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { CallerValue, FlowValue, FixProposal, Hazard, RuleContext } from '../../server/src/engine/api';
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
  // A generic helper (`run(sql)`) hands its parameter to the sink as it came: each caller built
  // its own value, so each tainted call gets its finding (and its fix) at the argument, with the
  // sink as the last step. The sink's own fixes rewrite the helper, which its other callers share:
  // none is offered at a call.
  const handed = valuesHandedOver(context, report);
  if (!handed) {
    reportOne(context, report, report.value, undefined);
    return;
  }
  // A check the rule found on the value itself applies to every caller's part of it.
  for (const { argument, value } of handed) reportOne(context, report, value.guard || !report.value.guard ? value : { ...value, guard: report.value.guard }, argument);
}

function reportOne(context: RuleContext, report: TaintedReport, value: FlowValue, handedAt: TSESTree.Node | undefined): void {
  const adjustment = guardAdjustment(value, report.hazard);
  if (!adjustment) return;
  const source = value.source?.description ?? report.fallbackSource ?? 'request input';
  const sink = report.data.sink;
  context.report({
    node: handedAt ?? report.node,
    messageId: value.built ? report.messageIds.built : report.messageIds.whole,
    data: { ...report.data, source },
    severity: adjustment.severity ?? report.severity ?? 'error',
    confidence: adjustment.confidence ?? report.confidence ?? 'high',
    // The way the input took, in order: where it enters, each call that passed it on, the sink
    // when the report sits at a helper's caller, then the checks.
    related: [
      ...(value.source ? [{ node: value.source.node, message: `${source} enters here` }] : []),
      ...(value.path ?? []).map((step) => ({ node: step.node, message: step.message })),
      ...(handedAt ? [{ node: report.node, message: sink ? `reaches \`${sink}\` here` : 'reaches the sink here' }] : []),
      ...adjustment.related,
    ],
    fixes: handedAt ? [] : report.fixes,
    fixWithheld: handedAt ? 'the value is built by the caller of a helper that passes it to the sink unchanged; rewrite it at this call' : report.fixWithheld,
    taint: value,
    hazard: report.hazard,
  });
}

/**
 * The value each local caller handed over, when the sink takes a plain parameter as it came
 * (`handedOverParameter` in the engine says which steps keep it so). Only in the plain flow; the
 * summarising flows (`params`) keep the sink as the place. Archive names come from their own flow.
 */
function valuesHandedOver(context: RuleContext, report: TaintedReport): readonly CallerValue[] | undefined {
  if (report.value.params?.length) return undefined;
  const flow = report.value.source?.kind === 'archive-entry' ? context.flow.archiveFlow() : context.flow;
  const handed = flow.valuesByCaller(report.node);
  return handed?.length ? handed : undefined;
}
