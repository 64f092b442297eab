// Server-side XSS told as the code makes it. A value echoed in the answer to the same request is
// reflected: only whoever sends the request sees the script, so the attacker needs a victim to send
// it. A cross-site form cannot send a JSON body, so a route the app feeds only through express.json
// cannot be delivered to a victim at all: the story is then self-XSS, with no victim. And an
// httpOnly session cookie is out of the script's reach: it acts in the open page, it does not carry
// the session away.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';

export function groundXss(seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  // Another route of the file renders what this one stores: the seed's story (others see it) holds.
  if ((context.htmlReadBack ?? []).length > 0) return { seed };
  const app = context.workspace?.app;
  const fromBody = finding.related.some((r) => /\breq(?:uest)?\.body\b/.test(r.message)) || /\breq(?:uest)?\.body\b/.test(finding.message);
  const formParsers = app ? app.bodyParsers.filter((p) => p !== 'json') : [];
  const jsonOnly = Boolean(app && fromBody && app.bodyParsers.includes('json') && formParsers.length === 0 && !app.cors);
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
  // No page can make a victim's browser send it: the sender is the only reader (self-XSS), and the
  // story says so rather than promising a victim.
  // The "so that" is the harm that remains; why it is small (sender only, JSON body, httpOnly) is the likelihood's reason.
  const selfXss: AbuserStorySeed = {
    ...seed2,
    actor: 'attacker who talks a signed-in user into sending my markup from their own browser',
    goal: "run my script on the site's origin by sending markup in a JSON body that this route echoes into its HTML answer",
    harm: 'my script runs in that user\'s own session of this site and acts as them while the page is open',
  };
  return {
    seed: selfXss,
    titleLosses: ["run a script only in its own sender's browser (self-XSS)", "run a script in its sender's browser (self-XSS)"],
    likelihood: {
      level: 1,
      reason: `the script is reflected, and ${seen}; the route reads \`req.body\` while the app parses only JSON bodies (express.json): a cross-site form cannot send JSON, and a cross-site fetch with a JSON body needs a CORS preflight the app does not allow, so a signed-in user must be talked into sending it themselves (self-XSS)${httpOnly ? '; the session cookie is httpOnly, so the script cannot carry the session away' : ''}`,
    },
  };
}
