// Which Content-Type a handler gives its answer, as far as the handler's own text shows it:
// Express `res.type('html')`, `res.set('Content-Type', ...)`, `res.setHeader`, `res.header`,
// `res.writeHead(200, { 'Content-Type': ... })`, Koa `ctx.type = ...`, Fastify `reply.type(...)`,
// Hapi `h.response(x).type(...)`, a serverless result's `headers`. Whether a string the handler
// writes is parsed as HTML by the browser depends on it, so an XSS rule must know it.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { enclosingFunction, type RuleContext } from '../../server/src/engine/api';

/** 'html' when any literal type the handler sets is HTML-like; 'other' when all are not; undefined when none is set. */
export type DeclaredType = 'html' | 'other' | undefined;

/** `.type('text/plain')`, `.contentType("json")`, `ctx.type = 'html'`. */
const TYPE_SETTER = /\.(?:type|contentType)\s*(?:\(\s*|=\s*)(['"`])([^'"`]{1,80})\1/g;
/** `'Content-Type': 'text/html'`, `('content-type', "application/json")`. */
const HEADER_VALUE = /(['"`]?)content-type\1\s*[,:]\s*(['"`])([^'"`]{1,80})\2/gi;
/** Types a browser runs script in when it shows the answer as a page. */
const SCRIPTABLE = /html|svg|xml/i;
/** Mentions a handler needs before either pattern can match. */
const MENTION = /type/i;

function classify(types: string[]): DeclaredType {
  if (types.length === 0) return undefined;
  return types.some((t) => SCRIPTABLE.test(t)) ? 'html' : 'other';
}

/** The literal Content-Type values set anywhere in `text`. */
export function contentTypesIn(text: string): string[] {
  if (!MENTION.test(text)) return [];
  const types: string[] = [];
  for (const match of text.matchAll(TYPE_SETTER)) types.push(match[2]);
  for (const match of text.matchAll(HEADER_VALUE)) types.push(match[3]);
  return types;
}

/**
 * The Content-Type the handler around `node` declares for the answer `node` writes: set in the
 * statement that writes it (`res.type('html').send(x)`, `h.response(x).type('text/plain')`) or in
 * the straight-line statements before it, in its block and the blocks around it up to the handler.
 * A type set inside another branch (`if (json) { res.type('json'); ... }`) answers another request.
 */
export function declaredContentType(node: TSESTree.Node, context: RuleContext): DeclaredType {
  const fn = enclosingFunction(node, context);
  const types: string[] = [];
  let child: TSESTree.Node = node;
  let own: TSESTree.Node = node;
  for (let parent = context.getParent(node); parent && parent !== fn; parent = context.getParent(parent)) {
    if (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'SwitchCase') {
      const body: TSESTree.Node[] = parent.type === 'SwitchCase' ? parent.consequent : parent.body;
      if (own === node) own = child;
      for (const statement of body) {
        if (statement === child) break;
        if (statement.type === 'ExpressionStatement' || statement.type === 'VariableDeclaration') types.push(...contentTypesIn(context.getText(statement)));
      }
    }
    child = parent;
  }
  // A concise arrow body, or a sink outside any block: the whole expression is its statement.
  types.push(...contentTypesIn(context.getText(own === node ? child : own)));
  return classify(types);
}

/** The Content-Type set in a headers object or expression (`{ 'Content-Type': 'text/html' }`). */
export function contentTypeOfText(text: string): DeclaredType {
  return classify(contentTypesIn(text));
}
