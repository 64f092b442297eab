// Keeps the TypeScript syntax tree of one document between analyses, so the next text is parsed
// with `ts.updateSourceFile` (only the edited region is scanned again) instead of from scratch.
import * as ts from 'typescript';
import type { ConversionMemory } from './incrementalConvert';

/**
 * The previous parse of one document, held by a front end that analyses the same document again
 * and again (an editor between keystrokes). The engine reads and replaces it; nobody else may.
 * A document's memory must not be shared with another document: updating a syntax tree moves the
 * positions of the nodes it reuses, so the old tree is only valid as the start of the next update.
 */
export interface ParseMemory {
  /** The tree of the last text parsed for this document, and the path it was parsed under. */
  last?: { filePath: string; kind: ts.ScriptKind; sourceFile: ts.SourceFile };
  /** The ESTree of the last text that converted, for the nodes the next update may keep (`incrementalConvert.ts`). */
  converted?: ConversionMemory;
  /** The span the last update changed, and the texts it lies between (their difference is computed once). */
  lastChange?: { from: string; to: string; span: ts.TextChangeRange };
}

export function createParseMemory(): ParseMemory {
  return {};
}

/** The script kind typescript-estree gives an extension (lower case, with the dot); JSX only decides unknown ones. */
function scriptKindOf(ext: string, jsx: boolean): ts.ScriptKind {
  switch (ext) {
    case '.js':
    case '.cjs':
    case '.mjs':
      return ts.ScriptKind.JS;
    case '.ts':
    case '.cts':
    case '.mts':
      return ts.ScriptKind.TS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.tsx':
      return ts.ScriptKind.TSX;
    default:
      return jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  }
}

/**
 * A fresh tree made exactly as typescript-estree makes one for `parse(text)` without a project:
 * latest language version, parent pointers, no JSDoc, and `.mjs`/`.mts` forced to be modules.
 */
function freshSourceFile(text: string, filePath: string, ext: string, kind: ts.ScriptKind): ts.SourceFile {
  const forcedModule = ext === '.mjs' || ext === '.mts';
  return ts.createSourceFile(
    filePath,
    text,
    {
      languageVersion: ts.ScriptTarget.Latest,
      jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
      ...(forcedModule ? { setExternalModuleIndicator: (file: ts.SourceFile) => void ((file as { externalModuleIndicator?: unknown }).externalModuleIndicator = true) } : {}),
    },
    true,
    kind,
  );
}

/** The one span where two texts differ: the longest common prefix and suffix left out. */
export function changedSpan(before: string, after: string): ts.TextChangeRange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shorter - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return ts.createTextChangeRange(ts.createTextSpan(start, before.length - tail - start), after.length - tail - start);
}

/**
 * The syntax tree of `text`: updated from the memory's tree when it holds this document, parsed
 * afresh otherwise; the memory then holds the new tree. TypeScript's language service builds
 * every keystroke's tree this way, and `test/engine/incrementalParse.test.ts` checks that the
 * converted trees and the findings equal a fresh parse's.
 */
export function sourceFileFor(text: string, filePath: string, ext: string, jsx: boolean, memory: ParseMemory): ts.SourceFile {
  const kind = scriptKindOf(ext, jsx);
  const last = memory.last;
  // The old tree is given up before the update, which moves its nodes: if TypeScript threw half
  // way, the memory must not offer that tree again.
  memory.last = undefined;
  let sourceFile: ts.SourceFile;
  if (last && last.filePath === filePath && last.kind === kind) {
    const before = last.sourceFile.text;
    if (before === text) {
      sourceFile = last.sourceFile;
    } else {
      const span = changedSpan(before, text);
      memory.lastChange = { from: before, to: text, span };
      sourceFile = ts.updateSourceFile(last.sourceFile, text, span);
    }
  } else {
    sourceFile = freshSourceFile(text, filePath, ext, kind);
    // A fresh tree shares no node with the converted one, which would only hold memory.
    memory.converted = undefined;
  }
  memory.last = { filePath, kind, sourceFile };
  return sourceFile;
}
