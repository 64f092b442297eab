// An open redirect answering a POST is not the phishing link of the rule's seed: a link is a GET,
// so it cannot make the redirect happen. What remains is the moment after the form is sent: a user
// who has just signed in lands on the attacker's look-alike page, straight from the real site, and
// is asked for their password again. Getting there takes a page of the site that carries the
// attacker's address into the form, or a cross-site form, which a JSON-only app does not accept.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';

export function groundRedirect(seed: AbuserStorySeed, _finding: Finding, context: GroundingContext): Grounded {
  if (!context.method || /^(?:GET|HEAD)$/i.test(context.method)) return { seed };
  const signsIn = /\bsession\s*\.\s*\w+\s*=|\breq\s*\.\s*login\s*\(|\bjwt\s*\.\s*sign\s*\(|\bpassword\b/i.test(context.handler);
  const who = signsIn ? 'a user who has just signed in' : 'whoever sends this form';
  const app = context.workspace?.app;
  const jsonOnly = Boolean(app && app.bodyParsers.includes('json') && app.bodyParsers.every((p) => p === 'json') && !app.cors);
  const delivery = jsonOnly
    ? 'a link cannot do it, since the redirect answers a POST, and a cross-site form cannot send the JSON body the app reads: a page of this site must put my address into the form it sends'
    : 'a link cannot do it, since the redirect answers a POST: I need a page of this site that puts my address into its form, or a form of my own that signs the visitor in to my account and sends them on';
  return {
    seed: {
      ...seed,
      actor: 'phisher who gets my address into the form a user sends',
      goal: `send ${who} to my look-alike page by putting its address where ${context.method.toUpperCase()} takes the page to go to next`,
      harm: `they arrive on my page straight from the real site and type their password again, believing the session expired; ${delivery}`,
      stride: ['S', 'I'],
    },
    ...(jsonOnly ? { likelihood: { level: 1, reason: `the redirect answers a ${context.method.toUpperCase()} that only a JSON body reaches, so neither a link nor a cross-site form can set it off; a page of this site must carry the address into the form` } } : {}),
    titleLosses: [`send ${who} to a look-alike page`, 'send users to a look-alike page'],
  };
}
