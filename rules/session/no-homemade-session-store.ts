// Recognises a session mechanism built by hand: a module-level object, Map or Set that receives
// entries under freshly made ids and is looked up with the id the browser sends back in a cookie
// (or an Authorization header), usually next to a `res.cookie('sid', id)`. When the file holds no
// lookup, an entry created under the same id a login cookie carries is reported where it is made. The fix is a migration
// to express-session or cookie-session, which no single edit can do, so the rule only explains it.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, defineRule, type RelatedNode, type RuleContext, staticString, unwrap } from '../../server/src/engine/api';
import { cookieWriteOf, setCookieHeaderValueOf } from '../util/cookieWrites';
import { isAuthCookieName } from '../util/sensitiveNames';

/** How entries reach a store, by the kind of container. */
const WRITE_METHODS = new Set(['set', 'add']);
const READ_METHODS = new Set(['get', 'has']);
/** Request inputs that carry a session id back to the server. */
const ID_CARRIER = /(^|\.)(cookies|signedCookies)(\.|$)|(^|\.)headers\.(cookie|authorization|x-session-id|x-auth-token)$|(^|\.)headers$/i;

type StoreKind = 'object' | 'Map' | 'Set';

interface StoreUse {
  node: TSESTree.Node;
  key: TSESTree.Node;
}

interface IssuedCookie {
  node: TSESTree.Node;
  name: string;
  value: TSESTree.Node | undefined;
}

function storeKindOf(init: TSESTree.Node | null | undefined): StoreKind | undefined {
  if (!init) return undefined;
  const inner = unwrap(init);
  if (inner.type === 'ObjectExpression' && inner.properties.length === 0) return 'object';
  if (inner.type === 'NewExpression' && inner.callee.type === 'Identifier' && (inner.callee.name === 'Map' || inner.callee.name === 'Set') && inner.arguments.length === 0) {
    return inner.callee.name;
  }
  // Object.create(null), the prototype-free dictionary.
  if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && propertyName(inner.callee) === 'create' &&
    inner.callee.object.type === 'Identifier' && inner.callee.object.name === 'Object' && inner.arguments[0]?.type === 'Literal' && inner.arguments[0].value === null) {
    return 'object';
  }
  return undefined;
}

/** Top-level `const sessions = {}` / `new Map()` / `new Set()`, exported or not. */
function moduleLevelStores(program: TSESTree.Program): { declarator: TSESTree.VariableDeclarator & { id: TSESTree.Identifier }; kind: StoreKind }[] {
  const out: { declarator: TSESTree.VariableDeclarator & { id: TSESTree.Identifier }; kind: StoreKind }[] = [];
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const declarator of declaration.declarations) {
      const kind = storeKindOf(declarator.init);
      if (kind && declarator.id.type === 'Identifier') out.push({ declarator: declarator as TSESTree.VariableDeclarator & { id: TSESTree.Identifier }, kind });
    }
  }
  return out;
}

/** The cookie (or header) a lookup key comes from, when it comes from one: `req.cookies.sid` -> 'sid'. */
function carrierOf(key: TSESTree.Node, context: RuleContext): { description: string; cookie?: string } | undefined {
  const value = context.flow.valueOf(key);
  if (value.origin !== 'tainted' || !value.source) return undefined;
  const description = value.source.description;
  if (!ID_CARRIER.test(description)) return undefined;
  const inner = unwrap(key);
  // ctx.cookies.get('sid'), req.signedCookies['sid']
  if (inner.type === 'CallExpression' && inner.callee.type === 'MemberExpression' && propertyName(inner.callee) === 'get') {
    const name = staticString(inner.arguments[0]);
    if (name) return { description, cookie: name };
  }
  const cookie = /(?:cookies|signedCookies)\.([^.]+)/i.exec(description)?.[1];
  return { description, cookie };
}

/** Writes and reads of the store: `s[k] = v`, `s.set(k, v)`, `s.add(k)` / `s[k]`, `s.get(k)`, `s.has(k)`, `k in s`. */
function usesOf(identifier: TSESTree.Identifier, context: RuleContext): { writes: StoreUse[]; reads: StoreUse[] } {
  const writes: StoreUse[] = [];
  const reads: StoreUse[] = [];
  const variable = context.flow.variableOf(identifier);
  for (const reference of variable?.references ?? []) {
    const use = reference.identifier as TSESTree.Node;
    const parent = context.getParent(use);
    if (!parent) continue;
    if (parent.type === 'BinaryExpression' && parent.operator === 'in' && parent.right === use) {
      reads.push({ node: parent, key: parent.left });
      continue;
    }
    if (parent.type !== 'MemberExpression' || parent.object !== use) continue;
    const grand = context.getParent(parent);
    if (parent.computed) {
      if (grand?.type === 'AssignmentExpression' && grand.left === parent) writes.push({ node: grand, key: parent.property });
      else if (!(grand?.type === 'UnaryExpression' && grand.operator === 'delete')) reads.push({ node: parent, key: parent.property });
      continue;
    }
    const method = propertyName(parent);
    if (!method || grand?.type !== 'CallExpression' || grand.callee !== parent || !grand.arguments[0]) continue;
    if (WRITE_METHODS.has(method)) writes.push({ node: grand, key: grand.arguments[0] });
    else if (READ_METHODS.has(method)) reads.push({ node: grand, key: grand.arguments[0] });
  }
  return { writes, reads };
}

/** `sid=${sid}; Path=/` and `'sid=' + sid + '; Path=/'`: the expression right after the cookie's `name=`. */
function headerCookieValue(header: TSESTree.Node): TSESTree.Node | undefined {
  const value = unwrap(header);
  if (value.type === 'TemplateLiteral') return /=\s*$/.test(value.quasis[0].value.cooked ?? '') ? value.expressions[0] : undefined;
  let left: TSESTree.Node = value;
  const parts: TSESTree.Node[] = [];
  while (left.type === 'BinaryExpression' && left.operator === '+') {
    parts.unshift(left.right);
    left = left.left;
  }
  parts.unshift(left);
  return /=\s*$/.test(staticString(parts[0]) ?? '') ? parts[1] : undefined;
}

function sameVariable(a: TSESTree.Node, b: TSESTree.Node | undefined, context: RuleContext): boolean {
  if (!b) return false;
  const left = unwrap(a);
  const right = unwrap(b);
  if (left.type !== 'Identifier' || right.type !== 'Identifier') return false;
  const variable = context.flow.variableOf(left);
  return !!variable && variable === context.flow.variableOf(right);
}

export default defineRule({
  id: 'session/no-homemade-session-store',
  meta: {
    title: 'Hand-made session store keyed by a cookie',
    checklist:
      "Sessions are kept by the framework's session middleware (express-session with a persistent store, cookie-session, iron-session), not by an object or Map of ids in process memory that the app fills and looks up itself.",
    rationale:
      'A hand-made session store usually lacks everything a session library gets right: ids that cannot be guessed, expiry, a new id at login (against session fixation), signed cookies, destruction at logout, and a store shared by every process. Attackers exploit whichever piece is missing, and the unbounded map also lets anyone exhaust memory by logging in repeatedly.',
    severity: 'warning',
    securitySeverity: '6.5',
    confidence: 'medium',
    cwe: ['CWE-384', 'CWE-613'],
    owasp: ['A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/384.html',
      'https://cwe.mitre.org/data/definitions/613.html',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html',
      'https://github.com/expressjs/session#readme',
      'https://expressjs.com/en/advanced/best-practice-security.html#use-cookies-securely',
    ],
    frameworks: ['express', 'express-session', 'cookie-session', 'koa', 'fastify'],
    messages: {
      issuedStore:
        'A session is created in the hand-made store `{{store}}` under the id the `{{cookie}}` cookie hands the browser; keep sessions in express-session (with a persistent store) or cookie-session, which bring expiry, id rotation at login, signed cookies and logout.',
      homemadeStore:
        '`{{store}}` is a hand-made session store looked up with {{carrier}}; keep sessions in express-session (with a persistent store) or cookie-session, which bring expiry, id rotation at login, signed cookies and logout.',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'exploit the gaps of a home-grown session mechanism: fix a victim to a session id I chose, replay an id that never expires, or flood the in-memory map',
      harm: "I stay logged in as a victim long after they left, or take the service down by exhausting its memory",
      stride: ['S', 'D', 'E'],
      asset: "users' sessions and the availability of the service",
      controls: [
        'Sessions are handled by express-session (or cookie-session) with a persistent, shared store',
        'Login calls req.session.regenerate() so the id changes when the user authenticates',
        'Sessions expire after a period of inactivity and at an absolute limit, and logout destroys them on the server',
        'An automated security test logs in, logs out and replays the old session cookie, and the request is refused',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.1.0',
  },
  create(context) {
    const issued: IssuedCookie[] = [];
    const reportIssuedOnly = (store: TSESTree.Identifier, creation: StoreUse, cookie: IssuedCookie) => {
      context.report({
        node: creation.node,
        messageId: 'issuedStore',
        data: { store: store.name, cookie: cookie.name },
        severity: 'warning',
        confidence: 'medium',
        related: [
          { node: store, message: 'the store is declared here' },
          { node: cookie.node, message: `the id is handed to the browser in the \`${cookie.name}\` cookie here` },
        ],
      });
    };

    return {
      CallExpression(call) {
        const write = cookieWriteOf(call, context);
        if (write?.name) {
          issued.push({ node: call, name: write.name, value: write.value });
          return;
        }
        const header = setCookieHeaderValueOf(call);
        const text = header && context.getText(header);
        const name = text && /^['"`]\s*([^=;\s'"`$]+)=/.exec(text)?.[1];
        if (name && header) issued.push({ node: call, name, value: headerCookieValue(header) });
      },
      'Program:exit'(node) {
        for (const { declarator } of moduleLevelStores(node)) {
          const { writes, reads } = usesOf(declarator.id, context);
          // Entries made from a fresh id; a counter keyed by the incoming cookie is not a session store.
          const creations = writes.filter((w) => !carrierOf(w.key, context));
          const lookups = reads.map((r) => ({ ...r, carrier: carrierOf(r.key, context) })).filter((r) => r.carrier);
          if (creations.length === 0) continue;
          const linked = issued.find((c) => isAuthCookieName(c.name) && creations.some((w) => sameVariable(w.key, c.value, context)));
          if (lookups.length === 0) {
            // The lookup lives in another module (the store is exported) or nowhere yet: a session
            // created under the very id a login cookie hands the browser is the mechanism already.
            if (linked) reportIssuedOnly(declarator.id, creations.find((w) => sameVariable(w.key, linked.value, context))!, linked);
            continue;
          }
          const namedLookup = lookups.find((l) => (l.carrier?.cookie && isAuthCookieName(l.carrier.cookie)) || /headers\.(authorization|x-session-id|x-auth-token)$/i.test(l.carrier?.description ?? ''));
          // A cookie set elsewhere in the file proves nothing about this store unless it is named like a login.
          if (!linked && !namedLookup) continue;
          const authCookie = linked ?? issued.find((c) => isAuthCookieName(c.name));
          const lookup = namedLookup ?? lookups[0];
          const carrier = lookup.carrier?.cookie ? `the \`${lookup.carrier.cookie}\` cookie` : `\`${lookup.carrier?.description ?? 'request input'}\``;
          const related: RelatedNode[] = [{ node: creations[0].node, message: 'a session is created here' }];
          if (authCookie) related.push({ node: authCookie.node, message: `its id is handed to the browser in the \`${authCookie.name}\` cookie here` });
          related.push({ node: lookup.node, message: `and looked up from ${carrier} here` });
          context.report({
            node: declarator.id,
            messageId: 'homemadeStore',
            data: { store: declarator.id.name, carrier },
            severity: 'warning',
            confidence: linked ? 'high' : 'medium',
            related,
          });
        }
      },
    };
  },
});
