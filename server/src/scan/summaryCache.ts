// Module results by content: the key hashes the file's text, the summaries it imports and whatever
// else shapes the result, so a file whose text and imports did not change is not analysed again.
// Bounded: the least recently used entry goes first.

/** Where a project keeps the results it may reuse; the language server plugs in its own. */
export interface ModuleResultCache<R> {
  get(path: string, key: string): R | undefined;
  set(path: string, key: string, result: R): void;
}

/** Entries kept by default: a large workspace's files, each with its summary and findings. */
export const DEFAULT_CACHE_ENTRIES = 4096;

export class BoundedResultCache<R> implements ModuleResultCache<R> {
  private readonly entries = new Map<string, R>();

  constructor(private readonly capacity = DEFAULT_CACHE_ENTRIES) {}

  get(path: string, key: string): R | undefined {
    const id = `${path}\u0000${key}`;
    const found = this.entries.get(id);
    if (found === undefined) return undefined;
    // A Map iterates in insertion order: re-inserting makes this entry the most recent.
    this.entries.delete(id);
    this.entries.set(id, found);
    return found;
  }

  set(path: string, key: string, result: R): void {
    const id = `${path}\u0000${key}`;
    this.entries.delete(id);
    this.entries.set(id, result);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
