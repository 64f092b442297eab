// Where a file path comes from, for the rules about paths (traversal, zip-slip): like the data
// flow, but `path.join/resolve/normalize` keep their arguments' origin, and a variable holding
// such a path is followed into its one declaration so the checks where it is read still count.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { join, propertyName, unwrap, type DataFlow, type FlowValue, type RuleContext } from '../../server/src/engine/api';
import { withReadGuard } from './guardPolicy';
import { moduleRefOf } from './moduleRefs';

/** path functions whose result carries their arguments' origin. */
const PATH_BUILDERS = new Set(['join', 'resolve', 'normalize', 'format', 'toNamespacedPath']);

export interface PathValueOptions {
  /** The flow to ask (the archive view for zip-slip); the rule's plain flow when absent. */
  flow?: DataFlow;
  /** Further path functions whose result keeps the origin (`dirname`: the folder made for a file is as far out as the file). */
  alsoThrough?: readonly string[];
}

/** `path.join(...)` and friends from the path module (or a `path` variable of unknown origin). */
export function isPathBuilder(call: TSESTree.CallExpression, context: RuleContext, alsoThrough: readonly string[] = []): boolean {
  const isBuilder = (name: string) => PATH_BUILDERS.has(name) || alsoThrough.includes(name);
  const ref = moduleRefOf(call.callee, context);
  if (ref) return ref.module === 'path' && isBuilder(ref.path[ref.path.length - 1] ?? '');
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'path' && isBuilder(propertyName(callee) ?? '');
}

/** Origin of a path: like the data flow, but `path.resolve/normalize` keep their arguments' origin. */
export function pathValueOf(node: TSESTree.Node, context: RuleContext, options: PathValueOptions = {}, depth = 0): FlowValue {
  const flow = options.flow ?? context.flow;
  const inner = unwrap(node);
  if (depth > 8) return flow.valueOf(inner);
  const again = (n: TSESTree.Node) => pathValueOf(n, context, options, depth + 1);
  if (inner.type === 'CallExpression' && isPathBuilder(inner, context, options.alsoThrough)) {
    return join(inner.arguments.map(again), true);
  }
  if (inner.type === 'TemplateLiteral') return join(inner.expressions.map(again), inner.expressions.length > 0);
  if (inner.type === 'BinaryExpression' && inner.operator === '+') return join([again(inner.left), again(inner.right)], true);
  if (inner.type === 'Identifier') {
    const writes = flow.assignmentsOf(inner);
    const parent = writes.length === 1 ? context.getParent(writes[0]) : undefined;
    if (parent && parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return withReadGuard(inner, again(writes[0]), context);
  }
  // FILES[req.params.id] with a constant table: one of the table's paths, or undefined.
  if (inner.type === 'MemberExpression' && inner.computed && flow.valueOf(inner.object).origin === 'constant') return { origin: 'constant', built: false };
  return flow.valueOf(inner);
}
