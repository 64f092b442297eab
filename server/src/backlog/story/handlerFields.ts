// The request fields a route handler reads, in the order it reads them, however it names them:
// `req.query.q`, `const { id, name: who } = req.params`, or destructured in the parameter list
// (`({ body: { name } }, res) =>`). A story raised without a finding (a catalogue goal leads) takes
// its test's field from here; a finding names its own.
import type { FieldLocation, RequestField } from './skeletonRequests';

const NAME = /^[A-Za-z_$][\w$]*$/;

export function requestFieldsIn(handler: string): RequestField[] {
  const found: { at: number; field: RequestField }[] = [];
  for (const m of handler.matchAll(/\breq(?:uest)?\.(query|params|body)\.([A-Za-z_$][\w$]*)/g)) {
    found.push({ at: m.index, field: { location: m[1] as FieldLocation, name: m[2] } });
  }
  for (const m of handler.matchAll(/\{([^{}]*)\}\s*=\s*req(?:uest)?\.(query|params|body)\b/g)) {
    for (const name of patternKeys(m[1])) found.push({ at: m.index, field: { location: m[2] as FieldLocation, name } });
  }
  // Only the parameter list: a `body: { ... }` later in the handler is an object the code builds.
  const head = /^[^]*?(?:=>|\)\s*\{)/.exec(handler)?.[0] ?? '';
  for (const m of head.matchAll(/\b(query|params|body)\s*:\s*\{([^{}]*)\}/g)) {
    for (const name of patternKeys(m[2])) found.push({ at: m.index, field: { location: m[1] as FieldLocation, name } });
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.at - b.at)
    .map((f) => f.field)
    .filter((f) => !seen.has(`${f.location}.${f.name}`) && Boolean(seen.add(`${f.location}.${f.name}`)));
}

/**
 * The request field a local name holds when the handler destructured it from the request
 * (`const { sort } = req.query`, `const { name: who } = req.body`, `({ query: { q } }, res) =>`):
 * a finding that points at the name itself is about that field.
 */
export function fieldBoundTo(handler: string, local: string): RequestField | undefined {
  if (!NAME.test(local)) return undefined;
  const patterns = [
    ...[...handler.matchAll(/\{([^{}]*)\}\s*=\s*req(?:uest)?\.(query|params|body)\b/g)].map((m) => ({ pattern: m[1], location: m[2] })),
    ...[...(/^[^]*?(?:=>|\)\s*\{)/.exec(handler)?.[0] ?? '').matchAll(/\b(query|params|body)\s*:\s*\{([^{}]*)\}/g)].map((m) => ({ pattern: m[2], location: m[1] })),
  ];
  for (const { pattern, location } of patterns) {
    const binding = patternBindings(pattern).find((b) => b.local === local);
    if (binding) return { location: location as FieldLocation, name: binding.key };
  }
  return undefined;
}

/** The keys an object pattern reads (`id`, `name: who`, `page = 1`), without a rest element. */
function patternKeys(pattern: string): string[] {
  return patternBindings(pattern).map((b) => b.key);
}

/** Each key of an object pattern with the local name it binds (`name: who` binds `who`). */
function patternBindings(pattern: string): { key: string; local: string }[] {
  return pattern
    .split(',')
    .map((part) => {
      const [key, rest] = part.trim().split(/\s*=\s*/)[0].split(/\s*:\s*/);
      const name = key.replace(/^['"]|['"]$/g, '');
      return { key: name, local: rest ?? name };
    })
    .filter((b) => NAME.test(b.key) && NAME.test(b.local));
}
