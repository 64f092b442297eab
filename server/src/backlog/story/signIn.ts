// How the app signs a user in, read from its own routes: a POST route named like a login that reads
// a password from the body, and what it hands back (a token in its JSON answer, sent back as a
// bearer token, or a cookie). An ownership test must act as one real user against another user's
// record; an anonymous request only proves that a login is missing, and a login-only fix passes it.
// Pure: the caller reads the files and knows where each router is mounted.
import { routesIn, type SourceFile } from './routeAuth';
import { joinRoute } from './routes';
import { requestFieldsIn } from './handlerFields';

export interface SignIn {
  method: string;
  /** Full path with its mount prefix (`/rest/user/login`). */
  route: string;
  /** Repository-relative file that declares it. */
  path: string;
  /** The body fields the login reads, in order: the account's name (`email`) and its `password`. */
  fields: string[];
  /** How a signed-in request proves who it is afterwards. */
  carrier: { kind: 'bearer'; field: string } | { kind: 'cookie' };
  /** What the login records about who signed in: a session field (`customerId`) or a token claim (`sub`). */
  identity?: { kind: 'session' | 'claim'; name: string };
}

/** A route of the workspace with its mount prefix, for tests that read a record back. */
export interface WorkspaceRoute {
  method: string;
  /** Full path with its mount prefix. */
  path: string;
  /** Repository-relative file that declares it. */
  file: string;
}

const LOGIN_PATH = /\/(?:log-?in|sign-?in|sessions?|auth(?:enticate)?|tokens?)$/i;
const PASSWORD = /pass(?:word|wd|phrase)?$/i;
/** `res.json({ token })`, `res.send({ accessToken: ... })`: the JSON member that carries the token. */
const TOKEN_ANSWER = /\b(?:res|response)\s*\.\s*(?:json|send)\s*\(\s*\{([^}]*)\}/g;
const COOKIE_SET = /\b(?:res|response)\s*\.\s*cookie\s*\(|\breq(?:uest)?\.session\s*\.\s*\w+\s*=[^=]|\breq(?:uest)?\.(?:login|logIn)\s*\(/;

/** Every route of the files with its full path, given each file's mount prefix ('' when mounted at the root or not at all). */
export function workspaceRoutes(files: readonly (SourceFile & { prefix: string })[]): WorkspaceRoute[] {
  return files.flatMap((file) => routesIn(file).map((r) => ({ method: r.method, path: joinRoute(file.prefix, r.path), file: file.path })));
}

/**
 * The app's login among the files, or undefined when none reads a password and answers with a token
 * or a cookie. `tokenTexts` are other files of the workspace, where a helper the login calls may sign
 * its token (`jwt.sign({ sub: user.id }, ...)`).
 */
export function signInOf(files: readonly (SourceFile & { prefix: string })[], tokenTexts: readonly string[] = []): SignIn | undefined {
  for (const file of files) {
    for (const route of routesIn(file)) {
      const full = joinRoute(file.prefix, route.path);
      if (route.method !== 'POST' || !LOGIN_PATH.test(full)) continue;
      const handler = file.text.slice(route.handler[0], route.handler[1]);
      const fields = requestFieldsIn(handler).filter((f) => f.location === 'body').map((f) => f.name);
      if (!fields.some((f) => PASSWORD.test(f))) continue;
      const carrier = carrierOf(handler);
      if (!carrier) continue;
      const identity = carrier.kind === 'bearer' ? claimOf([handler, ...tokenTexts]) : sessionFieldOf(handler);
      return { method: 'POST', route: full, path: file.path, fields, carrier, ...(identity ? { identity } : {}) };
    }
  }
  return undefined;
}

function carrierOf(handler: string): SignIn['carrier'] | undefined {
  for (const m of handler.matchAll(TOKEN_ANSWER)) {
    const member = m[1]
      .split(',')
      .map((part) => part.trim().split(/\s*:\s*/)[0].replace(/^['"]|['"]$/g, ''))
      .find((name) => /token|jwt/i.test(name));
    if (member) return { kind: 'bearer', field: member };
  }
  return COOKIE_SET.test(handler) ? { kind: 'cookie' } : undefined;
}

/** The first claim a token is signed with (`jwt.sign({ sub: user.id, ... })`). */
function claimOf(texts: readonly string[]): SignIn['identity'] {
  for (const text of texts) {
    const claim = /\bsign\s*\(\s*\{\s*([A-Za-z_$][\w$]*)\s*:/.exec(text)?.[1];
    if (claim) return { kind: 'claim', name: claim };
  }
  return undefined;
}

/** The field a login stores about its user: `req.session.userId = ...`, or the first id of a hand-made session (`sessions[sid] = { customerId: ... }`). */
function sessionFieldOf(handler: string): SignIn['identity'] {
  const field = /\breq(?:uest)?\.session\s*\.\s*([A-Za-z_$][\w$]*)\s*=[^=]/.exec(handler)?.[1] ?? /\[\s*[\w$.]+\s*\]\s*=\s*\{\s*([A-Za-z_$][\w$]*)\s*:/.exec(handler)?.[1];
  return field ? { kind: 'session', name: field } : undefined;
}
