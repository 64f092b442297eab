// Splitting a scan across CI jobs: each file belongs to exactly one of N shards, chosen by a hash of
// its repository-relative path, so every job of a matrix agrees without talking to the others and
// a file keeps its shard when other files come and go.
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as people number jobs: `--shard 2/3` is the second of three. */
  index: number;
  count: number;
}

/** The largest split that still makes sense for a CI matrix; more is almost certainly a typo. */
export const MAX_SHARDS = 256;

/** Reads `K/N`; an explanation when it is not a valid shard. */
export function parseShard(text: string): { ok: true; shard: Shard } | { ok: false; error: string } {
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(text.trim());
  if (!match) return { ok: false, error: `expected K/N (for example 2/3), got "${text}"` };
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) return { ok: false, error: `N must be between 1 and ${MAX_SHARDS}, got ${count}` };
  if (index < 1 || index > count) return { ok: false, error: `K must be between 1 and ${count}, got ${index}` };
  return { ok: true, shard: { index, count } };
}

/** Whether the file at this repository-relative URI is scanned by `shard`. */
export function inShard(repositoryUri: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const hash = createHash('sha256').update(repositoryUri).digest();
  return (hash.readUInt32BE(0) % shard.count) + 1 === shard.index;
}
