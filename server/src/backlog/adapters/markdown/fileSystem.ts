// The file-system calls the Backlog.md adapter makes, as one type: tests hand in a file system that
// refuses (EACCES, EROFS, ENOSPC) to check that every refusal names its file. In a file of its own
// so the layout and the folder rules can both name it without importing each other.
import type * as fsp from 'node:fs/promises';

export type FileSystem = Pick<typeof fsp, 'mkdir' | 'readdir' | 'readFile' | 'lstat' | 'realpath' | 'open' | 'link' | 'unlink' | 'stat' | 'rename'>;
