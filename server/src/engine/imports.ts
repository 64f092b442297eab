// Which modules a file imports or requires, under which local names, and in which module style.
// Rules use it to tell drivers apart (pg vs mysql2) and fixes use it to add a missing import.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { TextEdit } from './finding';

export interface ImportBinding {
  /** The module specifier as written: 'pg', 'mysql2/promise', 'node:crypto'. */
  module: string;
  /** The local identifier bound in this file. */
  local: string;
  /** namespace: `import * as x` / `const x = require()`; default: `import x`; named: `{ a as x }`. */
  kind: 'namespace' | 'default' | 'named';
  /** For named bindings, the exported name. */
  imported?: string;
}

export type ModuleStyle = 'esm' | 'cjs';

export interface ImportIndex {
  readonly bindings: readonly ImportBinding[];
  readonly style: ModuleStyle;
  /** Modules referenced at all, including side-effect imports and `require('x')(...)` calls. */
  readonly modules: ReadonlySet<string>;
  /** True when the file imports or requires the module (with or without a `node:` prefix or subpath). */
  has(module: string): boolean;
  bindingFor(local: string): ImportBinding | undefined;
  /**
   * An expression that reaches `name` exported by `module`, adding an import or require in the
   * file's own style when none exists. Returns the edits to apply (possibly none).
   */
  ensureNamed(module: string, name: string): { expression: string; edits: TextEdit[] };
}

/** 'node:crypto' -> 'crypto'; subpaths stay: 'uuid/v1'. */
export function normaliseModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** The package a specifier belongs to: 'node:child_process' -> 'child_process', 'vm2/lib/main' -> 'vm2', '@a/b/c' -> '@a/b'. */
export function baseModule(specifier: string): string {
  const normal = normaliseModule(specifier);
  const parts = normal.split('/');
  return normal.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function requiredModule(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node || node.type !== 'CallExpression') return undefined;
  if (node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const arg = node.arguments[0];
  return arg && arg.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
}

export function buildImportIndex(ast: TSESTree.Program, text: string, filePath: string): ImportIndex {
  const bindings: ImportBinding[] = [];
  const modules = new Set<string>();
  let esm = false;
  let cjs = false;
  let lastImportEnd = -1;

  for (const statement of ast.body) {
    if (statement.type === 'ImportDeclaration') {
      esm = true;
      lastImportEnd = statement.range[1];
      const module = statement.source.value;
      modules.add(module);
      for (const spec of statement.specifiers) {
        if (spec.type === 'ImportNamespaceSpecifier') bindings.push({ module, local: spec.local.name, kind: 'namespace' });
        else if (spec.type === 'ImportDefaultSpecifier') bindings.push({ module, local: spec.local.name, kind: 'default' });
        else {
          const imported = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
          bindings.push({ module, local: spec.local.name, kind: 'named', imported });
        }
      }
      continue;
    }
    if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' || statement.type === 'ExportAllDeclaration') esm = true;
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const direct = requiredModule(declarator.init);
        // const x = require('m').y  /  const x = require('m')(opts)
        const viaMember = declarator.init?.type === 'MemberExpression' ? requiredModule(declarator.init.object) : undefined;
        const viaCall = declarator.init?.type === 'CallExpression' ? requiredModule(declarator.init.callee) : undefined;
        const module = direct ?? viaMember ?? viaCall;
        if (!module) continue;
        cjs = true;
        lastImportEnd = statement.range[1];
        modules.add(module);
        if (declarator.id.type === 'Identifier') {
          if (direct) bindings.push({ module, local: declarator.id.name, kind: 'namespace' });
          else if (viaMember && declarator.init?.type === 'MemberExpression' && declarator.init.property.type === 'Identifier')
            bindings.push({ module, local: declarator.id.name, kind: 'named', imported: declarator.init.property.name });
          else bindings.push({ module, local: declarator.id.name, kind: 'default' });
        } else if (declarator.id.type === 'ObjectPattern' && direct) {
          for (const property of declarator.id.properties) {
            if (property.type !== 'Property' || property.key.type !== 'Identifier') continue;
            const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
            if (value.type === 'Identifier') bindings.push({ module, local: value.name, kind: 'named', imported: property.key.name });
          }
        }
      }
    }
  }
  // Requires that are not top-level declarations still tell which libraries are in play.
  collectNestedRequires(text, modules);
  if (/\brequire\s*\(/.test(text) && !esm) cjs = true;

  const ext = /\.[^.]+$/.exec(filePath)?.[0] ?? '';
  const style: ModuleStyle = esm ? 'esm' : cjs ? 'cjs' : ext === '.cjs' || ext === '.js' || ext === '.jsx' ? 'cjs' : 'esm';
  const baseModules = new Set([...modules].map(baseModule));

  const index: ImportIndex = {
    bindings,
    style,
    modules,
    has: (module) => baseModules.has(baseModule(module)) || modules.has(normaliseModule(module)) || modules.has(`node:${module}`),
    bindingFor: (local) => bindings.find((b) => b.local === local),
    ensureNamed(module, name) {
      const wanted = (b: ImportBinding) => normaliseModule(b.module) === normaliseModule(module);
      const named = bindings.find((b) => wanted(b) && b.kind === 'named' && b.imported === name);
      if (named) return { expression: named.local, edits: [] };
      const namespace = bindings.find((b) => wanted(b) && (b.kind === 'namespace' || b.kind === 'default'));
      if (namespace) return { expression: `${namespace.local}.${name}`, edits: [] };
      const line = style === 'esm' ? `import { ${name} } from '${module}';` : `const { ${name} } = require('${module}');`;
      const edit: TextEdit =
        lastImportEnd >= 0
          ? { start: lastImportEnd, end: lastImportEnd, text: `\n${line}` }
          : { start: directiveEnd(ast), end: directiveEnd(ast), text: directiveEnd(ast) > 0 ? `\n${line}` : `${line}\n` };
      return { expression: name, edits: [edit] };
    },
  };
  return index;
}

/** After a leading 'use strict' (or other directive), where a new import may go. */
function directiveEnd(ast: TSESTree.Program): number {
  let end = 0;
  for (const statement of ast.body) {
    if (statement.type === 'ExpressionStatement' && statement.directive) end = statement.range[1];
    else break;
  }
  return end;
}

function collectNestedRequires(text: string, modules: Set<string>): void {
  const pattern = /\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) modules.add(match[1]);
}
