// Parses JavaScript and TypeScript with typescript-estree; never throws.
import { parse, type TSESTree } from '@typescript-eslint/typescript-estree';
import type * as ts from 'typescript';
import { convertIncrementally } from './incrementalConvert';
import { changedSpan, sourceFileFor, type ParseMemory } from './incrementalParse';

export const SUPPORTED_EXTENSIONS = ['.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx'] as const;

export interface ParseSuccess {
  ok: true;
  ast: TSESTree.Program;
}

export interface ParseFailure {
  ok: false;
  message: string;
  /** 1-based line, 0-based column, UTF-16 offset of the error, when the parser said where. */
  line: number;
  column: number;
  offset: number;
}

export type ParseResult = ParseSuccess | ParseFailure;

export function extensionOf(filePath: string): string {
  const match = /\.[^./\\]+$/.exec(filePath);
  return match ? match[0].toLowerCase() : '';
}

export function isSupportedFile(filePath: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extensionOf(filePath));
}

export interface ParseOptions {
  /**
   * Attach `Program.comments` (on by default). Listing them walks every token of the file again,
   * a tenth of the parse on real code, so the engine asks only when a suppression may be there.
   */
  comments?: boolean;
  /**
   * The previous parse of the same document (`incrementalParse.ts`): TypeScript then parses only
   * what changed since, and the memory keeps the new tree for the next call.
   */
  memory?: ParseMemory;
}

function parseWith(text: string, filePath: string, ext: string, jsx: boolean, comments: boolean, memory: ParseMemory | undefined): TSESTree.Program {
  if (memory) return convertWithMemory(sourceFileFor(text, filePath, ext, jsx, memory), memory, comments);
  return parse(text, {
    filePath,
    jsx,
    loc: true,
    range: true,
    comment: comments,
    tokens: false,
    // Type information would need the project's tsconfig and the whole program; rules say how
    // confident they are without it.
    errorOnUnknownASTType: false,
    allowInvalidAST: false,
    suppressDeprecatedPropertyWarnings: true,
  });
}

/**
 * The edited document's tree converted with the ESTree of its last conversion at hand, so only what
 * the update did not keep is converted again. A conversion that fails leaves no memory behind: it
 * may have moved some kept subtrees to the new text's positions already.
 */
function convertWithMemory(sourceFile: ts.SourceFile, memory: ParseMemory, comments: boolean): TSESTree.Program {
  const previous = memory.converted;
  memory.converted = undefined;
  let since: Parameters<typeof convertIncrementally>[1];
  if (previous) {
    // The update's own span, unless a failed conversion came in between and the texts differ.
    const known = memory.lastChange;
    const change = known && known.from === previous.text && known.to === sourceFile.text ? known.span : changedSpan(previous.text, sourceFile.text);
    since = { memory: previous, change };
  }
  const { program, memory: next } = convertIncrementally(sourceFile, since, comments);
  memory.converted = next;
  return program;
}

/**
 * JSX is enabled for .jsx and .tsx, and tried first for plain JavaScript (React projects keep JSX
 * in .js files); TypeScript files parse without it because `<T>x` casts conflict with JSX.
 */
export function parseSource(text: string, filePath: string, options: ParseOptions = {}): ParseResult {
  const ext = extensionOf(filePath);
  const attempts = ext === '.tsx' || ext === '.jsx' ? [true] : ext === '.ts' || ext === '.mts' || ext === '.cts' ? [false] : [true, false];
  // A .ts extension tells the parser to accept type syntax; plain JS gets a .js name.
  let firstError: unknown;
  for (const jsx of attempts) {
    try {
      return { ok: true, ast: parseWith(text, filePath, ext, jsx, options.comments !== false, options.memory) };
    } catch (error) {
      firstError ??= error;
    }
  }
  return toFailure(firstError, text);
}

function toFailure(error: unknown, text: string): ParseFailure {
  const raw = error as { message?: unknown; lineNumber?: unknown; column?: unknown; index?: unknown };
  let message = typeof raw?.message === 'string' ? raw.message.split('\n')[0] : String(error);
  // The parser recurses per nesting level; thousands of levels exhaust the stack. That is not a
  // syntax error, and saying so would send the user hunting for one.
  if (error instanceof RangeError || /Maximum call stack size exceeded/.test(message)) {
    message = 'the code is nested too deeply for the parser (stack exhausted)';
  }
  const offset = typeof raw?.index === 'number' ? Math.min(Math.max(raw.index, 0), text.length) : 0;
  const line = typeof raw?.lineNumber === 'number' ? raw.lineNumber : lineOfOffset(text, offset);
  // typescript-estree reports a 0-based column for its TSError.
  const column = typeof raw?.column === 'number' ? raw.column : 0;
  return { ok: false, message, line, column, offset };
}

/** The 1-based line an offset of `text` falls on. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
