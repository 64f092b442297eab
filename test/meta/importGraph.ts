// The import graph of the product's own source, read with the same parser the engine uses, so the
// layering test checks what the code really imports (static imports, re-exports, require() and
// import() with a literal) rather than what ARCHITECTURE.md says it imports.
import { parse, simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The folders that ship in the product; tests and scripts are not layered. */
const SOURCE_ROOTS = ['server/src', 'rules', 'client/src'];

export interface ImportEdge {
  /** Repository-relative path of the importing file, with forward slashes. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** Repository-relative path of the imported file, when the specifier is relative and resolves. */
  to?: string;
  line: number;
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

function listSources(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listSources(path, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
}

/** Every product source file, repository-relative. */
export function productSources(): string[] {
  const out: string[] = [];
  for (const root of SOURCE_ROOTS) listSources(join(REPO_ROOT, root), out);
  return out.map((file) => posix(relative(REPO_ROOT, file))).sort();
}

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(REPO_ROOT, dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return posix(relative(REPO_ROOT, candidate));
  }
  return undefined;
}

function literalSource(node: TSESTree.Node | null | undefined): string | undefined {
  return node && node.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
}

/** The imports of one file. */
export function importsOf(file: string): ImportEdge[] {
  const ast = parse(readFileSync(join(REPO_ROOT, file), 'utf8'), { loc: true, range: false, jsx: file.endsWith('.tsx') });
  const edges: ImportEdge[] = [];
  const add = (specifier: string | undefined, node: TSESTree.Node) => {
    if (specifier === undefined) return;
    const to = specifier.startsWith('.') ? resolveRelative(file, specifier) : undefined;
    edges.push({ from: file, specifier, to, line: node.loc.start.line });
  };
  simpleTraverse(ast, {
    enter(node) {
      switch (node.type) {
        case 'ImportDeclaration':
        case 'ExportAllDeclaration':
        case 'ExportNamedDeclaration':
          add(literalSource(node.source), node);
          break;
        case 'ImportExpression':
          add(literalSource(node.source), node);
          break;
        case 'CallExpression':
          if (node.callee.type === 'Identifier' && node.callee.name === 'require') add(literalSource(node.arguments[0]), node);
          break;
        case 'TSImportEqualsDeclaration':
          if (node.moduleReference.type === 'TSExternalModuleReference') add(literalSource(node.moduleReference.expression), node);
          break;
        default:
          break;
      }
    },
  });
  return edges;
}

/** All edges of the product's import graph. */
export function importGraph(): ImportEdge[] {
  return productSources().flatMap(importsOf);
}

/** Every cycle among product files, each as the list of files around it (Tarjan's strongly connected components). */
export function importCycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (!edge.to) continue;
    if (!next.has(edge.from)) next.set(edge.from, new Set());
    next.get(edge.from)!.add(edge.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || next.get(node)?.has(node)) components.push(component.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}
