// Whether a sink sits in a method (of a class or an object literal). Library code keeps its query
// plumbing in methods whose parameters are aliases, property paths and names from the code; a
// plain function that pastes its parameter is the helper application code calls with input.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { enclosingFunction, type RuleContext } from '../../server/src/engine/api';

/** True inside a method, also inside the callbacks a method passes on (`columns.forEach((c) => ...)`). */
export function isInMethod(node: TSESTree.Node, context: RuleContext): boolean {
  for (let fn = enclosingFunction(node, context); fn; fn = enclosingFunction(fn, context)) {
    const parent = context.getParent(fn);
    if (!parent) return false;
    if (parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') return true;
    if (parent.type === 'Property' && (parent.method || parent.kind === 'get' || parent.kind === 'set')) return true;
  }
  return false;
}
