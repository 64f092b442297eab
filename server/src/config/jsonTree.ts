// Turns jsonc-parser's tree into plain values, taking only what is safe to use: of keys written
// twice the first counts and each repeat is reported, and keys that name JavaScript's object
// machinery (`__proto__`, `constructor`, `prototype`) are reported and left out, so no later copy
// of a configuration object can ever change a prototype. Recursive: callers bound the depth first.
import type { Node as JsonNode } from 'jsonc-parser';
import type { PathSegment } from './pointers';

export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface KeyIssue {
  kind: 'duplicate' | 'reserved';
  /** Segments of the key's path (the key itself last). */
  path: PathSegment[];
  key: string;
  /** Offset of the key reported. */
  offset: number;
  /** For a duplicate: offset of the key's first occurrence. */
  firstOffset?: number;
}

export interface BuiltValue {
  value: unknown;
  /** At most `maxIssues` issues, in document order. */
  issues: KeyIssue[];
  /** Issues found beyond `maxIssues`. */
  moreIssues: number;
}

export function buildValue(tree: JsonNode, maxIssues: number): BuiltValue {
  const issues: KeyIssue[] = [];
  let moreIssues = 0;
  const record = (issue: () => KeyIssue) => {
    if (issues.length < maxIssues) issues.push(issue());
    else moreIssues++;
  };
  // Parents' segments are shared through `path`; a path is copied only for a recorded issue.
  const path: PathSegment[] = [];

  const valueOf = (node: JsonNode): unknown => {
    if (node.type === 'array') {
      const out: unknown[] = [];
      (node.children ?? []).forEach((child, index) => {
        path.push(index);
        out.push(valueOf(child));
        path.pop();
      });
      return out;
    }
    if (node.type !== 'object') return node.value;
    const out: Record<string, unknown> = {};
    const firstOffsets = new Map<string, number>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || !valueNode) continue;
      const key = String(keyNode.value);
      const first = firstOffsets.get(key);
      if (first !== undefined) {
        record(() => ({ kind: 'duplicate', path: [...path, key], key, offset: keyNode.offset, firstOffset: first }));
        continue;
      }
      firstOffsets.set(key, keyNode.offset);
      if (RESERVED_KEYS.has(key)) {
        record(() => ({ kind: 'reserved', path: [...path, key], key, offset: keyNode.offset }));
        continue;
      }
      path.push(key);
      // defineProperty, not assignment: no key can reach a setter, whatever it is called.
      Object.defineProperty(out, key, { value: valueOf(valueNode), enumerable: true, writable: true, configurable: true });
      path.pop();
    }
    return out;
  };

  return { value: valueOf(tree), issues, moreIssues };
}
