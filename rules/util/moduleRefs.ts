// Which module export an expression stands for (`cp.exec`, `exec` destructured from
// require('node:child_process'), `promisify(exec)`, `vm.Script`), found through the file's
// scopes rather than by name, so that `RegExp#exec`, `db.exec` or XState's `spawn` never match.
// Both rule families use it: one resolver means `uuid.v1`, `crypto.createHash` and `cp.exec` are
// recognised through the same aliases everywhere.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, baseModule, normaliseModule, type RuleContext, unwrap } from '../../server/src/engine/api';

// The engine's import index names modules the same way, so the two always agree.
export { baseModule, normaliseModule as withoutNodePrefix };

export interface ModuleRef {
  /** The module without `node:` prefix or subpath: 'child_process', 'vm', 'shelljs', '@scope/pkg'. */
  module: string;
  /** The specifier as the file wrote it ('node:child_process'), for adding imports in the same form. */
  specifier: string;
  /** Export path below the module: [] for the module itself, ['exec'], ['default', 'sanitize']. */
  path: string[];
  /** The function went through util.promisify, so it returns a promise instead of taking a callback. */
  promisified: boolean;
}

const MAX_DEPTH = 10;

function requiredSpecifier(node: TSESTree.Node): string | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const arg = node.arguments[0];
  return arg && arg.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
}

function isPromisify(callee: TSESTree.Node): boolean {
  const node = unwrap(callee);
  if (node.type === 'Identifier') return node.name === 'promisify';
  return node.type === 'MemberExpression' && propertyName(node) === 'promisify';
}

/** The module export `node` refers to, or undefined when the file does not show one. */
export function moduleRefOf(node: TSESTree.Node, context: RuleContext): ModuleRef | undefined {
  return resolve(node, context, 0);
}

/** True when `node` is the export `name` of one of `modules` (e.g. `exec` of child_process). */
export function isModuleExport(ref: ModuleRef | undefined, modules: readonly string[], name: string): boolean {
  return !!ref && modules.includes(ref.module) && ref.path.length === 1 && ref.path[0] === name;
}

function resolve(raw: TSESTree.Node, context: RuleContext, depth: number): ModuleRef | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(raw);
  switch (node.type) {
    case 'CallExpression': {
      const specifier = requiredSpecifier(node);
      if (specifier) return { module: baseModule(specifier), specifier, path: [], promisified: false };
      if (isPromisify(node.callee) && node.arguments[0] && node.arguments[0].type !== 'SpreadElement') {
        const inner = resolve(node.arguments[0], context, depth + 1);
        return inner ? { ...inner, promisified: true } : undefined;
      }
      return undefined;
    }
    case 'AwaitExpression': {
      // await import('node:vm')
      const argument = unwrap(node.argument);
      if (argument.type === 'ImportExpression' && argument.source.type === 'Literal' && typeof argument.source.value === 'string') {
        return { module: baseModule(argument.source.value), specifier: argument.source.value, path: [], promisified: false };
      }
      return undefined;
    }
    case 'MemberExpression': {
      const owner = resolve(node.object, context, depth + 1);
      const name = propertyName(node);
      if (!owner || !name) return undefined;
      // `import cp from 'child_process'` then `cp.default.exec` is rare; `default` adds nothing.
      if (name === 'default' && owner.path.length === 0) return owner;
      return { ...owner, path: [...owner.path, name] };
    }
    case 'Identifier':
      return resolveIdentifier(node, context, depth);
    default:
      return undefined;
  }
}

function resolveIdentifier(node: TSESTree.Identifier, context: RuleContext, depth: number): ModuleRef | undefined {
  const variable = context.flow.variableOf(node);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def.type === 'ImportBinding') {
    const declaration = def.node as TSESTree.Node;
    if (declaration.type === 'TSImportEqualsDeclaration') {
      // import cp = require('child_process')
      const reference = declaration.moduleReference;
      if (reference.type === 'TSExternalModuleReference' && reference.expression.type === 'Literal' && typeof reference.expression.value === 'string') {
        const specifier = reference.expression.value;
        return { module: baseModule(specifier), specifier, path: [], promisified: false };
      }
      return undefined;
    }
    const parent = def.parent as TSESTree.Node | null;
    if (!parent || parent.type !== 'ImportDeclaration') return undefined;
    const specifier = parent.source.value;
    const base = { module: baseModule(specifier), specifier, promisified: false };
    if (declaration.type === 'ImportSpecifier') {
      const imported = declaration.imported.type === 'Identifier' ? declaration.imported.name : String(declaration.imported.value);
      return { ...base, path: imported === 'default' ? [] : [imported] };
    }
    return { ...base, path: [] };
  }
  if (def.type !== 'Variable') return undefined;
  // A variable written more than once may hold something else by the time it is called.
  const writes = context.flow.assignmentsOf(node);
  if (writes.length !== 1) return undefined;
  const declarator = def.node;
  if (!declarator.init) return undefined;
  if (declarator.id.type === 'Identifier') return resolve(declarator.init, context, depth + 1);
  if (declarator.id.type !== 'ObjectPattern') return undefined;
  // const { exec } = require('child_process'); const { Script: S } = vm
  const owner = resolve(declarator.init, context, depth + 1);
  if (!owner) return undefined;
  for (const property of declarator.id.properties) {
    if (property.type !== 'Property' || property.computed) continue;
    const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
    if (value !== def.name) continue;
    const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
    return key ? { ...owner, path: [...owner.path, key] } : undefined;
  }
  return undefined;
}
