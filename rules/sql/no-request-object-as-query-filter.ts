// Flags request data that can be an object (JSON bodies, `qs`-parsed query strings) used unchanged
// as a MongoDB/Mongoose filter, filter field, id or update document: operator injection.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, guardVerdict, type FixProposal, type RuleContext, type TaintSource, unwrap } from '../../server/src/engine/api';
import { calledMethod, keyName, looksLikeCollection, mongoEvidence } from '../util/mongoQueries';
import { isGuarded } from '../util/guardPolicy';

/** Methods whose first argument is a filter document. */
const FILTER_FIRST = new Set([
  'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndRemove', 'findOneAndReplace', 'updateOne', 'updateMany',
  'update', 'replaceOne', 'deleteOne', 'deleteMany', 'remove', 'countDocuments', 'count', 'exists', 'where',
]);
/** Methods whose first argument is an id that Mongoose turns into `{ _id: id }`. */
const ID_FIRST = new Set(['findById', 'findByIdAndUpdate', 'findByIdAndDelete', 'findByIdAndRemove']);
/** Methods whose second argument is an update or replacement document. */
const UPDATE_SECOND = new Set([
  'findOneAndUpdate', 'findOneAndReplace', 'updateOne', 'updateMany', 'update', 'replaceOne', 'findByIdAndUpdate',
]);
/** Operators whose operand MongoDB compares literally: an object there is data, not an operator. */
const LITERAL_OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$all', '$size', '$exists', '$type', '$mod']);
/** Request fields that can hold objects once parsed: JSON/urlencoded bodies, `qs` query strings, JSON cookies. */
const OBJECT_CAPABLE_SOURCE = /(^|[.\s])(body|query|payload|cookies|signedCookies)(\.|$)|\.json\(\)$/;
/** Calls that keep an object an object; any other call is assumed to return something else. */
const OBJECT_PRESERVING_CALLS = new Set(['JSON.parse', 'Object.assign', 'structuredClone']);
const MAX_DEPTH = 12;

type Role = 'filter' | 'id' | 'update' | 'pipeline';

function isObjectPreservingCall(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return OBJECT_PRESERVING_CALLS.has(callee.name);
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return false;
  const method = callee.property.name;
  if (method === 'json') return true;
  return callee.object.type === 'Identifier' && OBJECT_PRESERVING_CALLS.has(`${callee.object.name}.${method}`);
}

/** The request source when `node` may evaluate to an object the client chose, otherwise undefined. */
function clientObjectSource(context: RuleContext, node: TSESTree.Node, depth: number): TaintSource | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  switch (inner.type) {
    case 'Identifier':
      // `if (typeof name !== 'string') return ...` before the read: no operator object gets here.
      if (guardVerdict(context.flow.guardOf(inner), 'operator') === 'safe') return undefined;
      return identifierSource(context, inner, depth);
    case 'MemberExpression':
      break;
    case 'CallExpression':
      if (!isObjectPreservingCall(inner)) return undefined;
      break;
    case 'LogicalExpression':
      return clientObjectSource(context, inner.left, depth + 1) ?? clientObjectSource(context, inner.right, depth + 1);
    case 'ConditionalExpression':
      return clientObjectSource(context, inner.consequent, depth + 1) ?? clientObjectSource(context, inner.alternate, depth + 1);
    default:
      // Literals, templates, `+`, `new ObjectId(x)`, functions: never an object from the client.
      return undefined;
  }
  return taintedObjectSource(context, inner);
}

function taintedObjectSource(context: RuleContext, node: TSESTree.Node): TaintSource | undefined {
  const value = context.flow.valueOf(node);
  if (value.origin !== 'tainted' || value.built || !value.source) return undefined;
  // `if (typeof id !== 'string') throw ...` before the query: no operator object gets through.
  if (isGuarded(value, 'operator')) return undefined;
  return OBJECT_CAPABLE_SOURCE.test(value.source.description) ? value.source : undefined;
}

/** Follows a variable through its assignments, so that `const name = String(req.body.name)` is seen as a string. */
function identifierSource(context: RuleContext, node: TSESTree.Identifier, depth: number): TaintSource | undefined {
  const variable = context.flow.variableOf(node);
  if (!variable) return undefined;
  const writes = variable.references.filter((r) => r.isWrite() && r.writeExpr);
  // Handler parameters such as `({ body }, res) =>` have no assignment; the data flow knows them.
  if (writes.length === 0) return taintedObjectSource(context, node);
  for (const write of writes) {
    if (write.isReadWrite()) continue;
    const expression = write.writeExpr as TSESTree.Node;
    // `const { user } = req.body` writes the whole right-hand side; a field of an object is as capable as the object.
    const source = clientObjectSource(context, expression, depth + 1);
    if (source) return source;
  }
  return undefined;
}

/** The object literal a constant filter variable holds: `const q = { ... }; User.find(q)`. */
function literalBehind(context: RuleContext, node: TSESTree.Node): TSESTree.ObjectExpression | TSESTree.ArrayExpression | undefined {
  const inner = unwrap(node);
  if (inner.type === 'ObjectExpression' || inner.type === 'ArrayExpression') return inner;
  if (inner.type !== 'Identifier') return undefined;
  const writes = context.flow.assignmentsOf(inner);
  if (writes.length !== 1) return undefined;
  const written = unwrap(writes[0]);
  return written.type === 'ObjectExpression' || written.type === 'ArrayExpression' ? written : undefined;
}

export default defineRule({
  id: 'sql/no-request-object-as-query-filter',
  meta: {
    title: 'Request objects used as MongoDB query filters',
    checklist: 'MongoDB/Mongoose query filters and updates are built from explicit fields whose values are compared with `$eq` or converted to strings, never taken whole from `req.body` or `req.query`.',
    rationale:
      'A JSON body or an extended query string can carry objects, so `{"password": {"$ne": null}}` sent to a login route turns an equality test into "any password" and logs the attacker in. Passing the request object whole also lets the client add fields and operators such as `$where` to filters and `$set` targets such as `role` to updates.',
    severity: 'error',
    securitySeverity: '8.6',
    confidence: 'high',
    cwe: ['CWE-943'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/943.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Injection_Prevention_Cheat_Sheet.html',
      'https://www.mongodb.com/docs/manual/reference/operator/query/eq/',
      'https://mongoosejs.com/docs/api/mongoose.html#Mongoose.prototype.sanitizeFilter()',
    ],
    frameworks: ['mongodb', 'mongoose', 'express', 'koa', 'fastify', 'hapi'],
    fix: 'suggestion',
    messages: {
      wholeObject:
        'Request data `{{source}}` is passed whole as the {{role}} of `{{method}}`, so the client chooses its fields and operators; build it from named fields compared with `$eq`.',
      fieldValue:
        'Request value `{{source}}` is used unchanged as {{role}} in `{{method}}`, so an object such as `{"$ne": null}` becomes a query operator; compare it with `$eq` or convert it with `String()`.',
      wrapEq: 'Compare with `{ $eq: … }`',
      wrapString: 'Convert to a string with `String(…)`',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'get into {asset} without a password by sending `{"$ne": null}` or `{"$gt": ""}` where the API expects a plain value',
      harm: "I log in without a password, read other users' documents in {asset} or rewrite fields such as my role",
      stride: ['T', 'E', 'I'],
      asset: 'user accounts and documents in the MongoDB database',
      controls: [
        'Every request value placed in a filter is compared with `$eq` or converted to a string or ObjectId first',
        'Filters and updates are built from named fields, never from `req.body` or `req.query` as a whole',
        'Mongoose `sanitizeFilter` (or express-mongo-sanitize) is enabled as a second line of defence',
        'An automated security test sends `{"$ne": null}` in place of a password and the login is refused',
      ],
      likelihood: 3,
      impact: 3,
    },
    since: '0.1.0',
  },
  create(context) {
    const reported = new Set<TSESTree.Node>();
    // Set per call: a model from a local models module is a guess, the driver in the file is not.
    let confidence: 'high' | 'medium' = 'high';

    function report(node: TSESTree.Node, source: TaintSource, role: string, method: string, fixable: 'field' | 'id' | 'none', property?: TSESTree.Property): void {
      if (reported.has(node)) return;
      reported.add(node);
      const fixes: FixProposal[] = [];
      const text = context.getText(node);
      if (fixable === 'field') {
        const shorthand = property?.shorthand === true;
        const start = shorthand && property ? property.range[0] : node.range[0];
        const prefix = shorthand ? `${text}: ` : '';
        fixes.push({ messageId: 'wrapEq', kind: 'suggestion', edits: [{ start, end: node.range[1], text: `${prefix}{ $eq: ${text} }` }] });
        fixes.push({ messageId: 'wrapString', kind: 'suggestion', edits: [{ start, end: node.range[1], text: `${prefix}String(${text})` }] });
      } else if (fixable === 'id') {
        fixes.push({ messageId: 'wrapString', kind: 'suggestion', edits: [{ start: node.range[0], end: node.range[1], text: `String(${text})` }] });
      }
      context.report({
        node,
        messageId: fixable === 'none' ? 'wholeObject' : 'fieldValue',
        data: { source: source.description, role, method },
        confidence,
        fixes,
        related: source.node !== node ? [{ node: source.node, message: `request input ${source.description}` }] : [],
      });
    }

    /** Walks a filter document: field values must be plain values, operator documents are walked again. */
    function checkFilter(node: TSESTree.Node, method: string, depth: number): void {
      if (depth > MAX_DEPTH) return;
      const literal = literalBehind(context, node);
      if (!literal) {
        const source = clientObjectSource(context, node, 0);
        if (source) report(node, source, 'filter', method, 'none');
        return;
      }
      if (literal.type === 'ArrayExpression') {
        for (const element of literal.elements) if (element) checkFilter(element.type === 'SpreadElement' ? element.argument : element, method, depth + 1);
        return;
      }
      for (const property of literal.properties) {
        if (property.type === 'SpreadElement') {
          const source = clientObjectSource(context, property.argument, 0);
          if (source) report(property.argument, source, 'filter', method, 'none');
          continue;
        }
        const key = keyName(property);
        if (key !== undefined && LITERAL_OPERATORS.has(key)) continue;
        if (key?.startsWith('$')) {
          // $and/$or/$nor/$elemMatch/$not hold further filters.
          checkFilter(property.value, method, depth + 1);
          continue;
        }
        const value = unwrap(property.value);
        if (value.type === 'ObjectExpression') {
          // `{ age: { $gt: x } }` is an operator document; `{ address: { city: x } }` is an exact match on data.
          if (value.properties.length > 0 && value.properties.every((p) => p.type === 'Property' && keyName(p)?.startsWith('$'))) checkFilter(value, method, depth + 1);
          continue;
        }
        const source = clientObjectSource(context, property.value, 0);
        if (source) report(property.value, source, `the value of \`${key ?? 'a field'}\``, method, 'field', property);
      }
    }

    function checkWhole(node: TSESTree.Node, role: Role, method: string): void {
      const literal = literalBehind(context, node);
      if (role === 'update' && literal?.type === 'ObjectExpression') {
        // `{ $set: req.body }` hands the client every field name, just like the whole update.
        for (const property of literal.properties) {
          const target = property.type === 'SpreadElement' ? property.argument : keyName(property)?.startsWith('$') ? property.value : undefined;
          if (!target) continue;
          const source = clientObjectSource(context, target, 0);
          if (source) report(target, source, 'update', method, 'none');
        }
        return;
      }
      if (role === 'pipeline' && literal?.type === 'ArrayExpression') {
        for (const stage of literal.elements) {
          const stageLiteral = stage && stage.type !== 'SpreadElement' ? literalBehind(context, stage) : undefined;
          if (stageLiteral?.type !== 'ObjectExpression') continue;
          for (const property of stageLiteral.properties) {
            if (property.type === 'Property' && keyName(property) === '$match') checkFilter(property.value, method, 1);
          }
        }
        return;
      }
      if (literal) return;
      const source = clientObjectSource(context, node, 0);
      if (source) report(node, source, role === 'id' ? 'the id' : role, method, role === 'id' ? 'id' : 'none');
    }

    return {
      CallExpression(raw) {
        const call = raw;
        const called = calledMethod(call);
        if (!called || call.arguments.length === 0) return;
        const { method, receiver } = called;
        const isFilter = FILTER_FIRST.has(method);
        const isId = ID_FIRST.has(method);
        if (!isFilter && !isId && method !== 'aggregate' && method !== 'distinct') return;
        const evidence = mongoEvidence(context, receiver);
        if (!evidence || !looksLikeCollection(context, receiver)) return;
        confidence = evidence === 'driver' ? 'high' : 'medium';
        // Mongoose's query builder `where('field')` takes a path name, not a filter.
        if (method === 'where' && call.arguments[0].type !== 'ObjectExpression' && call.arguments.length > 1) return;
        const [first, second] = call.arguments;
        if (first.type === 'SpreadElement') return;
        if (isFilter) checkFilter(first, method, 0);
        if (isId) checkWhole(first, 'id', method);
        if (method === 'aggregate') checkWhole(first, 'pipeline', method);
        if (method === 'distinct' && second && second.type !== 'SpreadElement') checkFilter(second, method, 0);
        if (UPDATE_SECOND.has(method) && second && second.type !== 'SpreadElement') checkWhole(second, 'update', method);
      },
    };
  },
});
