// process.argv is input, but it comes from whoever runs the program: for a command-line tool that
// is its own user. Rules about server-side injection treat it as a value of unknown origin.
import type { FlowValue, RuleContext } from '../../server/src/engine/api';

/** True when the value's taint comes from process.argv. */
export function isCommandLineInput(value: FlowValue, context: RuleContext): boolean {
  return value.origin === 'tainted' && !!value.source && /^process\.argv\b/.test(context.getText(value.source.node));
}

/** The value with process.argv taint turned into unknown origin (built or not, as it was). */
export function withoutCommandLineTaint(value: FlowValue, context: RuleContext): FlowValue {
  return isCommandLineInput(value, context) ? { origin: 'unknown', built: value.built, guard: value.guard } : value;
}
