// The pages that show back what another route stored: GET routes of the same file whose handler
// answers HTML (a string with markup, or a rendered template). A stored-XSS story and its test read
// the value back there; where no such route exists the script only comes back in the answer to the
// request that sent it (reflected), and the test must not ask for a page that does not exist.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import { parseSource } from '../../engine/parse';

export interface HtmlRoute {
  path: string;
  /** The router or app object the route is declared on. */
  router: string;
  handler: [number, number];
}

const HTML_ANSWER = /\b(?:res|response)\s*\.\s*(?:send|write|end)\s*\(\s*(?:['"`]\s*<|[^)]*\+\s*['"`]\s*<)|\b(?:res|response)\s*\.\s*render\s*\(/;

/** GET routes of the file that answer HTML, except the handler at `except` (the story's own). */
export function htmlGetRoutes(text: string, filePath: string, except?: [number, number]): HtmlRoute[] {
  const parsed = parseSource(text, filePath);
  if (!parsed.ok) return [];
  const routes: HtmlRoute[] = [];
  simpleTraverse(parsed.ast, {
    enter(node) {
      if (node.type !== 'CallExpression') return;
      const callee = node.callee;
      if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== 'get') return;
      const first = node.arguments[0];
      const handler = node.arguments[node.arguments.length - 1] as TSESTree.Node | undefined;
      if (first?.type !== 'Literal' || typeof first.value !== 'string' || !first.value.startsWith('/')) return;
      if (!handler || (handler.type !== 'ArrowFunctionExpression' && handler.type !== 'FunctionExpression')) return;
      if (except && handler.range[0] === except[0] && handler.range[1] === except[1]) return;
      if (!HTML_ANSWER.test(text.slice(handler.range[0], handler.range[1]))) return;
      const router = callee.object.type === 'Identifier' ? callee.object.name : '';
      routes.push({ path: first.value, router, handler: [handler.range[0], handler.range[1]] });
    },
  });
  return routes;
}
