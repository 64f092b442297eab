// Reads `contexts` and `contextSeverity` of a `.rugged.json` onto the engine's context settings:
// lists add to the conventions, `{ globs, replaceDefaults: true }` replaces them, and a glob that
// cannot be compiled at a bounded cost is reported and left out while the rest still applies.
import { CONTEXT_EFFECTS, CONTEXT_KINDS, type ContextEffect, type ContextSettings } from '../engine/contexts';
import { globProblem } from './globs';
import { isPlainObject } from './schemaErrors';

/** Where a problem is (a JSON pointer) and what it is. */
export type ContextProblemSink = (pointer: string, message: string) => void;

/** What the schema said about a pointer: `usable` when the value itself is not broken, `clean` when nothing at or under it is. */
export interface SchemaVerdicts {
  usable: (pointer: string) => boolean;
  clean: (pointer: string) => boolean;
}

/** Applies the two keys onto `settings` (the defaults, changed in place); broken values are skipped. */
export function readContexts(
  rawContexts: unknown,
  rawSeverity: unknown,
  settings: ContextSettings,
  schema: SchemaVerdicts,
  report: ContextProblemSink,
): void {
  const { usable, clean } = schema;
  if (isPlainObject(rawContexts) && usable('/contexts')) {
    const production = rawContexts.production;
    if (Array.isArray(production) && usable('/contexts/production')) {
      settings.production = usableGlobs(production, '/contexts/production', schema, report);
    }
    for (const kind of CONTEXT_KINDS) {
      const pointer = `/contexts/${kind}`;
      const value = rawContexts[kind];
      if (value === undefined || !usable(pointer)) continue;
      if (Array.isArray(value)) {
        settings.globs[kind] = [...settings.globs[kind], ...usableGlobs(value, pointer, schema, report)];
      } else if (isPlainObject(value) && Array.isArray(value.globs) && usable(`${pointer}/globs`) && clean(`${pointer}/replaceDefaults`)) {
        const globs = usableGlobs(value.globs, `${pointer}/globs`, schema, report);
        settings.globs[kind] = value.replaceDefaults === true ? globs : [...settings.globs[kind], ...globs];
      }
    }
  }
  if (isPlainObject(rawSeverity)) {
    for (const kind of CONTEXT_KINDS) {
      const value = rawSeverity[kind];
      if (isEffect(value) && clean(`/contextSeverity/${kind}`)) settings.effects[kind] = value;
    }
  }
}

function usableGlobs(values: unknown[], pointer: string, schema: SchemaVerdicts, report: ContextProblemSink): string[] {
  const globs: string[] = [];
  values.forEach((glob, index) => {
    if (typeof glob !== 'string' || !schema.clean(`${pointer}/${index}`)) return;
    const problem = globProblem(glob);
    if (problem) report(`${pointer}/${index}`, `${problem}; this glob is not used`);
    else globs.push(glob);
  });
  return globs;
}

function isEffect(value: unknown): value is ContextEffect {
  return typeof value === 'string' && (CONTEXT_EFFECTS as readonly string[]).includes(value);
}
