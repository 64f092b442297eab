// How a problem quotes what it is about: keys and values come from the file, so they are shortened
// and every character that could break the one-line form of a problem (line breaks, other control
// characters, BiDi overrides) is written as a visible escape.
import { MAX_QUOTED_LENGTH } from './limits';

// C0, DEL, C1, the BiDi embeddings/overrides/isolates and marks, and the Unicode line separators.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A string as a JSON-like quoted literal, shortened, safe to print on one line. */
export function quote(value: string, max = MAX_QUOTED_LENGTH): string {
  const short = value.length > max ? `${value.slice(0, max)}...` : value;
  return `"${short.replace(/[\\"]/g, (c) => `\\${c}`).replace(INVISIBLE, escapeChar)}"`;
}

function escapeChar(c: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A value as a problem names it: strings quoted, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return quote(value, 40);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined) return String(value);
  // JSON gives neither; named by kind rather than printed, like containers.
  return `a ${typeof value}`;
}
