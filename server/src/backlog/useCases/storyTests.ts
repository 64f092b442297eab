// Use case: set Rugged's own story tests apart from the findings residual risk weighs. Only the
// files that have findings are read, and only for their header (story/storyTestFile.ts).
import { join } from 'node:path';
import { readSourceFile } from '../../files/walk';
import type { FileFindings } from '../story/residualRisk';
import { storyTestKey } from '../story/storyTestFile';

export interface StoryTestSplit {
  /** The files whose findings count. */
  files: FileFindings[];
  /** Rugged-written story tests that had findings, by path: their payloads are the point. */
  storyTests: string[];
}

/** `files` paths are relative to `base`. */
export function setStoryTestsApart(files: readonly FileFindings[], base: string, maxBytes: number): StoryTestSplit {
  const kept: FileFindings[] = [];
  const storyTests: string[] = [];
  for (const file of files) {
    if (file.findings.length > 0 && storyTestKey(textOf(join(base, file.path), maxBytes)) !== undefined) storyTests.push(file.path);
    else kept.push(file);
  }
  return { files: kept, storyTests: storyTests.sort() };
}

/** A file that cannot be read now keeps its findings: the header check must never hide one. */
function textOf(file: string, maxBytes: number): string {
  const read = readSourceFile(file, maxBytes);
  return 'text' in read ? read.text : '';
}
