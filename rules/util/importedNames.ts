// Which module export an expression names, from the file's own imports and requires:
// `uuid.v1` with `const uuid = require('uuid')`, `v1` from `import { v1 } from 'uuid'`,
// `require('crypto').pseudoRandomBytes`. Local variables that shadow an import are not followed.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName } from '../../server/src/engine/dataflow';
import type { RuleContext } from '../defineRule';
import { unwrap } from './astNodes';

export interface ImportedName {
  /** The specifier as written, without a `node:` prefix: 'crypto', 'uuid', 'uuid/v1'. */
  module: string;
  /** Export names below the module: [] for the module itself, ['v1'], ['default', 'hash']. */
  path: string[];
}

const MAX_DEPTH = 6;

function withoutNodePrefix(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** The module export `node` refers to, or undefined when the file does not show one. */
export function importedNameOf(node: TSESTree.Node, context: RuleContext, depth = 0): ImportedName | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'CallExpression' && inner.callee.type === 'Identifier' && inner.callee.name === 'require') {
    const arg = inner.arguments[0];
    return arg && arg.type === 'Literal' && typeof arg.value === 'string' ? { module: withoutNodePrefix(arg.value), path: [] } : undefined;
  }
  if (inner.type === 'MemberExpression') {
    const owner = importedNameOf(inner.object, context, depth + 1);
    const name = propertyName(inner);
    if (!owner || !name) return undefined;
    // `import crypto from 'crypto'` compiled to `crypto.default.x` adds nothing.
    if (name === 'default' && owner.path.length === 0) return owner;
    return { module: owner.module, path: [...owner.path, name] };
  }
  if (inner.type !== 'Identifier') return undefined;
  const binding = context.imports.bindingFor(inner.name);
  if (!binding) return undefined;
  // A parameter or local variable with the imported name is something else.
  const variable = context.flow.variableOf(inner);
  if (variable && variable.scope.type !== 'module' && variable.scope.type !== 'global') return undefined;
  const module = withoutNodePrefix(binding.module);
  return binding.kind === 'named' && binding.imported ? { module, path: [binding.imported] } : { module, path: [] };
}

/** True when `node` names `path` exported by one of `modules` (with or without `node:`). */
export function isImported(node: TSESTree.Node, context: RuleContext, modules: readonly string[], path: readonly string[]): boolean {
  const name = importedNameOf(node, context);
  return !!name && modules.includes(name.module) && name.path.length === path.length && name.path.every((p, i) => p === path[i]);
}
