// The backlog's use cases, shared by the CLI and the language server: draft a story for a file
// (read it, analyse it, ask Git), raise it into the workspace's backlog, and compute the residual
// risk of a workspace. The pure parts (story.ts, residualRisk.ts) do the thinking; this file only
// gathers their inputs.
import { realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { allRules } from '../../../../rules/index';
import type { RuleModule } from '../../../../rules/defineRule';
import { loadConfig, type LoadedConfig } from '../../config/load';
import type { Finding } from '../../engine/finding';
import { analyze } from '../../engine/run';
import { knownSecrets } from '../../redaction/knownSecrets';
import { redactFinding } from '../../redaction/redactFinding';
import { listFiles, readSourceFile, type SkippedFile } from '../../files/walk';
import { BacklogError, type Backlog } from '../backlog';
import { findDuplicate } from '../story/fingerprint';
import { committedText, readGitFacts, toPosixRelative, type GitFacts } from '../git/facts';
import { MarkdownBacklog } from '../adapters/markdown/markdownBacklog';
import { computeResidualRisk, type FileFindings, type ResidualRisk } from '../story/residualRisk';
import { buildStory, proposeGoals, selectFindings, type StoryChoices } from '../story/story';
import type { CatalogueGoal } from '../story/stride';
import type { Story, StoredStory } from '../story/types';
import { TOOL_VERSION } from '../../shared/product';

export interface StoryRequest {
  /** Workspace (project) root: where the backlog lives. */
  root: string;
  /** Absolute path of the file the story is about. */
  file: string;
  /** The text to quote (an unsaved editor buffer); read from disk when absent. */
  text?: string;
  /** 1-based inclusive lines. */
  selection?: { startLine: number; endLine: number };
  choices?: StoryChoices;
  rules?: readonly RuleModule[];
  /** Loaded from the root's `.rugged.json` when absent. */
  config?: LoadedConfig;
  /** Backlog folder relative to the root, overriding the configuration (the CLI's `--backlog`). */
  backlogDirectory?: string;
  now?: Date;
  /** Replaces the Backlog.md backlog (tests, remote trackers later). */
  backlog?: Backlog;
}

export interface StoryDraft {
  story: Story;
  /** The findings the story links (in the selection, of the chosen rule, not suppressed). */
  findings: Finding[];
  /** Catalogue goals to offer when the code has no finding (for the chosen STRIDE letters, or all). */
  goals: CatalogueGoal[];
  /** A story already in the backlog for the same thing. */
  duplicateOf?: StoredStory;
  git: GitFacts;
  /** Repository-relative POSIX path of the file. */
  path: string;
  backlog: Backlog;
}

export function backlogFor(root: string, config: LoadedConfig, directory?: string): MarkdownBacklog {
  if (directory !== undefined) return new MarkdownBacklog({ root, directory, forceDirectory: true, setting: '--backlog' });
  return new MarkdownBacklog({ root, directory: config.backlog.directory, setting: 'backlog.directory (.rugged.json)' });
}

/** Builds the story the user will confirm, and finds an existing one for the same code. */
export async function draftStory(request: StoryRequest): Promise<StoryDraft> {
  const rules = request.rules ?? allRules;
  const config = request.config ?? loadConfig(request.root);
  const text = request.text ?? readText(request.file, config.engine.maxFileSize);
  const git = await readGitFacts(resolve(request.root));
  const base = git.topLevel ?? request.root;
  const path = repoPath(base, request.file);

  const { findings } = analyze(text, request.file, { rules, config: config.engine });
  const committed = git.commit && git.topLevel ? await committedText(git.topLevel, path) : undefined;
  const story = buildStory({
    text,
    path,
    selection: request.selection,
    findings,
    rules,
    git: { commit: git.commit, remote: git.remote, tracked: committed !== undefined, uncommitted: committed !== undefined && committed !== text },
    choices: request.choices,
    now: request.now ?? new Date(),
    toolVersion: TOOL_VERSION,
  });
  const backlog = request.backlog ?? backlogFor(request.root, config, request.backlogDirectory);
  const duplicateOf = findDuplicate(await backlog.list(), story);
  return {
    story,
    findings: selectFindings(findings, request.selection, request.choices?.ruleId),
    goals: proposeGoals(request.choices?.stride),
    ...(duplicateOf ? { duplicateOf } : {}),
    git,
    path,
    backlog,
  };
}

export interface RaiseResult {
  story: Story;
  stored: StoredStory;
  /** False when the backlog already held this story; `stored` is then the existing one. */
  created: boolean;
}

/** Drafts and files the story; an existing story for the same code is returned instead of a copy. */
export async function raiseStory(request: StoryRequest): Promise<RaiseResult> {
  const draft = await draftStory(request);
  const result = await draft.backlog.create(draft.story);
  return { story: draft.story, stored: result.story, created: result.created };
}

export interface WorkspaceRisk {
  risk: ResidualRisk;
  /** The folder story and finding paths are relative to (Git top level, else the root). */
  base: string;
  git: GitFacts;
  /** Files the scan could not check, with the reason. */
  skipped: SkippedFile[];
  backlogDirectory?: string;
  statuses: string[];
}

export interface WorkspaceRiskOptions {
  rules?: readonly RuleModule[];
  config?: LoadedConfig;
  backlogDirectory?: string;
  /** YYYY-MM-DD; today by default. */
  today?: string;
  /**
   * Findings the caller already has (the language server's open diagnostics), by absolute path.
   * Without them the workspace is scanned.
   */
  findings?: ReadonlyMap<string, readonly Finding[]>;
  backlog?: Backlog;
}

/** Residual risk of a workspace: its backlog's stories against a scan of its files. */
export async function workspaceRisk(root: string, options: WorkspaceRiskOptions = {}): Promise<WorkspaceRisk> {
  const config = options.config ?? loadConfig(root);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const git = await readGitFacts(resolve(root));
  const base = git.topLevel ?? root;
  const backlog = options.backlog ?? backlogFor(root, config, options.backlogDirectory);
  const layout = backlog instanceof MarkdownBacklog ? await backlog.layout(false) : undefined;
  const stories = await backlog.list();

  let files: FileFindings[];
  let skipped: SkippedFile[] = [];
  if (options.findings) {
    files = [...options.findings].map(([file, findings]) => ({ path: toPosixRelative(base, file), findings }));
  } else {
    const scan = scanFiles(root, base, config, options.rules ?? allRules, today);
    files = scan.files;
    skipped = scan.skipped;
  }
  const risk = computeResidualRisk({ stories, files, today, statuses: layout?.statuses });
  return {
    risk,
    base,
    git,
    skipped,
    ...(layout ? { backlogDirectory: layout.displayDirectory } : {}),
    statuses: layout?.statuses ?? [],
  };
}

function scanFiles(root: string, base: string, config: LoadedConfig, rules: readonly RuleModule[], today: string): { files: FileFindings[]; skipped: SkippedFile[] } {
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

function readText(file: string, maxBytes: number): string {
  const read = readSourceFile(file, maxBytes);
  if (!('text' in read)) throw new BacklogError('not-found', file, `Cannot read ${file}: ${read.note.reason ?? read.note.message}`);
  return read.text;
}

/** Repository-relative POSIX path; a file outside the repository or workspace is refused. */
function repoPath(base: string, file: string): string {
  let real = resolve(file);
  let realBase = resolve(base);
  try {
    real = realpathSync(real);
    realBase = realpathSync(realBase);
  } catch {
    // An unsaved new file has no real path yet; the resolved path is what we have.
  }
  const rel = relative(realBase, real);
  if (rel === '' || rel.startsWith('..') || resolve(realBase, rel) !== real) {
    throw new BacklogError('outside-workspace', file, `${file} is outside ${realBase}; stories are raised only for files of the workspace.`);
  }
  return toPosixRelative(realBase, real);
}
