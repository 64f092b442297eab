// Site-wide controls (HSTS, CSP, CSRF protection, database least privilege, login rate limiting)
// are one piece of work each, done once for the whole site: they get a "platform" story of their
// own, raised the first time a story relies on one and linked from every story that does, instead
// of a criterion repeated in every single-line fix. Pure: the use case files them.
import { createHash } from 'node:crypto';
import { storyKey } from './fingerprint';
import type { CodeEvidence } from './platformEvidence';
import { priorityOf, rateRisk } from './risk';
import { sortStride, STRIDE } from './stride';
import { STORY_SCHEMA_VERSION, type RiskLevel, type Story, type StrideCategory } from './types';

export type PlatformId = 'hsts' | 'csp' | 'csrf' | 'db-least-privilege' | 'login-rate-limit';

interface PlatformControl {
  /** Which seed controls this platform story stands for. */
  matches: RegExp;
  title: string;
  actor: string;
  goal: string;
  harm: string;
  asset: string;
  stride: StrideCategory[];
  criteria: string[];
  likelihood: RiskLevel;
  impact: RiskLevel;
  /**
   * The control only limits what another weakness achieves (least privilege after an injection, a
   * CSP after a markup injection): no attack starts from its absence, so the report shows it beside
   * the stories it amplifies instead of counting it as a risk of its own.
   */
  amplifier?: true;
}

/** The weakness each control closes, so the report can name the story beside that weakness class. */
const PLATFORM_CWE: Readonly<Record<PlatformId, string>> = {
  hsts: 'cwe-319',
  csp: 'cwe-1021',
  csrf: 'cwe-352',
  'db-least-privilege': 'cwe-250',
  'login-rate-limit': 'cwe-307',
};

const PLATFORM: Readonly<Record<PlatformId, PlatformControl>> = {
  hsts: {
    matches: /\bHSTS\b|Strict-Transport-Security|served only over HTTPS/i,
    title: 'Platform: every page is served over HTTPS only, with HSTS',
    actor: 'attacker on the same Wi-Fi or network path as a user',
    goal: 'downgrade a visit to plain HTTP and read or change what travels',
    harm: 'I steal session cookies and credentials in transit, or inject my script into pages',
    asset: 'sessions and credentials in transit',
    stride: ['I', 'T'],
    criteria: [
      'Every response carries `Strict-Transport-Security: max-age=31536000; includeSubDomains`',
      'Plain-HTTP requests are redirected to HTTPS before any cookie is set',
      'An automated check requests the site over HTTP and sees the redirect and the HSTS header',
    ],
    likelihood: 2,
    impact: 2,
  },
  csp: {
    matches: /Content-Security-Policy|\bCSP\b|security headers/i,
    title: 'Platform: a Content-Security-Policy blocks injected scripts site-wide',
    actor: 'anonymous internet user who found a way to put markup into a page',
    goal: 'run my inline script or load one from my server in other users\' browsers',
    // No cookie theft is claimed: an httpOnly session cookie stays out of the script's reach, and the
    // script does its harm from inside the user's session anyway.
    harm: 'a script injected anywhere on the site runs as the signed-in user, reading what their pages show and acting in their name',
    asset: 'user sessions and the pages they see',
    stride: ['T', 'E'],
    criteria: [
      'Every HTML response carries a Content-Security-Policy without `unsafe-inline` or `unsafe-eval` for scripts',
      'Violations are reported to an endpoint the team reads',
      'An automated check loads the main pages and finds the header on each',
    ],
    likelihood: 2,
    impact: 2,
    amplifier: true,
  },
  csrf: {
    matches: /\bCSRF\b|cross-site request forgery/i,
    title: 'Platform: state-changing requests are protected against cross-site forgery',
    actor: 'owner of another website a logged-in user visits',
    goal: 'make the user\'s browser submit a change to this site from my page',
    harm: 'changes happen in the victim\'s account without their consent',
    asset: 'account settings and every state-changing action',
    stride: ['T', 'S'],
    criteria: [
      'Every POST, PUT, PATCH and DELETE route checks a CSRF token, or the session cookie is `SameSite=Lax` or `Strict` and no state changes on GET',
      'An automated check sends a state-changing request without the token from another origin and it is refused',
    ],
    likelihood: 2,
    impact: 2,
  },
  'db-least-privilege': {
    matches: /privileges it needs|least privilege/i,
    title: 'Platform: the application\'s database account has only the privileges it needs',
    actor: 'attacker who found an injection anywhere in the application',
    goal: 'drop tables, read other schemas or write files through the application\'s database account',
    harm: 'one injection turns into the loss or theft of the whole database',
    asset: 'the database and the data of every customer',
    stride: ['E', 'T'],
    criteria: [
      'The application connects with an account limited to the tables and statements it uses (no DDL, no superuser, no file access)',
      'Migrations run with a separate account that the application never holds',
      'An automated check connects with the application\'s own database settings and is refused `CREATE TABLE` and `DROP TABLE`, and finds the account is no superuser and has no file access (PostgreSQL: `rolsuper` false and no `pg_read_server_files`; MySQL: no `ALL PRIVILEGES`, `SUPER` or `FILE` grant)',
    ],
    likelihood: 1,
    impact: 3,
    amplifier: true,
  },
  'login-rate-limit': {
    matches: /Login attempts are rate.?limited/i,
    title: 'Platform: login attempts are rate-limited per account and per address',
    actor: 'attacker with a list of leaked passwords',
    goal: 'try thousands of passwords against user accounts through the login form',
    harm: 'I take over every account whose password is on my list',
    asset: 'user accounts',
    stride: ['S'],
    criteria: [
      'After a few failed logins an account and a source address are slowed down or blocked for a while',
      'Failed and blocked logins are logged with the account and address',
      'An automated check sends repeated wrong passwords and sees the refusal once the limit is reached',
    ],
    likelihood: 2,
    impact: 2,
  },
};

/** What a platform story's entry point is: the whole application, whatever file its evidence is in. */
export const WHOLE_APPLICATION = 'the whole application';

/** The platform stories the site-wide controls of a story stand for, each once. */
export function platformIdsOf(controls: readonly string[]): PlatformId[] {
  const ids = (Object.keys(PLATFORM) as PlatformId[]).filter((id) => controls.some((c) => PLATFORM[id].matches.test(c)));
  return ids;
}

/** Whether a platform story (by its `platform` id) only amplifies the stories that rely on it. */
export function isAmplifier(platform: string | undefined): boolean {
  return platform !== undefined && Object.hasOwn(PLATFORM, platform) && PLATFORM[platform as PlatformId].amplifier === true;
}

/** Whether a seed control is site-wide (a platform story's work rather than the fix's). */
export function isSiteWide(control: string): boolean {
  return Object.values(PLATFORM).some((p) => p.matches.test(control));
}

/** What the code showed about the control (platformEvidence.ts): the likelihood it sets, why, and where. */
export interface PlatformGrounding {
  likelihood: RiskLevel;
  reason: string;
  evidence: CodeEvidence[];
}

/**
 * The same platform story every time it is needed: its fingerprint depends only on the control.
 * With `grounding`, the likelihood and its reason come from the code, and the entry point is the
 * first line of evidence rather than a made-up place.
 */
export function platformStory(id: PlatformId, now: Date, toolVersion: string, grounding?: PlatformGrounding): Story {
  const p = PLATFORM[id];
  const fingerprint = createHash('sha256').update(`rugged-platform-story:${id}`).digest('hex');
  const stride = sortStride(p.stride);
  const risk = rateRisk({
    seedLikelihood: p.likelihood,
    seedImpact: p.impact,
    seedSource: `platform control ${id}`,
    ...(grounding ? { grounded: { likelihood: { level: grounding.likelihood, reason: grounding.reason } } } : {}),
  });
  const first = grounding?.evidence[0];
  const harm = harmWithRoutes(p.harm, id, grounding?.evidence ?? []);
  return {
    schema: STORY_SCHEMA_VERSION,
    kind: 'abuser-story',
    key: storyKey(fingerprint),
    fingerprint,
    title: p.title,
    actor: p.actor,
    goal: p.goal,
    harm,
    narrative: `As ${/^[aeiou]/i.test(p.actor) ? 'an' : 'a'} ${p.actor}, I want to ${p.goal}, so that ${harm}.`,
    stride,
    properties: stride.map((s) => STRIDE[s].property),
    asset: p.asset,
    entryPoint: first ? { path: first.path, symbol: WHOLE_APPLICATION, lines: [first.line, first.line], language: 'text' } : { path: '.', symbol: WHOLE_APPLICATION, lines: [1, 1], language: 'text' },
    findings: [],
    risk,
    acceptanceCriteria: p.criteria.map((text) => ({ kind: /^An automated check/.test(text) ? ('test' as const) : /^A reviewer/.test(text) ? ('evidence' as const) : ('control' as const), text, done: false })),
    labels: ['security', 'abuser-story', 'platform', ...stride.map((s) => `stride-${s.toLowerCase()}`), PLATFORM_CWE[id], `risk-${risk.severity.toLowerCase()}`],
    priority: priorityOf(risk.severity),
    excerpt: { text: '', language: 'text', lines: [1, 1], truncated: false, redactions: 0 },
    platform: id,
    ...(grounding ? { platformEvidence: grounding.evidence } : {}),
    provenance: { tool: 'rugged', toolVersion, createdAt: now.toISOString(), source: 'file', redactions: 0, snippetSha256: createHash('sha256').update('').digest('hex') },
  };
}

/**
 * A CSRF harm names the changes the evidence shows a forged request can make (the state-changing
 * routes that trust the session cookie), rather than changes the app may not offer.
 */
function harmWithRoutes(harm: string, id: PlatformId, evidence: readonly CodeEvidence[]): string {
  if (id !== 'csrf') return harm;
  const routes = evidence.map((e) => /^(?:POST|PUT|PATCH|DELETE) \S+/.exec(e.what)?.[0]).filter((r): r is string => r !== undefined);
  if (routes.length === 0) return harm;
  const shown = routes.slice(0, 4).map((r) => `\`${r}\``);
  return `${harm}, through ${shown.join(', ')}${routes.length > 4 ? ` and ${routes.length - 4} more routes` : ''}`;
}
