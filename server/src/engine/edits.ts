// Applying text edits, shared by fix verification, the CLI's --fix and the tests.
import type { TextEdit } from './finding';

export function editsOverlap(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return true;
  return false;
}

/**
 * The fixes that can be applied together from one analysis, in order: a fix any of whose edits
 * overlaps an edit already taken, or inserts at the same point (whose order would be ambiguous), is
 * left out, to be recomputed on the text the others leave. Fixes are computed each on the original
 * text, so splicing overlapping ones would mix two rewrites of one range.
 */
export function combinableFixes<T extends { edits: readonly TextEdit[] }>(fixes: readonly T[]): T[] {
  const taken: TextEdit[] = [];
  const combined: T[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((edit) => taken.some((other) => (edit.start < other.end && other.start < edit.end) || edit.start === other.start))) continue;
    taken.push(...fix.edits);
    combined.push(fix);
  }
  return combined;
}

/** Applies non-overlapping edits given in offsets of the original text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  // Disjoint edits are stitched in one pass: splicing the whole text once per edit made a group of
  // thousands of fixes (fix verification) cost edits × length.
  const pieces: string[] = [];
  let cursor = 0;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const edit = sorted[i];
    if (edit.start < cursor) return spliceOneByOne(text, sorted);
    pieces.push(text.slice(cursor, edit.start), edit.text);
    cursor = edit.end;
  }
  pieces.push(text.slice(cursor));
  return pieces.join('');
}

/** Overlapping edits, last first: each applies to the text the later ones left. */
function spliceOneByOne(text: string, sortedLastFirst: readonly TextEdit[]): string {
  let out = text;
  for (const edit of sortedLastFirst) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
