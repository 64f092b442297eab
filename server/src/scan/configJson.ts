// Configuration files as tsc and Node read them: tsconfig.json and jsconfig.json are JSON with
// comments and trailing commas, package.json is plain JSON (which this reads too).
import type { ResolverHost } from './resolverHost';

/** The object a configuration file holds, or undefined when it is missing, unreadable or not an object. */
export function readConfigJson(path: string, host: ResolverHost): Record<string, unknown> | undefined {
  const text = host.readText(path);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(withoutCommentsAndTrailingCommas(text));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Drops comments and the commas before a closing bracket, leaving strings exactly as they are
 * (a path such as "a,}" or a URL with `//` stays intact).
 */
export function withoutCommentsAndTrailingCommas(text: string): string {
  let out = '';
  // A comma is kept back, with the blanks after it, until the next significant character shows
  // whether it trails.
  let comma = false;
  let held = '';
  const blank = (s: string) => {
    if (comma) held += s;
    else out += s;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      blank('\n');
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      blank(' ');
    } else if (/\s/.test(c)) blank(c);
    else {
      if (comma) out += (c === '}' || c === ']' ? '' : ',') + held;
      comma = false;
      held = '';
      if (c === ',') comma = true;
      else if (c === '"') {
        const end = skipString(text, i);
        out += text.slice(i, end);
        i = end - 1;
      } else out += c;
    }
  }
  return out + (comma ? ',' : '') + held;
}

function skipString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
