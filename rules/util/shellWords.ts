// Splits a command line written as a template literal or a string concatenation into the words a
// POSIX shell would see, keeping each interpolated expression in its word. Used to turn
// `exec(`git log ${branch}`)` into `execFile('git', ['log', branch])`. Anything whose meaning
// depends on the shell (pipes, redirections, `;`, `&&`, `$()`, globs, variables, escapes, `~`,
// env assignments) makes the split fail, so that no rewrite is offered for it.
import type { TSESTree } from '@typescript-eslint/typescript-estree';

/** A piece of the command line: constant text, or an expression whose value is inserted. */
export type CommandPiece = { kind: 'text'; value: string } | { kind: 'expr'; node: TSESTree.Expression };

/** One shell word: constant text and interpolated expressions glued together. */
export type ShellWord = CommandPiece[];

/** Characters that mean nothing special to sh or cmd.exe outside quotes. */
const PLAIN = /[A-Za-z0-9_\-./:,@+=]/;
/** Characters that are special inside double quotes. */
const DOUBLE_QUOTE_SPECIAL = new Set(['$', '`', '\\', '!']);

/**
 * The pieces of a command line written right in the call: a template literal, or a `+` chain that
 * starts with a string (so that `+` concatenates). Undefined for anything else.
 */
export function commandPieces(node: TSESTree.Node): CommandPiece[] | undefined {
  if (node.type === 'TemplateLiteral') return templatePieces(node);
  if (node.type === 'Literal' && typeof node.value === 'string') return [{ kind: 'text', value: node.value }];
  if (node.type !== 'BinaryExpression' || node.operator !== '+') return undefined;
  const operands: TSESTree.Node[] = [];
  let current: TSESTree.Node = node;
  while (current.type === 'BinaryExpression' && current.operator === '+') {
    operands.unshift(current.right);
    current = current.left;
  }
  operands.unshift(current);
  const first = operands[0];
  if (!(first.type === 'TemplateLiteral' || (first.type === 'Literal' && typeof first.value === 'string'))) return undefined;
  const pieces: CommandPiece[] = [];
  for (const operand of operands) {
    if (operand.type === 'Literal' && typeof operand.value === 'string') pieces.push({ kind: 'text', value: operand.value });
    else if (operand.type === 'TemplateLiteral') pieces.push(...templatePieces(operand));
    else if (operand.type === 'PrivateIdentifier') return undefined;
    else pieces.push({ kind: 'expr', node: operand as TSESTree.Expression });
  }
  return pieces;
}

function templatePieces(node: TSESTree.TemplateLiteral): CommandPiece[] {
  const pieces: CommandPiece[] = [];
  node.quasis.forEach((quasi, i) => {
    // A raw escape the template cannot cook (`\u{zz}`) is unusual enough to give up on.
    pieces.push({ kind: 'text', value: quasi.value.cooked ?? '\u0000' });
    if (i < node.expressions.length) pieces.push({ kind: 'expr', node: node.expressions[i] });
  });
  return pieces;
}

/**
 * The words of the command line, or undefined when its meaning depends on the shell. An empty
 * quoted string ('') is a word; an interpolation is part of the word it touches.
 */
export function splitShellWords(pieces: CommandPiece[]): ShellWord[] | undefined {
  const words: ShellWord[] = [];
  let word: ShellWord | undefined;
  let quote: "'" | '"' | undefined;
  const appendText = (text: string) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && last.kind === 'text') last.value += text;
    else word.push({ kind: 'text', value: text });
  };
  for (const piece of pieces) {
    if (piece.kind === 'expr') {
      word ??= [];
      word.push(piece);
      continue;
    }
    for (const char of piece.value) {
      if (quote === "'") {
        if (char === "'") quote = undefined;
        else appendText(char);
        continue;
      }
      if (quote === '"') {
        if (char === '"') quote = undefined;
        else if (DOUBLE_QUOTE_SPECIAL.has(char)) return undefined;
        else appendText(char);
        continue;
      }
      if (char === ' ' || char === '\t') {
        if (word) words.push(word);
        word = undefined;
      } else if (char === "'" || char === '"') {
        quote = char;
        // '' is an empty argument, not nothing.
        appendText('');
      } else if (PLAIN.test(char)) {
        appendText(char);
      } else {
        return undefined;
      }
    }
  }
  if (quote) return undefined;
  if (word) words.push(word);
  if (words.length === 0) return undefined;
  // FOO=bar cmd sets a variable for the command: a shell feature.
  const program = words[0];
  if (program.some((p) => p.kind === 'text' && p.value.includes('='))) return undefined;
  return words.map(mergeEmptyText);
}

/** Drops empty text pieces that sit next to an expression ("${x}" leaves one behind). */
function mergeEmptyText(word: ShellWord): ShellWord {
  const kept = word.filter((p) => p.kind === 'expr' || p.value !== '');
  return kept.length > 0 ? kept : [{ kind: 'text', value: '' }];
}

/** A JS string literal in single quotes. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** Source text of one word as a JS expression: a string, the expression itself, or a template literal. */
export function renderWord(word: ShellWord, getText: (node: TSESTree.Node) => string): string {
  if (word.length === 1 && word[0].kind === 'text') return quoteString(word[0].value);
  if (word.length === 1 && word[0].kind === 'expr') {
    const node = word[0].node;
    const text = getText(node);
    return node.type === 'SequenceExpression' ? `(${text})` : text;
  }
  const body = word
    .map((p) => (p.kind === 'text' ? p.value.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') : `\${${getText(p.node)}}`))
    .join('');
  return `\`${body}\``;
}
