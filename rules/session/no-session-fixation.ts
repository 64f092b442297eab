// Flags login handlers that check credentials and then write the user into the session
// (`req.session.userId = user.id`) without giving the session a new id first
// (`req.session.regenerate`), so an id the attacker planted before the login becomes logged in.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, nameWords, defineRule, isFunctionNode, keyNameOf, propertyName, type RuleContext, storedName, unwrap } from '../../server/src/engine/api';
import { isPasswordName } from '../util/sensitiveNames';

/**
 * Words of a session field that say it records who is logged in. `login` and `auth` are left out:
 * `forceLogin` or `authRedirect` are flags about a login, not the user (NodeBB's forceLogin).
 */
const IDENTITY_WORDS = new Set(['user', 'userid', 'uid', 'account', 'member', 'admin', 'logged', 'authenticated', 'principal', 'customer', 'identity', 'username', 'staff', 'employee', 'operator']);
/** Calls that give the session a new id: express-session and @fastify/session `regenerate`, koa-generic-session `regenerateSession`. */
const REGENERATING_METHODS = new Set(['regenerate', 'regenerateSession', 'regenerateId', 'rotate']);
/** Password checks of bcrypt, bcryptjs, argon2 and model helpers. */
const PASSWORD_CHECKS = /^(compare|compareSync|verify|verifySync|(compare|check|verify|validate|match|is(Valid|Correct))_?Pass(word)?|validPassword|authenticate|(log|sign)_?[iI]n|verifyCredentials)$/i;
/** Sessions that live in a sealed cookie: there is no server-side id to fix. */
const COOKIE_SESSION_MODULES = ['cookie-session', 'iron-session', 'next-iron-session', '@fastify/secure-session', 'client-sessions'];
const EQUALITY = new Set(['===', '==', '!==', '!=']);

function isIdentityField(field: string): boolean {
  const words = nameWords(field);
  return words.some((w) => IDENTITY_WORDS.has(w)) || IDENTITY_WORDS.has(words.join(''));
}

/** `req.session.user`, `ctx.session.userId`, `request.session.authenticated`: the field written, or undefined. */
function sessionIdentityField(target: TSESTree.Node): string | undefined {
  const node = unwrap(target);
  if (node.type !== 'MemberExpression') return undefined;
  const object = unwrap(node.object);
  if (object.type !== 'MemberExpression' || propertyName(object) !== 'session') return undefined;
  const field = propertyName(node);
  return field && isIdentityField(field) ? field : undefined;
}

/** `request.session.set('userId', id)` of @fastify/session (and `session.set` of yar): the field written, or undefined. */
function sessionSetField(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'set' || call.arguments.length !== 2) return undefined;
  const session = unwrap(callee.object);
  if (session.type !== 'MemberExpression' || propertyName(session) !== 'session') return undefined;
  const key = call.arguments[0];
  return key.type === 'Literal' && typeof key.value === 'string' && isIdentityField(key.value) ? key.value : undefined;
}

/** The outermost function around `node`: the route handler, when callbacks nest inside it. */
function outermostFunction(node: TSESTree.Node, context: RuleContext): TSESTree.Node | undefined {
  let found: TSESTree.Node | undefined;
  for (let current = context.getParent(node); current; current = context.getParent(current)) {
    if (isFunctionNode(current)) found = current;
    // A method is a handler of its own (NestJS controllers, classes of routes).
    if (current.type === 'MethodDefinition' || current.type === 'PropertyDefinition') break;
  }
  return found;
}

function calleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(call.callee);
  return callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
}

/**
 * Credentials other than a password that log someone in: an API key, a one-time code, a magic-link
 * or login token (`x-api-key`, `otp`, `magicToken`, `loginToken`); a CSRF token checks a form, not
 * who is there.
 */
const LOGIN_CREDENTIAL = /^(?:x-)?api[-_]?key$|^(?:otp|totp|hotp|passcode|one[-_]?time[-_]?code)$|^(?:magic|login|sign[-_]?in|auth|access)[-_]?(?:token|code|link)$/i;

function isCredentialName(name: string): boolean {
  return isPasswordName(name) || LOGIN_CREDENTIAL.test(name);
}

/**
 * Whether an argument is or carries a credential: a password (`password`, `req.body.password`,
 * `{ email, password }`), or a login credential read by name (`req.get('x-api-key')`,
 * `req.headers['x-api-key']`, `body.otp`).
 */
function carriesPassword(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'ObjectExpression') return inner.properties.some((p) => p.type === 'Property' && (isCredentialName(keyNameOf(p) ?? '') || carriesPassword(p.value)));
  if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && /^(get|header)$/.test(propertyName(inner.callee) ?? '')) {
    const key = inner.arguments[0];
    return key?.type === 'Literal' && typeof key.value === 'string' && LOGIN_CREDENTIAL.test(key.value);
  }
  const name = storedName(inner);
  return !!name && isCredentialName(name);
}

/**
 * A function whose name says it logs a user in or starts their session (`signIn`, `logIn`,
 * `loginUser`, `startSession`, `createUserSession`): the helper a login route calls after checking
 * the password, often from another module, so the check itself is not in sight. Writing the user into
 * the session there is the login's write, whoever checked the credential.
 */
function namesLogin(fn: TSESTree.Node, context: RuleContext): boolean {
  const name = functionName(fn, context);
  if (!name) return false;
  const words = nameWords(name);
  return words.some((w, i) => w === 'login' || w === 'signin' || ((w === 'log' || w === 'sign') && words[i + 1] === 'in')) ||
    (words.includes('session') && words.some((w) => w === 'start' || w === 'create' || w === 'establish' || w === 'open'));
}

/** The name a function is declared or stored under, if any. */
function functionName(fn: TSESTree.Node, context: RuleContext): string | undefined {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  const parent = context.getParent(fn);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'AssignmentExpression') {
    const left = unwrap(parent.left);
    return left.type === 'Identifier' ? left.name : left.type === 'MemberExpression' ? propertyName(left) : undefined;
  }
  if (parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') return keyNameOf(parent);
  return undefined;
}

interface HandlerFacts {
  authenticates: boolean;
  regenerates: boolean;
  /** `req.login(...)` / `req.logIn(...)` of passport, which regenerates from version 0.6 on. */
  passportLogin?: TSESTree.CallExpression;
}

/** What a handler does, read once per handler: checks credentials? regenerates the session? */
function factsOf(fn: TSESTree.Node): HandlerFacts {
  const facts: HandlerFacts = { authenticates: false, regenerates: false };
  const stack: TSESTree.Node[] = [fn];
  while (stack.length > 0) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === 'CallExpression') {
      const name = calleeName(node);
      if (name && REGENERATING_METHODS.has(name)) facts.regenerates = true;
      if (name && PASSWORD_CHECKS.test(name)) facts.authenticates = true;
      if (node.arguments.some((a) => a.type !== 'SpreadElement' && carriesPassword(a))) facts.authenticates = true;
      if ((name === 'login' || name === 'logIn') && /^(req|request)\.log[iI]n$/.test(dottedName(node.callee) ?? '')) facts.passportLogin ??= node;
    } else if (node.type === 'BinaryExpression' && EQUALITY.has(node.operator)) {
      if (carriesPassword(node.left) || carriesPassword(node.right)) facts.authenticates = true;
    } else if (node.type === 'AssignmentExpression' && unwrap(node.left).type === 'MemberExpression') {
      // koa-session gives a session a new key when the whole session object is replaced.
      const target = unwrap(node.left) as TSESTree.MemberExpression;
      if (propertyName(target) === 'session' && !sessionIdentityField(target)) facts.regenerates = true;
    }
    for (const [key, child] of Object.entries(node) as [string, unknown][]) {
      if (key === 'parent') continue;
      const children: unknown[] = Array.isArray(child) ? child : [child];
      for (const c of children) {
        if (c && typeof c === 'object' && typeof (c as { type?: unknown }).type === 'string') stack.push(c as TSESTree.Node);
      }
    }
  }
  return facts;
}

export default defineRule({
  id: 'session/no-session-fixation',
  meta: {
    title: 'Session id kept across login',
    checklist:
      'A login gives the user a new session id before it stores who they are (`req.session.regenerate` in express-session and @fastify/session, `ctx.session.regenerate()` in koa-session 6.4+, passport 0.6+ `req.login`), so a session id set before the login never becomes an authenticated one.',
    rationale:
      'If the session keeps its id across the login, an attacker who can plant an id in the victim\'s browser (a link to a site that accepts ids, a sibling subdomain setting a cookie, a shared computer) only waits for the victim to log in and then uses the same id: it is now a logged-in session.',
    severity: 'error',
    securitySeverity: '7.1',
    confidence: 'medium',
    cwe: ['CWE-384'],
    owasp: ['A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/384.html',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#renew-the-session-id-after-any-privilege-level-change',
      'https://github.com/expressjs/session#sessionregeneratecallback',
      'https://github.com/jaredhanson/passport/blob/master/CHANGES.md#060---2022-05-20',
    ],
    frameworks: ['express-session', 'koa-session', '@fastify/session', 'passport'],
    messages: {
      fixation: '`{{target}}` is set after a credential check without a new session id, so a session id planted before the login becomes logged in; call `req.session.regenerate()` first and set the user in its callback.',
      koaFixation: '`{{target}}` is set after a credential check on the same session key; with koa-session call `await ctx.session.regenerate()` (6.4+) or replace the whole object (`ctx.session = { ... }`), which gets a new key.',
      loginHelperFixation: '`{{target}}` is set by a login helper without a new session id, so a session id planted before the login becomes logged in; call `req.session.regenerate()` first and set the user in its callback.',
      passportVersion: '`{{target}}` relies on passport to renew the session id, which it does only from version 0.6; Rugged cannot see the installed version, so check that passport is 0.6 or later, or call `req.session.regenerate()` first.',
    },
    abuserStory: {
      actor: 'attacker who can set a cookie in the victim\'s browser (sibling subdomain, shared computer, a link to a site that accepts ids)',
      goal: 'plant a session id I know, wait for the victim to log in with it, then send the same id myself',
      harm: "I am logged in as the victim without ever seeing their password",
      stride: ['S', 'E'],
      asset: 'user accounts and their sessions',
      controls: [
        'Every login and privilege change regenerates the session id before storing the user',
        'The session cookie is host-only (no Domain attribute) and uses the __Host- prefix',
        'An automated test logs in with a pre-set session cookie and checks that the cookie value changes',
      ],
      likelihood: 1,
      impact: 3,
    },
    since: '0.2.0',
    reportsTaint: false,
  },
  create(context) {
    if (!/session|\.log[iI]n\(/.test(context.sourceText)) return {};
    if (COOKIE_SESSION_MODULES.some((m) => context.imports.has(m))) return {};
    const facts = new Map<TSESTree.Node, HandlerFacts>();
    const factsFor = (fn: TSESTree.Node) => {
      let known = facts.get(fn);
      if (!known) facts.set(fn, (known = factsOf(fn)));
      return known;
    };
    const reportedPassport = new Set<TSESTree.Node>();

    function checkWrite(node: TSESTree.Node, written: TSESTree.Node, target = context.getText(written)): void {
      const fn = outermostFunction(node, context);
      if (!fn) return;
      const handler = factsFor(fn);
      if ((!handler.authenticates && !namesLogin(fn, context)) || handler.regenerates) return;
      const koa = /^ctx\./.test(target) || context.imports.has('koa') || context.imports.has('koa-session');
      const messageId = koa ? 'koaFixation' : handler.authenticates ? 'fixation' : 'loginHelperFixation';
      context.report({ node: written, messageId, data: { target }, confidence: 'medium' });
    }

    return {
      AssignmentExpression(node) {
        if (sessionIdentityField(node.left)) checkWrite(node, node.left);
      },
      CallExpression(node) {
        const field = sessionSetField(node);
        if (field) {
          checkWrite(node, node.callee, `${context.getText(node.callee)}('${field}', …)`);
          return;
        }
        if (!/^(req|request)\.log[iI]n$/.test(dottedName(node.callee) ?? '')) return;
        const fn = outermostFunction(node, context);
        if (!fn || reportedPassport.has(fn)) return;
        const handler = factsFor(fn);
        if (handler.regenerates || handler.passportLogin !== node) return;
        reportedPassport.add(fn);
        context.report({ node: node.callee, messageId: 'passportVersion', data: { target: context.getText(node.callee) }, severity: 'warning', confidence: 'low' });
      },
    };
  },
});
