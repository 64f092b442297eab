// The quoted code of a story: the lines of the region, secrets redacted, capped in length, kept byte for
// byte otherwise (the fence around it is what keeps it inert). The SHA-256 of the original lines is kept instead of the original.
import { createHash } from 'node:crypto';
import { guardCode, stripControl } from './markdownSafety';
import { redactSecrets } from '../../redaction/redact';
import type { Excerpt } from './types';

export const EXCERPT_MAX_LINES = 40;
export const EXCERPT_MAX_BYTES = 4096;

export interface ExcerptResult {
  excerpt: Excerpt;
  /** SHA-256 (hex) of the unredacted lines of the region. */
  sha256: string;
}

/** Lines `lines[0]..lines[1]` (1-based, inclusive) of `text`. */
export function sliceLines(text: string, lines: [number, number]): string {
  const all = text.split(/\r?\n/);
  return all.slice(Math.max(0, lines[0] - 1), Math.max(lines[0] - 1, lines[1])).join('\n');
}

export function lineCount(text: string): number {
  return text.split(/\r?\n/).length;
}

export function extensionLanguage(path: string): string {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  if (ext === 'ts' || ext === 'mts' || ext === 'cts') return 'ts';
  if (ext === 'tsx') return 'tsx';
  if (ext === 'jsx') return 'jsx';
  return 'js';
}

/** `known`: secret values the file's findings identified (see redaction/knownSecrets). */
export function buildExcerpt(text: string, path: string, lines: [number, number], known: readonly string[] = []): ExcerptResult {
  const original = sliceLines(text, lines);
  const sha256 = createHash('sha256').update(original, 'utf8').digest('hex');
  // Redact the whole region before cutting it, so a secret split by the cap is still recognised.
  const redacted = redactSecrets(stripControl(original), known);
  const { kept, truncated } = cap(guardCode(redacted.text));
  const keptLines = kept.split('\n').length;
  return {
    sha256,
    excerpt: {
      text: kept,
      language: extensionLanguage(path),
      lines: [lines[0], Math.min(lines[1], lines[0] + keptLines - 1)],
      truncated,
      redactions: redacted.count,
    },
  };
}

function cap(text: string): { kept: string; truncated: boolean } {
  const lines = text.split('\n');
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    if (kept.length >= EXCERPT_MAX_LINES) return { kept: kept.join('\n'), truncated: true };
    const size = Buffer.byteLength(line, 'utf8') + 1;
    if (bytes + size > EXCERPT_MAX_BYTES) {
      if (kept.length === 0) kept.push(cutToBytes(line, EXCERPT_MAX_BYTES - 1));
      return { kept: kept.join('\n'), truncated: true };
    }
    kept.push(line);
    bytes += size;
  }
  return { kept: kept.join('\n'), truncated: false };
}

function cutToBytes(line: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > max) break;
    out += ch;
    bytes += size;
  }
  return out;
}
