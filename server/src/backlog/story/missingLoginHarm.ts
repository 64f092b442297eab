// What an open router costs, told from its worst route: who loses what, and why it cannot be
// undone or traced. The routes themselves are the goal ("read orders and delete an order without
// logging in"); the harm says what follows, so no two routers with different routes read alike, and
// none repeats "which only customers should be able to do", which the goal already says.
import type { RouteAction } from './routeActions';

/** `customers'`, `staff's`, `logged-in users'`. */
function possessive(group: string): string {
  return /s$/.test(group) ? `${group}'` : `${group}'s`;
}

/** Groups that own the records their routes act on; staff and administrators act on everyone's. */
const OWNERS = /^(?:customers|logged-in users|users|members)$/;

function lossOf(worst: RouteAction, group: string): string {
  const the = OWNERS.test(group) ? `${possessive(group)} ` : 'the ';
  switch (worst.kind) {
    case 'delete':
      return `${the}${worst.object} are gone`;
    case 'change':
      return worst.impact === 3 ? `${OWNERS.test(group) ? possessive(group) : "people's"} accounts change as I choose` : `${the}${worst.object} change as I choose`;
    case 'add':
    case 'upload':
      return `what I send is stored as if one of the ${group} had sent it`;
    case 'run':
      return `the server runs work meant for ${group} on my behalf`;
    case 'serve':
    case 'read':
      return worst.personal && OWNERS.test(group) ? `I copy ${the}${worst.object}` : `I see the ${worst.object} meant for ${group} only`;
  }
}

/** The "so that" of a missing-login story, from the worst of its routes. */
export function missingLoginHarm(worst: RouteAction, group: string): string {
  return `${lossOf(worst, group)}, and no account stands behind my requests for the app to refuse, lock or trace`;
}
