// The editor's view of `rugged.baseline.file`: the identities of the findings a saved report
// holds, so the diagnostics of those findings can be shown as hints. The path is relative to the
// project root and must stay inside it (after links), like every path the workspace names; a
// file that cannot be used is reported as a problem on itself, never taken as "no baseline".
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadBaseline } from '../baseline/baselineFile';
import type { ConfigProblem } from '../config/load';
import { findGitRoot } from '../files/ignore';
import { isWithinFolder } from '../files/pathContainment';
import { TOOL_NAME } from '../shared/product';

export interface BaselineInEditor {
  /** As the setting names it, for messages. */
  file: string;
  keys: ReadonlySet<string>;
  /** What file fingerprints are relative to: the git working tree, else the project root. */
  sourceRoot: string;
}

export type BaselineLoad = { baseline?: BaselineInEditor; problem?: ConfigProblem };

export function loadBaselineSetting(projectRoot: string, setting: string): BaselineLoad {
  const file = resolve(projectRoot, setting);
  const sourceRoot = findGitRoot(projectRoot) ?? projectRoot;
  const problem = (message: string): BaselineLoad => ({ problem: { file, key: 'rugged.baseline.file', message } });
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return problem(`baseline file not found: ${setting}`);
  }
  if (!isWithinFolder(realpathSync(projectRoot), real)) return problem(`baseline file must lie inside the project: ${setting}`);
  // JSON reports without file fingerprints name paths relative to where the scan ran: the project root is the best guess.
  const loaded = loadBaseline(real, TOOL_NAME, { cwd: projectRoot, sourceRoot });
  if (!loaded.ok) return problem(`cannot use baseline ${setting}: ${loaded.error}`);
  return { baseline: { file: setting, keys: loaded.baseline.keys, sourceRoot } };
}
