// What the MongoDB rules share: whether a file talks to MongoDB at all, whether a call's receiver
// looks like a collection or a model, and how to read the keys of query documents.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type RuleContext, dottedName, unwrap } from '../../server/src/engine/api';

/** Drivers whose presence in a file makes `x.find(...)` a database call rather than an array method. */
export const MONGO_MODULES = ['mongoose', 'mongodb'] as const;
/** Text only MongoDB code has: query operators, `_id`, ObjectId, Mongoose's lean/populate/exec. */
const MONGO_SIGNAL = /\$(eq|ne|gt|gte|lt|lte|in|nin|regex|where|set|unset|push|pull|inc|or|and|nor|not|exists|expr|elemMatch)\b|\b_id\b|\bObjectId\b|\.(lean|populate)\(|\bmongo/;

/** Receivers whose `find`/`count`/`update` methods are not MongoDB's. */
const NON_COLLECTION_RECEIVERS = new Set([
  '_', 'lodash', 'R', 'ramda', 'Array', 'Object', 'JSON', 'Math', 'Promise', 'Reflect', 'Map', 'Set', '$', 'jQuery',
  'document', 'window', 'cheerio', 'fs', 'path', 'console',
]);

/** The static name of an object property's key: `a`, `'$where'`, `["$eq"]`. */
export function keyName(property: TSESTree.Property): string | undefined {
  const key = property.key;
  if (!property.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** The name of the method a call invokes on a receiver, e.g. `findOne` in `User.findOne(q)`. */
export function calledMethod(call: TSESTree.CallExpression): { method: string; receiver: TSESTree.Expression } | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  if (!callee.computed && callee.property.type === 'Identifier') return { method: callee.property.name, receiver: callee.object };
  if (callee.property.type === 'Literal' && typeof callee.property.value === 'string') return { method: callee.property.value, receiver: callee.object };
  return undefined;
}

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  for (;;) {
    if (current.type === 'Identifier') return current;
    if (current.type === 'MemberExpression') current = unwrap(current.object);
    else if (current.type === 'CallExpression') current = unwrap(current.callee);
    else return undefined;
  }
}

/**
 * Why this file's calls may reach MongoDB: the driver or Mongoose is imported (`driver`), or the
 * receiver is bound to a local models module such as `require('../models/user')` (`model-module`).
 */
export function mongoEvidence(context: RuleContext, receiver: TSESTree.Node): 'driver' | 'model-module' | undefined {
  if (MONGO_MODULES.some((m) => context.imports.has(m))) return 'driver';
  const root = rootIdentifier(receiver);
  if (!root) return undefined;
  const binding = context.imports.bindingFor(root.name);
  if (!binding || !binding.module.startsWith('.') || !/(^|\/)(models?|schemas?)(\/|$|\.)/i.test(binding.module)) return undefined;
  // SQL ORMs (Bookshelf, Sequelize, Objection) keep models in models/ too: the file must also speak MongoDB.
  return MONGO_SIGNAL.test(context.sourceText) ? 'model-module' : undefined;
}

/**
 * A receiver that may be a collection, a model or a query: not a utility namespace, not a literal,
 * and not itself request data (`req.body.items.find(...)` searches an array the client sent).
 */
export function looksLikeCollection(context: RuleContext, receiver: TSESTree.Node): boolean {
  const inner = unwrap(receiver);
  if (inner.type === 'ArrayExpression' || inner.type === 'Literal' || inner.type === 'TemplateLiteral' || inner.type === 'ObjectExpression') return false;
  const name = dottedName(inner);
  if (name && NON_COLLECTION_RECEIVERS.has(name.split('.')[0])) return false;
  return context.flow.valueOf(inner).origin !== 'tainted';
}
