// A token read with jwt.decode is trusted without its signature: anyone can write one with the
// claims a route asks for. What that costs is what the routes that trust it do, not every route
// behind a token: a route of the same file that verifies its token is not opened by a made-up one.
// So the impact, the title and the harm come from those routes (a read of ids, emails and roles is
// not a takeover of every account). Pure.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { LevelChange } from './risk';
import { levelName } from './risk';
import { routeAction, type RouteAction } from './routeActions';
import { routesIn } from './routeAuth';
import type { GroundingContext } from './groundingTypes';
import type { RiskLevel } from './types';
import { joinAnd } from './wordList';

export interface DecodedRoutes {
  /** Routes whose handler trusts a decoded token, with what each does. */
  opened: { route: string; action: RouteAction; columns: string[] }[];
  /** Routes of the same file that verify their token, which a made-up one does not open. */
  verified: string[];
}

const DECODE = /\bjwt\s*\.\s*decode\s*\(|\bdecode\s*\(\s*(?:req|token|auth)/;
const VERIFY = /\b(?:jwt\s*\.\s*verify|jwtVerify|verifyToken)\s*\(/;

/** The routes of the finding's file that trust a decoded token, and those that verify theirs, with full paths. */
export function decodedRoutes(finding: Finding, context: GroundingContext): DecodedRoutes | undefined {
  const routes = routesIn({ path: context.path, text: context.text });
  const at = finding.range.start.offset;
  const own = routes.find((r) => r.handler[0] <= at && at < r.handler[1]);
  if (!own || !context.routePath || !context.routePath.endsWith(own.path.replace(/\/$/, ''))) return undefined;
  const prefix = context.routePath.slice(0, context.routePath.length - own.path.replace(/\/$/, '').length);
  const full = (path: string) => `${prefix}${path}`.replace(/\/+/g, '/');
  const opened: DecodedRoutes['opened'] = [];
  const verified: string[] = [];
  for (const r of routes.filter((x) => x.router === own.router)) {
    const handler = context.text.slice(r.handler[0], r.handler[1]);
    const route = `${r.method} ${full(r.path)}`;
    if (VERIFY.test(handler)) verified.push(route);
    else if (r === own || DECODE.test(handler)) {
      const action = routeAction(r.method, full(r.path), handler, true);
      if (action) opened.push({ route, action, columns: selectedColumns(handler) });
    }
  }
  return opened.length > 0 ? { opened, verified } : undefined;
}

/** The impact of a made-up token: the worst the routes that trust it do, with the reason. */
export function decodedImpact(decoded: DecodedRoutes): LevelChange {
  const worst = Math.max(...decoded.opened.map((o) => o.action.impact)) as RiskLevel;
  const each = decoded.opened.map((o) => `\`${o.route}\` ${o.action.does}${o.columns.length > 0 ? ` (${joinAnd(o.columns)})` : ''}`);
  const safe = decoded.verified.length > 0 ? `; ${joinAnd(decoded.verified.map((v) => `\`${v}\``))} ${decoded.verified.length === 1 ? 'checks its token' : 'check their tokens'} with jwt.verify, so a made-up token does not open ${decoded.verified.length === 1 ? 'it' : 'them'}` : '';
  const what = worst === 3 ? 'a change or deletion of stored data' : worst === 2 ? 'a read of personal data, not a takeover of every account' : 'a read of data that is not about people';
  return {
    level: worst,
    reason: `a made-up token opens only the routes that read it with jwt.decode: ${joinAnd(each)}, ${what} (${levelName(worst)})${safe}`,
  };
}

/** The seed told from those routes: the loss in the title and the harm, and the routes by name. */
export function decodedSeed(seed: AbuserStorySeed, decoded: DecodedRoutes): { seed: AbuserStorySeed; titleLosses: string[] } {
  const routes = joinAnd(decoded.opened.map((o) => o.route));
  const lead = decoded.opened[0];
  const loss = lossOf(lead.action, lead.columns);
  return {
    seed: {
      ...seed,
      goal: `pass the administrator check of ${routes} with a token I write myself, since it reads the token's claims without checking its signature`,
      harm: `I ${joinAnd(decoded.opened.map((o) => lossOf(o.action, o.columns)))}`,
    },
    titleLosses: [`${loss} with a token I write myself`, `${loss} with a made-up token`, loss],
  };
}

/** "read every user's id, email and role", else the route's own words ("delete an order"). */
function lossOf(action: RouteAction, columns: readonly string[]): string {
  const read = /^read (\w+?)s$/.exec(action.doing);
  if (action.kind === 'read' && read && columns.length > 0) return `read every ${read[1]}'s ${joinAnd(columns)}`;
  return action.doing;
}

/** The columns a handler's SELECT names (`SELECT id, email, role FROM Users`), none for `*`. */
function selectedColumns(handler: string): string[] {
  const m = /\bSELECT\s+([\w\s,."`]+?)\s+FROM\b/i.exec(handler);
  if (!m) return [];
  return m[1]
    .split(',')
    .map((c) => c.trim().replace(/^.*\./, '').replace(/["`]/g, ''))
    .filter((c) => /^\w+$/.test(c));
}
