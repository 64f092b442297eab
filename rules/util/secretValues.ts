// What a compared or stored value is, for the session rules that judge equality and storage of
// secrets: the name it goes by (a variable, a property, a header read with `req.get('x-api-key')`)
// and whether it is a value the server keeps secret (an HMAC digest, an environment secret).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, dottedName, nameWords, type RuleContext, staticString, unwrap } from '../../server/src/engine/api';

/** Conversions that keep the value: `Buffer.from(x)`, `String(x)`, `x.trim()`, `x.toString('hex')`. */
const KEEPING_METHODS = new Set(['trim', 'toString', 'toLowerCase', 'toUpperCase', 'normalize', 'valueOf']);
/** Methods that read one header or field by name: `req.get('x-api-key')`, `headers.get('x-signature')`. */
const NAMED_READS = new Set(['get', 'header', 'getHeader', 'param', 'cookie']);
const MAX_DEPTH = 6;

/** The value under conversions that keep it (`Buffer.from(sig, 'hex')` is `sig`). */
export function keptValueOf(node: TSESTree.Node): TSESTree.Node {
  let current = unwrap(node);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (current.type !== 'CallExpression') return current;
    const callee = unwrap(current.callee);
    const first = current.arguments[0];
    if (callee.type === 'Identifier' && callee.name === 'String' && first && first.type !== 'SpreadElement') current = unwrap(first);
    else if (callee.type === 'MemberExpression' && dottedName(callee) === 'Buffer.from' && first && first.type !== 'SpreadElement') current = unwrap(first);
    else if (callee.type === 'MemberExpression' && KEEPING_METHODS.has(propertyName(callee) ?? '')) current = unwrap(callee.object);
    else return current;
  }
  return current;
}

/** keptValueOf, also through one variable set once to a conversion (`const given = Buffer.from(sig)`). */
export function keptValueThrough(node: TSESTree.Node, context: RuleContext): TSESTree.Node {
  const kept = keptValueOf(node);
  if (kept.type !== 'Identifier') return kept;
  const writes = context.flow.assignmentsOf(kept);
  if (writes.length !== 1) return kept;
  const inner = keptValueOf(writes[0]);
  return inner === unwrap(writes[0]) ? kept : inner;
}

/** The name a value goes by: `token`, `user.resetToken` -> `resetToken`, `req.get('x-api-key')` -> `x-api-key`. */
export function valueNameOf(node: TSESTree.Node): string | undefined {
  const inner = keptValueOf(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'MemberExpression') return propertyName(inner);
  if (inner.type === 'CallExpression') {
    const callee = unwrap(inner.callee);
    if (callee.type === 'MemberExpression' && NAMED_READS.has(propertyName(callee) ?? '')) return staticString(inner.arguments[0]);
  }
  return undefined;
}

/** `crypto.createHmac(...)...digest()`, or `hmac.digest()` on a variable made by createHmac. */
export function isHmacDigest(node: TSESTree.Node, context: RuleContext, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = keptValueOf(node);
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    return writes.length === 1 && isHmacDigest(writes[0], context, depth + 1);
  }
  if (inner.type !== 'CallExpression') return false;
  const callee = unwrap(inner.callee);
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'digest') return false;
  // Walk down the chain `createHmac(...).update(...).digest()` to its start.
  let receiver = unwrap(callee.object);
  for (let step = 0; step < MAX_DEPTH && receiver.type === 'CallExpression'; step++) {
    const inside = unwrap(receiver.callee);
    const name = inside.type === 'Identifier' ? inside.name : inside.type === 'MemberExpression' ? propertyName(inside) : undefined;
    if (name === 'createHmac') return true;
    if (inside.type !== 'MemberExpression') return false;
    receiver = unwrap(inside.object);
  }
  if (receiver.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(receiver);
    if (writes.length !== 1) return false;
    const made = unwrap(writes[0]);
    if (made.type !== 'CallExpression') return false;
    const maker = unwrap(made.callee);
    const name = maker.type === 'Identifier' ? maker.name : maker.type === 'MemberExpression' ? propertyName(maker) : undefined;
    return name === 'createHmac';
  }
  return false;
}

/** Words in an environment variable's name that make it a credential (`WEBHOOK_SECRET`, `ADMIN_API_KEY`). */
const ENV_SECRET_WORDS = new Set(['secret', 'key', 'token', 'password', 'pass', 'passwd', 'apikey', 'signature', 'hmac', 'auth', 'pin', 'salt']);

/** `process.env.WEBHOOK_SECRET`, a variable holding it, or a string built around it (`Bearer ${process.env.CRON_SECRET}`). */
export function isEnvSecret(node: TSESTree.Node, context: RuleContext, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const inner = stripDefault(keptValueOf(node));
  if (inner.type === 'TemplateLiteral') return inner.expressions.some((e) => isEnvSecret(e, context, depth + 1));
  if (inner.type === 'BinaryExpression' && inner.operator === '+') return isEnvSecret(inner.left, context, depth + 1) || isEnvSecret(inner.right, context, depth + 1);
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    return writes.length > 0 && writes.every((w) => isEnvSecret(stripDefault(w), context, depth + 1));
  }
  if (inner.type !== 'MemberExpression') return false;
  const name = dottedName(inner);
  if (!name || !/^process\.env\.[\w-]+$/.test(name)) return false;
  return nameWords(name.slice('process.env.'.length)).some((w) => ENV_SECRET_WORDS.has(w));
}

/** `process.env.X || ''` and `process.env.X ?? 'dev'` are process.env.X for what they hold. */
function stripDefault(node: TSESTree.Node): TSESTree.Node {
  const inner = unwrap(node);
  return inner.type === 'LogicalExpression' && inner.operator !== '&&' ? unwrap(inner.left) : inner;
}
