// The one loop that checks a list of files outside an editor: read each within the size cap,
// analyse it, and say which were skipped and why. `rugged scan` and the backlog's residual risk
// both walk it, so a file is checked, skipped or noted the same way wherever it is counted.
import type { RuleModule } from '../engine/api';
import type { EngineConfig } from '../engine/config';
import { isSkipNote, type FileNote, type Finding } from '../engine/finding';
import { analyze } from '../engine/run';
import { projectPath } from '../files/projectPath';
import { readSourceFile, type SourceNote } from '../files/walk';
import { knownSecrets } from '../redaction/knownSecrets';

export interface ScanNote {
  kind: SourceNote['kind'] | FileNote['kind'];
  message: string;
}

export type FileOutcome =
  | { kind: 'skipped'; path: string; reason: string; notes: ScanNote[] }
  | {
      kind: 'checked';
      path: string;
      text: string;
      findings: Finding[];
      /** Secret values the findings identified, for redacting whatever quotes this file. */
      secrets: string[];
      /** Checked, but with something to say (a data-flow budget ran out, ...): the findings stand. */
      notes: ScanNote[];
    };

export interface ScanFilesOptions {
  rules: readonly RuleModule[];
  config: EngineConfig;
  today?: string;
  /** The project the paths belong to, so the context policy sees `test/...` rather than an absolute path. */
  projectRoot?: string;
}

/** Checks `paths` one by one, lazily, so a caller can stop or report progress between files. */
export function* scanFiles(paths: readonly string[], options: ScanFilesOptions): Generator<FileOutcome> {
  for (const path of paths) {
    const read = readSourceFile(path, options.config.maxFileSize);
    if (!('text' in read)) {
      yield { kind: 'skipped', path, reason: read.note.message, notes: [] };
      continue;
    }
    const notes: ScanNote[] = read.note ? [{ kind: read.note.kind, message: read.note.message }] : [];
    const result = analyze(read.text, path, {
      rules: options.rules,
      config: options.config,
      today: options.today,
      projectPath: options.projectRoot === undefined ? undefined : projectPath(options.projectRoot, path),
    });
    const skips = result.notes.filter(isSkipNote);
    if (skips.length > 0) {
      yield { kind: 'skipped', path, reason: skips.map((n) => n.message).join(' '), notes };
      continue;
    }
    for (const note of result.notes) notes.push({ kind: note.kind, message: note.message });
    yield { kind: 'checked', path, text: read.text, findings: result.findings, secrets: knownSecrets(result.findings, read.text), notes };
  }
}
