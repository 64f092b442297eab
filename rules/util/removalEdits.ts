// Edits that delete code cleanly: a property with its comma, or a statement with its own line, so
// that a "remove this option" fix leaves the rest of the code exactly as written.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { TextEdit } from '../../server/src/engine/api';

/** Deletes a property and the comma that joins it to its neighbour; `{}` when it was the only one. */
export function removePropertyEdit(object: TSESTree.ObjectExpression, property: TSESTree.Node): TextEdit {
  const index = object.properties.findIndex((p) => p === property);
  const next = object.properties[index + 1];
  if (next) return { start: property.range[0], end: next.range[0], text: '' };
  const previous = object.properties[index - 1];
  if (previous) return { start: previous.range[1], end: property.range[1], text: '' };
  return { start: object.range[0], end: object.range[1], text: '{}' };
}

/**
 * Deletes a statement that sits in a block or at the top level, with its line when it has the line
 * to itself. Undefined when the statement is the body of an `if` or a loop, where deleting it
 * would hand the body to the next statement.
 */
export function removeStatementEdit(statement: TSESTree.Node, parent: TSESTree.Node | undefined, text: string): TextEdit | undefined {
  if (!parent || (parent.type !== 'BlockStatement' && parent.type !== 'Program' && parent.type !== 'StaticBlock')) return undefined;
  const [start, end] = statement.range;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEndIndex = text.indexOf('\n', end);
  const lineEnd = lineEndIndex < 0 ? text.length : lineEndIndex;
  if (text.slice(lineStart, start).trim() === '' && text.slice(end, lineEnd).trim() === '') {
    return { start: lineStart, end: lineEndIndex < 0 ? lineEnd : lineEnd + 1, text: '' };
  }
  return { start, end, text: '' };
}
