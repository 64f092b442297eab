// The fenced code blocks of a piece of Markdown, found the way CommonMark finds them: a fence of
// three or more backticks or tildes opens a block, and only a fence of the same character, at
// least as long, alone on its line, closes it. A line inside a block is text, whatever it looks
// like, so quoted code holding "```json" is never mistaken for a block of its own.

export interface FencedBlock {
  /** The info string after the opening fence, trimmed (`json`, `ts`, or empty). */
  info: string;
  /** The lines between the fences. */
  body: string;
  /** 0-based line of the opening fence. */
  openLine: number;
  /** 0-based line of the closing fence; -1 when the block runs to the end of the text. */
  closeLine: number;
}

const OPENING = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const CLOSING = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

export function fencedBlocks(text: string): FencedBlock[] {
  const lines = text.split('\n');
  const blocks: FencedBlock[] = [];
  let open: { char: string; length: number; info: string; line: number } | undefined;
  lines.forEach((line, index) => {
    if (!open) {
      const match = OPENING.exec(line);
      // A backtick fence's info string cannot hold a backtick (that is inline code instead).
      if (!match || (match[1][0] === '`' && match[2].includes('`'))) return;
      open = { char: match[1][0], length: match[1].length, info: match[2].trim(), line: index };
      return;
    }
    const match = CLOSING.exec(line);
    if (match && match[1][0] === open.char && match[1].length >= open.length) {
      blocks.push({ info: open.info, body: lines.slice(open.line + 1, index).join('\n'), openLine: open.line, closeLine: index });
      open = undefined;
    }
  });
  if (open) blocks.push({ info: open.info, body: lines.slice(open.line + 1).join('\n'), openLine: open.line, closeLine: -1 });
  return blocks;
}

/** True for an info string naming JSON (`json`, `JSON`, `json title=x`); not `jsonc` or `json5`. */
export function isJsonInfo(info: string): boolean {
  return info.split(/\s+/)[0].toLowerCase() === 'json';
}
