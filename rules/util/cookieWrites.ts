// Where a server sets a cookie: Express `res.cookie(name, value, options)`, Koa and the `cookies`
// module `ctx.cookies.set(name, value, options)`, Fastify `reply.setCookie(name, value, options)`,
// the `cookie` package's `serialize(name, value, options)` (Next.js API routes, bare servers),
// and raw `Set-Cookie` headers. Shared by the session rules.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { moduleRefOf } from './moduleRefs';
import { dottedName, propertyName, type RuleContext, isFunctionNode, staticString, unwrap } from '../../server/src/engine/api';

export type CookieFramework = 'express' | 'koa' | 'fastify' | 'cookie';

export interface CookieWrite {
  call: TSESTree.CallExpression;
  framework: CookieFramework;
  nameNode: TSESTree.Node;
  /** The cookie name when it is written as a string. */
  name: string | undefined;
  value: TSESTree.Node;
  /** The options argument, when there is one. */
  options: TSESTree.Node | undefined;
}

/** Receivers that hold an Express response when the handler's parameters are named as usual. */
const RESPONSE_NAMES = new Set(['res', 'response', 'resp']);
/** Methods that set a response header, and so a cookie when the header is Set-Cookie. */
const HEADER_METHODS = new Set(['setHeader', 'header', 'set', 'append', 'appendHeader']);

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  for (;;) {
    if (current.type === 'MemberExpression') current = unwrap(current.object);
    // res.status(200).cookie(...): the chain starts at res.
    else if (current.type === 'CallExpression' && current.callee.type === 'MemberExpression') current = unwrap(current.callee.object);
    else break;
  }
  return current.type === 'Identifier' ? current : undefined;
}

/** The second parameter of a handler `(req, res) => ...` is a response whatever its name. */
function isSecondHandlerParameter(identifier: TSESTree.Identifier, context: RuleContext): boolean {
  const variable = context.flow.variableOf(identifier);
  const def = variable?.defs[0];
  if (!def || def.type !== 'Parameter' || !isFunctionNode(def.node)) return false;
  const params = (def.node as TSESTree.FunctionLike).params;
  return params.length >= 2 && params[1] === def.name;
}

function isResponse(receiver: TSESTree.Node, context: RuleContext): boolean {
  const root = rootIdentifier(receiver);
  if (!root) return dottedName(receiver) === 'this.res';
  return RESPONSE_NAMES.has(root.name) || isSecondHandlerParameter(root, context);
}

/** `ctx.cookies` / `this.cookies` of Koa, which the `cookies` module provides. */
function isCookieJar(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  return inner.type === 'MemberExpression' && propertyName(inner) === 'cookies';
}

function isCookieSerialize(callee: TSESTree.Node, context: RuleContext): boolean {
  if (callee.type === 'MemberExpression' ? propertyName(callee) !== 'serialize' : callee.type !== 'Identifier' || callee.name !== 'serialize') return false;
  const ref = moduleRefOf(callee, context);
  return !!ref && ref.module === 'cookie' && ref.path.filter((p) => p !== 'default').join('.') === 'serialize';
}

/** The cookie write made by this call, if it is one. */
export function cookieWriteOf(call: TSESTree.CallExpression, context: RuleContext): CookieWrite | undefined {
  const callee = unwrap(call.callee);
  const args = call.arguments;
  if (args.length < 2 || args.slice(0, 3).some((a) => a.type === 'SpreadElement')) return undefined;
  // The string it returns becomes a Set-Cookie header, with only the attributes its options name.
  if (isCookieSerialize(callee, context)) return { call, framework: 'cookie', nameNode: args[0], name: staticString(args[0]), value: args[1], options: args[2] };
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  let framework: CookieFramework | undefined;
  if (method === 'cookie' && isResponse(callee.object, context)) framework = 'express';
  else if (method === 'setCookie') framework = 'fastify';
  else if (method === 'set' && isCookieJar(callee.object)) framework = 'koa';
  if (!framework) return undefined;
  return { call, framework, nameNode: args[0], name: staticString(args[0]), value: args[1], options: args[2] };
}

/** A `Set-Cookie` header value set by this call: `res.setHeader('Set-Cookie', v)`, `res.writeHead(200, { 'Set-Cookie': v })`. */
export function setCookieHeaderValueOf(call: TSESTree.CallExpression): TSESTree.Node | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (method && HEADER_METHODS.has(method)) {
    const name = staticString(call.arguments[0]);
    if (name?.toLowerCase() === 'set-cookie' && call.arguments[1] && call.arguments[1].type !== 'SpreadElement') return call.arguments[1];
    return undefined;
  }
  if (method === 'writeHead') {
    const headers = call.arguments.find((a) => unwrap(a).type === 'ObjectExpression');
    if (!headers) return undefined;
    for (const property of (unwrap(headers) as TSESTree.ObjectExpression).properties) {
      if (property.type !== 'Property') continue;
      const key = property.key.type === 'Literal' ? String(property.key.value) : property.key.type === 'Identifier' && !property.computed ? property.key.name : '';
      if (key.toLowerCase() === 'set-cookie') return property.value;
    }
  }
  return undefined;
}
