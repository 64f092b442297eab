// Where each interpolated value sits in the SQL text handed to a sink: the template or
// concatenation written inline, or the pieces a variable was assembled from (`sql += ...`).
// Built on queryParts' splitting and slot classification; adds quoted and qualified names.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type RuleContext, unwrap, type Variable } from '../../server/src/engine/api';
import { constantTextOf, slotKind, splitStringParts, type SlotKind, type StringParts } from './queryParts';
import { doubleQuotesAreStrings, type SqlDialect } from './sqlLexer';

/**
 * What the value stands for, as queryParts' `SlotKind`, plus:
 * - quoted-identifier: inside `"…"`, `` `…` `` or `[…]` (a quoted table or column name);
 * - qualified: part of a dotted name (`users.${col}`, `${schema}.users`);
 * - string: inside a `'…'` SQL string literal.
 */
export type TextSlotKind = SlotKind | 'quoted-identifier' | 'qualified' | 'string';

export interface TextSlot {
  /** The interpolated expression. */
  node: TSESTree.Expression;
  kind: TextSlotKind;
  /** The template or concatenation holding it. */
  split: StringParts;
  /** True when that string is written in the sink call itself rather than assembled in a variable. */
  inline: boolean;
}

const MAX_DEPTH = 3;
const UNKNOWN = ' x ';
const CLOSING_QUOTES: Record<string, string> = { '"': '"', '`': '`', '[': ']' };

/**
 * The interpolations of the SQL text `sql`. `clausePrefix` is the SQL that the text continues,
 * for fragments handed to builder methods (`ORDER BY ` for `orderByRaw`).
 */
export function sqlTextSlots(sql: TSESTree.Node, context: RuleContext, clausePrefix = '', dialect: SqlDialect = 'unknown'): TextSlot[] {
  const slots: TextSlot[] = [];
  collect(sql, context, clausePrefix, true, 0, slots);
  // MySQL without ANSI_QUOTES reads `"…"` as a string literal, not as a quoted name.
  if (!doubleQuotesAreStrings(dialect)) return slots;
  return slots.map((slot) => (slot.kind === 'quoted-identifier' && isInDoubleQuotes(slot) ? { ...slot, kind: 'string' } : slot));
}

function isInDoubleQuotes(slot: TextSlot): boolean {
  const index = slot.split.parts.findIndex((p) => p.kind !== 'text' && p.node === slot.node);
  const before = slot.split.parts[index - 1];
  return !!before && before.kind === 'text' && before.text.endsWith('"');
}

function collect(raw: TSESTree.Node, context: RuleContext, prefix: string, inline: boolean, depth: number, out: TextSlot[]): void {
  if (depth > MAX_DEPTH) return;
  const node = unwrap(raw);
  const split = splitStringParts(node, context);
  if (split) {
    slotsOfSplit(split, prefix, inline, out);
    return;
  }
  if (node.type === 'ConditionalExpression') {
    collect(node.consequent, context, prefix, inline, depth + 1, out);
    collect(node.alternate, context, prefix, inline, depth + 1, out);
    return;
  }
  if (node.type === 'Identifier') collectAssembled(node, context, prefix, depth, out);
}

/**
 * Slots of a variable's pieces, per variable, depth and prefix. Every sink reading the variable
 * asks the same question; answering it afresh made `sql += …; db.query(sql)` repeated n times
 * cost n² pieces. Variables belong to one analysis, so entries never outlive it.
 */
const assembledSlots = new WeakMap<Variable, Map<string, TextSlot[]>>();

/** `let sql = 'SELECT …'; sql += ' ORDER BY ' + sort;`: each piece read after the text before it. */
function collectAssembled(node: TSESTree.Identifier, context: RuleContext, clausePrefix: string, depth: number, out: TextSlot[]): void {
  const variable = context.flow.variableOf(node);
  if (!variable) return;
  let byQuestion = assembledSlots.get(variable);
  if (!byQuestion) assembledSlots.set(variable, (byQuestion = new Map<string, TextSlot[]>()));
  const key = `${depth}\u0000${clausePrefix}`;
  let slots = byQuestion.get(key);
  if (!slots) {
    slots = [];
    byQuestion.set(key, slots);
    assemble(variable, context, clausePrefix, depth, slots);
  }
  for (const slot of slots) out.push(slot);
}

function assemble(variable: Variable, context: RuleContext, clausePrefix: string, depth: number, out: TextSlot[]): void {
  const writes = variable.references
    .filter((r) => r.isWrite() && r.writeExpr)
    .sort((a, b) => (a.writeExpr as TSESTree.Node).range[0] - (b.writeExpr as TSESTree.Node).range[0]);
  let soFar = clausePrefix;
  for (const write of writes) {
    const expression = write.writeExpr as TSESTree.Node;
    const parent = context.getParent(expression);
    // Destructuring writes a part of the right-hand side, not SQL text.
    if (parent?.type === 'VariableDeclarator' && parent.id.type !== 'Identifier') continue;
    if (!write.isReadWrite()) soFar = clausePrefix;
    collect(expression, context, soFar, false, depth + 1, out);
    // `sql = sql + …` reads the text assembled so far: it is soFar already, not spelt again.
    soFar = keepEnd(soFar + constantTextOf(expression, context, variable));
  }
}

function slotsOfSplit(split: StringParts, prefix: string, inline: boolean, out: TextSlot[]): void {
  let before = prefix;
  split.parts.forEach((part, index) => {
    if (part.kind === 'text') {
      before = keepEnd(before + part.text);
      return;
    }
    const next = split.parts[index + 1];
    const after = next?.kind === 'text' ? next.text : '';
    out.push({ node: part.node, kind: classify(before, after), split, inline });
    before += UNKNOWN;
  });
}

/** Longest text kept before a slot; past it the start is folded away (see keepEnd). */
const MAX_PREFIX = 8_000;

/**
 * The text before a slot, kept short: a slot is classified by the text just before it and by the
 * parity of the quotes before it, which the fold keeps. Without it, a query assembled from
 * thousands of pieces would be rescanned in full at each piece.
 */
function keepEnd(text: string): string {
  if (text.length <= MAX_PREFIX) return text;
  const cut = text.length - MAX_PREFIX / 2;
  let quotes = 0;
  for (let i = 0; i < cut; i++) if (text.charCodeAt(i) === 39) quotes++;
  return (quotes % 2 === 1 ? "'" : '') + text.slice(cut);
}

function classify(before: string, after: string): TextSlotKind {
  const opener = before.slice(-1);
  const closer = CLOSING_QUOTES[opener];
  if (closer && after.startsWith(closer)) return 'quoted-identifier';
  if (isInsideStringLiteral(before)) return 'string';
  const kind = slotKind(before, after);
  if (kind === 'fragment' && (/\.\s*$/.test(before) || /^\s*\./.test(after))) return 'qualified';
  return kind;
}

/** An odd number of single quotes (a doubled '' counts twice) means the value sits inside a string literal. */
function isInsideStringLiteral(before: string): boolean {
  let open = false;
  for (const char of before) if (char === "'") open = !open;
  return open;
}

