// Koa hands its middleware one context that is request and response at once: `ctx.query` is what
// the client sent, while `ctx.body` is the answer being sent back (the request's body is
// `ctx.request.body`). Without types, a context is known by Koa's own name for it, `ctx`, or by
// the code reaching through it to `.request` or `.response`, which a plain request object lacks.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Variable } from '@typescript-eslint/scope-manager';
import { propertyName, unwrap } from './astNodes';

/** The name Koa's documentation and nearly every Koa app give the context. */
const KOA_CONTEXT_NAME = 'ctx';
/** The context's halves; Express's `req` and Fastify's `request` have neither. */
const CONTEXT_HALVES = new Set(['request', 'response']);

export interface KoaContextLookup {
  variableOf: (node: TSESTree.Identifier) => Variable | undefined;
  getParent: (node: TSESTree.Node) => TSESTree.Node | undefined;
}

/** Whether `node` names a Koa context (a request object, already known so by the caller). */
export function isKoaContext(node: TSESTree.Node, lookup: KoaContextLookup): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return false;
  if (inner.name === KOA_CONTEXT_NAME) return true;
  const variable = lookup.variableOf(inner);
  if (!variable) return false;
  return variable.references.some(({ identifier }) => {
    const parent = lookup.getParent(identifier);
    if (parent?.type !== 'MemberExpression' || parent.object !== identifier) return false;
    const name = propertyName(parent);
    return name !== undefined && CONTEXT_HALVES.has(name);
  });
}
