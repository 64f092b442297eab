// The pages that show back what another route stored: GET routes of the same file whose handler
// answers HTML (a string with markup, or a rendered template). A stored-XSS story and its test read
// the value back there; where no such route exists the script only comes back in the answer to the
// request that sent it (reflected), and the test must not ask for a page that does not exist.
import { routesIn } from './routeAuth';

export interface HtmlRoute {
  path: string;
  /** The router or app object the route is declared on. */
  router: string;
  handler: [number, number];
}

const HTML_ANSWER = /\b(?:res|response)\s*\.\s*(?:send|write|end)\s*\(\s*(?:['"`]\s*<|[^)]*\+\s*['"`]\s*<)|\b(?:res|response)\s*\.\s*render\s*\(/;

/** GET routes of the file that answer HTML, except the handler at `except` (the story's own). */
export function htmlGetRoutes(text: string, filePath: string, except?: [number, number]): HtmlRoute[] {
  return routesIn({ path: filePath, text })
    .filter((r) => r.method === 'GET' && r.path.startsWith('/'))
    .filter((r) => !(except && r.handler[0] === except[0] && r.handler[1] === except[1]))
    .filter((r) => HTML_ANSWER.test(text.slice(r.handler[0], r.handler[1])))
    .map(({ path, router, handler }) => ({ path, router, handler }));
}
