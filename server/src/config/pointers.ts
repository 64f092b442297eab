// JSON pointers (`/rules/sql~1no-x`), as ajv reports them, and the paths people read.
import { quote } from './display';

export type PathSegment = string | number;

export function pointerSegments(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A JSON pointer as the path people read: `rules["sql/no-x"]`, `checklist[0].call`, `(root)`. */
export function jsonPath(pointer: string): string {
  return pathText(pointerSegments(pointer));
}

/** Path segments as people read them; long or odd keys are quoted, shortened and escaped. */
export function pathText(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return '(root)';
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]{0,59}$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${quote(segment)}]`;
  }
  return out;
}
