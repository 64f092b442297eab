// Finds where a JSON text first nests deeper than a limit, without parsing it. jsonc-parser's
// parser recurses once per level, so a file of a million `[` would overflow the stack; its scanner
// is iterative, and counting with the same tokenizer means strings and comments are skipped exactly
// as the parser skips them.
import { createScanner, SyntaxKind } from 'jsonc-parser';

/** Offset of the first bracket past `maxDepth`, or undefined when the text stays within it. */
export function firstTooDeep(text: string, maxDepth: number): number | undefined {
  const scanner = createScanner(text, true);
  // Only a close that matches the innermost open ends it: the parser skips a mismatched one too,
  // so this count is never below the depth the parser reaches.
  const open: SyntaxKind[] = [];
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      open.push(token);
      if (open.length > maxDepth) return scanner.getTokenOffset();
    } else if (token === SyntaxKind.CloseBraceToken && open[open.length - 1] === SyntaxKind.OpenBraceToken) {
      open.pop();
    } else if (token === SyntaxKind.CloseBracketToken && open[open.length - 1] === SyntaxKind.OpenBracketToken) {
      open.pop();
    }
  }
  return undefined;
}
