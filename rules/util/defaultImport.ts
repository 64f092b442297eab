// Reaching a library's default export from a fix (`DOMPurify` from 'dompurify'): reuse the file's
// own import or require, or add one in the file's module style after its last import.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { TextEdit, RuleContext } from '../../server/src/engine/api';
import { baseModule } from './moduleRefs';

function isRequireCall(node: TSESTree.Node | null | undefined): boolean {
  let current = node;
  while (current && (current.type === 'MemberExpression' || current.type === 'CallExpression')) {
    if (current.type === 'CallExpression' && current.callee.type === 'Identifier' && current.callee.name === 'require') return true;
    current = current.type === 'MemberExpression' ? current.object : current.callee;
  }
  return false;
}

/** Where a new import line goes: after the last top-level import or require, else after directives. */
function insertionPoint(ast: TSESTree.Program): { offset: number; after: boolean } {
  let last = -1;
  let directives = 0;
  for (const statement of ast.body) {
    if (statement.type === 'ImportDeclaration') last = statement.range[1];
    else if (statement.type === 'VariableDeclaration' && statement.declarations.some((d) => isRequireCall(d.init))) last = statement.range[1];
    else if (statement.type === 'ExpressionStatement' && statement.directive && last < 0) directives = statement.range[1];
  }
  if (last >= 0) return { offset: last, after: true };
  return directives > 0 ? { offset: directives, after: true } : { offset: 0, after: false };
}

/**
 * An expression for the default export of `module` (named `local` when it has to be imported),
 * and the edits adding the import.
 */
export function ensureDefaultImport(context: RuleContext, module: string, local: string): { expression: string; edits: TextEdit[] } {
  const existing = context.imports.bindings.find((b) => baseModule(b.module) === module && (b.kind === 'default' || b.kind === 'namespace'));
  if (existing) return { expression: existing.local, edits: [] };
  const line = context.imports.style === 'esm' ? `import ${local} from '${module}';` : `const ${local} = require('${module}');`;
  const { offset, after } = insertionPoint(context.ast);
  return { expression: local, edits: [{ start: offset, end: offset, text: after ? `\n${line}` : `${line}\n` }] };
}
