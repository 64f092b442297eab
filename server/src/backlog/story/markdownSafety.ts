// Quoted code and messages end up in Markdown that trackers render and notify on. These helpers
// keep quoted text inert: no @mention pings, no images or links, no HTML, no fake section markers,
// and no way to close the code fence early. None of them writes an invisible character: a reader
// copies text out of stories and reports, and a zero-width space would change what they copy.

/**
 * Makes prose inert without invisible characters, and leaves its inline code spans byte for byte:
 * a payload or a connection string a reader copies out of a story must still be what the code has.
 * Outside code, `<`, `[` and `]` get a backslash (no HTML, comments, images, links or reference
 * definitions) and an @mention becomes inline code (trackers do not notify from code). Idempotent:
 * a character a backslash already escapes is left alone.
 */
export function inertMarkdown(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && /[!-/:-@[-`{-~]/.test(text[i + 1])) {
      out += ch + text[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const span = codeSpanAt(text, i);
      out += span;
      i += span.length;
      continue;
    }
    if (ch === '@' && !/[A-Za-z0-9_.]/.test(text[i - 1] ?? '')) {
      const handle = /^@[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)?/.exec(text.slice(i))?.[0];
      if (handle && handle.length > 1) {
        out += `\`${handle}\``;
        i += handle.length;
        continue;
      }
    }
    out += ch === '<' || ch === '[' || ch === ']' ? `\\${ch}` : ch;
    i += 1;
  }
  return out;
}

/** The code span opening at `start` (CommonMark: closed by a run of as many backticks), or the bare run when nothing closes it. */
function codeSpanAt(text: string, start: number): string {
  const run = /^`+/.exec(text.slice(start))![0];
  let j = start + run.length;
  while (j < text.length) {
    const next = text.indexOf('`', j);
    if (next < 0) break;
    const closing = /^`+/.exec(text.slice(next))![0];
    if (closing.length === run.length) return text.slice(start, next + closing.length);
    j = next + closing.length;
  }
  return run;
}

/** Comments shaped like Backlog.md's or Rugged's section markers; the only thing quoted code must not hold. */
const MARKER_COMMENT = /<!--(\s*)(SECTION|AC|DOD|RUGGED):/gi;

/**
 * Quoted code for a fenced block: kept byte for byte (the fence is made longer than any run
 * inside, see codeBlock), except a comment shaped like a section marker, which is visibly renamed
 * so that no parser of the task file can take it for the real marker.
 */
export function guardCode(text: string): string {
  return text.replace(MARKER_COMMENT, (_whole, space: string, word: string) => `<!--${space}quoted-${word}:`);
}

/** One line of plain text: control characters and line breaks become spaces. */
export function singleLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Removes control characters except line breaks and tabs, for multi-line quoted text. */
export function stripControl(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * A backtick fence longer than any run of backticks or tildes inside the text. CommonMark only
 * needs it longer than the backtick runs; counting tildes too keeps lenient renderers from ending
 * the block early.
 */
export function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+|~+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function codeBlock(text: string, info: string): string {
  const fence = fenceFor(text);
  // Always a line break of its own before the closing fence, so the block reads back as exactly `text`.
  return `${fence}${info.replace(/[^A-Za-z0-9+-]/g, '')}\n${text}\n${fence}`;
}

/** Inline code that survives backticks in the text. */
export function inlineCode(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** Truncates on a word boundary and marks the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
