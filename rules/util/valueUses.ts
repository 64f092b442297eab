// Where a value goes after it is made: into the answer a request handler sends back (so the client
// holds it), and into storage that keeps it for a later lookup (a database row, a Map, a cache).
// A value that does both is a bearer value, whoever holds it can claim what it stands for: the
// usage the session rules look for when a name alone cannot tell an order reference from a row id.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, enclosingFunction, propertyName, type RuleContext, staticString, unwrap, type FunctionNode } from '../../server/src/engine/api';
import { isKoaContext, isResponseObject } from './httpResponses';

/** Methods of a response object that send their argument to the client. */
const SEND_METHODS = new Set(['json', 'jsonp', 'send', 'end', 'write', 'render', 'code']);
/** Methods that keep their arguments: ORMs, drivers, key-value stores, Maps and Sets. */
const STORE_METHODS = new Set([
  'insert', 'insertOne', 'insertMany', 'create', 'createMany', 'save', 'upsert', 'update', 'updateOne', 'updateMany', 'findOneAndUpdate',
  'findByIdAndUpdate', 'set', 'setex', 'hset', 'hmset', 'put', 'putItem', 'add', 'sadd', 'lpush', 'rpush', 'zadd', 'persist',
]);
/** Methods that run SQL text; they store only when the text writes rows. */
const SQL_METHODS = new Set(['query', 'execute', 'run', 'raw', 'all', 'get', 'none', 'one', 'oneOrNone', 'any', 'many']);
const WRITING_SQL = /^\s*(insert|update|replace|upsert|merge)\b/i;
/** HTTP method decorators of a controller's route methods (NestJS, routing-controllers, Ts.ED), and GraphQL mutations. */
const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'Mutation', 'Query']);
/** How many variables a value may pass through (`const coupon = { code }; res.json(coupon)`). */
const MAX_HOPS = 3;

export interface ValueUses {
  /** Where the value is sent to the client, if it is. */
  handedOut?: TSESTree.Node;
  /** Where the value is kept for later, if it is. */
  stored?: TSESTree.Node;
}

/** What happens to the value of a variable (or of the object held in it): every read is followed. */
export function usesOfVariable(identifier: TSESTree.Identifier, context: RuleContext): ValueUses {
  const uses: ValueUses = {};
  followVariable(identifier, context, uses, 0, new Set());
  return uses;
}

/** What happens to the value of an expression: where it lands, and through which variables. */
export function usesOfExpression(node: TSESTree.Node, context: RuleContext): ValueUses {
  const uses: ValueUses = {};
  follow(node, context, uses, 0, new Set());
  return uses;
}

function followVariable(identifier: TSESTree.Identifier, context: RuleContext, uses: ValueUses, hops: number, seen: Set<TSESTree.Node>): void {
  const variable = context.flow.variableOf(identifier);
  if (!variable || seen.has(identifier)) return;
  seen.add(identifier);
  for (const reference of variable.references) {
    if (reference.isWrite() && !reference.isReadWrite()) continue;
    follow(reference.identifier, context, uses, hops, seen);
    if (uses.handedOut && uses.stored) return;
  }
}

/** Climbs from `node` through the expressions that carry its value, and records where it lands. */
function follow(start: TSESTree.Node, context: RuleContext, uses: ValueUses, hops: number, seen: Set<TSESTree.Node>): void {
  let node = start;
  for (let parent = context.getParent(node); parent; node = parent, parent = context.getParent(node)) {
    switch (parent.type) {
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'AwaitExpression':
      case 'ChainExpression':
      case 'ArrayExpression':
      case 'ObjectExpression':
      case 'SpreadElement':
      case 'TemplateLiteral':
        continue;
      case 'Property':
        if (parent.value === node) continue;
        return;
      case 'ConditionalExpression':
        if (parent.test === node) return;
        continue;
      case 'LogicalExpression':
        continue;
      case 'BinaryExpression':
        if (parent.operator === '+') continue;
        return;
      case 'MemberExpression': {
        const grand = context.getParent(parent);
        // `coupons[code] = offer`: the value is the key of a kept entry.
        if (parent.computed && parent.property === node && grand?.type === 'AssignmentExpression' && grand.left === parent) uses.stored ??= grand;
        // `new Invite({ code }).save()`: the object is kept by its own method.
        if (parent.object === node && grand?.type === 'CallExpression' && grand.callee === parent && STORE_METHODS.has(propertyName(parent) ?? '')) uses.stored ??= grand;
        return;
      }
      case 'VariableDeclarator':
        if (parent.init === node && parent.id.type === 'Identifier' && hops < MAX_HOPS) followVariable(parent.id, context, uses, hops + 1, seen);
        return;
      case 'AssignmentExpression':
        landsInAssignment(parent, node, context, uses, hops, seen);
        return;
      case 'NewExpression':
        // new Invite({ code }).save()
        if (parent.arguments.includes(node as TSESTree.CallExpressionArgument)) continue;
        return;
      case 'CallExpression':
        if (parent.callee === node) return;
        if (landsInCall(parent, context, uses)) return;
        // JSON.stringify({ code }), String(code): the result carries the value.
        if (isCarryingCall(parent)) continue;
        return;
      case 'ReturnStatement':
        if (isRequestHandler(enclosingFunction(parent, context), context)) uses.handedOut ??= parent;
        return;
      case 'ArrowFunctionExpression':
        if (parent.body === node && isRequestHandler(parent, context)) uses.handedOut ??= node;
        return;
      default:
        return;
    }
  }
}

/** `order.reference = ref` keeps the value in the object; `ctx.body = { ref }` answers with it. */
function landsInAssignment(assignment: TSESTree.AssignmentExpression, node: TSESTree.Node, context: RuleContext, uses: ValueUses, hops: number, seen: Set<TSESTree.Node>): void {
  if (assignment.right !== node) return;
  const target = unwrap(assignment.left);
  if (target.type === 'Identifier') {
    if (hops < MAX_HOPS) followVariable(target, context, uses, hops + 1, seen);
    return;
  }
  if (target.type !== 'MemberExpression') return;
  const field = propertyName(target);
  const owner = unwrap(target.object);
  if (field === 'body' && (isKoaContext(owner, context) || (owner.type === 'MemberExpression' && propertyName(owner) === 'response' && isKoaContext(owner.object, context)))) {
    uses.handedOut ??= assignment;
    return;
  }
  // req.session.code = ...: the session keeps it for the next request.
  if (/(^|\.)session$/.test(dottedName(owner) ?? '')) {
    uses.stored ??= assignment;
    return;
  }
  if (owner.type === 'Identifier' && hops < MAX_HOPS) followVariable(owner, context, uses, hops + 1, seen);
}

/** Records a send to the client or a write to storage made by this call with the value among its arguments. */
function landsInCall(call: TSESTree.CallExpression, context: RuleContext, uses: ValueUses): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return false;
  const method = propertyName(callee) ?? '';
  if (SEND_METHODS.has(method) && isResponseObject(receiverRoot(callee.object), context)) {
    uses.handedOut ??= call;
    return true;
  }
  if (STORE_METHODS.has(method)) {
    uses.stored ??= call;
    return true;
  }
  if (SQL_METHODS.has(method) && writesRows(call, callee)) {
    uses.stored ??= call;
    return true;
  }
  return false;
}

/** `db.query('INSERT ...', [ref])`, `db.prepare('UPDATE ...').run(ref)`. */
function writesRows(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression): boolean {
  const text = sqlText(call.arguments[0]);
  if (text !== undefined) return WRITING_SQL.test(text);
  const receiver = unwrap(callee.object);
  return receiver.type === 'CallExpression' && propertyName(receiver.callee.type === 'MemberExpression' ? receiver.callee : callee) === 'prepare' && WRITING_SQL.test(sqlText(receiver.arguments[0]) ?? '');
}

function sqlText(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'TemplateLiteral') return inner.quasis[0].value.cooked ?? undefined;
  return staticString(inner);
}

/** `res.status(201).json(...)` starts at `res`. */
function receiverRoot(node: TSESTree.Node): TSESTree.Node {
  let current = unwrap(node);
  while (current.type === 'CallExpression' && current.callee.type === 'MemberExpression') current = unwrap(current.callee.object);
  return current;
}

/** Calls whose result is the argument in another form: `JSON.stringify(x)`, `String(x)`, `encodeURIComponent(x)`. */
function isCarryingCall(call: TSESTree.CallExpression): boolean {
  const name = dottedName(call.callee);
  return name === 'JSON.stringify' || name === 'String' || name === 'encodeURIComponent' || name === 'Buffer.from';
}

/**
 * A function whose return value answers an HTTP request: its first parameter is a request
 * (route handlers, serverless functions), or it is a route method of a controller class.
 */
function isRequestHandler(fn: FunctionNode | undefined, context: RuleContext): boolean {
  if (!fn) return false;
  const first = fn.params[0];
  if (first?.type === 'Identifier' && context.flow.valueOf(first).requestObject === true) return true;
  const method = context.getParent(fn);
  if (method?.type !== 'MethodDefinition' || method.value !== fn) return false;
  const routed = method.decorators.some((d) => ROUTE_DECORATORS.has(decoratorName(d) ?? ''));
  if (!routed) return false;
  const owner = context.getParent(method) && context.getParent(context.getParent(method)!);
  return (owner?.type === 'ClassDeclaration' || owner?.type === 'ClassExpression') && owner.decorators.some((d) => /(Controller|Resolver)$/.test(decoratorName(d) ?? ''));
}

function decoratorName(decorator: TSESTree.Decorator): string | undefined {
  const expression = unwrap(decorator.expression);
  const callee = expression.type === 'CallExpression' ? expression.callee : expression;
  return dottedName(callee)?.split('.').pop();
}
