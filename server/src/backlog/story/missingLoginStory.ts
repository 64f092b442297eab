// The missing login as its own piece of work: when a back-office route (under /admin, /reports,
// /export..., or one the story says is for staff) or a route a story assumed needs any login (a
// customer's orders) checks none, one story per router asks for the login on every route of it
// that does something with data and checks none (not only the routes some story assumed were
// private), instead of a criterion repeated in every story on that router. Each route is listed by
// what it does, and the rating comes from those facts: no login anywhere sets the likelihood, the
// worst route the impact. Its identity is the router and its mount, so raising a second story on
// the same router finds it again rather than filing another. Never raised for a guarded or unknown
// route. Pure: story.ts passes the files.
import { createHash } from 'node:crypto';
import { appRoutes } from './appRoutes';
import { buildExcerpt } from './excerpt';
import { storyKey } from './fingerprint';
import { inertMarkdown } from './markdownSafety';
import { adminSegment, anonymousTest, backOfficeRole, isPrivileged, loginCriterion, type LoginAssumption } from './prerequisiteCheck';
import { levelName, priorityOf, severityOf } from './risk';
import { isLoginFlow, routeAction, type RouteAction } from './routeActions';
import { routeAuthentication, routesIn, type MountLevel, type RouteAuthentication, type SourceFile } from './routeAuth';
import { redactSecrets } from '../../redaction/redact';
import { joinRoute } from './routes';
import { findGoal } from './stride';
import type { TestFramework } from './testSkeleton';
import { TITLE_MAX } from './storyTitle';
import { RISK_METHOD, STORY_SCHEMA_VERSION, type AcceptanceCriterion, type RiskLevel, type RiskRating, type Story } from './types';
import { joinAnd } from './wordList';
import { lineOfOffset } from '../../engine/parse';
import { missingLoginHarm } from './missingLoginHarm';

export const MISSING_LOGIN_GOAL = 'e-admin-without-login';

export interface MissingLoginInput {
  file: SourceFile;
  /** The router object the story's route belongs to (`router`, `app`). */
  router: string;
  /** Its mount prefix, when it has one. */
  prefix?: string;
  /** The file that mounts it (this file when it mounts its own router), with its own prefix there. */
  mount?: MountLevel;
  /** The levels above the mount, innermost first. */
  outer?: readonly MountLevel[];
  /**
   * The app's route and mount files (repository-relative), when the caller read them: routes other
   * files add under the same prefix (a router extended elsewhere, several files mounted there, the
   * app's own routes) are open to anyone just the same and are listed too.
   */
  appFiles?: readonly SourceFile[];
  /** The story's route (`POST /admin/exports`), always listed. */
  route: { method: string; path: string };
  /** Who the story said the attacker had to be. */
  assumption?: LoginAssumption;
  /** Values the file's findings mark as secrets, hidden in the excerpt. */
  known: readonly string[];
  framework: TestFramework;
  port?: number;
  now: Date;
  toolVersion: string;
}

/**
 * Whether a route the story found unguarded deserves its router's login story: back-office work,
 * or a route the story assumed needs any login (a customer's orders): either way the login is
 * missing for the whole router, one piece of work however many stories are raised on it.
 */
export function needsLoginStory(routePath: string, assumption: LoginAssumption | undefined): boolean {
  return Boolean(adminSegment(routePath)) || assumption !== undefined;
}

export function missingLoginStory(input: MissingLoginInput): Story | undefined {
  const goal = findGoal(MISSING_LOGIN_GOAL);
  if (!goal) return undefined;
  const role = backOfficeRole(input.assumption, input.route.path);
  const full = (path: string) => (input.prefix ? joinRoute(input.prefix, path) : path);
  const story = `${input.route.method} ${input.route.path}`;
  const clean = (text: string) => redactSecrets(text, input.known).text;
  // Every route of the router that does something with data and checks no login, not only the
  // ones a story assumed were for logged-in users: anyone can call all of them alike.
  const candidates = [
    ...routesIn(input.file)
      .filter((r) => r.router === input.router)
      .map((r) => ({ ...r, file: input.file, full: full(r.path), auth: authOf(input, r.handler) })),
    ...routesElsewhere(input),
  ];
  const seen = new Set<string>();
  const open = candidates
    .filter((r) => r.auth.state === 'unguarded' || `${r.method} ${r.full}` === story)
    .flatMap((r) => {
      const own = `${r.method} ${r.full}` === story && r.file === input.file;
      // Express answers the first route registered for a method and path: a second one is never reached.
      if (seen.has(`${r.method} ${r.full}`) || (!own && isLoginFlow(r.full))) return [];
      seen.add(`${r.method} ${r.full}`);
      const action = routeAction(r.method, r.full, r.file.text.slice(r.handler[0], r.handler[1]), own);
      return action ? [{ ...r, own, action }] : [];
    });
  // Open routes that serve everyone (a catalogue search, a health check, the login itself): the
  // check must leave them open, or the fix would lock the shop's window along with its back office.
  const listed = new Set(open.map((r) => `${r.method} ${r.full}`));
  const stayOpen = [...new Set(candidates.filter((r) => r.auth.state === 'unguarded' && !listed.has(`${r.method} ${r.full}`)).map((r) => `${r.method} ${clean(r.full)}`))];
  const lead = open.find((r) => r.own);
  if (!lead || lead.auth.state !== 'unguarded') return undefined;
  const ownRoutes = open.filter((r) => r.file === input.file);
  const files = [...new Set(open.map((r) => r.file.path))];

  const where = clean(input.prefix ?? input.file.path);
  const fingerprint = createHash('sha256').update(`rugged-missing-login:${input.file.path}:${input.router}:${input.prefix ?? ''}`).digest('hex').slice(0, 32);
  const key = storyKey(fingerprint);
  // A route path may carry a token (`/hooks/<token>`): hidden before anything quotes it.
  const routes = open.map((r) => ({ method: r.method, path: clean(r.full), line: r.line, ...(r.file === input.file ? {} : { file: r.file.path }), does: clean(r.action.does) }));
  const test = anonymousTest(key, routes, role, input.framework, input.port);
  const first = Math.min(...ownRoutes.map((r) => r.line));
  const last = Math.max(...ownRoutes.map((r) => lineOfOffset(input.file.text, r.handler[1])));
  const { excerpt, sha256 } = buildExcerpt(input.file.text, input.file.path, [first, last], input.known);
  // A data call the handler shows outranks a guess from the method and path.
  const worst = [...open].sort((a, b) => b.action.impact - a.action.impact || Number(a.action.guessed) - Number(b.action.guessed) || Number(b.action.personal) - Number(a.action.personal))[0];
  const worstRoute = `${worst.method} ${clean(worst.full)}`;
  const risk = missingLoginRisk(open.length, lead.auth.checked, worstRoute, worst.action);
  const mounted = input.prefix ? ` (mounted at \`${input.prefix}\`)` : '';
  const byRoute = open.map((r, i) => `${clean(r.action.doing)} (${inertMarkdown(`${routes[i].method} ${routes[i].path}`)})`);
  const shown = byRoute.length > MAX_NAMED ? [...byRoute.slice(0, MAX_NAMED - 1), `use ${byRoute.length - MAX_NAMED + 1} more routes`] : byRoute;
  // The routes are the goal; what follows from the worst of them is the harm (missingLoginHarm.ts).
  const goalText = `${joinAnd(shown)} without logging in`;
  // The object comes from the route path, which may carry a token (`/hooks/<token>`): redacted like every other part.
  const harm = clean(missingLoginHarm(worst.action, role.group));
  return {
    schema: STORY_SCHEMA_VERSION,
    kind: 'abuser-story',
    key,
    fingerprint,
    title: missingLoginTitle(clean(worst.action.doing), where, routes.length),
    actor: 'anonymous internet user',
    goal: goalText,
    technique: `calling the routes directly: nothing on them, their router or where it is mounted checks who is calling`,
    harm,
    narrative: `As an anonymous internet user, I want to ${goalText}, so that ${harm}.`,
    stride: ['S', 'E'],
    properties: ['Authentication', 'Authorization'],
    asset: `${role.functions} under ${where}`,
    entryPoint: { path: input.file.path, symbol: `routes under ${where}`, lines: [first, last], language: excerpt.language },
    findings: [],
    risk,
    acceptanceCriteria: [
      {
        kind: 'control',
        text: publicExcept(
          stayOpen,
          files.length > 1
            ? `every route under \`${where}\` (declared in ${joinAnd(files.map((f) => `\`${f}\``))}) requires an authenticated ${role.role} before its handler runs, checked in one place (middleware in the mount at \`${where}\`, before every router mounted there), so a route added later is covered too`
            : `every route of \`${input.file.path}\`${mounted} requires an authenticated ${role.role} before its handler runs, checked in one place (a \`${input.router}.use(...)\` before the routes, or middleware in the mount), so a route added later is covered too`,
        ),
        done: false,
      },
      { kind: 'control', text: loginCriterion(role, routes.map((r) => `${r.method} ${r.path}`).join('`, `')), done: false },
      ...(isPrivileged(role) ? [{ kind: 'control' as const, text: `A logged-in user who is not ${withArticle(role.role)} gets 403 from these routes`, done: false }] : []),
      ...ownRecordCriteria(open, routes, role),
      { kind: 'test', text: test.criterion, done: false },
    ],
    labels: ['security', 'abuser-story', 'missing-login', 'stride-s', 'stride-e', goal.cwe.toLowerCase(), `risk-${risk.severity.toLowerCase()}`],
    priority: priorityOf(risk.severity),
    excerpt,
    testSkeleton: { path: test.path, framework: input.framework, payload: 'no payload: a request with no login', refusal: '401 or 403 before the handler runs', criterion: test.criterion, code: test.code },
    missingLogin: { routes },
    provenance: { tool: 'rugged', toolVersion: input.toolVersion, createdAt: input.now.toISOString(), source: 'file', redactions: excerpt.redactions, snippetSha256: sha256 },
  };
}

/**
 * A login is not enough where a route changes or deletes one person's record by its id: once every
 * customer can log in, any of them could do it to anyone's. Staff routes are the staff's to use.
 */
function ownRecordCriteria(open: readonly { full: string; action: RouteAction }[], routes: readonly { method: string; path: string }[], role: LoginAssumption): AcceptanceCriterion[] {
  if (isPrivileged(role)) return [];
  const named = open.flatMap((r, i) => ((r.action.kind === 'delete' || r.action.kind === 'change') && r.action.personal && /\/:\w+\??$/.test(r.full) ? [`\`${routes[i].method} ${routes[i].path}\``] : []));
  if (named.length === 0) return [];
  const one = named.length === 1;
  return [
    {
      kind: 'control',
      text: `${joinAnd(named)} ${one ? 'acts' : 'act'} only on the signed-in ${role.role}'s own records: a request naming another ${role.role}'s record answers 403 or 404 and changes nothing, checked against the session in the query or before it, since a login alone would let any ${role.role} do it to anyone's`,
      done: false,
    },
  ];
}

/** The router-wide criterion, naming first the open routes that serve everyone and must stay open. */
function publicExcept(stayOpen: readonly string[], rule: string): string {
  if (stayOpen.length === 0) return rule.charAt(0).toUpperCase() + rule.slice(1);
  const one = stayOpen.length === 1;
  const named = joinAnd(stayOpen.map((r) => `\`${r}\``));
  return `Apart from ${named}, which ${one ? 'serves' : 'serve'} everyone and ${one ? 'stays' : 'stay'} open (registered before the check, or on a router of ${one ? 'its' : 'their'} own), ${rule.replace(/^every route/, 'every other route')}`;
}

/** Routes a narrative names one by one; the rest are counted. */
const MAX_NAMED = 4;

/**
 * The board's title: the worst thing anyone can do there, where, and how many routes are open.
 * Shorter wordings are tried in turn so that no title is cut inside a phrase.
 */
export function missingLoginTitle(worst: string, where: string, count: number): string {
  const routes = `${count} route${count === 1 ? '' : 's'}`;
  const head = worst.charAt(0).toUpperCase() + worst.slice(1);
  const candidates = [
    `${head} under ${where} without logging in${count > 1 ? ` (${routes})` : ''}`,
    `${head} under ${where} without logging in`,
    `Use ${routes} under ${where} without logging in`,
    `${head} without logging in (${routes})`,
    `No login on ${routes} under ${where}`,
  ];
  return candidates.find((t) => t.length <= TITLE_MAX) ?? `No login on ${routes}`;
}

/**
 * Likelihood from the reach (nothing checks a login, so anyone can call the routes), impact from
 * the worst route: a deletion of stored data or a change to accounts, then any other change, a
 * command on the server or a read of personal data, then a read of other data. The rationale names the route and what was read.
 */
function missingLoginRisk(count: number, checked: readonly string[], worstRoute: string, action: RouteAction): RiskRating {
  const likelihood: RiskLevel = 3;
  const impact = action.impact;
  const what = {
    delete: action.personal ? "so other people's data can be deleted" : 'so stored data can be deleted',
    change:
      action.impact === 3
        ? 'so anyone can change accounts and take them over'
        : `so ${action.personal ? "other people's records" : 'stored records'} can be changed, a loss that can be put right, unlike a deletion`,
    run: action.does.startsWith('runs code') ? 'so anyone can make the server evaluate what they send (the injection itself is rated by its own story)' : 'a command on the server that anyone can start (what an injected command could do is rated by its own story)',
    add: 'so anyone can store records without an account',
    upload: 'so anyone can store files on the server',
    serve: 'a read of files the server keeps',
    read: action.personal ? 'a read of personal data' : 'a read of data that is not about people',
  }[action.kind];
  const files = joinAnd([...new Set(checked.map((c) => c.split(' ')[0]))]);
  const them = count === 1 ? 'it, its router' : 'them, their router';
  const reach = `anyone on the internet can call ${count === 1 ? 'the route' : `these ${count} routes`}, since nothing on ${them} or where it is mounted checks a login (read ${files})`;
  const worst = `${count === 1 ? 'it' : `the worst of them, \`${worstRoute}\`,`} ${action.does}, ${what}`;
  const severity = severityOf(likelihood, impact);
  const score = likelihood * impact;
  return {
    method: RISK_METHOD,
    likelihood,
    impact,
    score,
    severity,
    rationale: `Likelihood 3 (high), set because ${reach}; impact ${impact} (${levelName(impact)}), set because ${worst}; ${likelihood} x ${impact} = ${score}, ${severity}.`,
  };
}

/**
 * Routes of the app's other files (and the app's own routes in this file) whose full path lies under
 * the story's prefix, with what guards them. A router mounted at the root has no prefix of its own
 * to share, so nothing is added for it.
 */
function routesElsewhere(input: MissingLoginInput): { method: string; path: string; line: number; handler: [number, number]; file: SourceFile; full: string; auth: RouteAuthentication }[] {
  const prefix = input.prefix?.replace(/\/+$/, '');
  if (!prefix || !input.appFiles) return [];
  const files = [...input.appFiles.filter((f) => f.path !== input.file.path), input.file];
  return appRoutes(files)
    .filter((r) => !(r.file === input.file && r.router === input.router) && (r.path === prefix || r.path.startsWith(`${prefix}/`)))
    .map((r) => ({
      method: r.method,
      path: r.path,
      line: r.line,
      handler: r.handler,
      file: r.file,
      full: r.path,
      auth: routeAuthentication({
        file: r.file,
        handler: r.handler,
        ...(r.chain[0] ? { mount: r.chain[0] } : {}),
        ...(r.chain.length > 1 ? { outer: r.chain.slice(1) } : {}),
        ...(r.routerFile ? { routerFile: r.routerFile } : {}),
      }),
    }));
}

function authOf(input: MissingLoginInput, handler: [number, number]): RouteAuthentication {
  return routeAuthentication({ file: input.file, handler, ...(input.mount ? { mount: input.mount } : {}), ...(input.outer ? { outer: input.outer } : {}) });
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
