// The secrets a file's findings identified, as exact values. A rule that reports a secret literal
// marks its range (`Finding.secrets`); the values under those ranges are then hidden in every
// output that quotes the file, even where no pattern would recognise them (an opaque key passed
// positionally, one part of a token split across a concatenation, a snippet without its name).
import type { Finding } from '../engine/finding';

/** Values under the secret ranges of `findings` (inside their quotes), suppressed findings included. */
export function knownSecrets(findings: readonly Finding[], text: string): string[] {
  const values = new Set<string>();
  for (const finding of findings) {
    for (const range of finding.secrets ?? []) {
      const raw = text.slice(range.start.offset, range.end.offset);
      // The quotes stay in quoted code, so the output still reads as code.
      const inner = /^(["'`])([\s\S]*)\1$/.exec(raw)?.[2] ?? raw;
      if (inner !== '') {
        values.add(inner);
        // Messages and JSON show the value as written in the file, not its escapes: both forms go.
        const unescaped = inner.replace(/\\(.)/g, (_all, ch: string) => ({ n: '\n', r: '\r', t: '\t' })[ch] ?? ch);
        if (unescaped !== inner) values.add(unescaped);
      }
    }
  }
  return [...values];
}
