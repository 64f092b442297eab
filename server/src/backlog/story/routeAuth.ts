// Whether anything checks who calls a route before its handler does harm: middleware on the route
// itself, `router.use(...)` before it, the middleware of the `app.use('/prefix', ..., router)` that
// mounts the router and the app-wide `app.use(...)` before that mount, or a check in the handler
// that answers 401/403. A story whose prerequisite says "with a staff account" is only true when
// one of these exists. Pure: the caller reads the files; names and shapes are all this looks at, so
// a middleware it cannot see into makes the answer "unknown", never "unguarded".
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { lineOfOffset, parseSource } from '../../engine/parse';
import { joinRoute, requiredModule, stringValue } from './routes';

export type RouteAuthentication =
  /** `guard` names the check, `where` is `path:line`. */
  | { state: 'guarded'; guard: string; where: string }
  /** Nothing on the route, its router or its mount checks identity; `checked` says what was read. */
  | { state: 'unguarded'; checked: string[] }
  | { state: 'unknown'; reason: string };

export interface SourceFile {
  /** Repository-relative POSIX path. */
  path: string;
  text: string;
}

export interface RouteAuthInput {
  file: SourceFile;
  /** Offsets of the route's handler function in `file` (symbol.ts's `RouteAt.handler`). */
  handler: [number, number];
  /** The file that mounts the router (`app.use('/admin', admin)`), and how it names it. */
  mount?: MountLevel;
  /** The levels above `mount`, innermost first (`app.use('/api', api)` over `api.use('/admin', admin)`). */
  outer?: readonly MountLevel[];
  /**
   * The file that declares and exports the router when `file` only adds routes to it
   * (`const router = require('./admin')`): `mount` mounts that file, and its `router.use(...)` calls
   * run before any route another file adds.
   */
  routerFile?: SourceFile;
}

/** A file that mounts the level below under `prefix`: the route's file, or the file (or, with `local`, this file's router of that name) of the level before. */
export interface MountLevel extends SourceFile {
  prefix: string;
  local?: string;
}

/** Names a guard goes by: passport.authenticate, expressjwt, requireAuth, ensureLoggedIn, isAdmin, checkJwt, verifyToken... */
const GUARD_NAME = /auth|login|logged|jwt|passport|guard|protect|verif|token|bearer|permission|role|\bacl\b|admin|staff|restrict|ensure|require(?:User|Session|Login)|api.?key|credential|signed.?in/i;
/** Middleware that parses, logs or serves, and checks nobody: body parsers, cookies, sessions (which only load one), CORS, headers. */
const NEUTRAL_NAME = /^(?:express\.(?:json|urlencoded|text|raw|static)|json|urlencoded|text|raw|static|bodyParser(?:\.\w+)?|cookieParser|session|expressSession|cookieSession|cors|helmet|morgan|logger|compression|multer|upload(?:\.\w+)?|rateLimit|limiter|csrf|csurf|serveStatic|favicon|methodOverride|express\.Router)$/;
const NEUTRAL_MODULE = /^(?:body-parser|cookie-parser|express-session|cookie-session|cors|helmet|morgan|compression|multer|express-rate-limit|csurf|serve-static|serve-favicon|method-override|express)$/;
const GUARD_MODULE = /passport|jwt|auth|openid|oauth|keycloak|basic-auth|permission|acl|casl/i;
/** What a handler or middleware knows its caller by, read (not assigned). */
const IDENTITY_READ =
  /\breq(?:uest)?\.(?:session\.\w+\b|user\b|isAuthenticated\s*\(|auth\b|cookies\.\w+\b|signedCookies\.\w+\b|headers\.authorization|headers\[\s*['"][\w-]*(?:auth|token|key)[\w-]*['"]\s*\]|(?:get|header)\(\s*['"][\w-]*(?:auth|token|key)[\w-]*['"]\s*\))(?!\s*=[^=])|\bjwt\.(?:verify|decode)\s*\(/i;
const REFUSAL = /\b(?:status|sendStatus)\(\s*(?:401|403)\s*\)|statusCode\s*=\s*(?:401|403)\b|\bredirect\([^)]*login/;

type Verdict = { kind: 'guard'; name: string; at: number } | { kind: 'neutral' } | { kind: 'unknown'; name: string };

interface Parsed {
  file: SourceFile;
  ast: TSESTree.Program;
  calls: TSESTree.CallExpression[];
  /** Functions declared or assigned to a name in the file, for middleware defined there. */
  functions: Map<string, TSESTree.Node>;
  /** Names bound to `require('x')` or imported from 'x'. */
  modules: Map<string, string>;
}

export function routeAuthentication(input: RouteAuthInput): RouteAuthentication {
  const route = parse(input.file);
  if (!route) return { state: 'unknown', reason: `${input.file.path} does not parse` };
  const call = route.calls.find((c) => c.arguments.some((a) => a.range[0] === input.handler[0] && a.range[1] === input.handler[1]));
  if (!call || call.callee.type !== 'MemberExpression') return { state: 'unknown', reason: 'the route is not declared as `router.<method>(path, ..., handler)`' };
  const router = memberText(call.callee.object);
  const path = stringValue(call.arguments[0]) ?? '';
  const checked: string[] = [];

  // Outermost first: whoever stops a request earliest is the guard a tester meets.
  const verdicts: { verdict: Verdict; file: Parsed }[] = [];
  const mountedOnApp = router === 'app';
  if (!mountedOnApp) {
    if (!input.mount) return { state: 'unknown', reason: `where \`${router}\` of ${input.file.path} is mounted was not found` };
    const levels = [input.mount, ...(input.outer ?? [])];
    const read: { verdicts: { verdict: Verdict; file: Parsed }[]; checked: string }[] = [];
    let under = '';
    for (const [i, level] of levels.entries()) {
      const mount = parse(level);
      if (!mount) return { state: 'unknown', reason: `${level.path} does not parse` };
      const child = i === 0 ? (input.routerFile ?? input.file).path : levels[i - 1].path;
      const mountCall = findMountCall(mount, level.prefix, level.local ? { local: level.local } : { path: child });
      if (!mountCall) return { state: 'unknown', reason: `the mount of ${level.local ? `\`${level.local}\`` : child} in ${level.path} could not be read` };
      const owner = mountCall.callee.type === 'MemberExpression' ? memberText(mountCall.callee.object) : undefined;
      // The path a `use` of this level sees: its own prefix and every prefix below it.
      under = under ? joinRoute(level.prefix, under) : level.prefix;
      const found: { verdict: Verdict; file: Parsed }[] = [];
      for (const use of usesBefore(mount, owner, mountCall.range[0], under)) for (const arg of use) found.push({ verdict: classify(arg, mount), file: mount });
      for (const arg of mountCall.arguments.slice(1, -1)) found.push({ verdict: classify(arg, mount), file: mount });
      read.push({ verdicts: found, checked: `${level.path} (\`${owner ?? 'app'}.use\` before line ${lineOfOffset(mount.file.text, mountCall.range[0])} and the mount)` });
    }
    for (const level of read.reverse()) {
      verdicts.push(...level.verdicts);
      checked.push(level.checked);
    }
  }
  const declared = input.routerFile ? parse(input.routerFile) : undefined;
  const exported = declared ? exportedName(declared.file.text) : undefined;
  if (declared && exported) for (const use of usesBefore(declared, exported, declared.file.text.length, path)) for (const arg of use) verdicts.push({ verdict: classify(arg, declared), file: declared });
  for (const use of usesBefore(route, router, call.range[0], path)) for (const arg of use) verdicts.push({ verdict: classify(arg, route), file: route });
  for (const arg of call.arguments.slice(1, -1)) verdicts.push({ verdict: classify(arg, route), file: route });
  const handler = input.file.text.slice(input.handler[0], input.handler[1]);
  const inHandler = checksIdentity(handler);
  if (inHandler !== undefined) verdicts.push({ verdict: { kind: 'guard', name: 'a check in the handler that answers 401/403', at: input.handler[0] + inHandler }, file: route });
  if (declared && exported) checked.push(`${declared.file.path} (\`${exported}.use\` of the router it exports)`);
  checked.push(`${input.file.path} (\`${router}.use\` before the route, the route's middleware and its handler)`);

  const guard = verdicts.find((v) => v.verdict.kind === 'guard');
  if (guard && guard.verdict.kind === 'guard') return { state: 'guarded', guard: guard.verdict.name, where: `${guard.file.file.path}:${lineOfOffset(guard.file.file.text, guard.verdict.at)}` };
  const unknown = verdicts.find((v) => v.verdict.kind === 'unknown');
  if (unknown && unknown.verdict.kind === 'unknown') return { state: 'unknown', reason: `middleware ${unknown.verdict.name} in ${unknown.file.file.path} could not be read` };
  return { state: 'unguarded', checked };
}

/** Each route of a router file with its handler offsets, for a story listing every unguarded route. */
export function routesIn(file: SourceFile): { method: string; path: string; router: string; handler: [number, number]; line: number }[] {
  const parsed = parse(file);
  if (!parsed) return [];
  const routes: { method: string; path: string; router: string; handler: [number, number]; line: number }[] = [];
  for (const call of parsed.calls) {
    if (call.callee.type !== 'MemberExpression' || call.callee.property.type !== 'Identifier') continue;
    const method = call.callee.property.name;
    if (!/^(?:get|post|put|patch|delete|del|all)$/.test(method)) continue;
    const path = stringValue(call.arguments[0]);
    const router = memberText(call.callee.object);
    const handler = call.arguments[call.arguments.length - 1];
    if (path === undefined || !/^[/*]/.test(path) || !router || !handler || !isFunction(handler)) continue;
    routes.push({ method: method === 'del' ? 'DELETE' : method.toUpperCase(), path, router, handler: [handler.range[0], handler.range[1]], line: lineOfOffset(file.text, call.range[0]) });
  }
  return routes.sort((a, b) => a.handler[0] - b.handler[0]);
}

function parse(file: SourceFile): Parsed | undefined {
  const parsed = parseSource(file.text, file.path);
  if (!parsed.ok) return undefined;
  const calls: TSESTree.CallExpression[] = [];
  const functions = new Map<string, TSESTree.Node>();
  const modules = new Map<string, string>();
  simpleTraverse(parsed.ast, {
    enter(node) {
      if (node.type === 'CallExpression') calls.push(node);
      if (node.type === 'FunctionDeclaration' && node.id) functions.set(node.id.name, node);
      if (node.type === 'VariableDeclarator' && node.init) {
        if (node.id.type === 'Identifier' && isFunction(node.init)) functions.set(node.id.name, node.init);
        const spec = requiredModule(node.init);
        if (spec && node.id.type === 'Identifier') modules.set(node.id.name, spec);
        if (spec && node.id.type === 'ObjectPattern') for (const p of node.id.properties) if (p.type === 'Property' && p.value.type === 'Identifier') modules.set(p.value.name, spec);
      }
      if (node.type === 'ImportDeclaration' && typeof node.source.value === 'string') for (const s of node.specifiers) modules.set(s.local.name, node.source.value);
    },
  });
  return { file, ast: parsed.ast, calls, functions, modules };
}

/** `X.use('/prefix', ..., router)` mounting the child: a file, by a local name bound to it or a `require` of it, or a router of this file by its name. */
function findMountCall(mount: Parsed, prefix: string, child: { path: string } | { local: string }): TSESTree.CallExpression | undefined {
  const base = 'path' in child ? child.path.replace(/^.*\//, '').replace(/\.[^.]+$/, '') : undefined;
  const names = (arg: TSESTree.Node): string | undefined => requiredModule(arg) ?? (arg.type === 'Identifier' ? mount.modules.get(arg.name) : undefined);
  return mount.calls.find((c) => {
    if (!isUse(c) || stringValue(c.arguments[0]) !== prefix) return false;
    const last = c.arguments[c.arguments.length - 1];
    if ('local' in child) return last?.type === 'Identifier' && last.name === child.local;
    const spec = last ? names(last) : undefined;
    return spec !== undefined && spec.replace(/\/index$/, '').replace(/\.[^./]+$/, '').replace(/^.*\//, '') === base;
  });
}

/**
 * The middleware lists of `owner.use(...)` calls before `before` that apply to `path`: without a
 * path, or with one that is a prefix of it. Only top-level statements count, since a `use` inside
 * a function may never run.
 */
function usesBefore(file: Parsed, owner: string | undefined, before: number, path: string): TSESTree.Node[][] {
  const lists: TSESTree.Node[][] = [];
  for (const statement of file.ast.body) {
    if (statement.range[0] >= before || statement.type !== 'ExpressionStatement' || statement.expression.type !== 'CallExpression') continue;
    const call = statement.expression;
    if (!isUse(call) || call.callee.type !== 'MemberExpression' || memberText(call.callee.object) !== owner) continue;
    const mounted = stringValue(call.arguments[0]);
    if (mounted === undefined) lists.push([...call.arguments]);
    else if (appliesTo(mounted, path) && !mountsRouter(call, file)) lists.push(call.arguments.slice(1));
  }
  return lists;
}

/** `app.use('/admin', auth)` guards `/admin/x`; a mount of another router on the same prefix does not. */
function mountsRouter(call: TSESTree.CallExpression, file: Parsed): boolean {
  const last = call.arguments[call.arguments.length - 1];
  return Boolean(last && (requiredModule(last)?.startsWith('.') || (last.type === 'Identifier' && file.modules.get(last.name)?.startsWith('.') && !GUARD_NAME.test(last.name))));
}

function appliesTo(mounted: string, path: string): boolean {
  const head = mounted.replace(/\/+$/, '');
  return head === '' || head === '*' || path === head || path.startsWith(`${head}/`) || !path.startsWith('/');
}

function classify(arg: TSESTree.Node, file: Parsed): Verdict {
  if (arg.type === 'SpreadElement' || arg.type === 'ArrayExpression') return { kind: 'unknown', name: `\`${textOf(arg, file)}\`` };
  if (isFunction(arg)) {
    const at = checksIdentity(textOf(arg, file));
    return at !== undefined ? { kind: 'guard', name: 'an inline middleware that answers 401/403', at: arg.range[0] + at } : { kind: 'neutral' };
  }
  const callee = arg.type === 'CallExpression' ? arg.callee : arg;
  const required = requiredModule(arg) ?? requiredModule(callee);
  if (required) {
    if (NEUTRAL_MODULE.test(required)) return { kind: 'neutral' };
    return GUARD_MODULE.test(required) ? { kind: 'guard', name: `\`${required}\``, at: arg.range[0] } : { kind: 'unknown', name: `\`${required}\`` };
  }
  const name = memberText(callee);
  if (!name) return { kind: 'unknown', name: `\`${textOf(arg, file)}\`` };
  if (NEUTRAL_NAME.test(name)) return { kind: 'neutral' };
  const defined = file.functions.get(name);
  if (defined) {
    const at = checksIdentity(textOf(defined, file));
    if (at !== undefined) return { kind: 'guard', name: `\`${name}\``, at: defined.range[0] + at };
    return GUARD_NAME.test(name) ? { kind: 'unknown', name: `\`${name}\` (named like a guard, but it refuses nobody)` } : { kind: 'neutral' };
  }
  if (GUARD_NAME.test(name)) return { kind: 'guard', name: `\`${name}\``, at: arg.range[0] };
  const root = name.split('.')[0];
  const module = file.modules.get(root);
  if (module && NEUTRAL_MODULE.test(module)) return { kind: 'neutral' };
  if (module && GUARD_MODULE.test(module)) return { kind: 'guard', name: `\`${name}\` from \`${module}\``, at: arg.range[0] };
  return { kind: 'unknown', name: `\`${name}\`${module ? ` from \`${module}\`` : ''}` };
}

/** Offset in `code` of an identity read that a 401/403 (or a redirect to a login) follows, if any. */
function checksIdentity(code: string): number | undefined {
  const read = IDENTITY_READ.exec(code);
  if (!read) return undefined;
  return REFUSAL.test(code) ? read.index : undefined;
}

/** The name a module exports as its router (`module.exports = router`, `export default router`). */
function exportedName(text: string): string | undefined {
  return /\bmodule\.exports\s*=\s*([A-Za-z_$][\w$]*)\s*;?\s*$/m.exec(text)?.[1] ?? /\bexport\s+default\s+([A-Za-z_$][\w$]*)\s*;?\s*$/m.exec(text)?.[1];
}

function isUse(call: TSESTree.CallExpression): boolean {
  return call.callee.type === 'MemberExpression' && call.callee.property.type === 'Identifier' && call.callee.property.name === 'use';
}

function isFunction(node: TSESTree.Node): boolean {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration';
}

function memberText(node: TSESTree.Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const object = memberText(node.object);
    return object ? `${object}.${node.property.name}` : undefined;
  }
  return undefined;
}

function textOf(node: TSESTree.Node, file: Parsed): string {
  return file.file.text.slice(node.range[0], node.range[1]);
}
