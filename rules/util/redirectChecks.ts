// Whether a check the engine's guard model found before a redirect keeps the target on this site.
// The guard model knows containment (`startsWith(root + '/')`) but not URLs: for a redirect,
// `startsWith('/')` alone still lets `//evil.example` through, so it counts only beside a test that
// refuses a second slash or backslash; a prefix ending at the origin's slash counts on its own.
// A prefix the code reads from its configuration (`startsWith(urlUtils.getSiteUrl())`) counts too:
// the sender cannot choose it, and a configured site URL is a whole origin (Ghost's and WHATWG's
// `href` end with '/'); a prefix whose text Rugged can read is judged by that text instead.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, type Guard, type RuleContext, unwrap } from '../../server/src/engine/api';

const MAX_NODES = 200;

/** True when the check holds the target to a path on this site or to an origin ending in '/'. */
export function keepsRedirectOnSite(guard: Guard, context: RuleContext): boolean {
  let relative = false;
  let noSecondSlash = false;
  let originPrefix = false;
  for (const call of startsWithCalls(guard.node)) {
    const prefix = call.arguments[0];
    if (!prefix) continue;
    const text = literalText(prefix) ?? constantText(prefix, context);
    if (text === '/') relative = true;
    else if (text === '//' || text === '/\\') noSecondSlash = true;
    else if (text !== undefined ? /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]+\//i.test(text) : endsWithSlash(prefix) || isConfiguredPrefix(prefix, context)) originPrefix = true;
  }
  return originPrefix || (relative && noSecondSlash);
}

/** `const SITE = 'https://example.com'`: a prefix bound once to text Rugged can read. */
function constantText(node: TSESTree.Node, context: RuleContext): string | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return undefined;
  const writes = context.flow.assignmentsOf(inner);
  return writes.length === 1 ? literalText(writes[0]) : undefined;
}

/**
 * A prefix read from the application's own settings (`config.siteUrl`, `urlUtils.getSiteUrl()`):
 * neither input nor text built here, so neither the sender nor a visible missing slash decides it.
 */
function isConfiguredPrefix(node: TSESTree.Node, context: RuleContext): boolean {
  const value = context.flow.valueOf(node);
  return value.origin === 'unknown' && !value.built && !value.parameter && !value.cutShort;
}

function literalText(node: TSESTree.Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0) return inner.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** `BASE_URL + '/'` or `` `${origin}/` ``: a prefix built up to a slash. */
function endsWithSlash(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'BinaryExpression' && inner.operator === '+') return literalText(inner.right)?.endsWith('/') ?? false;
  if (inner.type === 'TemplateLiteral') return (inner.quasis[inner.quasis.length - 1].value.cooked ?? '').endsWith('/');
  return false;
}

/** Every `x.startsWith(prefix)` call inside the check, breadth first and bounded. */
function startsWithCalls(root: TSESTree.Node): TSESTree.CallExpression[] {
  const found: TSESTree.CallExpression[] = [];
  const queue: TSESTree.Node[] = [root];
  for (let seen = 0; queue.length > 0 && seen < MAX_NODES; seen++) {
    const node = queue.shift() as TSESTree.Node;
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && propertyName(node.callee) === 'startsWith') found.push(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      if (Array.isArray(value)) for (const item of value) if (isNode(item)) queue.push(item);
      if (isNode(value)) queue.push(value);
    }
  }
  return found;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
