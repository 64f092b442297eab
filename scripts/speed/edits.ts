// The keystrokes of the latency rows: single-character insertions at random lines, from a seeded
// generator so the LSP row, the in-process row and every round type the same thing. A space at the
// start of a line keeps any file parseable (inside a string or template it is just a space).

/** mulberry32: a tiny seeded generator; Math.random cannot be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Edit {
  /** 0-based line the character was inserted at (column 0). */
  line: number;
  /** The whole text after this edit and every one before it. */
  text: string;
}

export function editSequence(text: string, count: number, seed: number): Edit[] {
  const random = seededRandom(seed);
  const lines = text.split('\n');
  const edits: Edit[] = [];
  for (let i = 0; i < count; i++) {
    const line = Math.floor(random() * lines.length);
    lines[line] = ` ${lines[line]}`;
    edits.push({ line, text: lines.join('\n') });
  }
  return edits;
}
