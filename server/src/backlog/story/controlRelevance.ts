// A rule's further controls are written for every app the rule may fire in; a criterion must name
// something this code has. A control about reset or one-time codes means nothing where the code
// issues none, and one about an OAuth flow nothing where there is no OAuth: such a control is left
// out of the story rather than handed to a developer with nothing to change. A control that lists
// kinds or alternatives ("every session id, token, nonce and reset code", "JSON.parse or a YAML
// loader") keeps only those the code shows.
import { joinAnd } from './wordList';

/** What a control speaks of, and the sign in the code that it exists here. */
const SUBJECTS: readonly { control: RegExp; code: RegExp }[] = [
  { control: /\breset codes?\b|\bone-time codes?\b|\bguesses of tokens or codes\b/i, code: /\breset|\botp\b|one[-_ ]?time|verif(?:y|ication)[-_ ]?code/i },
  { control: /\bOAuth\b/i, code: /oauth|passport|openid|oidc/i },
  { control: /\bYAML\b/i, code: /yaml/i },
];

/** Whether every subject the control speaks of shows in the code. */
export function controlApplies(control: string, code: string): boolean {
  return SUBJECTS.every((s) => !s.control.test(control) || s.code.test(code));
}

/** The kinds of value a token control lists, and the sign in the code that the code hands one out. */
const TOKEN_KINDS: readonly { noun: string; code: RegExp }[] = [
  { noun: 'session id', code: /\bsid\b|session/i },
  { noun: 'token', code: /token|jwt/i },
  { noun: 'nonce', code: /nonce/i },
  { noun: 'reset code', code: /\breset/i },
  { noun: 'one-time code', code: /\botp\b|one[-_ ]?time/i },
];

/** The control as this code needs it: lists of kinds and alternatives cut to those the code shows. */
export function fitControl(control: string, code: string): string {
  let out = control.replace(/\bEvery session id, token, nonce and reset code\b/, (whole) => {
    const kinds = TOKEN_KINDS.filter((k) => k.code.test(code)).map((k) => k.noun);
    return kinds.length === 0 ? whole : `Every ${joinAnd(kinds)}`;
  });
  if (!/yaml/i.test(code)) out = out.replace(/\bJSON\.parse or a YAML loader that builds only plain data\b/, 'JSON.parse, which builds only plain data');
  return out;
}
