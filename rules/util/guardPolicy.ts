// How a check on the value changes a sink rule's report, written once so every rule treats
// validation the same way (the checks themselves are recognised by the engine, `guards.ts`).
// A check Rugged can read and that rules out the sink's hazard hides the finding. A check it
// cannot judge (a validator it cannot read, a list it cannot see, a containment test without the
// separator) lowers request input to a warning with medium confidence that points at the check,
// and hides a value of unknown origin, which would only have been a warning to begin with.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { guardVerdict, type Confidence, type FlowValue, type Hazard, type RelatedNode, type RuleContext, type Severity } from '../../server/src/engine/api';

export interface GuardAdjustment {
  severity?: Severity;
  confidence?: Confidence;
  related: RelatedNode[];
}

/** `undefined` when the value is guarded against the hazard; otherwise what to change in the report. */
export function guardAdjustment(value: FlowValue, hazard: Hazard): GuardAdjustment | undefined {
  const verdict = guardVerdict(value.guard, hazard);
  if (verdict === 'safe') return undefined;
  if (verdict === 'none' || !value.guard) return { related: [] };
  if (value.origin !== 'tainted') return undefined;
  return {
    severity: 'warning',
    confidence: 'medium',
    related: [{ node: value.guard.node, message: 'checked here, by a check Rugged cannot judge' }],
  };
}

/** True when the sink need not be reported at all because of a check on the value. */
export function isGuarded(value: FlowValue, hazard: Hazard): boolean {
  return guardAdjustment(value, hazard) === undefined;
}

/**
 * For rules that follow a variable into its assignment instead of asking the data flow about the
 * read (`const p = path.resolve(...)`, `const html = sanitize(...)`): the checks made where the
 * variable is read still apply to the value found there.
 */
export function withReadGuard(read: TSESTree.Identifier, value: FlowValue, context: RuleContext): FlowValue {
  if (value.origin === 'constant') return value;
  const guard = context.flow.guardOf(read);
  if (!guard) return value;
  if (guard.protects === 'all' && guard.strength === 'full') return { origin: 'constant', built: false };
  const held = value.guard;
  if (held && (held.strength === 'full' || guard.strength === 'partial') && (held.protects === guard.protects || held.protects === 'all')) return value;
  return { ...value, guard };
}
