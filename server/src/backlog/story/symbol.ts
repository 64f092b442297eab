// Names the code a story points at: the innermost named function, method or class around a
// position, or the route ("GET /search") when the code is an anonymous route handler.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { parseSource } from '../../engine/parse';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use', 'route']);

/** The enclosing symbol at a UTF-16 offset, or undefined at module level or when the file does not parse. */
export function enclosingSymbol(text: string, filePath: string, offset: number): string | undefined {
  const parsed = parseSource(text, filePath);
  if (!parsed.ok) return undefined;
  const chain = nodesAt(parsed.ast, offset);
  for (let i = chain.length - 1; i >= 0; i--) {
    const name = nameOf(chain[i], chain[i - 1], chain.slice(0, i));
    if (name) return name;
  }
  return undefined;
}

/** The nodes containing `offset`, outermost first. */
function nodesAt(root: TSESTree.Program, offset: number): TSESTree.Node[] {
  const chain: TSESTree.Node[] = [root];
  let current: TSESTree.Node = root;
  for (;;) {
    const next = childContaining(current, offset);
    if (!next) return chain;
    chain.push(next);
    current = next;
  }
}

function childContaining(node: TSESTree.Node, offset: number): TSESTree.Node | undefined {
  const keys = visitorKeys[node.type as keyof typeof visitorKeys] ?? [];
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (isNode(item) && item.range[0] <= offset && offset < item.range[1]) return item;
    }
  }
  return undefined;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && Array.isArray((value as { range?: unknown }).range);
}

function nameOf(node: TSESTree.Node, parent: TSESTree.Node | undefined, ancestors: TSESTree.Node[]): string | undefined {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression': {
      if (node.type !== 'ArrowFunctionExpression' && node.id) return qualify(node.id.name, ancestors);
      if (!parent) return undefined;
      if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
      if (parent.type === 'AssignmentExpression') return memberText(parent.left);
      if ((parent.type === 'Property' || parent.type === 'PropertyDefinition') && !parent.computed) return keyText(parent.key);
      if (parent.type === 'MethodDefinition') return undefined; // named by the MethodDefinition itself
      if (parent.type === 'CallExpression') return routeName(parent);
      return undefined;
    }
    case 'MethodDefinition':
      return node.computed ? undefined : qualify(keyText(node.key), ancestors);
    case 'ClassDeclaration':
    case 'ClassExpression':
      return node.id?.name ?? (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined);
    default:
      return undefined;
  }
}

/** `router.get('/search', handler)` -> "GET /search"; `app.use(fn)` -> "app.use". */
function routeName(call: TSESTree.CallExpression): string | undefined {
  if (call.callee.type !== 'MemberExpression' || call.callee.computed || call.callee.property.type !== 'Identifier') return undefined;
  const method = call.callee.property.name;
  if (!ROUTE_METHODS.has(method)) return undefined;
  const first = call.arguments[0];
  const path = first?.type === 'Literal' && typeof first.value === 'string' ? first.value : first?.type === 'TemplateLiteral' && first.expressions.length === 0 ? first.quasis[0].value.cooked : undefined;
  if (path === undefined) return `${memberText(call.callee.object) ?? 'app'}.${method}`;
  return `${method === 'del' ? 'DELETE' : method.toUpperCase()} ${path}`;
}

/** Methods are named with their class: "OrderService.create". */
function qualify(name: string | undefined, ancestors: TSESTree.Node[]): string | undefined {
  if (!name) return undefined;
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i];
    if ((node.type === 'ClassDeclaration' || node.type === 'ClassExpression') && node.id) return `${node.id.name}.${name}`;
    if (node.type === 'ClassBody') continue;
    if (node.type === 'MethodDefinition') continue;
    if (node.type === 'FunctionExpression') continue;
    break;
  }
  return name;
}

function keyText(key: TSESTree.Node): string | undefined {
  if (key.type === 'Identifier' || key.type === 'PrivateIdentifier') return key.type === 'PrivateIdentifier' ? `#${key.name}` : key.name;
  if (key.type === 'Literal') return String(key.value);
  return undefined;
}

function memberText(node: TSESTree.Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'MemberExpression' && !node.computed) {
    const object = memberText(node.object);
    const property = keyText(node.property);
    return object && property ? `${object}.${property}` : undefined;
  }
  return undefined;
}

export interface RouteAt {
  /** GET, POST, ... */
  method: string;
  /** The path as the router declares it, before any mount prefix. */
  path: string;
  /** The router or app object (`router`, `app`). */
  router: string;
  /** Start and end offsets of the handler function. */
  handler: [number, number];
}

/** The route whose handler holds `offset` (`router.get('/search', handler)`), if any. */
export function enclosingRoute(text: string, filePath: string, offset: number): RouteAt | undefined {
  const parsed = parseSource(text, filePath);
  if (!parsed.ok) return undefined;
  const chain = nodesAt(parsed.ast, offset);
  for (let i = chain.length - 1; i > 0; i--) {
    const node = chain[i];
    const parent = chain[i - 1];
    if (!(node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression') || parent.type !== 'CallExpression') continue;
    const callee = parent.callee;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') continue;
    const method = callee.property.name;
    if (!ROUTE_METHODS.has(method) || method === 'use' || method === 'route') continue;
    const first = parent.arguments[0];
    const path = first?.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
    const router = memberText(callee.object);
    // A route path starts with a slash (or is a wildcard); `db.get('SELECT ...', cb)` is a query, not a route.
    if (path === undefined || !/^[/*]/.test(path) || !router) continue;
    return { method: method === 'del' ? 'DELETE' : method.toUpperCase(), path, router, handler: [node.range[0], node.range[1]] };
  }
  return undefined;
}
