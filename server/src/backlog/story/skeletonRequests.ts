// The request line of a story's security test: the real method and route, with the attack value
// placed where the handler reads it (a path parameter, the query string or a JSON body).

export type FieldLocation = 'query' | 'params' | 'body';

export interface RequestField {
  location: FieldLocation;
  name: string;
}

export interface RequestShape {
  method: string;
  /** Full route with its mount prefix, e.g. `/products/:id`. */
  route: string;
}

/**
 * A `fetch(...)` expression of the test that sends `value` (a JavaScript expression) as `field`.
 * `extra` is more of the init object (`redirect: 'manual'`, headers) as source text; `alongside`
 * names other query fields the handler reads, sent with a harmless value so that the request gets
 * as far as the code under test.
 */
export function requestWith(shape: RequestShape, field: RequestField | undefined, value: string, extra: string[] = [], alongside: readonly string[] = []): string {
  const init = [`method: '${shape.method}'`, ...extra];
  const others = alongside.filter((name) => !(field?.location === 'query' && field.name === name)).map((name) => `${name}=1`);
  const query = (pairs: string[]) => (pairs.length > 0 ? `?${pairs.join('&')}` : '');
  if (!field) return `fetch(\`\${BASE_URL}${withoutParams(shape.route)}${query(others)}\`, { ${init.join(', ')} })`;
  if (field.location === 'params') {
    const path = withoutParams(shape.route.replace(new RegExp(`:${field.name}\\b`), `\${encodeURIComponent(${value})}`));
    return `fetch(\`\${BASE_URL}${path}${query(others)}\`, { ${init.join(', ')} })`;
  }
  if (field.location === 'query') {
    return `fetch(\`\${BASE_URL}${withoutParams(shape.route)}${query([...others, `${field.name}=\${encodeURIComponent(${value})}`])}\`, { ${init.join(', ')} })`;
  }
  const headers = extra.some((e) => e.startsWith('headers:')) ? [] : ["headers: { 'content-type': 'application/json' }"];
  return `fetch(\`\${BASE_URL}${withoutParams(shape.route)}${query(others)}\`, { ${[...init, ...headers, `body: JSON.stringify({ ${JSON.stringify(field.name)}: ${value} })`].join(', ')} })`;
}

/** Path parameters the attack does not fill take a harmless value, so the request reaches the handler. */
function withoutParams(route: string): string {
  return route.replace(/:[A-Za-z_$][\w$]*\??/g, '1');
}

/** Methods whose request carries a body. */
export function sendsBody(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH';
}
