// Use case: the residual risk of a workspace, for the editor's Security backlog view and the CLI's
// `rugged report`: the backlog's stories (from whichever adapter the configuration names) against
// the workspace's open findings. story/residualRisk.ts does the counting.
import { resolve } from 'node:path';
import type { RuleModule } from '../../engine/api';
import { loadConfig, type LoadedConfig } from '../../config/load';
import { knownRuleIds } from '../../catalog/knownRuleIds';
import type { Finding } from '../../engine/finding';
import type { SkippedFile } from '../../files/walk';
import type { Backlog, TrackerAccess } from '../backlog';
import { openBacklog } from '../adapters/registry';
import { readGitFacts, toPosixRelative, type GitFacts } from '../git/facts';
import { computeResidualRisk, type FileFindings, type ResidualRisk } from '../story/residualRisk';
import { scanWorkspace } from './scanWorkspace';
import { setStoryTestsApart } from './storyTests';
import { linkTests } from './testEvidence';
import { projectLibraries } from './projectManifest';

export interface WorkspaceRisk {
  risk: ResidualRisk;
  /** The folder story and finding paths are relative to (Git top level, else the root). */
  base: string;
  git: GitFacts;
  /** Files the scan could not check, with the reason. */
  skipped: SkippedFile[];
  /** Where the backlog is, for people (a folder, a tracker project); absent while there is none. */
  backlogLocation?: string;
  statuses: string[];
  /** The configuration the scan used (which rules it turned off, where the backlog is). */
  config: LoadedConfig;
}

export interface WorkspaceRiskOptions {
  /** The rules the caller runs (the CLI's and the server's rule set). */
  rules: readonly RuleModule[];
  /** Loaded from the root's `.rugged.json` (against `rules`) when absent. */
  config?: LoadedConfig;
  /** Backlog folder relative to the root, overriding the configuration (the CLI's `--backlog`). */
  backlogDirectory?: string;
  /** YYYY-MM-DD; today by default. */
  today?: string;
  /**
   * Findings the caller already has (the language server's open diagnostics), by absolute path.
   * Without them the workspace is scanned.
   */
  findings?: ReadonlyMap<string, readonly Finding[]>;
  /** Replaces the configured backlog (tests). */
  backlog?: Backlog;
  /** Credentials for a remote tracker, for this request only. */
  access?: TrackerAccess;
  /** The text of a JUnit XML or TAP report, so a done story's test counts only if it passed. */
  testReport?: string;
}

/** Residual risk of a workspace: its backlog's stories against a scan of its files. */
export async function workspaceRisk(root: string, options: WorkspaceRiskOptions): Promise<WorkspaceRisk> {
  const config = options.config ?? loadConfig(root, { knownRuleIds: knownRuleIds(options.rules) });
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const git = await readGitFacts(resolve(root));
  const base = git.topLevel ?? root;
  const backlog = options.backlog ?? openBacklog({ root, settings: config.backlog, directoryOverride: options.backlogDirectory, configFile: config.file, access: options.access });
  const overview = await backlog.overview();
  const stories = await backlog.list();

  let scanned: FileFindings[];
  let skipped: SkippedFile[] = [];
  if (options.findings) {
    scanned = [...options.findings].map(([file, findings]) => ({ path: toPosixRelative(base, file), findings }));
  } else {
    ({ files: scanned, skipped } = scanWorkspace(root, base, config, options.rules, today));
  }
  const { files, storyTests } = setStoryTestsApart(scanned, base, config.engine.maxFileSize);
  const tests = linkTests({ root, base, config, stories, ...(options.testReport !== undefined ? { testReport: options.testReport } : {}) });
  const risk = computeResidualRisk({ stories, files, today, statuses: overview?.statuses, rules: options.rules, tests, storyTests, libraries: projectLibraries(root) });
  return {
    risk,
    base,
    git,
    skipped,
    ...(overview ? { backlogLocation: overview.location } : {}),
    statuses: overview?.statuses ?? [],
    config,
  };
}
