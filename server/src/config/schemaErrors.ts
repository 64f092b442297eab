// Turns the schema validator's errors into sentences that name what is wrong and what is allowed.
import type { ErrorObject } from 'ajv';
import schema from '../../schema/rugged.schema.json';
import { describeValue, quote } from './display';
import { escapePointer, pointerSegments } from './pointers';
import { closest } from './suggest';

export interface DescribedError {
  /** JSON pointer of the value that is wrong (for an unknown key: the key itself). */
  pointer: string;
  message: string;
  /** The problem is about a key, not its value: point at the key. */
  atKey?: boolean;
}

const RULE_ENTRY = /^\/rules\/[^/]+$/;
const CONTEXT_ENTRY = /^\/contexts\/(?:vendored|fixture|mock|test|example|migration|script)$/;

/** A sentence for people, or undefined for errors said better by another one (or by the loader). */
export function describeSchemaError(error: ErrorObject, root: unknown): DescribedError | undefined {
  const pointer = error.instancePath;
  // Rule ids of the wrong form are reported by the loader as unknown ids, with a suggestion.
  if (error.keyword === 'propertyNames' || error.propertyName !== undefined) return undefined;
  // A conditional's own error only repeats the 'required' error of its branch.
  if (error.keyword === 'if') return undefined;
  const value = valueAt(root, pointer);
  if (RULE_ENTRY.test(pointer) && error.keyword !== 'additionalProperties') {
    // A rule setting is a string or an object; ajv reports both branches, so say it once.
    if (isPlainObject(value)) return undefined;
    const message = typeof value === 'string'
      ? `must be "off", "error", "warning" or "info" (got ${describeValue(value)})`
      : `must be "off", "error", "warning", "info" or an object { "severity": ..., "options": {...} } (got ${describeValue(value)})`;
    return { pointer, message };
  }
  if (CONTEXT_ENTRY.test(pointer) && error.keyword === 'type') {
    // A list or an object: ajv reports the branch the value is not, which says nothing useful;
    // what is wrong inside the list or the object is reported at its own key.
    if (Array.isArray(value) || isPlainObject(value)) return undefined;
    return { pointer, message: `must be a list of globs or an object { "globs": [...], "replaceDefaults": true } (got ${describeValue(value)})` };
  }
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(allowedKeysAt(pointer));
      const hint = closest(key, allowed);
      return {
        pointer: `${pointer}/${escapePointer(key)}`,
        message: `unknown key ${quote(key)}${hint ? `; did you mean "${hint}"?` : ''}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
        atKey: true,
      };
    }
    case 'type':
      return { pointer, message: `must be ${article(String(params.type))} (got ${describeValue(value)})` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      return { pointer, message: `must be one of ${allowed.join(', ')} (got ${describeValue(value)})` };
    }
    case 'required':
      // Said at the missing key, so the rest of the backlog settings still apply and the adapter
      // refuses to run, instead of the whole block falling back to the Markdown default.
      if (pointer === '/backlog') return { pointer: `${pointer}/${escapePointer(String(params.missingProperty))}`, message: `is missing; backlog.tracker ${describeValue(valueAt(root, '/backlog/tracker'))} needs it` };
      return { pointer, message: `is missing the required key "${String(params.missingProperty)}"` };
    case 'pattern':
      return { pointer, message: patternMessage(pointer, value) };
    case 'minLength':
      return { pointer, message: 'must not be empty' };
    case 'maxLength':
      return { pointer, message: `is ${typeof value === 'string' ? value.length : 'too many'} characters long; at most ${String(params.limit)} are allowed` };
    case 'minimum':
      return { pointer, message: `must be at least ${String(params.limit)} (got ${describeValue(value)})` };
    case 'maximum':
      return { pointer, message: `must be at most ${String(params.limit)} (got ${describeValue(value)})` };
    default:
      return { pointer, message: error.message ?? 'is not valid' };
  }
}

function patternMessage(pointer: string, value: unknown): string {
  if (pointer.endsWith('/id')) return `must be "team/<name>" in kebab-case, e.g. "team/no-raw-query" (got ${describeValue(value)})`;
  if (pointer.endsWith('/call')) return `must be a dotted callee such as "legacyDb.rawQuery" or "*.rawQuery" (got ${describeValue(value)})`;
  if (pointer === '/backlog/repository') return `must be "owner/name" as in the repository URL (got ${describeValue(value)})`;
  if (pointer === '/backlog/apiUrl' || pointer === '/backlog/baseUrl') return `must be an https URL (got ${describeValue(value)})`;
  if (pointer === '/backlog/projectKey') return `must be a Jira project key in capitals, e.g. "SEC" (got ${describeValue(value)})`;
  return `does not have the expected form (got ${describeValue(value)})`;
}

/** The properties the schema allows at a JSON pointer, for "did you mean" hints. */
function allowedKeysAt(pointer: string): Record<string, unknown> {
  const definitions = schema.definitions as Record<string, { properties?: Record<string, unknown>; anyOf?: { properties?: Record<string, unknown> }[] }>;
  if (pointer === '') return schema.properties;
  if (pointer === '/contexts') return schema.properties.contexts.properties;
  if (pointer === '/contextSeverity') return schema.properties.contextSeverity.properties;
  if (CONTEXT_ENTRY.test(pointer)) return definitions.contextGlobs.anyOf?.[1]?.properties ?? {};
  if (/^\/checklist\/\d+$/.test(pointer)) return definitions.teamRule.properties ?? {};
  if (RULE_ENTRY.test(pointer)) return definitions.ruleSetting.anyOf?.[1]?.properties ?? {};
  return {};
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false' };
  return names[type] ?? type;
}

function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const segment of pointerSegments(pointer)) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
