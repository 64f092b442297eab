// Removes secrets from text before any output quotes it: scan reports (text, JSON, SARIF), abuser
// stories, evidence reports, and the language server's diagnostics, hover and logs. Those outputs
// are copied, uploaded and kept in history, so anything that looks like a credential is replaced.
// Known token shapes are caught reliably; opaque secrets by their name, their position (the key
// argument of `jwt.sign`), their entropy, or because a finding said so (`known`, exact values).
import { nameWords } from '../engine/names';

export interface Redaction {
  text: string;
  count: number;
  /** Kinds replaced, e.g. `aws-access-key`, `assigned-secret`, with how many of each. */
  kinds: Record<string, number>;
}

interface Pattern {
  kind: string;
  regex: RegExp;
}

const PRIVATE_KEY_BLOCK: Pattern = {
  kind: 'private-key',
  // An excerpt may cut a key block in half; without an END line everything after BEGIN goes.
  regex: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
};

const TOKEN_PATTERNS: readonly Pattern[] = [
  { kind: 'aws-access-key', regex: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g },
  { kind: 'github-token', regex: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g },
  { kind: 'github-token', regex: /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g },
  { kind: 'gitlab-token', regex: /\bgl(?:pat|dt|rt|ptt|cbt|soat)-[A-Za-z0-9_-]{20,}/g },
  { kind: 'slack-token', regex: /\bxox[abposrce]-[A-Za-z0-9-]{8,}/g },
  { kind: 'slack-webhook', regex: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g },
  { kind: 'stripe-key', regex: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b/g },
  { kind: 'google-api-key', regex: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'npm-token', regex: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'pypi-token', regex: /\bpypi-AgE[A-Za-z0-9_-]{50,}/g },
  { kind: 'sendgrid-key', regex: /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}/g },
  { kind: 'twilio-key', regex: /\bSK[0-9a-f]{32}\b/g },
  { kind: 'discord-token', regex: /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}/g },
  { kind: 'discord-webhook', regex: /https:\/\/(?:[a-z]+\.)?discord(?:app)?\.com\/api\/webhooks\/[0-9]+\/[A-Za-z0-9_-]+/g },
  { kind: 'jwt', regex: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  { kind: 'bearer-token', regex: /(?<=\bBearer\s+)[A-Za-z0-9._~+/-]{16,}=*/g },
];

/** Credentials inside a connection string: `scheme://user:password@host`. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"`]*:)([^\s@'"`]+)(@)/gi;

/**
 * Names that announce a secret: password, passwd, pwd, secret, token, apiKey, api_key, key,
 * credential(s), auth, private key, client secret, connection string. Matched on the last word of
 * an identifier (camelCase, snake_case or SCREAMING_CASE), so `dbPassword` and `API_TOKEN` count
 * while `tokenizer` and `keyboard` do not.
 */
const SECRET_NAME = /(?:pass(?:word|wd|phrase|code)?|pwd|secret|token|api_?key|access_?key|private_?key|key|credentials?|auth|salt|connection_?string|conn_?str|dsn|(?:^|_)(?:pw|pin))$/i;

/** `name = 'value'`, `name: "value"`, `"name": "value"`, `name => 'value'` in code or JSON. */
const ASSIGNED_STRING = /(["']?)([A-Za-z_$][\w$-]*)\1(\s*(?::=|=>|[!=]==?|:|=)\s*)(["'`])((?:\\.|(?!\4)[^\\\n])+)\4/g;

/**
 * The key argument of the calls that take one positionally: `jwt.sign(payload, 'key')`,
 * `createHmac('sha256', 'key')`, `createCipheriv(alg, 'key', iv)`. The value has no name to give it away.
 */
const POSITIONAL_KEY = /(\b(?:sign|verify|createHmac|createCipheriv|createDecipheriv)\s*\(\s*[^,()\n]+,\s*)(["'`])((?:\\.|(?!\2)[^\\\n])+)\2/g;

/** SQL that sets a password inline: `IDENTIFIED BY 'x'`, `PASSWORD 'x'`. */
const SQL_PASSWORD = /(\b(?:IDENTIFIED\s+BY|PASSWORD)\s+)(')((?:''|[^'\n])+)'/gi;

/** Two or more string literals joined by `+`: a token split in parts is judged joined. */
const LITERAL_CHAIN = /(["'`])(?:\\.|(?!\1)[^\\\n])*\1(?:\s*\+\s*(["'`])(?:\\.|(?!\2)[^\\\n])*\2)+/g;
const ONE_LITERAL = /(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/g;

/** Shorter known values are too common to replace everywhere they occur. */
const KNOWN_MIN_LENGTH = 4;
/** Known values shorter than this are replaced only as whole words. */
const SHORT_KNOWN = 8;

/**
 * `NAME=value` in .env files and shell lines, also when a JS string holds them (`"A=1\\nB=2"`), and
 * `&password=value` in query strings.
 */
const ENV_ASSIGNMENT = /(^|[\s"'`;?&]|\\n)((?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)(=)([^\s'"`#\\&][^\s#'"`\\&]*)/gm;

/** Long runs of token characters; checked for entropy below. */
const CANDIDATE = /[A-Za-z0-9+/_=-]{20,}/g;

const MARKER_PREFIX = '[REDACTED:';

function marker(kind: string): string {
  return `${MARKER_PREFIX}${kind}]`;
}

/**
 * `known` are exact values that a finding identified as secrets (the text of a flagged literal);
 * they are replaced wherever they occur, whatever surrounds them.
 */
export function redactSecrets(input: string, known: readonly string[] = []): Redaction {
  const kinds: Record<string, number> = {};
  const note = (kind: string) => {
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    return marker(kind);
  };
  let text = input.replace(LITERAL_CHAIN, (chain) => (hidesToken(chain) ? `'${note('split-secret')}'` : chain));
  text = text.replace(PRIVATE_KEY_BLOCK.regex, () => note(PRIVATE_KEY_BLOCK.kind));
  for (const pattern of TOKEN_PATTERNS) text = text.replace(pattern.regex, () => note(pattern.kind));
  text = text.replace(POSITIONAL_KEY, (whole, head: string, quote: string, value: string) =>
    worthHiding(value) ? `${head}${quote}${note('key-argument')}${quote}` : whole,
  );
  text = text.replace(SQL_PASSWORD, (whole, head: string, quote: string, value: string) =>
    worthHiding(value) && !isConcatenationGap(value) ? `${head}${quote}${note('assigned-secret')}${quote}` : whole,
  );
  text = text.replace(URL_CREDENTIALS, (_whole, head: string, _password: string, at: string) => `${head}${note('url-password')}${at}`);
  text = text.replace(ASSIGNED_STRING, (whole, quote: string, name: string, operator: string, valueQuote: string, value: string) => {
    if (!isSecretName(name) || !worthHiding(value) || isConcatenationGap(value)) return whole;
    return `${quote}${name}${quote}${operator}${valueQuote}${note('assigned-secret')}${valueQuote}`;
  });
  text = text.replace(ENV_ASSIGNMENT, (whole, before: string, exported: string, name: string, operator: string, value: string) => {
    if (!isSecretName(name) || !worthHiding(value)) return whole;
    return `${before}${exported}${name}${operator}${note('assigned-secret')}`;
  });
  text = text.replace(CANDIDATE, (run, offset: number, whole: string) => {
    // A path or URL (`/hooks/<token>`, `file:///tmp/...`) keeps its words: each segment is judged
    // alone. Anything else goes whole, so no piece of a base64 key with a `/` in it is left.
    if (isPath(run, whole.slice(Math.max(0, offset - 100), offset))) {
      return run
        .split('/')
        .map((segment) => (randomPathSegment(segment) ? note('high-entropy') : segment))
        .join('/');
    }
    // `NAME=value` is judged part by part: an environment setting is not a token, its value may be.
    // Trailing `=` is base64 padding and stays with its run.
    return run
      .split(/=(?!=*$)/)
      .map((part) => (looksRandom(part) ? note('high-entropy') : part))
      .join('=');
  });
  // Last, so that the patterns name what they recognise; what they did not recognise still goes.
  // Longest first, so a value that contains another known value goes as a whole.
  for (const value of [...new Set(known)].filter((k) => k.length >= KNOWN_MIN_LENGTH).sort((a, b) => b.length - a.length)) {
    if (!text.includes(value)) continue;
    // A short value ('test1') is only replaced as a whole word, not inside `latest1.0` or prose.
    if (value.length < SHORT_KNOWN) text = text.replace(new RegExp(`(?<![\\w$])${escapeRegExp(value)}(?![\\w$])`, 'g'), () => note('flagged-secret'));
    else text = text.split(value).reduce((done, rest) => `${done}${note('flagged-secret')}${rest}`);
  }
  const count = Object.values(kinds).reduce((sum, n) => sum + n, 0);
  return { text, count, kinds };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function isPath(run: string, before: string): boolean {
  if (!run.includes('/')) return false;
  return run.startsWith('/') || /^[a-z]{4,}\//i.test(run) || /(?:\b[a-z][a-z0-9+.-]*:|:\/\/[A-Za-z0-9.-]*)$/i.test(before);
}

/** Whether the joined values of a chain of literals contain a token none of its parts shows alone. */
function hidesToken(chain: string): boolean {
  const parts = [...chain.matchAll(ONE_LITERAL)].map((m) => m[2]);
  if (parts.length < 2) return false;
  const joined = redactSecrets(parts.join(''));
  const separate = parts.reduce((sum, part) => sum + redactSecrets(part).count, 0);
  return joined.count > separate;
}

function isSecretName(name: string): boolean {
  // The last words of the identifier decide, split the way the rules split names.
  const last = nameWords(name).slice(-2).join('_');
  return SECRET_NAME.test(last) && !/(?:^|_)(?:id|ids|name|names|type|length|field|header|url|path|file|prefix|column|label|placeholder)$/i.test(last);
}

/**
 * SQL built in code puts the quotes of the SQL literal inside the JS strings:
 * `"... password = '" + hashPassword(pw) + "'"`. Read from the SQL quote, the "value" is the JS
 * that closes one string, joins an expression and opens the next: code, not a secret, and
 * replacing it would misquote the very line a story is about. Literals inside that code are still
 * judged by the other patterns.
 */
function isConcatenationGap(value: string): boolean {
  return /^\s*["'`]\s*\+/.test(value) || /\+\s*["'`]\s*$/.test(value);
}

function worthHiding(value: string): boolean {
  if (value.includes(MARKER_PREFIX)) return false;
  // Template placeholders and environment lookups are not secrets themselves.
  if (/^process\.env\./.test(value)) return false;
  if (value.replace(/\$\{[^}]*\}/g, '').replace(/[\s:/._-]/g, '') === '') return false;
  return value.trim().length > 0;
}

/**
 * Identifiers and words rarely mix digits and letters at high entropy; keys and tokens do. Hex
 * digests need to be long, base64-like strings must contain both digits and letters.
 */
function looksRandom(run: string): boolean {
  if (run.includes('REDACTED')) return false;
  const core = run.replace(/=+$/, '');
  if (/^[0-9a-f]+$/i.test(core)) return core.length >= 32 && entropy(core) >= 3.0;
  if (!/[0-9]/.test(core)) return false;
  if (/[A-Z]/.test(core) && /[a-z]/.test(core)) return entropy(core) >= 4.0;
  // Single-case runs are mostly paths and kebab-case words; only long, dense ones count.
  return core.length >= 24 && !/[/.]/.test(core) && entropy(core) >= 3.9;
}

/**
 * A path segment is a token when it is random as a whole and holds a long unbroken run of letters
 * and digits: `rugged-hostile-nLf3PZ` (words with a short random suffix, as temporary folders and
 * build outputs are named) keeps its place in a path, a 32-character reset token does not.
 */
function randomPathSegment(segment: string): boolean {
  if (segment.length < 16 || !looksRandom(segment)) return false;
  return segment.split(/[-_.~]/).some((run) => run.length >= 16);
}

function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
