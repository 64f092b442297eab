// Expands a VS Code snippet body the way the editor inserts it with every default accepted:
// placeholders become their default text, mirrors repeat it, choices take their first option and
// bare tab stops become a name. Unescaped `$` that is not snippet syntax is reported, because the
// editor would silently eat it (`$queryRaw` would become a variable named queryRaw).
// Grammar: https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar

/** Variables VS Code resolves; any other `$NAME` is a typo for an escaped dollar. */
const KNOWN_VARIABLES = new Set([
  'TM_SELECTED_TEXT', 'TM_CURRENT_LINE', 'TM_CURRENT_WORD', 'TM_LINE_INDEX', 'TM_LINE_NUMBER', 'TM_FILENAME', 'TM_FILENAME_BASE', 'TM_DIRECTORY',
  'TM_FILEPATH', 'RELATIVE_FILEPATH', 'CLIPBOARD', 'WORKSPACE_NAME', 'WORKSPACE_FOLDER', 'CURSOR_INDEX', 'CURSOR_NUMBER', 'CURRENT_YEAR',
  'CURRENT_YEAR_SHORT', 'CURRENT_MONTH', 'CURRENT_MONTH_NAME', 'CURRENT_MONTH_NAME_SHORT', 'CURRENT_DATE', 'CURRENT_DAY_NAME',
  'CURRENT_DAY_NAME_SHORT', 'CURRENT_HOUR', 'CURRENT_MINUTE', 'CURRENT_SECOND', 'CURRENT_SECONDS_UNIX', 'CURRENT_TIMEZONE_OFFSET', 'RANDOM',
  'RANDOM_HEX', 'UUID', 'BLOCK_COMMENT_START', 'BLOCK_COMMENT_END', 'LINE_COMMENT',
]);

export interface Expansion {
  text: string;
  problems: string[];
}

export function expandSnippet(body: string): Expansion {
  const problems: string[] = [];
  const defaults = new Map<number, string>();
  // First pass records each tab stop's default, so a mirror written before its default still gets it.
  parse(body, 0, false, defaults, problems);
  const [text] = parse(body, 0, false, defaults, []);
  return { text, problems: [...new Set(problems)] };
}

/** Parses from `start` until the end, or until an unescaped `}` when `nested`; returns [text, end]. */
function parse(body: string, start: number, nested: boolean, defaults: Map<number, string>, problems: string[]): [string, number] {
  let out = '';
  let i = start;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
      out += body[i + 1];
      i += 2;
      continue;
    }
    if (nested && ch === '}') return [out, i + 1];
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const rest = body.slice(i);
    let match: RegExpExecArray | null;
    if ((match = /^\$(\d+)/.exec(rest))) {
      out += tabStop(Number(match[1]), defaults);
      i += match[0].length;
    } else if ((match = /^\$\{(\d+)\}/.exec(rest))) {
      out += tabStop(Number(match[1]), defaults);
      i += match[0].length;
    } else if ((match = /^\$\{(\d+):/.exec(rest))) {
      const [text, end] = parse(body, i + match[0].length, true, defaults, problems);
      const index = Number(match[1]);
      if (!defaults.has(index)) defaults.set(index, text);
      out += defaults.get(index);
      i = end;
    } else if ((match = /^\$\{(\d+)\|([^|]*)\|\}/.exec(rest))) {
      const first = match[2].split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1');
      if (!defaults.has(Number(match[1]))) defaults.set(Number(match[1]), first);
      out += defaults.get(Number(match[1]));
      i += match[0].length;
    } else if ((match = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(rest))) {
      if (!KNOWN_VARIABLES.has(match[1])) problems.push(`"$${match[1]}" is not a snippet variable; write \\$ for a literal dollar`);
      out += match[1].toLowerCase();
      i += match[0].length;
      if (match[0].startsWith('${')) {
        if (body[i] === ':') [, i] = parse(body, i + 1, true, defaults, problems);
        else if (body[i] === '}') i++;
      }
    } else {
      // A lone `$` (not followed by a digit, name or brace) is inserted as written.
      out += ch;
      i++;
    }
  }
  if (nested) problems.push('a placeholder is not closed with }');
  return [out, i];
}

/** A tab stop with no default becomes a name, valid wherever an expression or statement fits. */
function tabStop(index: number, defaults: Map<number, string>): string {
  if (index === 0) return '';
  return defaults.get(index) ?? `value${index}`;
}
