// Results of files by content hash: a file whose text, configuration and rules are unchanged is
// not analysed again. Only diagnostics and hashes are kept (never ASTs), in memory and in one JSON
// file so that reopening a workspace is fast. The file is a cache: unreadable means empty. It is
// also untrusted input: it is believed only when signed with the user's key (HMAC-SHA256 over the
// exact JSON text) and when every entry has the shape the server writes.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { describeRefusal, HARD_READ_CAP_BYTES, readRegularTextSync } from '../files/readRegularFile';
import { validCachedResult, type CachedResult } from './cacheValidation';

export type { CachedResult };
import { replaceFile } from './privateFile';
import { RecentEntries } from './recentEntries';
import { isInsidePath } from './uris';

/** Bumped whenever the stored shape changes; older files are ignored. */
const FORMAT = 3;

/**
 * Files whose results are kept (each is its diagnostics and a hash, a few KB at most): far above a
 * large monorepo's source files, and the bound on a session that opens files without end.
 */
export const MAX_CACHED_FILES = 50_000;

/** Where the cache persists: a file in a folder only this user can write, and the key that signs it. */
export interface CacheStore {
  file: string;
  key: Buffer;
}

export function resultKey(signature: string, text: string): string {
  return createHash('sha256').update(signature).update('\u0000').update(text).digest('hex');
}

export class ResultCache {
  private entries: RecentEntries<string, CachedResult>;
  private dirty = false;

  /** Without a store the cache lives in memory only. `limit` is for tests of the bound. */
  constructor(
    private readonly store: CacheStore | undefined,
    private readonly log: (message: string) => void,
    private readonly limit = MAX_CACHED_FILES,
  ) {
    this.entries = new RecentEntries(limit);
  }

  /** The cached result of `filePath` if it was computed for this exact key. */
  get(filePath: string, key: string): CachedResult | undefined {
    const entry = this.entries.get(filePath);
    return entry && entry.key === key ? entry : undefined;
  }

  set(filePath: string, result: CachedResult): void {
    this.entries.set(filePath, result);
    this.dirty = true;
  }

  delete(filePath: string): void {
    if (this.entries.delete(filePath)) this.dirty = true;
  }

  /** Drops every entry below a folder (a deleted folder). */
  deleteUnder(folderPath: string): void {
    for (const path of this.entries.keys()) if (path !== folderPath && isInsidePath(path, folderPath)) this.delete(path);
  }

  /** Keeps, below a folder, only the files a scan still lists, so the cache never outgrows the workspace. */
  retainUnder(folderPath: string, keep: ReadonlySet<string>): void {
    for (const path of this.entries.keys()) if (isInsidePath(path, folderPath) && !keep.has(path)) this.delete(path);
  }

  get size(): number {
    return this.entries.size;
  }

  load(): void {
    if (!this.store) return;
    // The cache is only ever in the user's own folder, but it is still read as untrusted input.
    const read = readRegularTextSync(this.store.file, HARD_READ_CAP_BYTES);
    if (!read.ok) {
      // No cache yet (the first scan of this workspace), or something that is not ours to read.
      if (read.reason !== 'missing') this.log(`Ignoring the result cache ${this.store.file} (${describeRefusal(read)}); it will be rebuilt.`);
      return;
    }
    const entries = this.verified(read.text);
    if (entries) this.entries = entries;
    else this.log(`Ignoring the result cache ${this.store.file}: it is not one this server wrote; it will be rebuilt.`);
  }

  save(): void {
    if (!this.store || !this.dirty) return;
    const json = JSON.stringify({ format: FORMAT, entries: Object.fromEntries(this.entries.toEntries()) });
    try {
      // A fresh file renamed over the old one: a crash never leaves half a cache, and nothing planted is written through.
      replaceFile(this.store.file, `${sign(this.store.key, json)}\n${json}`);
      this.dirty = false;
    } catch (error) {
      this.log(`Could not save the result cache to ${this.store.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The entries of a stored cache, if its signature holds and every entry is well formed. */
  private verified(text: string): RecentEntries<string, CachedResult> | undefined {
    if (!this.store) return undefined;
    const newline = text.indexOf('\n');
    if (newline < 0) return undefined;
    const mac = Buffer.from(text.slice(0, newline), 'hex');
    const json = text.slice(newline + 1);
    const expected = Buffer.from(sign(this.store.key, json), 'hex');
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return undefined;
    let stored: unknown;
    try {
      stored = JSON.parse(json);
    } catch {
      return undefined;
    }
    const record = stored as { format?: unknown; entries?: unknown };
    if (typeof stored !== 'object' || stored === null || record.format !== FORMAT || typeof record.entries !== 'object' || record.entries === null) return undefined;
    const entries = new RecentEntries<string, CachedResult>(this.limit);
    for (const [path, entry] of Object.entries(record.entries)) {
      const valid = validCachedResult(path, entry);
      if (!valid) return undefined;
      entries.set(path, valid);
    }
    return entries;
  }
}

function sign(key: Buffer, json: string): string {
  return createHmac('sha256', key).update(json).digest('hex');
}
