// A rule's further controls are written for every app the rule may fire in; a criterion must name
// something this code has. A control about reset or one-time codes means nothing where the code
// issues none, and one about an OAuth flow nothing where there is no OAuth: such a control is left
// out of the story rather than handed to a developer with nothing to change.

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
