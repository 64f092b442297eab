// Which expression is the response side of an HTTP handler (Express `res`, Fastify `reply`, Hapi's
// toolkit `h`, Koa's `ctx`), so that `res.send`, `reply.redirect` or `h.response` are told apart
// from a logger's `send` or a router's `redirect` table. Names and handler shape only: no types.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunctionNode, type RuleContext, unwrap } from '../../server/src/engine/api';

/** Names that hold a response wherever they appear. */
const RESPONSE_NAMES = new Set(['res', 'response', 'resp', 'reply', 'h']);
/** Names that hold Koa's context, which is request and response in one. */
const CONTEXT_NAMES = new Set(['ctx', 'context']);

/** The response of an HTTP handler: a conventional name, or the parameter after a request parameter. */
export function isResponseObject(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  // ctx.response.redirect(...), ctx.res.end(...)
  if (inner.type === 'MemberExpression' && !inner.computed && inner.property.type === 'Identifier' && (inner.property.name === 'response' || inner.property.name === 'res')) {
    return isKoaContext(inner.object, context);
  }
  if (inner.type !== 'Identifier') return false;
  if (RESPONSE_NAMES.has(inner.name)) return true;
  const def = context.flow.variableOf(inner)?.defs[0];
  if (!def || def.type !== 'Parameter') return false;
  const fn = def.node as TSESTree.Node;
  if (!isFunctionNode(fn)) return false;
  const [request, response] = fn.params;
  return response === def.name && request?.type === 'Identifier' && context.flow.valueOf(request).requestObject === true;
}

/** Koa's context (`ctx`), whose `body`, `redirect` and `set` answer the request. */
export function isKoaContext(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier' || !CONTEXT_NAMES.has(inner.name)) return false;
  const def = context.flow.variableOf(inner)?.defs[0];
  // `context` is also a Lambda handler's second parameter, which answers nothing.
  if (inner.name === 'ctx') return true;
  const fn = def?.type === 'Parameter' ? def.node : undefined;
  return !!fn && isFunctionNode(fn) && fn.params[0] === def?.name;
}
