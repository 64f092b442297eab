// The one way Rugged reads a file it did not write: a workspace may hold a symbolic link to
// /dev/zero, a FIFO or a huge file under any name, so the kind and size are checked on the open
// descriptor (fstat after open, not stat before, which a swap between the two calls would defeat),
// the open never blocks on a FIFO, and no more than the cap is ever read.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Why a file was not read, in words for the user. */
export type UnreadableReason = 'not a regular file' | 'too large' | 'missing' | 'unreadable';

export type ReadResult =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: UnreadableReason; detail: string };

/** Largest file any caller may ask for: beyond it, even a legitimate read is refused. */
export const HARD_READ_CAP_BYTES = 64 * 1024 * 1024;

// O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer forever.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function refusal(error: unknown): ReadResult {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', detail: 'no such file' };
  if (code === 'EISDIR') return { ok: false, reason: 'not a regular file', detail: 'a directory' };
  return { ok: false, reason: 'unreadable', detail: code ?? (error instanceof Error ? error.message : String(error)) };
}

/** What kind of thing a path is when it is not a regular file, in words ("a FIFO", "a device"). */
export function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The buffer to read an opened file into, or the refusal: the kind and size come from the open
 * descriptor. The size can change under us, so the buffer holds one byte more than the cap and a
 * read that fills it is refused by `readBytes`.
 */
function bufferFor(stats: Stats, cap: number): Buffer | ReadResult {
  if (!stats.isFile()) return { ok: false, reason: 'not a regular file', detail: kindOf(stats) };
  if (stats.size > cap) return { ok: false, reason: 'too large', detail: `${stats.size} bytes, limit ${cap}` };
  return Buffer.alloc(Math.min(cap + 1, Math.max(stats.size + 1, 1)));
}

function readBytes(buffer: Buffer, length: number, cap: number): ReadResult {
  if (length > cap) return { ok: false, reason: 'too large', detail: `more than ${cap} bytes` };
  return { ok: true, bytes: buffer.subarray(0, length) };
}

/** Reads a regular file of at most `maxBytes` bytes; anything else is refused with a reason. */
export function readRegularFileSync(path: string, maxBytes: number): ReadResult {
  const cap = Math.min(maxBytes, HARD_READ_CAP_BYTES);
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return refusal(error);
  }
  try {
    const checked = bufferFor(fstatSync(fd), cap);
    if ('ok' in checked) return checked;
    let length = 0;
    while (length < checked.length) {
      const read = readSync(fd, checked, length, checked.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return readBytes(checked, length, cap);
  } catch (error) {
    return refusal(error);
  } finally {
    closeSync(fd);
  }
}

/** Opens a file for reading; the backlog passes its own file system here so tests can inject faults. */
export type OpenFile = (path: string, flags: number) => Promise<FileHandle>;

/** `readRegularFileSync` without blocking the event loop, for the language server and the backlog. */
export async function readRegularFile(path: string, maxBytes: number, openFile: OpenFile = open): Promise<ReadResult> {
  const cap = Math.min(maxBytes, HARD_READ_CAP_BYTES);
  let handle: FileHandle;
  try {
    handle = await openFile(path, OPEN_FLAGS);
  } catch (error) {
    return refusal(error);
  }
  try {
    const checked = bufferFor(await handle.stat(), cap);
    if ('ok' in checked) return checked;
    let length = 0;
    while (length < checked.length) {
      const { bytesRead } = await handle.read(checked, length, checked.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return readBytes(checked, length, cap);
  } catch (error) {
    return refusal(error);
  } finally {
    await handle.close();
  }
}

/** A refusal as one phrase for people: "not a regular file: a FIFO", "too large: 9 bytes, limit 8". */
export function describeRefusal(refusal: { reason: UnreadableReason; detail: string }): string {
  return `${refusal.reason}: ${refusal.detail}`;
}

/** The text of a regular UTF-8 file, or the reason it was refused. */
export function readRegularTextSync(path: string, maxBytes: number): { ok: true; text: string } | { ok: false; reason: UnreadableReason; detail: string } {
  const result = readRegularFileSync(path, maxBytes);
  return result.ok ? { ok: true, text: result.bytes.toString('utf8') } : result;
}
