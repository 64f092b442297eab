// Whether a variable, property, function or cookie name says that its value is a secret: a
// session id, a token, a password. The session rules rely on names where types cannot tell, so
// the lists stay narrow: `key`, `id` or `code` alone say nothing (React keys, row ids, HTTP codes).

import { nameWords } from '../../server/src/engine/api';

/** Words that make a name secret-bearing on their own. */
const SECRET_WORDS = new Set([
  'session', 'sess', 'sid', 'sessionid', 'token', 'secret', 'nonce', 'csrf', 'xsrf', 'otp', 'totp', 'hotp', 'passcode',
  'password', 'passwd', 'pwd', 'passphrase', 'apikey', 'bearer',
]);
/** Qualifiers that turn a following `key`, `code`, `hash`, `link`, `pin` or `id` into a secret. */
const SECRET_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'signing', 'private', 'auth', 'session', 'encryption', 'hmac', 'reset', 'verification', 'verify',
  'confirmation', 'confirm', 'activation', 'login', 'magic', 'invite', 'invitation', 'recovery', 'mfa', 'unlock', 'refresh',
]);
const QUALIFIED_WORDS = new Set(['key', 'code', 'hash', 'link', 'pin', 'id']);
/** What a trailing `key` must follow to be a secret key; `tokenKey` or `sessionKey` is usually a lookup key. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'signing', 'private', 'encryption', 'hmac', 'auth', 'jwt', 'master', 'license']);
/**
 * Last words that describe something about a secret rather than the secret itself:
 * `sessionTimeout`, `tokenLength`, `csrfHeaderName`, `resetCodeExpiresAt`.
 */
const DESCRIPTIVE_LAST_WORDS = new Set([
  'count', 'counter', 'length', 'len', 'size', 'timeout', 'delay', 'ttl', 'duration', 'interval', 'index', 'idx', 'expiry',
  'expires', 'expiration', 'expired', 'age', 'time', 'timestamp', 'at', 'date', 'retry', 'retries', 'attempt', 'attempts', 'type',
  'kind', 'name', 'label', 'color', 'colour', 'style', 'offset', 'ms', 'seconds', 'version', 'limit', 'max', 'min', 'rate', 'ratio',
  'percent', 'weight', 'score', 'position', 'pos', 'width', 'height', 'jitter', 'backoff', 'header', 'field', 'param', 'url',
  'path', 'prefix', 'format', 'regex', 'pattern', 'storage', 'store', 'stores', 'sessions', 'tokens', 'cache', 'map', 'list', 'valid',
  'enabled', 'required', 'error', 'message', 'text', 'exists', 'debug', 'log', 'mode', 'issued', 'created', 'updated', 'started',
  'seen', 'used', 'last', 'until', 'since', 'end', 'ends', 'start', 'refreshed', 'rotated', 'sent', 'verified', 'requested',
  'milliseconds', 'millis', 'minutes', 'hours', 'days', 'lifetime', 'elapsed', 'window', 'validity', 'epoch',
]);
/** Words that make a cookie name an authentication cookie wherever they stand (`auth_redirect` is a known false alarm). */
const AUTH_COOKIE_WORDS = new Set(['auth', 'jwt', 'remember', 'sso', 'sig']);
/** Words that make a cookie an authentication cookie only as its last word: `user`, `user_id`, but not `user_locale`. */
const AUTH_COOKIE_LAST_WORDS = new Set(['user', 'uid', 'userid', 'identity', 'login']);
/** Words that name a password (or a password's hash). */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass', 'pw']);
/** Secrets other than passwords that are right to hash with a fast hash (random tokens). */
const NON_PASSWORD_SECRET_WORDS = new Set(['token', 'reset', 'otp', 'nonce', 'csrf', 'session', 'apikey', 'code', 'link']);

/** Joins `api key` into `apikey` and `session id` into `sessionid`, which spell one concept. */
function joinedWords(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const pair = words[i] + (words[i + 1] ?? '');
    if (pair === 'apikey' || pair === 'sessionid') {
      out.push(pair);
      i++;
    } else out.push(words[i]);
  }
  return out;
}

function hasSecretWord(words: string[]): boolean {
  return words.some((word, i) => SECRET_WORDS.has(word) || (QUALIFIED_WORDS.has(word) && i > 0 && SECRET_QUALIFIERS.has(words[i - 1])));
}

/** True when the value named so must be unguessable: session ids, tokens, nonces, reset codes, API keys. */
export function isSecretName(name: string): boolean {
  const words = joinedWords(nameWords(name));
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  // `sessionId` is the id of a session; `userId` or `tokenId` is not secret-bearing by itself.
  if (last === 'key') return words.length >= 2 && KEY_QUALIFIERS.has(words[words.length - 2]);
  if (last === 'id') return words.length >= 2 && (words[words.length - 2] === 'sess' || SECRET_QUALIFIERS.has(words[words.length - 2]));
  if (DESCRIPTIVE_LAST_WORDS.has(last) && !SECRET_WORDS.has(last)) return false;
  return hasSecretWord(words);
}

/** Nouns that, as the last word of a name, say the value itself is a secret. */
const SECRET_NOUNS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'passcode', 'secret', 'token', 'apikey']);

/**
 * Stricter than isSecretName: the name ends in the secret itself (`dbPassword`, `JWT_SECRET`,
 * `stripeSecretKey`, `githubToken`), so `PASSWORD_REQUIRED` or `ACCESS_TOKEN_SCHEME` do not count.
 */
export function isSecretHolderName(name: string): boolean {
  const words = joinedWords(nameWords(name));
  const last = words[words.length - 1];
  if (!last) return false;
  if (last === 'key') return words.length >= 2 && KEY_QUALIFIERS.has(words[words.length - 2]);
  return SECRET_NOUNS.has(last);
}

/** True for cookie names that carry a login: sid, session, token, auth, jwt, remember_me, connect.sid. */
export function isAuthCookieName(name: string): boolean {
  const words = joinedWords(nameWords(name));
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  if (DESCRIPTIVE_LAST_WORDS.has(last)) return false;
  if (AUTH_COOKIE_LAST_WORDS.has(last) || (last === 'id' && words.includes('user'))) return true;
  return isSecretName(name) || words.some((w) => AUTH_COOKIE_WORDS.has(w) || SECRET_WORDS.has(w));
}

/** True when the name says it holds a password (not a random token that happens to be hashed too). */
export function isPasswordName(name: string): boolean {
  const words = joinedWords(nameWords(name));
  if (!words.some((w) => PASSWORD_WORDS.has(w))) return false;
  return !words.some((w) => NON_PASSWORD_SECRET_WORDS.has(w));
}

/** Words naming something handed to a person so they can later claim what it stands for. */
const BEARER_WORDS = new Set(['coupon', 'voucher', 'promo', 'gift', 'giftcard', 'invite', 'invitation', 'redeem', 'redemption', 'claim', 'unlock', 'magic', 'pin']);
/** Words naming an identifier that is a bearer value only when it is also handed out and kept: an order reference. */
const REFERENCE_WORDS = new Set(['code', 'ref', 'reference', 'link']);
const BEARER_OR_REFERENCE = /coupon|voucher|promo|gift|invit|redeem|redemption|claim|unlock|magic|pin|code|ref|link/i;
/** Qualifiers that make a `code` or `ref` a classification or a pointer, never a bearer value: statusCode, countryCode, gitRef. */
const CLASSIFYING_QUALIFIERS = new Set([
  'status', 'error', 'err', 'exit', 'http', 'response', 'return', 'result', 'country', 'language', 'lang', 'locale', 'currency',
  'color', 'colour', 'zip', 'postal', 'post', 'area', 'phone', 'dial', 'product', 'item', 'sku', 'region', 'key', 'char', 'event',
  'reason', 'type', 'source', 'bar', 'qr', 'hex', 'ascii', 'unicode', 'op', 'short', 'iso', 'state', 'city', 'bank', 'tax', 'vat',
  'unit', 'git', 'branch', 'commit', 'dom', 'element', 'node', 'component', 'input', 'form', 'react', 'html', 'image', 'doc', 'schema',
]);

/**
 * How strongly a name says its value is a bearer identifier rather than a secret by name:
 * `couponCode`, `inviteId`, `giftPin` are (strong); `reference`, `orderRef`, `code` may be (weak),
 * and then only their use can tell; `code` in a function named for a bearer value (`createCoupon`)
 * is strong. Undefined for every other name.
 */
export function bearerNameStrength(name: string, enclosingFunctionName: () => string | undefined): 'strong' | 'weak' | undefined {
  // Most names hold none of the words: a cheap test first, since every declaration is asked.
  if (!BEARER_OR_REFERENCE.test(name)) return undefined;
  const words = joinedWords(nameWords(name));
  const last = words[words.length - 1];
  if (!last || DESCRIPTIVE_LAST_WORDS.has(last)) return undefined;
  if (words.some((w) => BEARER_WORDS.has(w))) return 'strong';
  if (!REFERENCE_WORDS.has(last)) return undefined;
  if (words.length >= 2 && CLASSIFYING_QUALIFIERS.has(words[words.length - 2])) return undefined;
  const outerName = enclosingFunctionName();
  const outer = outerName ? joinedWords(nameWords(outerName)) : [];
  return outer.some((w) => BEARER_WORDS.has(w)) ? 'strong' : 'weak';
}
