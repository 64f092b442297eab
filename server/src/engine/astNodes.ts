// Small questions about AST nodes that the engine and the rules ask again and again: what a value
// is once type assertions are stripped, the static key of a property, the name a value is stored
// under, the function around a node and its name, the static text of a string. One copy each, so
// every rule family sees through the same wrappers.
import type { TSESTree } from '@typescript-eslint/typescript-estree';

/** What these helpers need of a rule's context: its parent links and its text. */
export interface ParentLookup {
  getParent(node: TSESTree.Node): TSESTree.Node | undefined;
}

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** Strips TypeScript assertions, non-null marks, optional chains and `await`: they keep the value. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSSatisfiesExpression':
      case 'ChainExpression':
        current = current.expression;
        continue;
      case 'AwaitExpression':
        current = current.argument;
        continue;
      default:
        return current;
    }
  }
}

export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return !!node && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression');
}

/**
 * The static key of a property or member: `a`, `'a'`, `["a"]`, `#a`; undefined when computed from a
 * value, and for spread elements.
 */
export function keyNameOf(node: TSESTree.Property | TSESTree.SpreadElement | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | undefined {
  if (node.type === 'SpreadElement') return undefined;
  const key = node.key;
  if (!node.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'PrivateIdentifier') return key.name;
  return undefined;
}

export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.property.type === 'Literal' && typeof member.property.value === 'string') return member.property.value;
  return undefined;
}

/**
 * Longest member chain `dottedName` spells out. Real code stays far below it; a generated chain of
 * thousands of members would otherwise cost its full length at every level that asks.
 */
const MAX_DOTTED_SEGMENTS = 64;

/** `a.b.c` for plain member chains and identifiers, otherwise undefined (also past MAX_DOTTED_SEGMENTS). */
export function dottedName(node: TSESTree.Node): string | undefined {
  const names: string[] = [];
  let current = unwrap(node);
  // Walked iteratively from the outside in: a deep chain must not exhaust the stack.
  while (current.type === 'MemberExpression') {
    const property = propertyName(current);
    if (property === undefined || names.length >= MAX_DOTTED_SEGMENTS) return undefined;
    names.push(property);
    current = unwrap(current.object);
  }
  if (current.type === 'Identifier') names.push(current.name);
  else if (current.type === 'ThisExpression') names.push('this');
  else return undefined;
  return names.reverse().join('.');
}

/** The name something is stored under: `x` for identifiers, the last property for member chains. */
export function storedName(target: TSESTree.Node): string | undefined {
  const node = unwrap(target);
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return propertyName(node);
  return undefined;
}

/** A string literal's value, or a template literal's text when it has no interpolation. */
export function staticString(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0) return inner.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** The innermost function containing `node` (not `node` itself). */
export function enclosingFunction(node: TSESTree.Node, context: ParentLookup): FunctionNode | undefined {
  for (let current = context.getParent(node); current; current = context.getParent(current)) {
    if (isFunctionNode(current)) return current;
  }
  return undefined;
}

/**
 * The name a function is known by: its own name, the variable or property it is assigned to
 * (`const generateToken = () => ...`, `exports.newSid = function () {}`), or its method name.
 */
export function functionNameOf(fn: FunctionNode, context: ParentLookup): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = context.getParent(fn);
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') return keyNameOf(parent);
  if (parent.type === 'AssignmentExpression') return storedName(parent.left);
  return undefined;
}

/** Whether `node` runs repeatedly inside a loop of its own function. */
export function isInsideLoop(node: TSESTree.Node, context: ParentLookup): boolean {
  for (let current = context.getParent(node); current; current = context.getParent(current)) {
    if (isFunctionNode(current)) return false;
    switch (current.type) {
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        return true;
      default:
        break;
    }
  }
  return false;
}

/** The `return` statements that belong to `fn` itself (not to nested functions), or its concise body. */
export function returnedExpressions(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const out: TSESTree.Node[] = [];
  const stack: TSESTree.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ReturnStatement') {
      if (node.argument) out.push(node.argument);
      continue;
    }
    if (isFunctionNode(node) || node.type === 'ClassBody') continue;
    for (const child of childStatements(node)) stack.push(child);
  }
  return out;
}

/** Statements nested in a statement (blocks, branches, loops, try, switch, labels). */
function childStatements(node: TSESTree.Node): TSESTree.Node[] {
  switch (node.type) {
    case 'BlockStatement':
    case 'StaticBlock':
      return node.body;
    case 'IfStatement':
      return node.alternate ? [node.consequent, node.alternate] : [node.consequent];
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
      return [node.body];
    case 'TryStatement':
      return [node.block, ...(node.handler ? [node.handler.body] : []), ...(node.finalizer ? [node.finalizer] : [])];
    case 'SwitchStatement':
      return node.cases.flatMap((c) => c.consequent);
    default:
      return [];
  }
}

/**
 * Whether `name` appears anywhere in the file as a word. A fix that introduces a new binding checks
 * this first: a false "yes" only costs a fix, a false "no" would shadow someone's variable.
 */
export function mentionsName(context: { readonly sourceText: string }, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(context.sourceText);
}
