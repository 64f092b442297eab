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
 * as far as the code under test; `bodyEntries` are more JSON body members as source text
 * (`"password": 'x'`), for the same reason: a handler that reads a field it was not sent may throw.
 */
export function requestWith(
  shape: RequestShape,
  field: RequestField | undefined,
  value: string,
  extra: string[] = [],
  alongside: readonly string[] = [],
  bodyEntries: readonly string[] = [],
): string {
  const init = [`method: '${shape.method}'`, ...extra];
  const others = alongside.filter((name) => !(field?.location === 'query' && field.name === name)).map((name) => `${name}=1`);
  const query = (pairs: string[]) => (pairs.length > 0 ? `?${pairs.join('&')}` : '');
  const entries = [...(field?.location === 'body' ? [`${JSON.stringify(field.name)}: ${value}`] : []), ...bodyEntries];
  if (entries.length > 0) {
    const hasHeaders = extra.some((e) => e.startsWith('headers:'));
    init.push(...(hasHeaders ? [] : ["headers: { 'content-type': 'application/json' }"]), `body: JSON.stringify({ ${entries.join(', ')} })`);
  }
  const tail = `${query(field?.location === 'query' ? [...others, `${field.name}=\${encodeURIComponent(${value})}`] : others)}\`, { ${init.join(', ')} })`;
  if (field?.location === 'params') {
    return `fetch(\`\${BASE_URL}${withoutParams(shape.route.replace(new RegExp(`:${field.name}\\b`), `\${encodeURIComponent(${value})}`))}${tail}`;
  }
  return `fetch(\`\${BASE_URL}${withoutParams(shape.route)}${tail}`;
}

/** Path parameters the attack does not fill take a harmless value, so the request reaches the handler. */
function withoutParams(route: string): string {
  return route.replace(/:[A-Za-z_$][\w$]*\??/g, '1');
}

/** Methods whose request carries a body. */
export function sendsBody(method: string): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH';
}
