// Converts a TypeScript tree to ESTree reusing the ESTree subtrees of the nodes TypeScript's
// incremental parse kept, so a keystroke converts only the path from the root to the edit.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import * as ts from 'typescript';
import { isNode } from './traverse';
// typescript-estree converts a whole file at once and keeps its converter unexported; its
// `use-at-your-own-risk` entry point only offers the whole-file conversion. The converter's
// per-node method is what lets a subtree be handed back instead of converted again, so it is
// reached by path (the same file the package's own entry point loads, so one module instance).
// `test/engine/incrementalConvert.test.ts` fails if a typescript-estree upgrade changes what this
// relies on: every converted tree is compared with a fresh parse.
import { Converter, convertError } from '../../../node_modules/@typescript-eslint/typescript-estree/dist/convert';
import { convertComments } from '../../../node_modules/@typescript-eslint/typescript-estree/dist/convert-comments';

/** What one converted node needs to be handed back after the next update. */
interface Converted {
  estree: TSESTree.Node;
  /** The converter's pattern mode and the parent it was converted under: the output depends on both. */
  context: string;
  /** The ESTree range minus the TypeScript node's `pos` and `end` when converted; constant while the node only moves. */
  startGap: number;
  endGap: number;
}

/**
 * The ESTree of the last text converted for one document, indexed by the TypeScript nodes that
 * TypeScript may reuse in the next update (statements, class and type members, clauses, enum
 * members, declarations, parameters: the list elements its parser reuses). Weakly held: a node
 * TypeScript drops takes its entry with it.
 */
export interface ConversionMemory {
  text: string;
  lineStarts: readonly number[];
  byNode: WeakMap<ts.Node, Converted>;
}

type NodeConverter = (node?: ts.Node, parent?: ts.Node, allowPattern?: boolean) => TSESTree.Node | null;

/** What the converter is told; the same as the engine's `parse` options. */
const CONVERTER_OPTIONS = { allowInvalidAST: false, errorOnUnknownASTType: false, shouldPreserveNodeMaps: false, suppressDeprecatedPropertyWarnings: true };

const REUSED_KINDS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.CaseClause,
  ts.SyntaxKind.DefaultClause,
  ts.SyntaxKind.EnumMember,
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.Parameter,
]);

function isReusable(node: ts.Node): boolean {
  if (REUSED_KINDS.has(node.kind) || ts.isClassElement(node) || ts.isTypeElement(node)) return true;
  if (!ts.isStatement(node)) return false;
  // A string statement may be a directive, which its list marks on the converted node after the
  // fact (`"use strict"` is one only at the top of a body): it is converted again every time.
  return !(ts.isExpressionStatement(node) && ts.isStringLiteral(node.expression));
}

function contextOf(parent: ts.Node | undefined, allowPattern: boolean): string {
  if (!parent) return allowPattern ? 'p' : '';
  // Modifier checks read the parent's modifiers (an abstract member needs an abstract class).
  const modifiers = ts.canHaveModifiers(parent) ? (ts.getModifiers(parent)?.map((m) => m.kind).join(',') ?? '') : '';
  return `${allowPattern ? 'p' : ''}${parent.kind}:${modifiers}`;
}

/** How the old text's positions map onto the new text's: one edited span, the rest unchanged or moved. */
interface Shift {
  /** Old offsets before this are unchanged; old offsets from `oldEnd` on move by `delta`. */
  start: number;
  oldEnd: number;
  delta: number;
  /** 1-based line of `oldEnd` in the old text and of `oldEnd + delta` in the new; the column change on that line. */
  oldEndLine: number;
  lineDelta: number;
  columnDelta: number;
}

function shiftBetween(memory: ConversionMemory, ast: ts.SourceFile, change: ts.TextChangeRange): Shift {
  const start = change.span.start;
  const oldEnd = start + change.span.length;
  const newEnd = start + change.newLength;
  const oldAt = lineAndCharacter(memory.lineStarts, oldEnd);
  const newAt = ts.getLineAndCharacterOfPosition(ast, newEnd);
  return { start, oldEnd, delta: newEnd - oldEnd, oldEndLine: oldAt.line + 1, lineDelta: newAt.line - oldAt.line, columnDelta: newAt.character - oldAt.character };
}

/** 0-based line and character of an offset, from the line starts TypeScript computed for that text. */
function lineAndCharacter(lineStarts: readonly number[], offset: number): { line: number; character: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low, character: offset - lineStarts[low] };
}

function shiftedPosition(position: TSESTree.Position, shift: Shift): TSESTree.Position {
  // Keys in typescript-estree's order, so moved and converted nodes share their shapes.
  if (position.line > shift.oldEndLine) return { column: position.column, line: position.line + shift.lineDelta };
  return { column: position.column + shift.columnDelta, line: position.line + shift.lineDelta };
}

/**
 * Moves a reused subtree that lies after the edit. Ranges and locations are given new objects,
 * never changed in place: typescript-estree lets some nodes share a location object. Children are
 * found through the visitor keys, as the engine's walk finds them; a node property they missed
 * would stay behind, which the conversion test's comparison with a fresh parse would show.
 */
function moveSubtree(root: TSESTree.Node, shift: Shift): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    node.range = [node.range[0] + shift.delta, node.range[1] + shift.delta];
    node.loc = { end: shiftedPosition(node.loc.end, shift), start: shiftedPosition(node.loc.start, shift) };
    const keys = visitorKeys[node.type as keyof typeof visitorKeys] ?? [];
    for (const key of keys) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) if (isNode(item)) stack.push(item);
      } else if (isNode(value)) {
        stack.push(value);
      }
    }
  }
}

/**
 * The converted subtree of `node` from the memory, moved to where the node is now, or undefined
 * when it cannot be trusted: another context, or a node whose position does not follow the edit
 * (it was not where the memory's text had it).
 */
function reuse(entry: Converted, node: ts.Node, context: string, shift: Shift): TSESTree.Node | undefined {
  if (entry.context !== context) return undefined;
  const [start, end] = entry.estree.range;
  let move: boolean;
  if (end <= shift.start) move = false;
  else if (start >= shift.oldEnd) move = true;
  else return undefined;
  const delta = move ? shift.delta : 0;
  if (start + delta - entry.startGap !== node.pos || end + delta - entry.endGap !== node.end) return undefined;
  // An edit of the same length may still move lines (a character replaced by a line break).
  if (move && (delta !== 0 || shift.lineDelta !== 0 || shift.columnDelta !== 0)) moveSubtree(entry.estree, shift);
  return entry.estree;
}

/**
 * Converts `ast` (which must have parsed without syntax errors, or this throws the parser's
 * error, as typescript-estree's `parse` does) and returns the program with the memory for the
 * next update of the same document. `previous` is the memory of the last conversion and the one
 * span where its text and `ast`'s differ; without it, or with one for another tree, it converts all.
 */
export function convertIncrementally(ast: ts.SourceFile, previous: { memory: ConversionMemory; change: ts.TextChangeRange } | undefined, comments: boolean): { program: TSESTree.Program; memory: ConversionMemory } {
  const diagnostics = (ast as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  if (diagnostics.length > 0) throw convertError(diagnostics[0]);
  const byNode = previous?.memory.byNode ?? new WeakMap<ts.Node, Converted>();
  const shift = previous ? shiftBetween(previous.memory, ast, previous.change) : undefined;
  const converter = new Converter(ast, CONVERTER_OPTIONS);
  // Every child goes through the converter's `converter` method (typed private); replacing it on
  // this instance puts the reuse in front of each child's conversion.
  const internal = converter as unknown as { converter: NodeConverter; allowPattern: boolean };
  const convertNode = internal.converter.bind(converter);
  const handedBack = new Set<ts.Node>();
  internal.converter = (node, parent, allowPattern) => {
    if (!node || !isReusable(node)) return convertNode(node, parent, allowPattern);
    const context = contextOf(parent ?? node.parent, allowPattern ?? internal.allowPattern);
    const entry = shift ? byNode.get(node) : undefined;
    // The same node asked for twice in one conversion gets its own copy the second time, as a
    // fresh conversion would give it.
    if (entry && shift && !handedBack.has(node)) {
      const reused = reuse(entry, node, context, shift);
      if (reused) {
        handedBack.add(node);
        return reused;
      }
    }
    const result = convertNode(node, parent, allowPattern);
    if (result) byNode.set(node, { estree: result, context, startGap: result.range[0] - node.pos, endGap: result.range[1] - node.end });
    return result;
  };
  const program = converter.convertProgram();
  if (comments) program.comments = convertComments(ast);
  return { program, memory: { text: ast.text, lineStarts: ast.getLineStarts(), byNode } };
}
