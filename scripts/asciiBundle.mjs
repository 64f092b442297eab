// Keeps a bundle's text ASCII. Node reads a script as UTF-8 and V8 keeps its source in memory for the
// life of the process (lazy functions are compiled from it when first called): one byte per
// character when every character is Latin-1, two bytes per character otherwise. A single arrow in a
// comment esbuild preserved made dist/cli.js's 14.5 MB source a 29 MB string, 14.5 MB more heap
// for every CLI run and language server, and 39 MB more at the scan's peak (bench/RESULTS.md,
// 2026-12-08), since V8 lets the heap grow in proportion to what is alive.
// esbuild's default `charset: 'ascii'` already escapes strings, templates, regular expressions and
// identifiers, so what is left is comment text, where an escape sequence is just text; in a string
// or a regular expression a \uXXXX escape of each UTF-16 unit would denote the same characters.

/** `text` with every non-ASCII UTF-16 code unit written as a \uXXXX escape. */
export function asciiOnly(text) {
  return text.replace(/[^\0-\x7f]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
