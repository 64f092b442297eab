// Flags session ids, tokens, reset codes, nonces and API keys minted from predictable sources
// (Math.random, clocks, counters, time-based UUIDs, shortid, pseudoRandomBytes), and only when the
// value ends up somewhere secret: a secret-named variable, property or function result, a login
// cookie, or the session. Randomness for colours, jitter or shuffles is left alone.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type TextEdit, defineRule, enclosingFunction, type FixProposal, type RelatedNode, type RuleContext, dottedName, functionNameOf, isFunctionNode, keyNameOf, mentionsName, returnedExpressions, storedName, unwrap, type FunctionNode } from '../../server/src/engine/api';
import { cookieWriteOf } from '../util/cookieWrites';
import { bearerNameStrength, isAuthCookieName, isSecretName } from '../util/sensitiveNames';
import { describeSource, tokenOrigin, type WeakSource } from '../util/tokenSources';
import { usesOfExpression, usesOfVariable, type ValueUses } from '../util/valueUses';

/** Bytes of entropy in the suggested replacement: 256 bits, as OWASP asks at least 64. */
const TOKEN_BYTES = 32;
/** crypto.randomInt accepts ranges below 2^48. */
const RANDOM_INT_RANGE = 2 ** 48;

interface Candidate {
  /** The expression whose value becomes the secret. */
  value: TSESTree.Node;
  sink: string;
  confidence: 'high' | 'medium';
  /** `token += ...` builds the value piecewise, so no single replacement exists. */
  compound: boolean;
  sources: WeakSource[];
}

/** `req.session.state = ...`: whatever goes into the session is there to be trusted later. */
function isSessionField(target: TSESTree.Node): boolean {
  const inner = unwrap(target);
  if (inner.type !== 'MemberExpression') return false;
  const owner = dottedName(inner.object);
  return !!owner && (owner === 'session' || owner.endsWith('.session'));
}

function integerLiteral(node: TSESTree.Node): number | undefined {
  const inner = unwrap(node);
  return inner.type === 'Literal' && typeof inner.value === 'number' && Number.isSafeInteger(inner.value) ? inner.value : undefined;
}

function isMathCall(node: TSESTree.Node, methods: readonly string[]): node is TSESTree.CallExpression {
  if (node.type !== 'CallExpression' || node.arguments.length !== 1) return false;
  const callee = unwrap(node.callee);
  return callee.type === 'MemberExpression' && dottedName(callee.object) === 'Math' && methods.includes(dottedName(callee)?.slice(5) ?? '');
}

/**
 * `Math.floor(Math.random() * 900000) + 100000` and `Math.floor(100000 + Math.random() * 900000)`:
 * a number drawn from a range, which `crypto.randomInt(min, max)` draws without bias.
 */
function randomIntPattern(source: TSESTree.Node, site: TSESTree.Node, context: RuleContext): { node: TSESTree.Node; min: number; max: number } | undefined {
  const product = context.getParent(source);
  if (!product || product.type !== 'BinaryExpression' || product.operator !== '*') return undefined;
  const span = integerLiteral(product.left === source ? product.right : product.left);
  if (span === undefined || span <= 0) return undefined;
  let min = 0;
  let inner: TSESTree.Node = product;
  let parent = context.getParent(product);
  if (parent?.type === 'BinaryExpression' && parent.operator === '+') {
    const offset = integerLiteral(parent.left === product ? parent.right : parent.left);
    if (offset === undefined) return undefined;
    min = offset;
    inner = parent;
    parent = context.getParent(parent);
  }
  if (!parent || !isMathCall(parent, ['floor', 'trunc']) || parent.arguments[0] !== inner) return undefined;
  let node: TSESTree.Node = parent;
  const outer = context.getParent(parent);
  if (min === 0 && outer?.type === 'BinaryExpression' && outer.operator === '+') {
    const offset = integerLiteral(outer.left === parent ? outer.right : outer.left);
    if (offset !== undefined) {
      min = offset;
      node = outer;
    }
  }
  const max = min + span;
  if (!Number.isSafeInteger(max) || max - min >= RANDOM_INT_RANGE) return undefined;
  if (node.range[0] < site.range[0] || node.range[1] > site.range[1]) return undefined;
  return { node, min, max };
}

/** `crypto.randomBytes` or `randomBytes`, with the import the file still needs; undefined when the name would clash. */
function cryptoExport(context: RuleContext, name: string): { expression: string; edits: TextEdit[] } | undefined {
  const module = context.imports.has('crypto') ? 'crypto' : context.imports.style === 'esm' ? 'node:crypto' : 'crypto';
  const result = context.imports.ensureNamed(module, name);
  if (result.edits.length > 0 && mentionsName(context, name)) return undefined;
  return result;
}

/** The replacement text for a whole value, keeping a leading constant prefix such as `'sess_' + ...`. */
function replacementFor(site: TSESTree.Node, call: string, context: RuleContext): string {
  const inner = unwrap(site);
  if (inner.type === 'TemplateLiteral' && inner.expressions.length > 0 && inner.quasis[0].value.raw !== '') {
    return `\`${inner.quasis[0].value.raw}\${${call}}\``;
  }
  if (inner.type !== 'BinaryExpression' || inner.operator !== '+') return call;
  const operands: TSESTree.Node[] = [];
  let current: TSESTree.Node = inner;
  while (current.type === 'BinaryExpression' && current.operator === '+') {
    operands.unshift(current.right);
    current = current.left;
  }
  operands.unshift(current);
  const prefix: string[] = [];
  for (const operand of operands) {
    if (operand.type !== 'Literal' || typeof operand.value !== 'string') break;
    prefix.push(context.getText(operand));
  }
  return prefix.length > 0 && prefix.length < operands.length ? `${prefix.join(' + ')} + ${call}` : call;
}

function fixFor(candidate: Candidate, context: RuleContext): FixProposal | undefined {
  const { sources } = candidate;
  if (sources.every((s) => s.kind === 'uuid-v1' && (s.node as TSESTree.CallExpression).arguments.length === 0)) {
    const uuid = cryptoExport(context, 'randomUUID');
    if (!uuid) return undefined;
    const call = `${uuid.expression}()`;
    return { messageId: 'useRandomUuid', data: { call }, kind: 'suggestion', edits: [...uuid.edits, ...sources.map((s) => ({ start: s.node.range[0], end: s.node.range[1], text: call }))] };
  }
  if (sources.every((s) => s.kind === 'pseudo-random-bytes')) {
    const edits: TextEdit[] = [];
    for (const source of sources) {
      const callee = unwrap((source.node as TSESTree.CallExpression).callee);
      if (callee.type !== 'MemberExpression' || callee.computed) return undefined;
      edits.push({ start: callee.property.range[0], end: callee.property.range[1], text: 'randomBytes' });
    }
    return { messageId: 'useRandomBytesCall', data: { call: 'crypto.randomBytes()' }, kind: 'suggestion', edits };
  }
  const site = sources[0].site;
  if (candidate.compound || !site || sources.some((s) => s.site !== site)) return undefined;
  if (sources.length === 1 && sources[0].kind === 'math-random') {
    const range = randomIntPattern(sources[0].node, site, context);
    if (range) {
      const randomInt = cryptoExport(context, 'randomInt');
      if (!randomInt) return undefined;
      const call = `${randomInt.expression}(${range.min}, ${range.max})`;
      return { messageId: 'useRandomInt', data: { call }, kind: 'suggestion', edits: [...randomInt.edits, { start: range.node.range[0], end: range.node.range[1], text: call }] };
    }
  }
  const randomBytes = cryptoExport(context, 'randomBytes');
  if (!randomBytes) return undefined;
  const call = `${randomBytes.expression}(${TOKEN_BYTES}).toString('base64url')`;
  return {
    messageId: 'useRandomBytes',
    data: { call },
    kind: 'suggestion',
    edits: [...randomBytes.edits, { start: site.range[0], end: site.range[1], text: replacementFor(site, call, context) }],
  };
}

/**
 * An order reference or coupon code is a secret by use, not by name: handed to the client and kept
 * to be looked up again, it lets whoever presents it claim the order or the discount. A name that
 * says bearer value (`couponCode`, `inviteId`) needs one of the two uses, a name that only may
 * (`reference`, `code`) needs both.
 */
function bearerUse(strength: 'strong' | 'weak', uses: ValueUses): string | undefined {
  if (uses.handedOut && uses.stored) return 'which is handed to the client and kept to be looked up again';
  if (strength === 'weak') return undefined;
  if (uses.handedOut) return 'which is handed to the client';
  return uses.stored ? 'which is kept to be looked up again' : undefined;
}

function namesOnlyANonce(sink: string): boolean {
  return /nonce/i.test(sink) && !/token|sess|secret|csrf|xsrf|otp|pass|key|code|sid|cookie/i.test(sink.replace(/nonce/gi, ''));
}

export default defineRule({
  id: 'session/no-predictable-token',
  meta: {
    title: 'Session id or token from a predictable source',
    checklist:
      'Session ids, tokens, reset codes, nonces and API keys come from a cryptographically secure generator (`crypto.randomBytes`, `crypto.randomUUID`), never from `Math.random`, the clock, a counter or a time-based UUID.',
    rationale:
      '`Math.random()` is not built to resist prediction: a few observed outputs reveal its internal state, and timestamps, counters and time-based UUIDs can simply be enumerated. Whoever guesses a live session id, password-reset code or CSRF token takes over the account it belongs to.',
    severity: 'error',
    securitySeverity: '7.5',
    confidence: 'medium',
    cwe: ['CWE-330', 'CWE-338'],
    owasp: ['A02:2021-Cryptographic Failures', 'A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/330.html',
      'https://cwe.mitre.org/data/definitions/338.html',
      'https://owasp.org/Top10/A02_2021-Cryptographic_Failures/',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#session-id-entropy',
      'https://nodejs.org/api/crypto.html#cryptorandombytessize-callback',
    ],
    frameworks: ['node:crypto', 'uuid', 'shortid', 'express', 'koa', 'fastify'],
    fix: 'suggestion',
    messages: {
      predictable: '{{source}} is predictable and makes {{sink}}; generate secrets with `crypto.randomBytes()` or `crypto.randomUUID()`.',
      deprecatedGenerator: '{{source}} makes {{sink}}; it is a deprecated alias that older Node.js versions served from a non-cryptographic generator, call `crypto.randomBytes()`.',
      useRandomBytes: 'Generate it with `{{call}}`',
      useRandomUuid: 'Use `{{call}}` instead of a time-based UUID',
      useRandomInt: 'Draw it with `{{call}}`',
      useRandomBytesCall: 'Call `{{call}}` instead',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'take over {asset} by predicting the session ids, reset codes or tokens the server hands out from a few samples or the time they were issued',
      harm: 'I get into {asset} without knowing any password',
      stride: ['S', 'E'],
      asset: "users' sessions and accounts",
      controls: [
        'Every session id, token, nonce and reset code comes from crypto.randomBytes or crypto.randomUUID with at least 128 bits of entropy',
        'Reset codes and one-time codes expire within minutes and are invalidated after one use',
        'Repeated guesses of tokens or codes are rate-limited and logged',
        'An automated security test collects a batch of issued tokens and checks that none repeats and none follows from the time or the previous one',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.1.0',
    reportsTaint: false,
  },
  create(context) {
    const candidates: Candidate[] = [];

    function consider(value: TSESTree.Node, sink: string, confidence: Candidate['confidence'], options: { compound?: boolean; ignoreClock?: boolean } = {}): void {
      if (isFunctionNode(unwrap(value))) return;
      const origin = tokenOrigin(value, context);
      const sources = options.ignoreClock ? origin.weak.filter((s) => s.kind !== 'time') : origin.weak;
      if (sources.length === 0) return;
      candidates.push({ value, sink, confidence, compound: options.compound === true, sources });
    }

    /** A value named like a bearer identifier, reported when its use makes it a secret. */
    function considerBearer(value: TSESTree.Node, name: string, at: TSESTree.Node, uses: () => ValueUses): void {
      if (isFunctionNode(unwrap(value))) return;
      const strength = bearerNameStrength(name, () => {
        const fn = enclosingFunction(at, context);
        return fn && functionNameOf(fn, context);
      });
      if (!strength) return;
      const sources = tokenOrigin(value, context).weak;
      if (sources.length === 0) return;
      const use = bearerUse(strength, uses());
      if (use) candidates.push({ value, sink: `\`${name}\`, ${use}`, confidence: 'medium', compound: false, sources });
    }

    function considerFunction(fn: FunctionNode): void {
      const name = functionNameOf(fn, context);
      if (!name || !isSecretName(name)) return;
      for (const returned of returnedExpressions(fn)) consider(returned, `the value returned by \`${name}()\``, 'medium');
    }

    function report(candidate: Candidate, reported: Set<TSESTree.Node>): void {
      const remaining = candidate.sources.filter((s) => !reported.has(s.node));
      if (remaining.length === 0) return;
      for (const source of candidate.sources) reported.add(source.node);
      const [first, ...others] = remaining;
      const related: RelatedNode[] = others.map((s) => ({ node: s.node, message: `${describeSource(s, context)} also feeds it` }));
      const inValue = first.node.range[0] >= candidate.value.range[0] && first.node.range[1] <= candidate.value.range[1];
      if (!inValue) related.push({ node: candidate.value, message: `it becomes ${candidate.sink} here` });
      // The same value may go on to a cookie or the session: say so, and take that sink's confidence.
      const sharing = candidates.filter((c) => c !== candidate && c.sources.some((s) => candidate.sources.some((t) => t.node === s.node)));
      for (const other of sharing.slice(0, 3)) related.push({ node: other.value, message: `it becomes ${other.sink} here` });
      const confidence = [candidate, ...sharing].some((c) => c.confidence === 'high') ? 'high' : 'medium';
      const onlyDeprecated = candidate.sources.every((s) => s.kind === 'pseudo-random-bytes');
      const fix = fixFor(candidate, context);
      context.report({
        node: first.node,
        messageId: onlyDeprecated ? 'deprecatedGenerator' : 'predictable',
        data: { source: describeSource(first, context), sink: candidate.sink },
        // A nonce only has to be unpredictable in some protocols (a CSP nonce, an OpenID nonce) and
        // only unique in others (OAuth 1.0a): a warning, where session ids and reset codes are errors.
        severity: onlyDeprecated || namesOnlyANonce(candidate.sink) ? 'warning' : 'error',
        confidence,
        related,
        fixes: fix ? [fix] : [],
      });
    }

    return {
      VariableDeclarator(node) {
        const declarator = node as TSESTree.VariableDeclarator;
        if (declarator.id.type !== 'Identifier' || !declarator.init) return;
        const id = declarator.id;
        if (isSecretName(id.name)) consider(declarator.init, `\`${id.name}\``, 'medium');
        else considerBearer(declarator.init, id.name, declarator, () => usesOfVariable(id, context));
      },
      AssignmentExpression(assignment) {
        const name = storedName(assignment.left);
        const secretName = !!name && isSecretName(name);
        const sessionField = isSessionField(assignment.left);
        if (!secretName && !sessionField) {
          if (name && assignment.operator === '=') considerBearer(assignment.right, name, assignment, () => usesOfExpression(assignment.right, context));
          return;
        }
        const target = dottedName(assignment.left) ?? name ?? 'the value';
        // Sessions record times all the time (`req.session.lastSeen = Date.now()`); only secrets matter there.
        consider(assignment.right, `\`${target}\``, 'medium', { compound: assignment.operator !== '=', ignoreClock: !secretName });
      },
      Property(node) {
        const property = node as TSESTree.Property;
        if (context.getParent(property)?.type !== 'ObjectExpression' || property.kind !== 'init') return;
        const key = keyNameOf(property);
        if (key && isSecretName(key)) consider(property.value, `the \`${key}\` property`, 'medium');
        else if (key && !property.shorthand) considerBearer(property.value, key, property, () => usesOfExpression(property.value, context));
      },
      PropertyDefinition(node) {
        const field = node as TSESTree.PropertyDefinition;
        const key = keyNameOf(field);
        if (field.value && key && isSecretName(key)) consider(field.value, `\`${key}\``, 'medium');
      },
      FunctionDeclaration: (node) => considerFunction(node),
      FunctionExpression: (node) => considerFunction(node),
      ArrowFunctionExpression: (node) => considerFunction(node),
      CallExpression(node) {
        const write = cookieWriteOf(node, context);
        if (write?.name && isAuthCookieName(write.name)) consider(write.value, `the \`${write.name}\` cookie`, 'high');
      },
      'Program:exit'() {
        // Report each source once, at the sink where it is written inline (that one can be fixed).
        const ordered = [...candidates].sort((a, b) => Number(!a.sources.some((s) => s.site)) - Number(!b.sources.some((s) => s.site)));
        const reported = new Set<TSESTree.Node>();
        for (const candidate of ordered) report(candidate, reported);
      },
    };
  },
});
