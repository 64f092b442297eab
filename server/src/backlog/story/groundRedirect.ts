// An open redirect answering a POST is not the phishing link of the rule's seed: a link is a GET,
// so it cannot make the redirect happen. What remains is the moment after the form is sent: a user
// who has just signed in lands on the attacker's look-alike page, straight from the real site, and
// is asked for their password again. That is the harm; how hard it is to set off (a page of the site
// must send the request with the attacker's address in it, since a JSON-only app takes no
// cross-site form) is the likelihood's reason. Where the address is read from (the query string,
// the body, the path) is the finding's, and the story says it in plain words.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';
import { requestFieldOf } from './findingField';
import { readsOnlyJson } from './workspaceFacts';

export function groundRedirect(seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  if (!context.method || /^(?:GET|HEAD)$/i.test(context.method)) return { seed };
  const method = context.method.toUpperCase();
  const signsIn = /\bsession\s*\.\s*\w+\s*=|\breq\s*\.\s*login\s*\(|\bjwt\s*\.\s*sign\s*\(|\bpassword\b/i.test(context.handler);
  const who = signsIn ? 'a user who has just signed in' : 'whoever sends this request';
  const where = addressPlace(method, requestFieldOf(context.text, finding, context.handler));
  const app = context.workspace?.app;
  const jsonOnly = Boolean(app && readsOnlyJson(app));
  const delivery = jsonOnly
    ? `the redirect answers a ${method}, so a link cannot set it off, and the app reads only JSON bodies, so a cross-site form cannot either: a page of this site must send the request with the attacker's address ${where}`
    : `the redirect answers a ${method}, so a link cannot set it off: a page of this site must send the request with the attacker's address ${where}, or the attacker's own form that signs the visitor in to the attacker's account and sends them on`;
  return {
    seed: {
      ...seed,
      actor: signsIn ? 'phisher who gets my address into the login request a user sends' : 'phisher who gets my address into a request a user sends',
      goal: `send ${who} to my look-alike page by putting its address ${where}`,
      harm: 'they arrive on my page straight from the real site and type their password again, believing the session expired',
      stride: ['S', 'I'],
    },
    likelihood: jsonOnly ? { level: 1, reason: delivery } : { level: seed.likelihood, reason: delivery },
    titleLosses: [`send ${who} to a look-alike page`, 'send users to a look-alike page'],
  };
}

/** Where the request carries the address, in plain words: "in the `next` parameter of the POST's web address (its query string)". */
function addressPlace(method: string, field: ReturnType<typeof requestFieldOf>): string {
  if (!field) return `in the ${method} request`;
  if (field.location === 'query') return `in the \`${field.name}\` parameter of the ${method} request's web address (its query string)`;
  if (field.location === 'params') return `in the path of the ${method} request`;
  return `in the \`${field.name}\` field of the ${method} request's body`;
}
