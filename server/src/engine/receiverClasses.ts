// Which class a method call's receiver is an instance of, where the code says so without types:
// `const store = new DocumentService()`, a parameter or field typed `TicketRepository`, or a field
// the constructor fills (`private readonly repo: TicketRepository`, `this.repo = new Repo()`).
// The answer is the class's name as written, for the import lookup to find its summary.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Variable } from '@typescript-eslint/scope-manager';
import { propertyName, unwrap } from './astNodes';

export interface ReceiverScope {
  variableOf(node: TSESTree.Identifier): Variable | undefined;
  getParent(node: TSESTree.Node): TSESTree.Node | undefined;
}

/** The class name (`Repo`, `models.Repo`) an instance receiver was made from or is typed as. */
export function receiverClass(raw: TSESTree.Node, scope: ReceiverScope): TSESTree.Node | undefined {
  const receiver = unwrap(raw);
  if (receiver.type === 'Identifier') return variableClass(receiver, scope);
  if (receiver.type === 'MemberExpression' && receiver.object.type === 'ThisExpression') {
    const field = propertyName(receiver);
    const body = field ? enclosingClassBody(receiver, scope) : undefined;
    return body && field ? fieldClass(body, field, scope) : undefined;
  }
  return undefined;
}

/** A variable written once: `const x = new C()`, or a parameter `x: C`. */
function variableClass(id: TSESTree.Identifier, scope: ReceiverScope): TSESTree.Node | undefined {
  const variable = scope.variableOf(id);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return undefined;
  if (def.node.type === 'VariableDeclarator' && def.parent?.type === 'VariableDeclaration' && def.parent.kind === 'const' && def.node.id.type === 'Identifier') {
    return def.node.init ? constructed(def.node.init) : typeName(def.node.id.typeAnnotation);
  }
  if (def.type === 'Parameter' && def.name.type === 'Identifier') return typeName(def.name.typeAnnotation);
  return undefined;
}

function constructed(raw: TSESTree.Node): TSESTree.Node | undefined {
  const node = unwrap(raw);
  return node.type === 'NewExpression' && (node.callee.type === 'Identifier' || node.callee.type === 'MemberExpression') ? node.callee : undefined;
}

function typeName(annotation: TSESTree.TSTypeAnnotation | undefined): TSESTree.Node | undefined {
  const type = annotation?.typeAnnotation;
  return type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier' ? type.typeName : undefined;
}

function enclosingClassBody(node: TSESTree.Node, scope: ReceiverScope): TSESTree.ClassBody | undefined {
  for (let at = scope.getParent(node); at; at = scope.getParent(at)) {
    if (at.type === 'ClassBody') return at;
    // `this` inside a plain function is not the class's instance.
    if (at.type === 'FunctionDeclaration' || (at.type === 'FunctionExpression' && scope.getParent(at)?.type !== 'MethodDefinition')) return undefined;
  }
  return undefined;
}

/**
 * A field declared with a type or an instance (`repo: Repo`, `repo = new Repo()`), a constructor
 * parameter property (`private readonly repo: Repo`), or a constructor assignment from a typed
 * parameter or a `new`. A field assigned anywhere else may hold anything, so it has no class.
 */
function fieldClass(body: TSESTree.ClassBody, field: string, scope: ReceiverScope): TSESTree.Node | undefined {
  let found: TSESTree.Node | undefined;
  for (const member of body.body) {
    if (member.type === 'PropertyDefinition' && !member.computed && member.key.type === 'Identifier' && member.key.name === field && !member.static) {
      found = (member.value && constructed(member.value)) ?? typeName(member.typeAnnotation);
    }
    if (member.type !== 'MethodDefinition' || member.kind !== 'constructor') continue;
    for (const param of member.value.params) {
      if (param.type !== 'TSParameterProperty') continue;
      const inner = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
      if (inner.type === 'Identifier' && inner.name === field) found = typeName(inner.typeAnnotation);
    }
    for (const statement of member.value.body?.body ?? []) {
      if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
      const { left, right } = statement.expression;
      if (left.type !== 'MemberExpression' || left.object.type !== 'ThisExpression' || propertyName(left) !== field) continue;
      const value = unwrap(right);
      found = constructed(value) ?? (value.type === 'Identifier' ? variableClass(value, scope) : undefined);
    }
  }
  return found;
}
