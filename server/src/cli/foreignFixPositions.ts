// Line and column positions for a finding's fixes in another file (the helper a cross-module
// finding leads to). The scan verified them against the text it analysed; the report reads the
// helper again to place the edits, and leaves out a fix whose edits no longer meet that text.
import type { ForeignFix, SourceRange } from '../engine/finding';
import { lineStarts, toRange } from '../engine/run';
import { readSourceFile } from '../files/walk';

export interface PlacedForeignFix {
  fix: ForeignFix;
  /** Parallel to `fix.edits`. */
  ranges: SourceRange[];
}

export type ForeignFixPlacer = (fixes: readonly ForeignFix[]) => PlacedForeignFix[];

/** A placer that reads each helper once per scan, within the scan's size cap. */
export function foreignFixPlacer(maxFileSize: number): ForeignFixPlacer {
  const files = new Map<string, { text: string; starts: number[] } | undefined>();
  const fileOf = (path: string) => {
    if (!files.has(path)) {
      const read = readSourceFile(path, maxFileSize);
      files.set(path, 'text' in read ? { text: read.text, starts: lineStarts(read.text) } : undefined);
    }
    return files.get(path);
  };
  return (fixes) => {
    const placed: PlacedForeignFix[] = [];
    for (const fix of fixes) {
      const file = fileOf(fix.file);
      if (!file || fix.edits.some((edit, i) => file.text.slice(edit.start, edit.end) !== fix.replaced[i])) continue;
      placed.push({ fix, ranges: fix.edits.map((edit) => toRange(edit.start, edit.end, file.starts)) });
    }
    return placed;
  };
}
