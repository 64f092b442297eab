// Whether a request value was checked against an allowlist before it reached a sink, e.g.
// `if (!COLUMNS.includes(sort)) return res.sendStatus(400);` earlier in the same function.
// The data flow is flow-insensitive, so rules that must not flag validated names ask here.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { type RuleContext, isFunctionNode } from '../../server/src/engine/api';

/** Methods that test membership or shape: `list.includes(x)`, `set.has(x)`, `re.test(x)`, `x.match(re)`. */
const CHECK_METHODS = new Set(['includes', 'has', 'test', 'indexOf', 'hasOwnProperty', 'hasOwn', 'match', 'some', 'find', 'isValid']);
const COMPARISONS = new Set(['===', '!==', '==', '!=']);
const MAX_NODES = 5000;

function children(node: TSESTree.Node): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  for (const key of visitorKeys[node.type as keyof typeof visitorKeys] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object' && 'type' in item) out.push(item as TSESTree.Node);
    } else if (value && typeof value === 'object' && 'type' in value) out.push(value as TSESTree.Node);
  }
  return out;
}

/**
 * True when, before `sink` in the function that contains it, some check names the value: a
 * membership test, a regular-expression test, a comparison with a string literal, an `in`
 * test or a `switch` on it. `names` are the source texts the value goes by (`sort`, `req.query.sort`).
 */
export function isCheckedBefore(sink: TSESTree.Node, names: ReadonlySet<string>, context: RuleContext): boolean {
  let scope: TSESTree.Node | undefined = context.getParent(sink);
  while (scope && !isFunctionNode(scope) && scope.type !== 'Program') scope = context.getParent(scope);
  if (!scope) return false;
  const text = (node: TSESTree.Node) => context.getText(node).replace(/\s+/g, '').replace(/\?\./g, '.');
  const named = (node: TSESTree.Node | undefined) => !!node && names.has(text(node));
  const stack: TSESTree.Node[] = [scope];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const node = stack.pop()!;
    if (node.range[0] >= sink.range[0]) continue;
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier' && CHECK_METHODS.has(node.callee.property.name)) {
      if (node.arguments.some((a) => named(a)) || ((node.callee.property.name === 'match' || node.callee.property.name === 'test') && named(node.callee.object))) return true;
    }
    if (node.type === 'BinaryExpression') {
      if (node.operator === 'in' && named(node.left)) return true;
      if (COMPARISONS.has(node.operator)) {
        const literalRight = node.right.type === 'Literal' && typeof node.right.value === 'string';
        const literalLeft = node.left.type === 'Literal' && typeof node.left.value === 'string';
        if ((literalRight && named(node.left)) || (literalLeft && named(node.right))) return true;
      }
    }
    if (node.type === 'SwitchStatement' && named(node.discriminant)) return true;
    stack.push(...children(node));
  }
  return false;
}

/**
 * The texts a value goes by: the expression itself and, for a variable, what was assigned to it,
 * following plain copies and both branches of a conditional (`const s = ok(sort) ? sort : 'id'`).
 */
export function namesOf(node: TSESTree.Node, context: RuleContext, sourceText?: string): Set<string> {
  const names = new Set<string>();
  if (sourceText) names.add(clean(sourceText));
  addNames(node, context, names, 0);
  return names;
}

function clean(text: string): string {
  return text.replace(/\s+/g, '').replace(/\?\./g, '.');
}

function addNames(node: TSESTree.Node, context: RuleContext, names: Set<string>, depth: number): void {
  if (depth > 4) return;
  names.add(clean(context.getText(node)));
  if (node.type === 'ConditionalExpression') {
    addNames(node.consequent, context, names, depth + 1);
    addNames(node.alternate, context, names, depth + 1);
    return;
  }
  if (node.type !== 'Identifier') return;
  for (const written of context.flow.assignmentsOf(node)) {
    // `const { sort } = req.query` writes the whole object; a check on it says nothing about `sort`.
    const parent = context.getParent(written);
    if (parent?.type === 'VariableDeclarator' && parent.id.type !== 'Identifier') continue;
    addNames(written, context, names, depth + 1);
  }
}
