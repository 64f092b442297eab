// The full route of a handler: Express-style routers are mounted under a prefix
// (`app.use('/products', router)`), and a story that says `GET /search` sends the tester to a URL
// that does not exist. Pure: the caller reads the files; this module only parses text.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { parseSource } from '../../engine/parse';

export interface Mount {
  prefix: string;
  /** The mounted router, by its local name (`router`) or by the module it is required from (`./routes/products`). */
  local?: string;
  module?: string;
  /** The object whose `use` mounts it (`app`, `api`), for following a chain of mounts upward. */
  owner?: string;
}

/** `X.use('/prefix', router)` and `X.use('/prefix', require('./routes/x'))` calls of a file, with required names resolved. */
export function mountsIn(text: string, filePath: string): Mount[] {
  const parsed = parseSource(text, filePath);
  if (!parsed.ok) return [];
  const required = new Map<string, string>();
  const calls: TSESTree.CallExpression[] = [];
  simpleTraverse(parsed.ast, {
    enter(node) {
      if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
        const spec = requiredModule(node.init);
        if (spec) required.set(node.id.name, spec);
      }
      if (node.type === 'ImportDeclaration' && typeof node.source.value === 'string') {
        for (const s of node.specifiers) if (s.type === 'ImportDefaultSpecifier') required.set(s.local.name, node.source.value);
      }
      if (node.type === 'CallExpression') calls.push(node);
    },
  });
  const mounts: Mount[] = [];
  for (const call of calls) {
    if (call.callee.type !== 'MemberExpression' || call.callee.property.type !== 'Identifier' || call.callee.property.name !== 'use') continue;
    const [first, ...rest] = call.arguments;
    const prefix = stringValue(first);
    if (prefix === undefined || !prefix.startsWith('/')) continue;
    const owner = call.callee.object.type === 'Identifier' ? { owner: call.callee.object.name } : {};
    for (const arg of rest) {
      const spec = requiredModule(arg);
      if (spec) mounts.push({ prefix, module: spec, ...owner });
      else if (arg.type === 'Identifier') mounts.push({ prefix, local: arg.name, ...(required.has(arg.name) ? { module: required.get(arg.name) } : {}), ...owner });
    }
  }
  return mounts;
}

/** `a` + `b` as one URL path: `/products` + `/search` is `/products/search`, `/products` + `/` is `/products`. */
export function joinRoute(prefix: string, path: string): string {
  const head = prefix.replace(/\/+$/, '');
  const tail = path === '/' ? '' : path.startsWith('/') ? path : `/${path}`;
  return `${head}${tail}` || '/';
}

/** The module a `require('...')` call names, when it is a plain string. */
export function requiredModule(node: TSESTree.Node): string | undefined {
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') return stringValue(node.arguments[0]);
  return undefined;
}

/** A string literal's value, or a template literal's without expressions. */
export function stringValue(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}
