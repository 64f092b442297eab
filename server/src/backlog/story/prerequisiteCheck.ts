// A story's stated prerequisite ("with a staff account") checked against the route's real
// authentication (routeAuth.ts). When the route checks no login, the prerequisite is false: the
// narrative names any anonymous visitor, the likelihood is high, and the story asks for the missing
// login with a test that sends the request anonymously and expects 401/403. Pure.
import type { TestFramework } from './testSkeleton';

/** Who the story assumed the attacker had to be, in the words criteria and narratives use. */
export interface LoginAssumption {
  /** "staff member", "administrator", "customer", "user". */
  role: string;
  /** The same as a group: "staff", "administrators", "customers", "logged-in users". */
  group: string;
  /** "staff-only functions", "functions meant for customers". */
  functions: string;
}

const ADMIN: LoginAssumption = { role: 'administrator', group: 'administrators', functions: 'administrator-only functions' };
const STAFF: LoginAssumption = { role: 'staff member', group: 'staff', functions: 'staff-only functions' };
const CUSTOMER: LoginAssumption = { role: 'customer', group: 'customers', functions: 'functions meant for customers' };
const USER: LoginAssumption = { role: 'user', group: 'logged-in users', functions: 'functions meant for logged-in users' };

/** Words that say the attacker holds an account, a session or a role before the attack. */
const NEEDS_LOGIN = /\b(?:account|session|logged[- ]?in|log(?:s|ged)? in|authenticated|signed[- ]?in|staff|admin\w*|employee|insider|member|credentials?|token|role|customer)\b/i;
const NO_LOGIN = /\b(?:anonymous|unauthenticated|without (?:an? |any )?(?:account|login|session)|no (?:account|login))\b/i;
/** Path segments of back-office work: a route under them is meant for staff. */
const ADMIN_SEGMENT = /^(?:admin\w*|staff|manage\w*|management|internal|reports?|exports?|bulk(?:-[\w-]+)?|back-?office)$/i;

/**
 * The login a story assumes: from its prerequisite, else from the actor (a seed's "authenticated
 * low-privilege user"); none when neither needs one. The role is the one the words name, else the
 * one the route's path implies (`/admin/...` is for administrators).
 */
export function assumedLogin(prerequisites: string | undefined, actor: string, routePath: string): LoginAssumption | undefined {
  const words = prerequisites?.trim() ? prerequisites : actor;
  if (!NEEDS_LOGIN.test(words) || NO_LOGIN.test(words)) return undefined;
  if (/\badmin/i.test(words)) return ADMIN;
  if (/\b(?:staff|employee|back-?office|operator|insider)\b/i.test(words)) return STAFF;
  // An admin path outranks "any user account"; a report or an export may be a user's own, so the
  // words decide there, and the path only when they name nobody in particular.
  const segment = adminSegment(routePath);
  if (segment && /^admin/i.test(segment)) return ADMIN;
  if (/\bcustomer/i.test(words)) return CUSTOMER;
  if (/\b(?:user|member)\b/i.test(words)) return USER;
  return segment ? STAFF : USER;
}

/** The assumption a story recorded by its group (`authentication.assumed`). */
export function loginOfGroup(group: string | undefined): LoginAssumption | undefined {
  return [ADMIN, STAFF, CUSTOMER, USER].find((a) => a.group === group);
}

/** The first back-office segment of a route path (`admin` in `/admin/exports/:file`), if any. */
export function adminSegment(routePath: string): string | undefined {
  return routePath.split('/').find((s) => ADMIN_SEGMENT.test(s));
}

/** The role a missing-login story asks for: the one the story assumed, else the path's. */
export function backOfficeRole(assumption: LoginAssumption | undefined, routePath: string): LoginAssumption {
  if (assumption) return assumption;
  return /^admin/i.test(adminSegment(routePath) ?? '') ? ADMIN : STAFF;
}

/** Whether the role is a privilege beyond having an account, so that another logged-in user is refused too. */
export function isPrivileged(assumption: LoginAssumption): boolean {
  return assumption === ADMIN || assumption === STAFF;
}

/** The narrative's actor when the stated login does not exist. */
export function anonymousActor(assumption: LoginAssumption): string {
  return `any anonymous visitor (the route has no authentication, although it is meant for ${assumption.group})`;
}

/** Why the likelihood is high, for the risk rationale. */
export function anonymousReason(prerequisites: string | undefined, assumption: LoginAssumption): string {
  const stated = prerequisites?.trim() ? `the story assumed the attacker needs ${prerequisites.trim().replace(/^with\s+/i, '')}` : `the story assumed a ${assumption.role}`;
  return `${stated}, but nothing on the route or where it is mounted checks a login, so any anonymous visitor can send the attack`;
}

const LOGIN_CRITERION_START = 'Only an authenticated ';

/** The control that closes the gap. */
export function loginCriterion(assumption: LoginAssumption, where: string): string {
  return `${LOGIN_CRITERION_START}${assumption.role} reaches \`${where}\`; an anonymous request answers 401 or 403 before the handler runs`;
}

/** Whether a criterion is the one `loginCriterion` writes. */
export function isLoginCriterion(text: string): boolean {
  return text.startsWith(LOGIN_CRITERION_START);
}

export interface AnonymousRoute {
  method: string;
  /** Full path with its mount prefix. */
  path: string;
}

export interface AnonymousTest {
  path: string;
  criterion: string;
  code: string;
}

/**
 * A test that sends each route with no login and expects 401 or 403: it fails while anyone gets in
 * and passes once a login is required, whatever else the handler does.
 */
export function anonymousTest(key: string, routes: readonly AnonymousRoute[], assumption: LoginAssumption, framework: TestFramework, port: number | undefined): AnonymousTest {
  const path = `test/security/${key.toLowerCase()}-login.test.js`;
  const esm = framework === 'vitest';
  const header = { 'node:test': "const { test } = require('node:test');", jest: '// jest provides test() as a global.', vitest: "import { test } from 'vitest';", mocha: '// mocha provides it() as a global.' }[framework];
  const testFn = framework === 'mocha' ? 'it' : 'test';
  const list = routes.map((r) => `  [${JSON.stringify(r.method)}, ${JSON.stringify(r.path.replace(/:[A-Za-z_$][\w$]*\??/g, '1'))}],`);
  const named = routes.length === 1 ? `\`${routes[0].method} ${routes[0].path}\`` : `each of ${routes.map((r) => `\`${r.method} ${r.path}\``).join(', ')}`;
  const code = [
    `// ${key}: only an authenticated ${assumption.role} reaches ${routes.length === 1 ? `${routes[0].method} ${routes[0].path}` : 'these routes'}`,
    `// Fails while the route answers anyone, passes once it requires a login. Start the app, then run it with`,
    `// BASE_URL pointing at it (default http://localhost:${port ?? 3000}).`,
    header,
    esm ? "import assert from 'node:assert/strict';" : "const assert = require('node:assert/strict');",
    '',
    `const BASE_URL = process.env.BASE_URL || 'http://localhost:${port ?? 3000}';`,
    '// Method and path of each route, path parameters filled with a harmless value.',
    'const ROUTES = [',
    ...list,
    '];',
    '',
    `${testFn}(${JSON.stringify(`${key}: an anonymous request is refused before the handler runs`)}, async () => {`,
    '  for (const [method, path] of ROUTES) {',
    "    const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;",
    '    let anonymous;',
    '    try {',
    "      anonymous = await fetch(`${BASE_URL}${path}`, { method, redirect: 'manual', ...(body ? { headers: { 'content-type': 'application/json' }, body } : {}) });",
    '    } catch (error) {',
    '      // No answer at all: a login check would have answered before the handler, so the handler ran and the app stopped.',
    '      assert.fail(`${method} ${path} gave no answer to a request with no login (${error.cause?.code ?? error.message}): it reached the handler, which stopped the app`);',
    '    }',
    `    // Expected: 401 or 403, since only an authenticated ${assumption.role} may reach it.`,
    '    assert.ok(anonymous.status === 401 || anonymous.status === 403, `${method} ${path} answered ${anonymous.status} to a request with no login`);',
    '  }',
    '});',
    '',
  ].join('\n');
  return { path, code, criterion: `\`${path}\` sends ${named} with no login and passes when ${routes.length === 1 ? 'it answers' : 'every one answers'} 401 or 403; it fails before the fix` };
}
