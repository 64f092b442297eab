// Which functions a module exports, under which names, in ESM and CommonJS, and what it
// re-exports from elsewhere: the functions whose summaries other files may use. Methods count as
// functions under dotted names: `stock.levelFor` of an exported object or instance, and
// `Service.prototype.find` of an exported class, for callers that reach them through an import.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, isFunctionNode, keyNameOf, unwrap, type FunctionNode } from './astNodes';
import type { ReExport } from './summaries';

export interface ExportedFunction {
  name: string;
  fn: FunctionNode;
}

export interface ModuleExports {
  functions: ExportedFunction[];
  reExports: ReExport[];
}

export function findExports(ast: TSESTree.Program): ModuleExports {
  const locals = localFunctions(ast);
  const values = localValues(ast);
  const functions: ExportedFunction[] = [];
  const reExports: ReExport[] = [];
  const push = (name: string, fn: FunctionNode) => {
    if (!functions.some((f) => f.name === name)) functions.push({ name, fn });
  };
  const add = (name: string, value: TSESTree.Node | null | undefined) => {
    const fn = functionOf(value, locals);
    if (fn) push(name, fn);
    for (const [member, method] of membersOf(value, locals, values)) push(`${name}.${member}`, method);
  };
  for (const statement of ast.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      if (statement.source) {
        const names: Record<string, string> = {};
        for (const s of statement.specifiers) names[nameOf(s.exported)] = nameOf(s.local);
        reExports.push({ from: statement.source.value, names });
        continue;
      }
      const declaration = statement.declaration;
      if (declaration?.type === 'FunctionDeclaration' && declaration.id) add(declaration.id.name, declaration);
      if (declaration?.type === 'ClassDeclaration' && declaration.id) add(declaration.id.name, declaration);
      if (declaration?.type === 'VariableDeclaration') {
        for (const d of declaration.declarations) if (d.id.type === 'Identifier') add(d.id.name, d.init);
      }
      for (const s of statement.specifiers) add(nameOf(s.exported), locals.get(nameOf(s.local)) ?? values.get(nameOf(s.local)));
    } else if (statement.type === 'ExportAllDeclaration') {
      if (!statement.exported) reExports.push({ from: statement.source.value });
    } else if (statement.type === 'ExportDefaultDeclaration') {
      add('default', statement.declaration);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      commonJsExport(statement.expression, add, reExports, (value) => membersOf(value, locals, values));
    }
  }
  return { functions, reExports };
}

/** `module.exports = { a, b: c }`, `module.exports = fn`, `exports.a = fn`, `module.exports = require('./x')`. */
function commonJsExport(
  assignment: TSESTree.AssignmentExpression,
  add: (name: string, value: TSESTree.Node | null | undefined) => void,
  reExports: ReExport[],
  members: (value: TSESTree.Node) => [string, FunctionNode][],
): void {
  const target = dottedName(assignment.left);
  const value = unwrap(assignment.right);
  if (target === 'module.exports') {
    if (value.type === 'ObjectExpression') {
      for (const p of value.properties) {
        if (p.type !== 'Property') continue;
        const key = keyNameOf(p);
        if (key) add(key, p.value);
      }
      return;
    }
    const required = requiredSpecifier(value);
    if (required) {
      reExports.push({ from: required });
      return;
    }
    // `module.exports = new Service()`: its methods are what `require` gives, as an object's keys are.
    if (value.type === 'NewExpression') {
      for (const [member, method] of members(value)) add(member, method);
      return;
    }
    add('default', value);
    return;
  }
  const match = target && /^(?:module\.)?exports\.([\w$]+)$/.exec(target);
  if (match) add(match[1], value);
}

function requiredSpecifier(node: TSESTree.Node): string | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const arg = node.arguments[0];
  return arg?.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
}

/** Top-level `function f() {}` and `const f = () => ...` by name, so `export { f }` finds them. */
function localFunctions(ast: TSESTree.Program): Map<string, FunctionNode> {
  const out = new Map<string, FunctionNode>();
  for (const raw of ast.body) {
    const statement = raw.type === 'ExportNamedDeclaration' && raw.declaration ? raw.declaration : raw;
    if (statement.type === 'FunctionDeclaration' && statement.id) out.set(statement.id.name, statement);
    if (statement.type === 'VariableDeclaration' && statement.kind === 'const') {
      for (const d of statement.declarations) {
        const init = d.init && unwrap(d.init);
        if (d.id.type === 'Identifier' && isFunctionNode(init)) out.set(d.id.name, init);
      }
    }
  }
  return out;
}

/** Top-level classes, and `const` objects and instances, by name, so an export naming one finds its methods. */
function localValues(ast: TSESTree.Program): Map<string, TSESTree.Node> {
  const out = new Map<string, TSESTree.Node>();
  for (const raw of ast.body) {
    const statement = (raw.type === 'ExportNamedDeclaration' || raw.type === 'ExportDefaultDeclaration') && raw.declaration ? raw.declaration : raw;
    if (statement.type === 'ClassDeclaration' && statement.id) out.set(statement.id.name, statement);
    if (statement.type === 'VariableDeclaration' && statement.kind === 'const') {
      for (const d of statement.declarations) {
        const init = d.init && unwrap(d.init);
        if (d.id.type === 'Identifier' && init && (init.type === 'ObjectExpression' || init.type === 'NewExpression' || init.type === 'ClassExpression')) out.set(d.id.name, init);
      }
    }
  }
  return out;
}

/**
 * The methods a value exported under some name offers to callers, keyed as they would call them:
 * an object literal's function-valued keys (`{ levelFor, adjust }`), an instance's methods
 * (`new DocumentService()`), and a class's methods under `prototype.` beside its static ones.
 */
function membersOf(raw: TSESTree.Node | null | undefined, locals: Map<string, FunctionNode>, values: Map<string, TSESTree.Node>): [string, FunctionNode][] {
  if (!raw) return [];
  let node = unwrap(raw);
  if (node.type === 'Identifier') node = values.get(node.name) ?? node;
  if (node.type === 'ObjectExpression') {
    const out: [string, FunctionNode][] = [];
    for (const p of node.properties) {
      if (p.type !== 'Property') continue;
      const key = keyNameOf(p);
      const fn = functionOf(p.value, locals);
      if (key && fn) out.push([key, fn]);
    }
    return out;
  }
  if (node.type === 'NewExpression') {
    const target = node.callee.type === 'Identifier' ? values.get(node.callee.name) : undefined;
    return target && isClass(target) ? classMethods(target).filter(([name]) => name.startsWith('prototype.')).map(([name, fn]) => [name.slice('prototype.'.length), fn]) : [];
  }
  return isClass(node) ? classMethods(node) : [];
}

function isClass(node: TSESTree.Node): node is TSESTree.ClassDeclaration | TSESTree.ClassExpression {
  return node.type === 'ClassDeclaration' || node.type === 'ClassExpression';
}

/** `prototype.find` for an instance method, `find` for a static one; constructors and accessors are not called by name. */
function classMethods(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): [string, FunctionNode][] {
  const out: [string, FunctionNode][] = [];
  for (const member of node.body.body) {
    if (member.type !== 'MethodDefinition' || member.kind !== 'method') continue;
    const name = keyNameOf(member);
    if (name && member.value.type === 'FunctionExpression') out.push([member.static ? name : `prototype.${name}`, member.value]);
  }
  return out;
}

function functionOf(value: TSESTree.Node | null | undefined, locals: Map<string, FunctionNode>): FunctionNode | undefined {
  if (!value) return undefined;
  const node = unwrap(value);
  if (isFunctionNode(node)) return node;
  return node.type === 'Identifier' ? locals.get(node.name) : undefined;
}

function nameOf(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === 'Identifier' ? node.name : node.value;
}
