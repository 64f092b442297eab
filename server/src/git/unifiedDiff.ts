// Reads `git diff -U0` output into the new-side line numbers each file gained or changed. Hunk
// bodies are consumed by their counts, so an added line that happens to read "+++ b/x" is content,
// not a header. A pure rename has no hunks and so no changed lines; a deleted file has no new side.

/** Repository-relative path (forward slashes) -> 1-based line numbers on the new side. */
export function parseUnifiedDiff(text: string): Map<string, Set<number>> {
  const files = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of text.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('-')) oldLeft--;
      else if (line.startsWith('+')) newLeft--;
      // "\ No newline at end of file" belongs to the hunk and counts for neither side.
      continue;
    }
    if (line.startsWith('diff --git ')) {
      current = undefined;
    } else if (line.startsWith('+++ ')) {
      const path = newSidePath(line.slice(4));
      current = path === undefined ? undefined : files.get(path) ?? new Set<number>();
      if (path !== undefined && current) files.set(path, current);
    } else if (line.startsWith('@@ ')) {
      const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!hunk) continue;
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      const start = Number(hunk[2]);
      newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
      for (let n = start; n < start + newLeft; n++) current?.add(n);
    }
  }
  return files;
}

/** `b/path` or a C-quoted `"b/pa\th"`; undefined for `/dev/null`. */
function newSidePath(raw: string): string | undefined {
  const value = raw.startsWith('"') ? unquoteC(raw) : raw.replace(/\t$/, '');
  if (value === undefined || value === '/dev/null' || !value.startsWith('b/')) return undefined;
  return value.slice(2);
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Git's C-style quoting of unusual paths: backslash escapes and octal bytes of UTF-8. */
export function unquoteC(quoted: string): string | undefined {
  const end = quoted.lastIndexOf('"');
  if (end <= 0) return undefined;
  const body = quoted.slice(1, end);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else if (Object.hasOwn(SIMPLE_ESCAPES, next)) {
      bytes.push(SIMPLE_ESCAPES[next]);
      i += 1;
    } else {
      return undefined;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
