// The findings of every file of a workspace, for residual risk when no editor holds them: listed
// with the project's ignores, analysed with the caller's rules, and redacted before anything can
// quote them.
import type { RuleModule } from '../../engine/api';
import type { LoadedConfig } from '../../config/load';
import { listFiles, type SkippedFile } from '../../files/walk';
import { redactFinding } from '../../redaction/redactFinding';
import { scanFiles } from '../../scan/scanFiles';
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
  for (const outcome of scanFiles(list.files, { rules, config: config.engine, today, projectRoot: root })) {
    if (outcome.kind === 'skipped') {
      skipped.push({ path: outcome.path, reason: outcome.reason });
      continue;
    }
    // Checked only in part (the data-flow budget ran out): listed beside the findings it has.
    const partial = outcome.notes.filter((n) => n.kind === 'budget-exhausted');
    if (partial.length > 0) skipped.push({ path: outcome.path, reason: partial.map((n) => n.message).join(' ') });
    // Residual risk quotes messages and suppression reasons into reports: redacted here, with the
    // secrets the file's own findings identified.
    if (outcome.findings.length > 0) files.push({ path: toPosixRelative(base, outcome.path), findings: outcome.findings.map((f) => redactFinding(f, outcome.secrets)) });
  }
  return { files, skipped };
}
