// Escaping of workspace text (a title, a finding's message) for Jira's wiki markup, so it shows as
// written and can never become a link, an image, a macro, a table, a heading, a list or an effect.
// Only a character that the renderer would read as markup where it stands gets a backslash:
// ordinary prose such as "(see below)" or "read-only" is sent exactly as written, which keeps the
// description readable for anyone who opens the issue in Jira's text editor.

/** Always markup: links and mentions, macros and {{monospace}}, tables and link text, images, and the escape itself (`\\` is a line break). */
const ALWAYS = new Set(['[', '{', '|', '!', '\\']);

/**
 * Text effects (*strong*, _emphasis_, -deleted-, +inserted+, ^superscript^, ~subscript~): Jira
 * reads one only where it can open (after a non-word character, before a non-space) or close
 * (after a non-space, before a non-word character); inside a word ("read-only") it is plain.
 */
const EFFECTS = new Set(['*', '_', '-', '+', '^', '~']);

/** At the start of a line: a list item or a horizontal rule (its first character is escaped). */
const LIST_START = /^[*#-]/;
/** At the start of a line: a heading or a block quote (the dot is escaped, the letters stay). */
const BLOCK_START = /^(?:h[1-6]|bq)\./;

/** Emoticons Jira draws as icons: (y), (x), (/), (!), (on), (flag) and the other bracketed ones. */
const BRACKET_EMOTICON = /^\((?:[ynix/!+\-?*]|\*[rgby]|on|off|flag|flagoff)\)/i;

/** The face emoticons :) :( :P :D ;) when nothing word-like follows them. */
const FACE_EMOTICON = /^(?::[()PD]|;\))(?![\p{L}\p{N}])/u;

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

/** `text` on one line, with a backslash before each character Jira would read as markup there. */
export function escapeWiki(text: string): string {
  // A line break would end a list item or a heading; text never spans lines in these positions.
  const line = text.replace(/\r?\n/g, ' ');
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    out += needsEscape(line, i) ? `\\${c}` : c;
  }
  return out;
}

export function unescapeWiki(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function needsEscape(line: string, i: number): boolean {
  const c = line[i];
  if (ALWAYS.has(c)) return true;
  // The text may be the start of a line (a paragraph, the text after a list marker).
  if (i === 0 && LIST_START.test(line)) return true;
  if (c === '.' && BLOCK_START.exec(line)?.[0].length === i + 1) return true;
  if (EFFECTS.has(c) && (canOpenEffect(line, i) || canCloseEffect(line, i) || repeated(line, i))) return true;
  // ??citation??
  if (c === '?' && repeated(line, i)) return true;
  if (c === '(' && BRACKET_EMOTICON.test(line.slice(i))) return true;
  if ((c === ':' || c === ';') && FACE_EMOTICON.test(line.slice(i))) return true;
  return false;
}

function canOpenEffect(line: string, i: number): boolean {
  const before = line[i - 1];
  const after = line[i + 1];
  return (before === undefined || !WORD.test(before)) && after !== undefined && !SPACE.test(after);
}

function canCloseEffect(line: string, i: number): boolean {
  const before = line[i - 1];
  const after = line[i + 1];
  return before !== undefined && !SPACE.test(before) && (after === undefined || !WORD.test(after));
}

/** Part of a run of the same character: "--" and "---" become dashes, "----" a rule, "??" a citation. */
function repeated(line: string, i: number): boolean {
  return line[i - 1] === line[i] || line[i + 1] === line[i];
}
