// Flags secrets compared with `===`, `!==`, `==`, `!=` or `Buffer#equals` against a value the
// client sends: API keys, webhook signatures, HMACs, reset tokens. Those comparisons stop at the
// first differing byte, so response times leak how much of a guess was right. The suggestion
// rewrites the comparison to `crypto.timingSafeEqual` behind an equal-length check.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, nameWords, type Confidence, defineRule, type FixProposal, type FlowValue, mentionsName, propertyName, type RuleContext, type Severity, unwrap } from '../../server/src/engine/api';
import { isPasswordName } from '../util/sensitiveNames';
import { isEnvSecret, isHmacDigest, keptValueOf, keptValueThrough, valueNameOf } from '../util/secretValues';

const EQUALITY = new Set(['===', '!==', '==', '!=']);
/** Words naming a value that must stay secret and is checked by equality. */
const STRONG_SECRET_WORDS = new Set(['token', 'secret', 'signature', 'sig', 'hmac', 'apikey', 'csrf', 'xsrf', 'otp', 'totp', 'hotp', 'passcode', 'bearer', 'sessionid']);
/** Words that name a secret only sometimes: a content hash or a digest of a file is public. */
const WEAK_SECRET_WORDS = new Set(['hash', 'digest', 'mac', 'nonce']);
/** Qualifiers that make a trailing `key` a credential (`apiKey` is joined earlier; `sortKey` is not one). */
const KEY_QUALIFIERS = new Set(['secret', 'access', 'signing', 'private', 'hmac', 'auth', 'license', 'master', 'admin', 'webhook', 'client', 'shared']);
/** Words that may follow the secret word and still name the secret itself (`signatureHex`, `x-hub-signature-256`). */
const TRAILING_WORDS = new Set(['hex', 'base64', 'b64', 'base64url', 'value', 'buf', 'buffer', 'str', 'string', 'raw', 'bytes', 'header', 'param', 'key', 'code', 'sha256', 'sha1', 'sha512']);
/** Page sources: a timing attack on the visitor's own browser measures nothing the visitor lacks. */
const BROWSER_SOURCE = /^(window\.|self\.)?(location|document)\./;

type Strength = 'strong' | 'weak';

/** `apiKey`, `x-api-key` and `API_KEY` all read as one word, `apikey`. */
function wordsOf(name: string): string[] {
  const words = nameWords(name);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'api' && words[i + 1] === 'key') {
      out.push('apikey');
      i++;
    } else if (words[i] === 'session' && words[i + 1] === 'id') {
      out.push('sessionid');
      i++;
    } else out.push(words[i]);
  }
  return out;
}

/** Whether a name says its value is a secret checked by equality, and how sure the name is. */
export function secretNameStrength(name: string): Strength | undefined {
  const words = wordsOf(name);
  // Plain passwords compared in clear are session/no-plaintext-password's finding.
  if (isPasswordName(name) && !words.some((w) => WEAK_SECRET_WORDS.has(w))) return undefined;
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i];
    const tail = words.slice(i + 1);
    if (!tail.every((w) => TRAILING_WORDS.has(w) || /^\d+$/.test(w))) continue;
    if (STRONG_SECRET_WORDS.has(word)) return 'strong';
    if (word === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1])) return 'strong';
    if (WEAK_SECRET_WORDS.has(word) || (isPasswordName(word) && tail.length > 0)) return 'weak';
  }
  return undefined;
}

/** A side that cannot be a secret: a literal, `undefined`, `typeof x`, a length, arithmetic. */
function isPlainValue(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  switch (inner.type) {
    case 'Literal':
    case 'TemplateLiteral':
    case 'UnaryExpression':
    case 'UpdateExpression':
    case 'ArrayExpression':
    case 'ObjectExpression':
      return inner.type !== 'TemplateLiteral' || inner.expressions.length === 0;
    case 'BinaryExpression':
      // Arithmetic is a number; only `+` may build a string around a secret.
      return inner.operator !== '+';
    case 'Identifier':
      return inner.name === 'undefined' || inner.name === 'NaN';
    case 'MemberExpression': {
      const name = propertyName(inner);
      return name === 'length' || name === 'size' || name === 'byteLength';
    }
    default:
      return false;
  }
}

interface Side {
  node: TSESTree.Node;
  value: FlowValue;
  /** Request input that is not the page's own URL. */
  fromRequest: boolean;
  /** A parameter of a helper: its caller decides what it holds. */
  fromParameter: boolean;
  /** Why the value is secret, if it is. */
  secret?: { strength: Strength; computed: boolean };
}

/** What a side says of itself without data flow: the value it keeps and the secret its code or names show. */
interface SideText {
  node: TSESTree.Node;
  kept: TSESTree.Node;
  computed: boolean;
  /** The secret strengths its own names give (`valueNameOf` of the side and of its kept value). */
  named: (Strength | undefined)[];
}

function readSide(node: TSESTree.Node, context: RuleContext): SideText {
  const kept = keptValueThrough(node, context);
  const computed = isHmacDigest(kept, context) || isEnvSecret(kept, context);
  const named = computed ? [] : [valueNameOf(node), valueNameOf(kept)].map((name) => (name ? secretNameStrength(name) : undefined));
  return { node, kept, computed, named };
}

/**
 * Whether `judge` could take this side for the secret. A side whose secret shows only in the name
 * of the request field it came from is the client's own value, which `judge` never takes for the
 * secret, so a comparison where neither side passes this is no check of a secret.
 */
function mayBeSecret(side: SideText): boolean {
  return side.computed || side.named.some((s) => s !== undefined);
}

function describeSide({ node, kept, computed, named }: SideText, context: RuleContext): Side {
  const value = context.flow.valueOf(kept);
  const fromRequest = value.origin === 'tainted' && !BROWSER_SOURCE.test(value.source?.description ?? '');
  const fromParameter = value.origin === 'unknown' && value.parameter === true;
  let secret: Side['secret'];
  if (computed) secret = { strength: 'strong', computed: true };
  else {
    const sourceName = fromRequest ? value.source?.description.split('.').pop() : undefined;
    const strengths = [...named, sourceName ? secretNameStrength(sourceName) : undefined];
    const best = strengths.includes('strong') ? 'strong' : strengths.find((s) => s !== undefined);
    if (best) secret = { strength: best, computed: false };
  }
  return { node, value, fromRequest, fromParameter, secret };
}

interface Verdict {
  input: Side;
  secret: Side;
  severity: Severity;
  confidence: Confidence;
  /** A helper's parameter rather than request input: shown in the audit profile only. */
  audit: boolean;
}

/** The identifier a member chain starts from: `req` for `req.cookies.sid`. */
function rootOf(node: TSESTree.Node): TSESTree.Node {
  let current = keptValueOf(node);
  while (current.type === 'MemberExpression') current = keptValueOf(current.object);
  return current;
}

/**
 * A second field of the same request (`req.cookies.sid === req.token`) is the client's value too;
 * the session (`req.session.csrfToken`) is the server's.
 */
function isSameRequestField(secret: Side, input: Side): boolean {
  const secretRoot = rootOf(secret.node);
  const inputRoot = rootOf(input.node);
  if (secretRoot.type !== 'Identifier' || inputRoot.type !== 'Identifier' || secretRoot.name !== inputRoot.name) return false;
  return !/\.(session|user|state)\./.test(`${dottedName(keptValueOf(secret.node)) ?? ''}.`);
}

/** The function whose parameter a value starts from, when it is one. */
function parameterOwner(node: TSESTree.Node, context: RuleContext): TSESTree.Node | undefined {
  const root = rootOf(node);
  if (root.type !== 'Identifier') return undefined;
  const def = context.flow.variableOf(root)?.defs[0];
  return def?.type === 'Parameter' ? def.node : undefined;
}

/**
 * Whether a helper's comparison looks like a check of a caller's guess: the guess is a parameter of
 * a function others call (not an inline callback's, which receives records), the secret is a stored
 * value rather than a second parameter, and the two are not the same field of two records
 * (`existing.token !== gift.token` compares rows).
 */
function isHelperCheck(input: Side, secret: Side, context: RuleContext): boolean {
  const owner = parameterOwner(input.node, context);
  if (!owner || context.getParent(owner)?.type === 'CallExpression') return false;
  const secretNode = keptValueOf(secret.node);
  if (secretNode.type === 'Identifier' && parameterOwner(secretNode, context)) return false;
  const inputNode = keptValueOf(input.node);
  if (inputNode.type === 'MemberExpression' && secretNode.type === 'MemberExpression' && propertyName(inputNode) === propertyName(secretNode)) return false;
  return true;
}

/** Which side is the client's guess and which the secret, or undefined when this is no secret check. */
function judge(a: Side, b: Side, context: RuleContext): Verdict | undefined {
  for (const [input, secret] of [[a, b], [b, a]] as const) {
    if (!secret.secret) continue;
    // The secret side must be the server's own value, unless it is computed (an HMAC over the body).
    if (secret.fromRequest && !secret.secret.computed) continue;
    if (input.fromRequest) {
      if (isSameRequestField(secret, input)) continue;
      const sure = secret.secret.computed || secret.secret.strength === 'strong' || input.secret?.strength === 'strong';
      // A warning, not an error: the attack needs many requests over a stable network path (CVSS
      // attack complexity high, 5.9), unlike an injection that one request exploits.
      return { input, secret, severity: 'warning', confidence: sure ? 'high' : 'medium', audit: false };
    }
    // A helper's parameter checked against a secret: the caller may hand it the client's value.
    const named = secret.secret.computed || (secret.secret.strength === 'strong' && input.secret?.strength === 'strong');
    if (input.fromParameter && named && isHelperCheck(input, secret, context)) {
      return { input, secret, severity: 'warning', confidence: 'low', audit: true };
    }
  }
  return undefined;
}

/** A value that can be read twice without running anything: `a`, `req.headers['x-sig']`, `this.secret`. */
function isPlainRead(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Identifier' || inner.type === 'ThisExpression') return true;
  if (inner.type === 'MemberExpression') return (!inner.computed || inner.property.type === 'Literal') && isPlainRead(inner.object);
  return false;
}

export default defineRule({
  id: 'session/no-timing-unsafe-comparison',
  meta: {
    title: 'Secret compared in non-constant time',
    checklist:
      'Tokens, API keys, signatures, HMACs and password hashes that the client sends are checked with a constant-time comparison (`crypto.timingSafeEqual` on buffers of equal length), never with `===`, `!==`, `==`, `!=` or `Buffer#equals`.',
    rationale:
      'String and buffer equality stop at the first byte that differs, so a check takes a little longer for each leading byte the guess gets right. By timing many requests an attacker recovers a webhook signature, an API key or a reset token byte by byte instead of guessing it whole.',
    severity: 'warning',
    securitySeverity: '5.9',
    confidence: 'high',
    cwe: ['CWE-208'],
    owasp: ['A02:2021-Cryptographic Failures', 'A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/208.html',
      'https://owasp.org/Top10/A02_2021-Cryptographic_Failures/',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://nodejs.org/api/crypto.html#cryptotimingsafeequala-b',
      'https://cheatsheetseries.owasp.org/cheatsheets/Nodejs_Security_Cheat_Sheet.html',
    ],
    frameworks: ['node:crypto', 'express', 'koa', 'fastify', 'hapi', 'next', 'aws-lambda'],
    fix: 'suggestion',
    messages: {
      unsafeComparison: '`{{operator}}` compares {{secret}} with {{input}} and returns at the first differing byte, leaking the secret by timing; compare equal-length buffers with `crypto.timingSafeEqual`.',
      useTimingSafeEqual: 'Compare with `timingSafeEqual` after an equal-length check',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'get into {asset} without the secret by timing thousands of guessed keys, signatures or tokens and keeping the slowest guess at each byte',
      harm: 'I forge webhook calls or use an API key or reset token I was never given',
      stride: ['S', 'I'],
      asset: 'API keys, webhook signatures and one-time tokens',
      controls: [
        'Every check of a client-supplied secret uses crypto.timingSafeEqual on buffers of equal length',
        'Webhook signatures are checked with the provider SDK or with timingSafeEqual over the HMAC digest',
        'Failed attempts are rate limited, so a timing attack needs more requests than the limit allows',
      ],
      likelihood: 1,
      impact: 2,
    },
    since: '0.2.0',
  },
  create(context) {
    // Files that never name a secret cannot compare one: skip the per-node work.
    if (!/token|secret|sig|hmac|digest|key|hash|mac|csrf|xsrf|otp|nonce|passcode|bearer|session|process\.env/i.test(context.sourceText)) return {};

    function timingSafeFix(node: TSESTree.Node, left: TSESTree.Node, right: TSESTree.Node, negated: boolean, buffers: boolean): FixProposal | undefined {
      if (!isPlainRead(keptValueOf(left)) || !isPlainRead(keptValueOf(right))) return undefined;
      const known = context.imports.bindings.some((b) => b.imported === 'timingSafeEqual' || (b.kind !== 'named' && /^(node:)?crypto$/.test(b.module)));
      if (!known && mentionsName(context, 'timingSafeEqual')) return undefined;
      const { expression, edits } = context.imports.ensureNamed('crypto', 'timingSafeEqual');
      const a = context.getText(left);
      const b = context.getText(right);
      const check = buffers
        ? `${a}.length === ${b}.length && ${expression}(${a}, ${b})`
        : `Buffer.byteLength(${a}) === Buffer.byteLength(${b}) && ${expression}(Buffer.from(${a}), Buffer.from(${b}))`;
      return {
        messageId: 'useTimingSafeEqual',
        kind: 'suggestion',
        edits: [...edits, { start: node.range[0], end: node.range[1], text: negated ? `!(${check})` : `(${check})` }],
      };
    }

    function check(node: TSESTree.Node, left: TSESTree.Node, right: TSESTree.Node, operator: string, negated: boolean, buffers: boolean): void {
      if (isPlainValue(left) || isPlainValue(right)) return;
      const leftText = readSide(left, context);
      const rightText = readSide(right, context);
      // Most comparisons in real code hold no secret; their data flow is not worth computing.
      if (!mayBeSecret(leftText) && !mayBeSecret(rightText)) return;
      const verdict = judge(describeSide(leftText, context), describeSide(rightText, context), context);
      if (!verdict) return;
      const fix = timingSafeFix(node, left, right, negated, buffers);
      const secretName = valueNameOf(verdict.secret.node) ?? dottedName(keptValueOf(verdict.secret.node)) ?? 'a secret';
      const inputName = verdict.input.value.source?.description ?? valueNameOf(verdict.input.node) ?? 'a caller-supplied value';
      context.report({
        node,
        messageId: 'unsafeComparison',
        data: { operator, secret: `\`${secretName}\``, input: verdict.input.fromRequest ? `request input (${inputName})` : `\`${inputName}\`` },
        severity: verdict.severity,
        confidence: verdict.confidence,
        audit: verdict.audit,
        related: verdict.input.value.source ? [{ node: verdict.input.value.source.node, message: `${inputName} enters here` }] : [],
        fixes: fix ? [fix] : [],
        fixWithheld: fix ? undefined : 'an operand is computed (a call or an index), so repeating it in the rewrite could change what runs; compare the two values with timingSafeEqual by hand',
      });
    }

    return {
      BinaryExpression(node) {
        if (!EQUALITY.has(node.operator) || node.left.type === 'PrivateIdentifier') return;
        check(node, node.left, node.right, node.operator, node.operator.startsWith('!'), false);
      },
      CallExpression(node) {
        const callee = unwrap(node.callee);
        if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'equals' || node.arguments.length !== 1) return;
        const argument = node.arguments[0];
        if (argument.type === 'SpreadElement') return;
        const parent = context.getParent(node);
        const negated = parent?.type === 'UnaryExpression' && parent.operator === '!';
        check(negated ? parent : node, callee.object, argument, 'Buffer#equals', negated, true);
      },
    };
  },
});
