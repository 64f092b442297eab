// A token from a predictable generator is predicted from samples of it: V8's Math.random (xorshift128+)
// is recovered from a few of its outputs, and a counter or the clock from one. The attacker must
// first be handed some of those values, so the story states how: a token issued at sign-in takes an
// account of the attacker's own (a sign-up route, when the app has one, makes that anyone), and any
// route that hands out a value from the same generator would do as well.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';

const SIGN_IN = /\bpassword\b|\breq\s*\.\s*login\s*\(/i;
const SIGN_UP = /\/(?:register|sign-?up|join|accounts?|users?)$/i;

export function groundPredictableToken(seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  const fromMathRandom = /Math\.random/.test(`${finding.message} ${context.text.slice(finding.range.start.offset, finding.range.end.offset)}`);
  if (!context.method || !SIGN_IN.test(context.handler)) return { seed };
  const signUp = (context.workspace?.routes ?? []).find((r) => r.method === 'POST' && SIGN_UP.test(r.path));
  const samples = fromMathRandom ? "sample ids to recover V8's Math.random state from" : 'sample ids to predict the next ones from';
  const actor = signUp
    ? `anonymous internet user who signs up through \`POST ${signUp.path}\` and signs in again and again to collect ${samples}`
    : `attacker with an account of my own, who signs in again and again to collect ${samples} (any route that hands out a value from the same generator would do as well)`;
  return { seed: { ...seed, actor } };
}
