// What this application's code holds that the scan cannot judge: features found in its
// dependencies and source (an upload middleware, a GraphQL endpoint, record ids in routes, a
// redirect from request input...), each matched to a weakness class, and split by whether a rule
// that ran looks for that class. "Every finding is covered by a story" then reads against what is
// really here, not a list that is the same for every app. Pure: the caller reads package.json and
// the product source.
import { lineOfOffset } from '../../engine/parse';
import { hstsVerdict, platformFactsOf, type CodeEvidence } from './platformEvidence';
import { appRoutes, type AppRoute } from './appRoutes';
import { routeAuthentication, type SourceFile } from './routeAuth';
import { adminSegment } from './prerequisiteCheck';
import { isLoginFlow, routeAction } from './routeActions';
import { ownerFieldIn } from './ownership';
import { requestFieldsIn } from './handlerFields';
import type { ScannerCoverage } from './scannerCoverage';

/** A feature of this code that a weakness class is about, with where it shows. */
export interface PresentWeakness {
  /** The weakness class's name, as scannerCoverage.ts lists it. */
  name: string;
  cwe: string[];
  /** `package.json depends on multer`, `src/routes/files.js:14 res.redirect(req.query.to)`. */
  evidence: string[];
  /** What to review, in one sentence. */
  review: string;
  /** Rules that ran and look for this class; empty when none does. */
  rules: string[];
}

/**
 * A weakness class no rule reports, which the stories look for in part: the route checks a story
 * makes (a login on the route, its router and every mount; an owner the request names).
 */
export interface PartialCheck {
  name: string;
  cwe: string[];
  /** What in this code the check found, with file:line; empty when it found nothing. */
  evidence: string[];
  /** What Rugged looks at, and what it leaves to a reviewer. */
  how: string;
  review: string;
}

export interface WorkspaceBlindSpots {
  /** In this code, and no rule that ran looks for it. */
  unchecked: PresentWeakness[];
  /** No rule looks for it, but the stories' route checks do, in part (missing logins, owners the request names). */
  partial?: PartialCheck[];
  /** In this code, and a rule that ran looks for it (a finding or its absence means something). */
  checked: PresentWeakness[];
  /** Weakness classes no rule looks for and nothing in this code points at. */
  notSeen: string[];
  /** Site-wide controls the code cannot show either way (HSTS behind a proxy). */
  unknownControls: { control: string; reason: string }[];
}

interface Detector {
  /** Weakness class name in scannerCoverage.ts's list. */
  name: string;
  review: string;
  /** Packages that bring the feature. */
  packages?: RegExp;
  /** Source lines that show it, with what each match does. */
  source?: { pattern: RegExp; what: string }[];
  /** Evidence read from the app's routes, with their mount prefixes (record ids, a login route). */
  routes?: (routes: readonly AppRoute[]) => CodeEvidence[];
  /** Evidence that holds only when this is absent from the source and dependencies. */
  unless?: RegExp;
}

const DETECTORS: readonly Detector[] = [
  {
    name: 'Brute force and missing rate limits',
    review: 'check that logins and other guessable endpoints are slowed down after failures',
    routes: (routes) => routes.filter((r) => r.method === 'POST' && /log-?in|sign-?in|auth|token|password|reset|otp/i.test(r.path)).map((r) => ({ path: r.file.path, line: r.line, what: `${r.method} ${r.path} accepts credentials and nothing limits its rate` })),
    unless: /express-rate-limit|rate-limiter-flexible|express-brute|express-slow-down|@fastify\/rate-limit|koa-ratelimit|\brateLimit\s*\(/,
  },
  {
    name: 'Unrestricted file upload',
    review: 'check the type, size and name of each upload, and that uploads are stored outside served folders',
    packages: /^(?:multer|express-fileupload|formidable|busboy|connect-multiparty|@fastify\/multipart)$/,
  },
  {
    name: 'GraphQL query abuse (depth, batching, per-field authorization)',
    review: 'check query depth and cost limits, introspection in production and authorization in every resolver',
    packages: /^(?:graphql|express-graphql|graphql-http|graphql-yoga|apollo-server(?:-\w+)?|@apollo\/server|mercurius|type-graphql|@nestjs\/graphql)$/,
  },
  {
    name: 'Cross-site WebSocket hijacking',
    review: 'check that the WebSocket handshake checks the Origin and authenticates each connection',
    packages: /^(?:ws|socket\.io|sockjs|uWebSockets\.js|@fastify\/websocket|express-ws)$/,
  },
  {
    name: 'XML external entities (XXE)',
    review: 'check that every XML parser has external entities and DTDs turned off',
    packages: /^(?:libxmljs2?|xml2js|fast-xml-parser|@xmldom\/xmldom|xmldom|sax|xpath|xmlbuilder2|libxml-xsd)$/,
  },
  {
    name: 'Unsafe deserialisation',
    review: 'check that no request or cookie value is deserialised into objects or code',
    packages: /^(?:node-serialize|serialize-to-js|funcster|cryo|js-yaml|yaml)$/,
  },
  {
    name: 'Open redirect',
    review: 'check that redirects go only to paths of this site or an allowlist',
    source: [{ pattern: /\b(?:res|ctx|reply|response)\.redirect\s*\([^)\n]*\breq(?:uest)?\b[^)\n]*\)/g, what: 'redirects to a target from the request' }],
  },
  {
    name: 'Server-side request forgery (SSRF)',
    review: 'check that outgoing requests go only to allowed hosts, never to a URL the request chose',
    source: [{ pattern: /\b(?:fetch|axios(?:\.\w+)?|got(?:\.\w+)?|request(?:\.\w+)?|superagent\.\w+|https?\.(?:get|request))\s*\([^)\n]*\breq(?:uest)?\.(?:query|body|params)\b/g, what: 'sends a request to a URL built from request input' }],
  },
  {
    name: 'Mass assignment',
    review: 'check that records are created and updated from an allowlist of fields, never from the whole body',
    source: [{ pattern: /\.(?:create|build|update|insert|insertOne|updateOne|findOneAndUpdate|findByIdAndUpdate|set|assign)\s*\(\s*(?:[^,()\n]*,\s*)?req(?:uest)?\.body\s*[,)]/g, what: 'writes the whole request body into a record' }],
  },
  {
    name: 'Prototype pollution',
    review: 'check that deep merges of request input skip `__proto__`, `constructor` and `prototype`',
    source: [{ pattern: /\b(?:_|lodash|merge|deepmerge|defaultsDeep)(?:\.(?:merge|mergeWith|defaultsDeep|set|setWith|all))?\s*\([^)\n]*\breq(?:uest)?\.(?:body|query)\b/g, what: 'merges request input into an object' }],
  },
  {
    name: 'Sensitive data in logs',
    review: 'check that passwords, tokens and personal data never reach the logs',
    source: [{ pattern: /\b(?:console\.(?:log|info|warn|error|debug)|logger\.\w+|log\.\w+)\s*\([^)\n]*\b(?:password|passwd|token|secret|authorization|cookie)\b/gi, what: 'logs a credential' }],
  },
  {
    name: 'Missing security headers (HSTS, CSP, clickjacking)',
    review: 'check that responses carry a Content-Security-Policy, X-Frame-Options or frame-ancestors, and nosniff, here or at the proxy',
    source: [{ pattern: /\b(?:express|fastify|koa|Koa)\s*\(\s*\)/g, what: 'creates the app, and no code sets security headers' }],
    unless: /\bhelmet\b|Content-Security-Policy|X-Frame-Options|frame-ancestors/i,
  },
  {
    name: 'Vulnerable or outdated dependencies',
    review: 'run `npm audit` or a dependency scanner in CI: Rugged reads no advisory database',
    packages: /./,
  },
];

/** Rules recognised by their class name: the CSRF evidence is the platform check's, not a pattern. */
const CSRF = 'Cross-site request forgery (CSRF)';

/**
 * The weaknesses this code holds, checked or not by the rules that ran. `packageJson` is the text
 * of the app's package.json (absent when there is none); `sources` its product source files.
 */
export function workspaceBlindSpots(packageJson: string | undefined, sources: readonly SourceFile[], coverage: ScannerCoverage): WorkspaceBlindSpots {
  const deps = dependenciesOf(packageJson);
  const allText = `${deps.join('\n')}\n${sources.map((s) => s.text).join('\n')}`;
  const present: Omit<PresentWeakness, 'cwe' | 'rules'>[] = [];
  const routes = appRoutes(sources);
  for (const detector of DETECTORS) {
    if (detector.unless?.test(allText)) continue;
    const evidence = evidenceOf(detector, deps, sources, routes);
    if (evidence.length > 0) present.push({ name: detector.name, evidence, review: detector.review });
  }
  const facts = platformFactsOf(sources);
  const csrfEvidence = [...facts.formBodies, ...facts.cookieAuthenticatedWrites];
  if (csrfEvidence.length > 0 && facts.csrfDefences.length === 0) {
    present.push({ name: CSRF, evidence: shown(csrfEvidence.map(line)), review: 'check that state-changing requests need a CSRF token or a sameSite session cookie' });
  }
  const checked: PresentWeakness[] = [];
  const unchecked: PresentWeakness[] = [];
  const partial: PartialCheck[] = [];
  for (const check of partialChecks(routes)) {
    // A rule that looks for the class speaks for it; the stories' check is then only an addition.
    if (coverage.checked.some((c) => c.name === check.name)) continue;
    const cwe = coverage.notChecked.find((c) => c.name === check.name)?.cwe ?? [];
    partial.push({ ...check, cwe });
  }
  const partialNames = new Set(partial.map((p) => p.name));
  for (const weakness of present) {
    if (partialNames.has(weakness.name)) continue;
    const covered = coverage.checked.find((c) => c.name === weakness.name);
    const cwe = covered?.cwe ?? coverage.notChecked.find((c) => c.name === weakness.name)?.cwe ?? [];
    (covered ? checked : unchecked).push({ ...weakness, cwe, rules: covered?.rules ?? [] });
  }
  const named = new Set([...present.map((p) => p.name), ...partialNames]);
  const hsts = hstsVerdict(facts);
  return {
    unchecked,
    ...(partial.length > 0 ? { partial } : {}),
    checked,
    notSeen: coverage.notChecked.filter((c) => !named.has(c.name) && !GENERIC_LIMITS.some((g) => g.name === c.name)).map((c) => c.name),
    unknownControls: hsts.kind === 'unknown' ? [{ control: 'HTTPS with HSTS', reason: hsts.reason }] : [],
  };
}

const MISSING_AUTHENTICATION = 'Missing authentication on a critical function';
const IDOR = 'Missing authorization and insecure direct object references (IDOR)';

/**
 * What the stories' route checks find in this code: routes that change data or serve a back office
 * with no login on the route, its router or any mount above it (what a missing-login story is raised
 * for), and routes taking a record id or letting the request name the owner (what an ownership
 * criterion and test are written for).
 */
function partialChecks(routes: readonly AppRoute[]): Omit<PartialCheck, 'cwe'>[] {
  const open: CodeEvidence[] = [];
  for (const r of routes) {
    if (isLoginFlow(r.path) || (r.method === 'GET' && !adminSegment(r.path))) continue;
    const auth = routeAuthentication({ file: r.file, handler: r.handler, ...(r.chain[0] ? { mount: r.chain[0] } : {}), ...(r.chain.length > 1 ? { outer: r.chain.slice(1) } : {}), ...(r.routerFile ? { routerFile: r.routerFile } : {}) });
    if (auth.state === 'unguarded') open.push({ path: r.file.path, line: r.line, what: `${r.method} ${r.path} checks no login` });
  }
  const records: CodeEvidence[] = [];
  for (const r of routes) {
    // A path parameter names the record itself (`/users/:userId`); the owner is named in the query or body.
    const owner = ownerFieldIn(requestFieldsIn(r.file.text.slice(r.handler[0], r.handler[1])).filter((f) => f.location !== 'params'));
    if (owner) records.push({ path: r.file.path, line: r.line, what: `${r.method} ${r.path} lets the request name the owner (\`${owner.location}.${owner.name}\`)` });
    // A read of records everyone may see (a product, a health check) by its id is no one's to protect.
    else if (/:\w*id\b/i.test(r.path) && !(r.method === 'GET' && !routeAction(r.method, r.path, r.file.text.slice(r.handler[0], r.handler[1]))))
      records.push({ path: r.file.path, line: r.line, what: `${r.method} ${r.path} takes a record id` });
  }
  const checks: Omit<PartialCheck, 'cwe'>[] = [
    {
      name: MISSING_AUTHENTICATION,
      evidence: shown(open.map(line)),
      how: 'no rule reports it; when a story is raised on a route, Rugged reads the route, its router and every mount above it for a login check, and raises a missing-login story for a router with back-office routes or routes a story says need an account. It knows a guard by its name and shape (one it cannot read leaves the answer unknown), and a route no story was raised on is only listed here',
      review: 'check that every route that changes data or serves staff requires a login',
    },
  ];
  if (records.length > 0) {
    checks.push({
      name: IDOR,
      evidence: shown(records.map(line)),
      how: "no rule reports it; a story on a route that lets the request name the owner asks for the owner from the session and proposes a signed-in test, and the goal of changing another user's record does the same for a record id when it is chosen. Whether each route answers only the caller's own records is not checked",
      review: 'check that each route taking a record id or an owner answers only records the caller may see or change',
    });
  }
  return checks;
}

/** Limits of any static scan, said once per report rather than as weaknesses of this app. */
export const GENERIC_LIMITS: readonly { name: string; text: string }[] = [
  { name: 'Business logic flaws', text: 'Business logic: prices, quantities, workflows and limits that the code enforces as designed, but the design allows abuse.' },
  { name: 'Authorization design', text: 'Authorization design: who may do what is a product decision; Rugged sees a login check on a route, never whether the right people pass it.' },
  { name: 'Runtime configuration', text: 'Runtime configuration: TLS, proxies, headers a gateway adds, secrets in the environment and cloud permissions are outside the repository.' },
];

function evidenceOf(detector: Detector, deps: readonly string[], sources: readonly SourceFile[], routes: readonly AppRoute[]): string[] {
  const out: string[] = [];
  if (detector.packages) {
    const matched = deps.filter((d) => detector.packages!.test(d));
    if (matched.length > 0) out.push(detector.packages.source === '.' ? `package.json lists ${matched.length} dependenc${matched.length === 1 ? 'y' : 'ies'} (${shown(matched).join(', ')})` : `package.json depends on ${matched.join(', ')}`);
  }
  const lines: CodeEvidence[] = [];
  for (const file of sources) {
    for (const { pattern, what } of detector.source ?? []) {
      for (const m of file.text.matchAll(pattern)) lines.push({ path: file.path, line: lineOfOffset(file.text, m.index), what });
    }
  }
  if (detector.routes) lines.push(...detector.routes(routes));
  return [...out, ...shown(lines.map(line))];
}

function line(e: CodeEvidence): string {
  return `${e.path}:${e.line} ${e.what}`;
}

/** At most five, then how many more. */
function shown(items: readonly string[]): string[] {
  return items.length <= 5 ? [...items] : [...items.slice(0, 5), `and ${items.length - 5} more`];
}

/** Names of the dependencies package.json declares (runtime and development). */
function dependenciesOf(packageJson: string | undefined): string[] {
  if (packageJson === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(packageJson);
    if (!parsed || typeof parsed !== 'object') return [];
    const p = parsed as Record<string, unknown>;
    const names = new Set<string>();
    for (const key of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      const deps = p[key];
      if (deps && typeof deps === 'object' && !Array.isArray(deps)) for (const name of Object.keys(deps)) names.add(name);
    }
    return [...names].sort();
  } catch {
    return [];
  }
}
