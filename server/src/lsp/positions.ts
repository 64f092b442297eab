// Engine positions (1-based line, 0-based UTF-16 column) to LSP positions (both 0-based) and
// engine offset edits to LSP text edits, computed against the exact text that was analysed.
import type { Position, Range, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Point, SourceRange, TextEdit as OffsetEdit } from '../engine/finding';

export function toLspPosition(point: Point): Position {
  return { line: Math.max(0, point.line - 1), character: Math.max(0, point.column) };
}

export function toLspRange(range: SourceRange): Range {
  return { start: toLspPosition(range.start), end: toLspPosition(range.end) };
}

export function toLspEdits(document: TextDocument, edits: readonly OffsetEdit[]): TextEdit[] {
  return edits.map((edit) => ({
    range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) },
    newText: edit.text,
  }));
}

export function rangesIntersect(a: Range, b: Range): boolean {
  return !(isBefore(a.end, b.start) || isBefore(b.end, a.start));
}

export function rangeContains(range: Range, position: Position): boolean {
  return !isBefore(position, range.start) && !isBefore(range.end, position);
}

function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
