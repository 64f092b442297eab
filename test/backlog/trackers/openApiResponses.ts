// Checks a stand-in's answers against the response schemas of the vendor's OpenAPI description, so
// the adapter's reading side is tested against answers shaped like the real API's, not like the
// stand-in's own idea of them. Prism validates requests only (its response checks cover its own
// examples), hence this second half of the contract, compiled with Ajv from the same file.
import Ajv, { type ValidateFunction } from 'ajv';

export interface OpenApiDescription {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
  components?: object;
}

/**
 * A place where the description misstates an answer the real API gives, keyed
 * `METHOD /path/{template} status`, with the reason, so each exception is written down on its own.
 * `listOfDescribed`: the API answers a JSON array whose items have the described schema.
 */
export interface ResponseQuirk {
  reason: string;
  readAs: 'listOfDescribed';
}

export type ResponseCheck = (method: string, path: string, status: number, body: unknown) => string[];

/** Templates with fewer parameters first, so `/issue/createmeta` wins over `/issue/{issueIdOrKey}`. */
function routeMatchers(spec: OpenApiDescription): { template: string; pattern: RegExp }[] {
  return Object.keys(spec.paths)
    .map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params)
    .map(({ template, pattern }) => ({ template, pattern }));
}

export function responseCheck(spec: OpenApiDescription, quirks: Record<string, ResponseQuirk> = {}): ResponseCheck {
  // OpenAPI adds keywords JSON Schema lacks (example, xml, ...) and formats Ajv does not know.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const matchers = routeMatchers(spec);
  const compiled = new Map<string, ValidateFunction | undefined>();
  return (method, path, status, body) => {
    const verb = method.toLowerCase();
    const route = matchers.find((m) => m.pattern.test(path) && spec.paths[m.template][verb] !== undefined);
    // A route the description lacks is the request check's business, not this one's.
    if (!route) return [];
    const where = `${method} ${route.template} ${status}`;
    const responses = spec.paths[route.template][verb].responses ?? {};
    const response = responses[String(status)] ?? responses.default;
    if (!response) return [`${where}: the description lists no such answer (${Object.keys(responses).join(', ')})`];
    if (!compiled.has(where)) {
      const schema = response.content?.['application/json']?.schema;
      // The components travel along, so the schema's `#/components/...` references resolve.
      compiled.set(where, schema ? ajv.compile({ ...schema, components: spec.components }) : undefined);
    }
    const validate = compiled.get(where);
    if (!validate) return body === undefined ? [] : [`${where}: the description describes no body, but one was sent`];
    const quirk = quirks[where];
    if (quirk && !Array.isArray(body)) return [`${where}: expected a list (${quirk.reason})`];
    const items = quirk ? (body as unknown[]) : [body];
    const problems: string[] = [];
    for (const [i, item] of items.entries()) {
      if (validate(item)) continue;
      const at = quirk ? `/${i}` : '';
      for (const error of validate.errors ?? []) {
        const extra = (error.params as { additionalProperty?: string }).additionalProperty;
        problems.push(`${where}: ${at}${error.instancePath || '/'} ${error.message ?? error.keyword}${extra ? ` (${extra})` : ''}`);
      }
    }
    return problems;
  };
}
