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
  return literalValueOfExpression(property.value);
}

/** The literal value of an expression, as `literalValueOf` reads a property's. */
export function literalValueOfExpression(node: TSESTree.Node): LiteralValue {
  const value = unwrap(node);
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

/** One option as the code finally sets it: the value and the node that sets it (a property or an assignment). */
export interface OptionEntry {
  value: TSESTree.Node;
  holder: TSESTree.Node;
}

/** An options object read through the ways code assembles one; keys of nested objects are dotted (`cookie.secure`). */
export interface AssembledOptions {
  get(path: string): OptionEntry | undefined;
  /** Some properties at this path (or above it) cannot be read: a spread of a call, a computed key, a variable written twice. */
  hasUnknown(path: string): boolean;
}

const MAX_ASSEMBLY_DEPTH = 6;

/**
 * The options an argument holds when the code assembles them: an object literal, spreads of other
 * objects, `Object.assign(target, ...sources)`, and a variable filled in after it was created
 * (`const opts = {}; opts.secret = s; opts.cookie = { secure: false }; session(opts)`). Later
 * writes win, in source order, as they would at run time for code that runs top to bottom.
 */
export function assembleOptions(node: TSESTree.Node, context: RuleContext): AssembledOptions {
  const entries = new Map<string, OptionEntry>();
  const unknown = new Set<string>();
  const visited = new Set<TSESTree.Node>();

  /** Properties that cannot be read may override every key written before them at this level. */
  function markUnknown(prefix: string): void {
    unknown.add(prefix);
    for (const key of [...entries.keys()]) if (key.startsWith(prefix)) entries.delete(key);
  }

  function set(path: string, value: TSESTree.Node, holder: TSESTree.Node, depth: number): void {
    entries.set(path, { value, holder });
    // A later `opts.cookie = {...}` replaces every key below it.
    for (const key of [...entries.keys()]) if (key.startsWith(`${path}.`)) entries.delete(key);
    const inner = unwrap(value);
    if (inner.type === 'ObjectExpression' || inner.type === 'Identifier' || (inner.type === 'CallExpression' && isObjectAssign(inner))) add(`${path}.`, value, depth + 1);
  }

  function add(prefix: string, raw: TSESTree.Node, depth: number): void {
    const node = unwrap(raw);
    if (depth > MAX_ASSEMBLY_DEPTH || visited.has(node)) {
      markUnknown(prefix);
      return;
    }
    visited.add(node);
    if (node.type === 'ObjectExpression') {
      for (const property of node.properties) {
        if (property.type === 'SpreadElement') add(prefix, property.argument, depth + 1);
        else {
          const key = keyNameOf(property);
          if (key === undefined) markUnknown(prefix);
          else set(prefix + key, property.value, property, depth);
        }
      }
      return;
    }
    if (node.type === 'CallExpression' && isObjectAssign(node)) {
      for (const argument of node.arguments) add(prefix, argument.type === 'SpreadElement' ? argument.argument : argument, depth + 1);
      return;
    }
    if (node.type !== 'Identifier') {
      markUnknown(prefix);
      return;
    }
    const variable = context.flow.variableOf(node);
    const writes = context.flow.assignmentsOf(node);
    if (!variable || writes.length !== 1) {
      markUnknown(prefix);
      return;
    }
    add(prefix, writes[0], depth + 1);
    const later = variable.references
      .map((r) => r.identifier as TSESTree.Node)
      .filter((r) => r.range[0] > writes[0].range[1])
      .sort((a, b) => a.range[0] - b.range[0]);
    for (const reference of later) addLaterWrite(prefix, reference, depth);
  }

  /** `opts.secret = x`, `opts.cookie.secure = x`, `Object.assign(opts, { ... })` after creation. */
  function addLaterWrite(prefix: string, reference: TSESTree.Node, depth: number): void {
    let path = '';
    let current: TSESTree.Node = reference;
    let parent = context.getParent(current);
    while (parent?.type === 'MemberExpression' && parent.object === current) {
      const name = parent.computed ? (parent.property.type === 'Literal' ? String(parent.property.value) : undefined) : parent.property.type === 'Identifier' ? parent.property.name : undefined;
      if (name === undefined) return;
      path = path ? `${path}.${name}` : name;
      current = parent;
      parent = context.getParent(current);
    }
    if (path && parent?.type === 'AssignmentExpression' && parent.left === current && parent.operator === '=') {
      set(prefix + path, parent.right, parent, depth);
      return;
    }
    if (parent?.type === 'CallExpression' && isObjectAssign(parent) && parent.arguments[0] === current) {
      for (const source of parent.arguments.slice(1)) add(path ? `${prefix}${path}.` : prefix, source.type === 'SpreadElement' ? source.argument : source, depth + 1);
    }
  }

  add('', node, 0);
  return {
    get: (path) => entries.get(path),
    hasUnknown(path) {
      const parts = path ? path.split('.') : [];
      for (let i = 0; i <= parts.length; i++) if (unknown.has(i === 0 ? '' : `${parts.slice(0, i).join('.')}.`)) return true;
      return false;
    },
  };
}

function isObjectAssign(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' && !callee.computed && callee.object.type === 'Identifier' && callee.object.name === 'Object' && callee.property.type === 'Identifier' && callee.property.name === 'assign';
}
