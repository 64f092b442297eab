// Results of files by content hash: a file whose text, configuration and rules are unchanged is
// not analysed again. Only diagnostics and hashes are kept (never ASTs), in memory and in one JSON
// file so that reopening a workspace is fast. The file is a cache: unreadable means empty.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { describeRefusal, HARD_READ_CAP_BYTES, readRegularTextSync } from '../files/readRegularFile';
import { isInsidePath } from './uris';

/** Bumped whenever the stored shape changes; older files are ignored. */
const FORMAT = 1;

export interface CachedResult {
  /** Hash of the configuration signature and the text. */
  key: string;
  diagnostics: Diagnostic[];
  parseNote?: Diagnostic;
  /** The engine's skip message, for files that were not checked. */
  skipped?: string;
}

interface StoredCache {
  format: number;
  entries: Record<string, CachedResult>;
}

export function resultKey(signature: string, text: string): string {
  return createHash('sha256').update(signature).update('\u0000').update(text).digest('hex');
}

export class ResultCache {
  private entries = new Map<string, CachedResult>();
  private dirty = false;

  /** `file` is where the cache persists; without one it lives in memory only. */
  constructor(
    private readonly file: string | undefined,
    private readonly log: (message: string) => void,
  ) {}

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
    for (const path of [...this.entries.keys()]) if (path !== folderPath && isInsidePath(path, folderPath)) this.delete(path);
  }

  /** Keeps, below a folder, only the files a scan still lists, so the cache never outgrows the workspace. */
  retainUnder(folderPath: string, keep: ReadonlySet<string>): void {
    for (const path of [...this.entries.keys()]) if (isInsidePath(path, folderPath) && !keep.has(path)) this.delete(path);
  }

  get size(): number {
    return this.entries.size;
  }

  load(): void {
    if (!this.file) return;
    // The cache may sit in the shared temp folder, where anyone can leave a FIFO under its name.
    const read = readRegularTextSync(this.file, HARD_READ_CAP_BYTES);
    if (!read.ok) {
      // No cache yet (the first scan of this workspace), or something that is not ours to read.
      if (read.reason !== 'missing') this.log(`Ignoring the result cache ${this.file} (${describeRefusal(read)}); it will be rebuilt.`);
      return;
    }
    const text = read.text;
    try {
      const stored = JSON.parse(text) as Partial<StoredCache>;
      if (stored.format !== FORMAT || typeof stored.entries !== 'object' || stored.entries === null) return;
      const entries = new Map<string, CachedResult>();
      for (const [path, entry] of Object.entries(stored.entries)) {
        if (entry && typeof entry.key === 'string' && Array.isArray(entry.diagnostics)) entries.set(path, entry);
      }
      this.entries = entries;
    } catch {
      this.log(`Ignoring the unreadable result cache ${this.file}; it will be rebuilt.`);
    }
  }

  save(): void {
    if (!this.file || !this.dirty) return;
    const stored: StoredCache = { format: FORMAT, entries: Object.fromEntries(this.entries) };
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      // Private to this user: the cache lists file paths and findings.
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      // Written aside and renamed, so a crash mid-write never leaves half a cache behind.
      writeFileSync(temporary, JSON.stringify(stored));
      renameSync(temporary, this.file);
      this.dirty = false;
    } catch (error) {
      this.log(`Could not save the result cache to ${this.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
