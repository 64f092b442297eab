// The findings of every file of a workspace, for residual risk when no editor holds them: listed
// with the project's ignores, analysed with the caller's rules, and redacted before anything can
// quote them.
import type { RuleModule } from '../../../../rules/defineRule';
import type { LoadedConfig } from '../../config/load';
import { analyze } from '../../engine/run';
import { listFiles, readSourceFile, type SkippedFile } from '../../files/walk';
import { knownSecrets } from '../../redaction/knownSecrets';
import { redactFinding } from '../../redaction/redactFinding';
import { toPosixRelative } from '../git/facts';
import type { FileFindings } from '../story/residualRisk';

export interface WorkspaceScan {
  /** Files with findings, by path relative to `base`. */
  files: FileFindings[];
  /** Files the scan could not check, with the reason. */
  skipped: SkippedFile[];
}

export function scanWorkspace(root: string, base: string, config: LoadedConfig, rules: readonly RuleModule[], today: string): WorkspaceScan {
  const list = listFiles([root], { root, ignore: config.ignore, maxFileSize: config.engine.maxFileSize });
  const files: FileFindings[] = [];
  const skipped = [...list.skipped];
  for (const file of list.files) {
    const read = readSourceFile(file, config.engine.maxFileSize);
    if (!('text' in read)) {
      skipped.push({ path: file, reason: read.note.message });
      continue;
    }
    const result = analyze(read.text, file, { rules, config: config.engine, today });
    if (result.notes.length > 0) skipped.push({ path: file, reason: result.notes.map((n) => n.message).join(' ') });
    // Residual risk quotes messages and suppression reasons into reports: redacted here, with the
    // secrets the file's own findings identified.
    const known = knownSecrets(result.findings, read.text);
    if (result.findings.length > 0) files.push({ path: toPosixRelative(base, file), findings: result.findings.map((f) => redactFinding(f, known)) });
  }
  return { files, skipped };
}
