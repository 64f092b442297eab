// Reading and extending options objects written as literals (`{ httpOnly: true }`), the way
// cookie, session and JWT options are passed. Fixes add properties in the object's own layout.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type TextEdit, type RuleContext, keyNameOf, unwrap } from '../../server/src/engine/api';

/** The last property with this static key (later keys win in JavaScript). */
export function findProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (property.type === 'Property' && keyNameOf(property) === key) found = property;
  }
  return found;
}

/** Whether some properties are unknown here: spread elements or computed keys. */
export function hasUnknownProperties(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((p) => p.type === 'SpreadElement' || (p.type === 'Property' && keyNameOf(p) === undefined));
}

export type LiteralValue = { kind: 'literal'; value: string | number | boolean | null } | { kind: 'dynamic' };

/** The literal value of a property (`true`, `'none'`, `12`), or `dynamic` when it is computed at run time. */
export function literalValueOf(property: TSESTree.Property): LiteralValue {
  const value = unwrap(property.value);
  if (value.type === 'Literal' && (typeof value.value !== 'object' || value.value === null) && typeof value.value !== 'bigint') {
    return { kind: 'literal', value: value.value };
  }
  if (value.type === 'TemplateLiteral' && value.expressions.length === 0) return { kind: 'literal', value: value.quasis[0].value.cooked ?? '' };
  return { kind: 'dynamic' };
}

/**
 * The object literal an options argument stands for: the literal itself, or a variable assigned
 * exactly once from a literal (`const COOKIE_OPTIONS = { ... }`). `inline` tells them apart, since
 * fixes only edit inline literals (a shared options object may serve other calls too).
 */
export function optionsLiteralOf(node: TSESTree.Node, context: RuleContext): { object: TSESTree.ObjectExpression; inline: boolean } | undefined {
  const inner = unwrap(node);
  if (inner.type === 'ObjectExpression') return { object: inner, inline: true };
  if (inner.type !== 'Identifier') return undefined;
  const writes = context.flow.assignmentsOf(inner);
  if (writes.length !== 1) return undefined;
  const written = unwrap(writes[0]);
  return written.type === 'ObjectExpression' ? { object: written, inline: false } : undefined;
}

/** Adds `property: value` texts at the end of an object literal, on one line or one per line as the object is written. */
export function appendProperties(object: TSESTree.ObjectExpression, properties: string[], context: RuleContext): TextEdit {
  const text = context.sourceText;
  if (object.properties.length === 0) {
    return { start: object.range[0], end: object.range[1], text: `{ ${properties.join(', ')} }` };
  }
  const last = object.properties[object.properties.length - 1];
  // One property per line only when the last property starts a line of its own.
  if (!text.slice(object.range[0], last.range[0]).includes('\n')) {
    return { start: last.range[1], end: last.range[1], text: `, ${properties.join(', ')}` };
  }
  const lineStart = text.lastIndexOf('\n', last.range[0] - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, last.range[0]))?.[0] ?? '  ';
  return { start: last.range[1], end: last.range[1], text: properties.map((p) => `,\n${indent}${p}`).join('') };
}
