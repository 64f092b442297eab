// Writes a report where --output points, creating its folders. A failure is returned rather than
// thrown so each command can say it in its own words and pick its exit code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface WriteFailure {
  /** The system error code (EACCES, ENOTDIR...), when there is one. */
  code?: string;
  message: string;
}

export function writeOutputFile(path: string, text: string): WriteFailure | undefined {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return undefined;
  } catch (error) {
    return { code: (error as NodeJS.ErrnoException).code, message: (error as Error).message };
  }
}
