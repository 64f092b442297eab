// Whether a sink sits in a method (of a class or an object literal). Library code keeps its query
// plumbing in methods whose parameters are aliases, property paths and names from the code; a
// plain function that pastes its parameter is the helper application code calls with input.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { enclosingFunction, type RuleContext } from '../../server/src/engine/api';

export function isInMethod(node: TSESTree.Node, context: RuleContext): boolean {
  const fn = enclosingFunction(node, context);
  const parent = fn && context.getParent(fn);
  if (!parent) return false;
  if (parent.type === 'MethodDefinition') return true;
  if (parent.type === 'PropertyDefinition') return true;
  return parent.type === 'Property' && (parent.method || parent.kind === 'get' || parent.kind === 'set');
}
