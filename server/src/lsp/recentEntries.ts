// A map that keeps at most `limit` entries, forgetting the least recently written or read one: the
// server's per-file memories (cached results, notices said) stay bounded over a long session in
// which thousands of files are opened, edited, closed and scanned. What is forgotten is only work
// to redo (an analysis) or a line to log again, never a result the user sees.
export class RecentEntries<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly limit: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Map keeps insertion order: moving a used entry to the end makes the first one the oldest.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  keys(): K[] {
    return [...this.entries.keys()];
  }

  /** Every entry, oldest first. */
  toEntries(): [K, V][] {
    return [...this.entries];
  }

  get size(): number {
    return this.entries.size;
  }
}
