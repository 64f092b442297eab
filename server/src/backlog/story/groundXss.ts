// Server-side XSS told as the code makes it. A value echoed in the answer to the same request is
// reflected: only whoever sends the request sees the script, so the attacker needs a victim to send
// it. A cross-site form cannot send a JSON body, so a route the app feeds only through express.json
// cannot be delivered to a victim at all: the story is then self-XSS, with no victim. And an
// httpOnly session cookie is out of the script's reach: it acts in the open page, it does not carry
// the session away.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';
import { readsOnlyJson } from './workspaceFacts';

export function groundXss(seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  // Another route of the file renders what this one stores: the seed's story (others see it) holds.
  if ((context.htmlReadBack ?? []).length > 0) return { seed };
  const app = context.workspace?.app;
  const fromBody = finding.related.some((r) => /\breq(?:uest)?\.body\b/.test(r.message)) || /\breq(?:uest)?\.body\b/.test(finding.message);
  const jsonOnly = Boolean(app && fromBody && readsOnlyJson(app));
  const httpOnly = app?.sessionCookieHttpOnly === true;
  // Saved as well, yet shown back by no page of the file: the reader is still only the sender.
  const saved = /\bINSERT\s+INTO\b|\.(?:save|create|insertOne|insertMany|push)\s*\(/i.test(context.handler) ? ': the value is also saved, but no page of this file shows it back as HTML' : '';
  const seen = `only the person who sends the request sees the answer${saved}`;
  const seed2: AbuserStorySeed = {
    ...seed,
    actor: fromBody ? 'attacker who gets a signed-in user to send a request I crafted' : seed.actor,
    goal: httpOnly
      ? "run my script in a victim's browser, with access to {asset}, by making that browser send markup that this route echoes into its HTML answer"
      : "hijack {asset} by making a victim's browser send markup that this route echoes into its HTML answer",
    harm: httpOnly
      ? `my script runs on the site's origin in that victim's page and acts in their session while it is open; ${seen}, and the session cookie is httpOnly, so the script cannot carry the session away`
      : `my script runs on the site's origin in that victim's browser, reads what the page shows and acts with their session; ${seen}`,
  };
  if (!jsonOnly) return { seed: seed2 };
  // No page can make a browser send it: a JSON body comes only from a script (fetch), whose answer
  // goes to that script and is never shown as a page. Nobody's browser runs the markup today, not
  // even its sender's, so the story is hardening: it keeps the answer inert for the day a page of the
  // app shows it as HTML or the route accepts form bodies, and says so instead of promising a victim.
  const later: AbuserStorySeed = {
    ...seed2,
    actor: 'attacker who talks a signed-in user into sending my markup',
    goal: "run my script on the site's origin once a page of the app shows this route's answer as HTML or the route accepts form bodies, by sending markup that it echoes into its HTML answer",
    harm: "my script would run in that user's session of this site and act as them while the page is open",
  };
  const why = `the route reads \`req.body\` while the app parses only JSON bodies (express.json): a browser sends a JSON body only from a script, whose answer goes to that script and is never shown as a page, and a cross-site fetch with a JSON body needs a CORS preflight the app does not allow`;
  return {
    seed: later,
    titleLosses: ['keep markup echoed in the answer inert (self-XSS at most)', 'keep echoed markup inert'],
    likelihood: {
      level: 1,
      reason: `the script is reflected, and ${seen}; ${why}, so no browser runs it today${httpOnly ? '; the session cookie is httpOnly, so a script could not carry the session away' : ''}`,
    },
    hardening: `${why}: no browser shows this answer as a page today`,
  };
}
