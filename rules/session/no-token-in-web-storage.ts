// Flags session ids and JWT, access or refresh tokens written to localStorage or sessionStorage
// (`setItem('token', ...)`, `localStorage.jwt = ...`, `localStorage['accessToken'] = ...`), where
// any script on the page, an injected one included, can read them. Preferences are not reported.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, nameWords, defineRule, propertyName, type RuleContext, staticString, unwrap } from '../../server/src/engine/api';
import { valueNameOf } from '../util/secretValues';

const STORAGES = new Set(['localStorage', 'sessionStorage']);
/** Words that name a login credential (`jwt`, `authToken`, `refresh_token`, `sessionId`, `credentials`). */
const CREDENTIAL_WORDS = new Set(['token', 'tokens', 'jwt', 'bearer', 'credentials', 'credential', 'auth', 'sid', 'sessionid', 'session', 'apikey', 'secret']);
/** Words that may follow the credential word and still name the credential itself (`tokenData`, `jwt_v2`). */
const TRAILING_WORDS = new Set(['data', 'value', 'info', 'json', 'str', 'string', 'object', 'obj', 'raw', 'pair', 'set', 'bundle', 'v']);
const MAX_DEPTH = 4;

/** `localStorage`, `window.sessionStorage`, `globalThis.localStorage`, or a variable set to one of them (or to a choice between them). */
function storageName(node: TSESTree.Node, context: RuleContext, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  const name = dottedName(inner)?.replace(/^(window|self|globalThis)\./, '');
  if (name && STORAGES.has(name)) {
    if (inner.type !== 'Identifier') return name;
    const variable = context.flow.variableOf(inner);
    if (!variable || variable.defs.length === 0) return name;
  }
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    return writes.length === 1 ? storageName(writes[0], context, depth + 1) : undefined;
  }
  // `remember ? localStorage : sessionStorage`, `options.storage || localStorage`: a write goes to
  // web storage whenever that branch is taken.
  if (inner.type === 'ConditionalExpression') return storageName(inner.consequent, context, depth + 1) ?? storageName(inner.alternate, context, depth + 1);
  if (inner.type === 'LogicalExpression') return storageName(inner.left, context, depth + 1) ?? storageName(inner.right, context, depth + 1);
  return undefined;
}

/**
 * Whether a storage key or a stored value's name says it holds a login credential: the credential
 * word comes last, or only words like `data` follow it, so `tokenExpiry`, `authRedirect` and
 * `lastTokenRequest` describe something about a token rather than hold one.
 */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name).reduce<string[]>((out, word) => {
    const previous = out[out.length - 1];
    if ((previous === 'api' && word === 'key') || (previous === 'session' && word === 'id')) out[out.length - 1] = previous + word;
    else out.push(word);
    return out;
  }, []);
  for (let i = words.length - 1; i >= 0; i--) {
    if (!words.slice(i + 1).every((w) => TRAILING_WORDS.has(w) || /^\d+$/.test(w))) return false;
    const word = words[i];
    if (CREDENTIAL_WORDS.has(word) || (i > 0 && word === 'key' && ['access', 'secret', 'private', 'auth'].includes(words[i - 1]))) return true;
    if (word === 'id' && i > 0 && ['access', 'session', 'sess'].includes(words[i - 1])) return true;
  }
  return false;
}

/** The text of a key: a literal, or a constant it was set to once (`const TOKEN_KEY = 'auth_token'`). */
function keyText(node: TSESTree.Node, context: RuleContext): string | undefined {
  const direct = staticString(node);
  if (direct !== undefined) return direct;
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    return writes.length === 1 ? staticString(writes[0]) : undefined;
  }
  return undefined;
}

export default defineRule({
  id: 'session/no-token-in-web-storage',
  meta: {
    title: 'Session or access token kept in web storage',
    checklist:
      'Session ids and access, refresh or ID tokens are kept in `HttpOnly`, `Secure`, `SameSite` cookies set by the server (or in memory), never in `localStorage` or `sessionStorage`, which every script on the page can read.',
    rationale:
      'Anything in localStorage or sessionStorage is one `localStorage.getItem` away from any script running on the page. A single cross-site scripting bug, or one compromised third-party script, sends the stored token to the attacker, who then uses the account from anywhere until the token expires; an HttpOnly cookie cannot be read by script at all.',
    severity: 'warning',
    securitySeverity: '5.3',
    confidence: 'high',
    cwe: ['CWE-922'],
    owasp: ['A04:2021-Insecure Design', 'A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/922.html',
      'https://owasp.org/Top10/A04_2021-Insecure_Design/',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#local-storage',
      'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html#token-storage-on-client-side',
    ],
    frameworks: ['browser', 'react', 'vue', 'angular'],
    messages: {
      tokenInStorage:
        '{{storage}} keeps {{what}}, which any script on the page can read, so one XSS bug leaks the login; let the server set it as an HttpOnly, Secure, SameSite cookie, or keep it in memory only.',
    },
    abuserStory: {
      actor: 'attacker who found one XSS bug or compromised one third-party script on the site',
      goal: 'read the access token from localStorage and send it to my server',
      harm: "I use the victim's account from my own machine until the token expires, without their password or second factor",
      stride: ['S', 'I'],
      asset: 'users\' sessions and access tokens',
      controls: [
        'Session and refresh tokens are set by the server in HttpOnly, Secure, SameSite cookies',
        'Access tokens that must reach script live in memory only and are short-lived',
        'A content security policy limits which scripts run on the page',
      ],
      likelihood: 2,
      impact: 2,
    },
    since: '0.2.0',
    reportsTaint: false,
  },
  create(context) {
    if (!/localStorage|sessionStorage/.test(context.sourceText)) return {};

    /** `keyName` is the storage key when the code spells it, else undefined and the value's name decides. */
    function check(node: TSESTree.Node, storage: string, keyName: string | undefined, value: TSESTree.Node): void {
      const stored = unwrap(value);
      // Clearing a token (`setItem('token', '')`, `localStorage.token = null`) stores nothing secret.
      if (stored.type === 'Literal' || (stored.type === 'Identifier' && stored.name === 'undefined')) return;
      if (context.flow.valueOf(value).origin === 'constant') return;
      const valueName = valueNameOf(value);
      let what: string | undefined;
      if (keyName !== undefined) what = isCredentialName(keyName) ? `'${keyName}'` : undefined;
      else if (valueName && isCredentialName(valueName)) what = `\`${valueName}\``;
      if (!what) return;
      context.report({ node, messageId: 'tokenInStorage', data: { storage, what } });
    }

    return {
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'setItem' || node.arguments.length < 2) return;
        const storage = storageName(callee.object, context);
        const [key, value] = node.arguments;
        if (!storage || key.type === 'SpreadElement' || value.type === 'SpreadElement') return;
        check(node, storage, keyText(key, context), value);
      },
      AssignmentExpression(node) {
        const target = unwrap(node.left);
        if (node.operator !== '=' || target.type !== 'MemberExpression') return;
        const storage = storageName(target.object, context);
        if (!storage) return;
        check(node, storage, propertyName(target) ?? keyText(target.property, context), node.right);
      },
    };
  },
});
