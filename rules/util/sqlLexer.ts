// Splits SQL text into code, string literals, quoted identifiers and comments, per dialect, so
// that the quick-fix checks read a `?`, a `$1` or a keyword only where the database would.
// Interpolated values are passed in as SLOT characters and always land in a segment of their own
// kind's surroundings (a slot inside '...' is part of that string segment).

/** The SQL dialects whose quoting rules differ in ways a rewrite must respect. */
export type SqlDialect = 'postgres' | 'mysql' | 'sqlite' | 'mssql' | 'oracle' | 'unknown';

export type SegmentKind = 'code' | 'string' | 'identifier' | 'comment' | 'dollar';

export interface SqlSegment {
  kind: SegmentKind;
  text: string;
  /** Offset of the segment in the lexed text. */
  start: number;
}

/** Stands for an interpolated value in text handed to the lexer. */
export const SLOT = '\u0000';

/** How a dialect reads a double-quoted run: MySQL (without ANSI_QUOTES) reads a string literal. */
export function doubleQuotesAreStrings(dialect: SqlDialect): boolean {
  return dialect === 'mysql';
}

/**
 * Lexes `text` into segments. Unterminated quotes and comments run to the end of the text, as a
 * database would read them up to its error.
 */
export function lexSql(text: string, dialect: SqlDialect): SqlSegment[] {
  const segments: SqlSegment[] = [];
  let code = '';
  let codeStart = 0;
  const flush = (at: number) => {
    if (code) segments.push({ kind: 'code', text: code, start: codeStart });
    code = '';
    codeStart = at;
  };
  const backslashEscapes = dialect === 'mysql';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    let end = -1;
    let kind: SegmentKind | undefined;
    if (c === '-' && next === '-') {
      kind = 'comment';
      end = lineEnd(text, i);
    } else if (c === '#' && dialect === 'mysql') {
      kind = 'comment';
      end = lineEnd(text, i);
    } else if (c === '/' && next === '*') {
      kind = 'comment';
      const close = text.indexOf('*/', i + 2);
      end = close < 0 ? text.length : close + 2;
    } else if (c === "'") {
      kind = 'string';
      end = quotedEnd(text, i, "'", backslashEscapes);
    } else if (c === '"') {
      kind = doubleQuotesAreStrings(dialect) ? 'string' : 'identifier';
      end = quotedEnd(text, i, '"', backslashEscapes && kind === 'string');
    } else if (c === '`' && (dialect === 'mysql' || dialect === 'sqlite' || dialect === 'unknown')) {
      kind = 'identifier';
      end = quotedEnd(text, i, '`', false);
    } else if (c === '[' && (dialect === 'mssql' || dialect === 'sqlite')) {
      kind = 'identifier';
      const close = text.indexOf(']', i + 1);
      end = close < 0 ? text.length : close + 1;
    } else if (c === '$' && (dialect === 'postgres' || dialect === 'unknown')) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i));
      // `$1` is a parameter, `$$`/`$tag$` opens a dollar-quoted string; `a$b$` is part of a name.
      if (tag && !/[\w$]/.test(text[i - 1] ?? '')) {
        kind = 'dollar';
        const close = text.indexOf(tag[0], i + tag[0].length);
        end = close < 0 ? text.length : close + tag[0].length;
      }
    }
    if (kind === undefined) {
      if (!code) codeStart = i;
      code += c;
      i++;
      continue;
    }
    flush(i);
    segments.push({ kind, text: text.slice(i, end), start: i });
    i = end;
    codeStart = i;
  }
  flush(i);
  return segments;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline + 1;
}

/** End (exclusive) of a quoted run opened at `from`: a doubled quote stays inside, as does `\'` where backslashes escape. */
function quotedEnd(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

/** The code of the text with literals, identifiers and comments blanked to spaces, offsets kept. */
export function codeOnly(segments: readonly SqlSegment[]): string {
  return segments.map((s) => (s.kind === 'code' ? s.text : ' '.repeat(s.text.length))).join('');
}

/** Whether a `?` appears outside code: in a string, a quoted identifier, a comment or a dollar-quoted body. */
export function hasQuestionMarkOutsideCode(segments: readonly SqlSegment[]): boolean {
  return segments.some((s) => s.kind !== 'code' && s.text.includes('?'));
}

/** Placeholders the text already holds in code, in the given style. */
export function existingPlaceholders(segments: readonly SqlSegment[], style: 'question' | 'dollar' | 'colon' | 'at'): string[] {
  const code = codeOnly(segments);
  const pattern = {
    question: /\?/g,
    dollar: /\$\d+/g,
    // `::int` is a cast, not a name.
    colon: /(?<![:\w]):([A-Za-z_]\w*)/g,
    // `@@ROWCOUNT` is a system function.
    at: /(?<![@\w])@([A-Za-z_]\w*)/g,
  }[style];
  return [...code.matchAll(pattern)].map((m) => m[1] ?? m[0]);
}
