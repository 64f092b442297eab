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
  /** The ids kept per path, oldest first, when `perPath` bounds them. */
  private readonly idsByPath = new Map<string, string[]>();

  /**
   * `perPath` bounds the versions kept of one file: an editor's every keystroke is a new text, and
   * without it one long-edited file would fill the whole capacity with its past versions.
   */
  constructor(
    private readonly capacity = DEFAULT_CACHE_ENTRIES,
    private readonly perPath = Infinity,
  ) {}

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
    if (this.perPath !== Infinity) this.keepVersions(path, id);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.forget(oldest);
    }
  }

  private keepVersions(path: string, id: string): void {
    const ids = (this.idsByPath.get(path) ?? []).filter((known) => known !== id);
    ids.push(id);
    while (ids.length > this.perPath) this.entries.delete(ids.shift()!);
    this.idsByPath.set(path, ids);
  }

  private forget(id: string): void {
    this.entries.delete(id);
    if (this.perPath === Infinity) return;
    const path = id.slice(0, id.indexOf('\u0000'));
    const ids = this.idsByPath.get(path)?.filter((known) => known !== id) ?? [];
    if (ids.length > 0) this.idsByPath.set(path, ids);
    else this.idsByPath.delete(path);
  }

  get size(): number {
    return this.entries.size;
  }
}
