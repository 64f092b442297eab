// A session cookie without its flags is told by the flags it lacks and by what the app accepts. A
// cookie that has sameSite is not ridden from another site; and where the app parses no form bodies
// (only JSON, which a cross-site page cannot send without a preflight), another site's page can
// forge only requests that need no body, such as a logout: the seed's "submit changes" would
// promise more than the code allows.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';
import { crossSiteBodiesReach } from './workspaceFacts';

const RIDE = 'I act as the victim with their session';

export function groundSessionCookie(seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  const lacksSameSite = /sameSite/i.test(finding.message);
  if (!lacksSameSite) return { seed: { ...seed, harm: RIDE } };
  const app = context.workspace?.app;
  if (!app || crossSiteBodiesReach(app)) return { seed };
  return { seed: { ...seed, harm: `${RIDE}, or make their browser send, from another site, the requests of this app that need no body, such as a logout` } };
}
