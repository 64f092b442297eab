// Text from the workspace (code, file names, configuration keys) ends up in terminals and editor
// logs, where some characters are commands rather than text: ESC starts sequences that retitle the
// window, move the cursor or plant hyperlinks, CR rewinds a line, and BiDi controls reorder what
// is shown. Every such character is turned into a visible escape before it is printed.
//
// C0 controls become `\x1b` (`\n`, `\r`, `\t` by name); DEL, C1, BiDi controls and the line and
// paragraph separators become `\u2028`-style escapes. The second form is also a JSON string escape
// and the first never occurs in JSON text (JSON encodes C0 itself), so escaping a JSON document
// keeps it valid and leaves its value unchanged.
//
// Backslashes are left alone on purpose: code frames quote regular expressions and Windows paths,
// and doubling their backslashes would make every ordinary finding harder to read.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The visible form of one unsafe character. */
function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return NAMED[char] ?? `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every terminal control character shown as an escape, except the characters in
 * `keep` (a writer's own `\n` and `\t` in multi-line output).
 */
export function escapeForTerminal(text: string, keep = ''): string {
  return text.replace(UNSAFE, (char) => (keep.includes(char) ? char : visible(char)));
}

/** `text` as exactly one line: every control character escaped, newlines and tabs included. */
export function oneLine(text: string): string {
  return escapeForTerminal(text);
}

/**
 * Like `escapeForTerminal`, but the SGR colour sequences (`ESC [ ... m`) a formatter added stay
 * raw. Only for text whose workspace parts were escaped before the colours were added, so any
 * colour sequence left in it is the formatter's own.
 */
export function escapeKeepingColours(text: string, keep = ''): string {
  return text
    .split(/(\u001b\[[0-9;]*m)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeForTerminal(part, keep)))
    .join('');
}

/**
 * A JSON document safe to print or `cat`: JSON already encodes C0 controls, and the remaining
 * unsafe characters (only ever inside strings) become `\u` escapes, which parse to the same value.
 */
export function jsonForTerminal(value: unknown): string {
  return `${escapeForTerminal(JSON.stringify(value, null, 2), '\n')}\n`;
}
