// The missing login as its own piece of work: when a back-office route (under /admin, /reports,
// /export..., or one the story says is for staff) checks no login, one story per router asks for
// the login on all of its routes that lack it, instead of a criterion repeated in every story on
// that router. Its identity is the router and its mount, so raising a second story on the same
// router finds it again rather than filing another. Never raised for a guarded or unknown route.
// Pure: story.ts passes the files.
import { createHash } from 'node:crypto';
import { buildExcerpt } from './excerpt';
import { storyKey } from './fingerprint';
import { inertMarkdown, truncate } from './markdownSafety';
import { adminSegment, anonymousTest, backOfficeRole, isPrivileged, loginCriterion, type LoginAssumption } from './prerequisiteCheck';
import { priorityOf, rateRisk } from './risk';
import { routeAuthentication, routesIn, type SourceFile } from './routeAuth';
import { redactSecrets } from '../../redaction/redact';
import { joinRoute } from './routes';
import { findGoal } from './stride';
import type { TestFramework } from './testSkeleton';
import { STORY_SCHEMA_VERSION, type Story } from './types';
import { lineOfOffset } from '../../engine/parse';

export const MISSING_LOGIN_GOAL = 'e-admin-without-login';

export interface MissingLoginInput {
  file: SourceFile;
  /** The router object the story's route belongs to (`router`, `app`). */
  router: string;
  /** Its mount prefix, when it has one. */
  prefix?: string;
  /** The file that mounts it (this file when it mounts its own router). */
  mount?: SourceFile & { prefix: string };
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

/** Whether a route the story found unguarded is back-office work that deserves its own login story. */
export function isBackOffice(routePath: string, assumption: LoginAssumption | undefined): boolean {
  return Boolean(adminSegment(routePath)) || (assumption !== undefined && isPrivileged(assumption));
}

export function missingLoginStory(input: MissingLoginInput): Story | undefined {
  const goal = findGoal(MISSING_LOGIN_GOAL);
  if (!goal) return undefined;
  const role = backOfficeRole(input.assumption, input.route.path);
  const full = (path: string) => (input.prefix ? joinRoute(input.prefix, path) : path);
  const story = `${input.route.method} ${input.route.path}`;
  const open = routesIn(input.file)
    .filter((r) => r.router === input.router)
    .map((r) => ({ ...r, full: full(r.path) }))
    .filter((r) => `${r.method} ${r.full}` === story || (adminSegment(r.full) !== undefined && isOpen(input, r.handler)));
  if (!open.some((r) => `${r.method} ${r.full}` === story)) return undefined;

  const where = redactSecrets(input.prefix ?? input.file.path, input.known).text;
  const fingerprint = createHash('sha256').update(`rugged-missing-login:${input.file.path}:${input.router}:${input.prefix ?? ''}`).digest('hex').slice(0, 32);
  const key = storyKey(fingerprint);
  // A route path may carry a token (`/hooks/<token>`): hidden before anything quotes it.
  const routes = open.map((r) => ({ method: r.method, path: redactSecrets(r.full, input.known).text, line: r.line }));
  const test = anonymousTest(key, routes, role, input.framework, input.port);
  const first = Math.min(...open.map((r) => r.line));
  const last = Math.max(...open.map((r) => lineOfOffset(input.file.text, r.handler[1])));
  const { excerpt, sha256 } = buildExcerpt(input.file.text, input.file.path, [first, last], input.known);
  const risk = rateRisk({ seedLikelihood: goal.likelihood, seedImpact: goal.impact, seedSource: `catalogue goal ${goal.id}` });
  const goalText = `use ${role.functions} without logging in`;
  const mounted = input.prefix ? ` (mounted at \`${input.prefix}\`)` : '';
  return {
    schema: STORY_SCHEMA_VERSION,
    kind: 'abuser-story',
    key,
    fingerprint,
    title: truncate(`Use ${role.functions} under ${where} without logging in (${routes.length} route${routes.length === 1 ? '' : 's'})`, 80),
    actor: 'anonymous internet user',
    goal: goalText,
    technique: `calling the routes directly: nothing on them, their router or where it is mounted checks who is calling`,
    harm: `anyone on the internet runs ${inertMarkdown(routes.map((r) => `${r.method} ${r.path}`).join(', '))}, which only ${role.group} should reach`,
    narrative: `As an anonymous internet user, I want to ${goalText}, so that I run ${inertMarkdown(routes.map((r) => `${r.method} ${r.path}`).join(', '))}, which only ${role.group} should reach.`,
    stride: ['S', 'E'],
    properties: ['Authentication', 'Authorization'],
    asset: `${role.functions} under ${where}`,
    entryPoint: { path: input.file.path, symbol: `routes under ${where}`, lines: [first, last], language: excerpt.language },
    findings: [],
    risk,
    acceptanceCriteria: [
      { kind: 'control', text: `Every route of \`${input.file.path}\`${mounted} requires an authenticated ${role.role} before its handler runs, checked in one place (a \`${input.router}.use(...)\` before the routes, or middleware in the mount), so a route added later is covered too`, done: false },
      { kind: 'control', text: loginCriterion(role, routes.map((r) => `${r.method} ${r.path}`).join('`, `')), done: false },
      ...(isPrivileged(role) ? [{ kind: 'control' as const, text: `A logged-in user who is not a ${role.role} gets 403 from these routes`, done: false }] : []),
      { kind: 'test', text: test.criterion, done: false },
      { kind: 'evidence', text: `A reviewer confirms that no other route of \`${input.file.path}\` is left without the check, and links the change here`, done: false },
    ],
    labels: ['security', 'abuser-story', 'missing-login', 'stride-s', 'stride-e', goal.cwe.toLowerCase(), `risk-${risk.severity.toLowerCase()}`],
    priority: priorityOf(risk.severity),
    excerpt,
    testSkeleton: { path: test.path, framework: input.framework, payload: 'no payload: a request with no login', refusal: '401 or 403 before the handler runs', criterion: test.criterion, code: test.code },
    missingLogin: { routes },
    provenance: { tool: 'rugged', toolVersion: input.toolVersion, createdAt: input.now.toISOString(), source: 'file', redactions: excerpt.redactions, snippetSha256: sha256 },
  };
}

function isOpen(input: MissingLoginInput, handler: [number, number]): boolean {
  return routeAuthentication({ file: input.file, handler, ...(input.mount ? { mount: input.mount } : {}) }).state === 'unguarded';
}
