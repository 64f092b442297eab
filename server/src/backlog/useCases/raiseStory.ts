// Use case: draft an abuser story for a file (read it, analyse it, ask Git) and raise it into the
// workspace's backlog, for the CLI's `rugged story` and the editor's "Raise abuser story". The
// pure story builder (story/story.ts) does the thinking; this file gathers its inputs, and the
// backlog comes from the adapter registry, so it never knows which tracker receives the story.
import { realpathSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { RuleModule } from '../../engine/api';
import { loadConfig, type LoadedConfig } from '../../config/load';
import { knownRuleIds } from '../../catalog/knownRuleIds';
import type { Finding } from '../../engine/finding';
import { analyze } from '../../engine/run';
import { projectPath } from '../../files/projectPath';
import { readSourceFile } from '../../files/walk';
import { BacklogError, type Backlog, type TrackerAccess } from '../backlog';
import { openBacklog } from '../adapters/registry';
import { committedText, readGitFacts, toPosixRelative, type GitFacts } from '../git/facts';
import { findCovered, findDuplicate } from '../story/fingerprint';
import { buildStory, proposeGoals, selectFindings, type StoryChoices } from '../story/story';
import type { CatalogueGoal } from '../story/stride';
import { findMountPrefix } from './mountPrefix';
import { detectFramework } from '../story/testSkeleton';
import { needsTriage, triageDraft, type TriageDraft, type TriageFiled } from '../story/triage';
import type { Story, StoredStory } from '../story/types';

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
  /** The rules the caller runs (the CLI's and the server's rule set). */
  rules: readonly RuleModule[];
  /** The caller's version, recorded in the story's provenance. */
  toolVersion: string;
  /** Loaded from the root's `.rugged.json` (against `rules`) when absent. */
  config?: LoadedConfig;
  /** Backlog folder relative to the root, overriding the configuration (the CLI's `--backlog`). */
  backlogDirectory?: string;
  now?: Date;
  /** Replaces the configured backlog (tests). */
  backlog?: Backlog;
  /** Credentials for a remote tracker, for this request only. */
  access?: TrackerAccess;
  /** File the story even when open stories for the same goal already link some of its findings. */
  separate?: boolean;
}

export interface StoryDraft {
  story: Story;
  /** The findings the story links (in the selection, of the chosen rule, not suppressed). */
  findings: Finding[];
  /** Catalogue goals to offer when the code has no finding (for the chosen STRIDE letters, or all). */
  goals: CatalogueGoal[];
  /** A story already in the backlog for the same thing. */
  duplicateOf?: StoredStory;
  /**
   * Set when the code has no finding and nobody chose a goal: `story` is then only a proposal to
   * show while asking, and raising files this unrated draft instead of a rated story.
   */
  triage?: TriageDraft;
  /**
   * Open stories for the same goal on the same file whose findings this story all links, and more
   * (a superset selection): the user is offered to extend them rather than file a repeat.
   */
  covers: StoredStory[];
  git: GitFacts;
  /** Repository-relative POSIX path of the file. */
  path: string;
  backlog: Backlog;
}

/** Builds the story the user will confirm, and finds an existing one for the same code. */
export async function draftStory(request: StoryRequest): Promise<StoryDraft> {
  const { rules } = request;
  const config = request.config ?? loadConfig(request.root, { knownRuleIds: knownRuleIds(rules) });
  const text = request.text ?? readText(request.file, config.engine.maxFileSize);
  const git = await readGitFacts(resolve(request.root));
  const base = git.topLevel ?? request.root;
  const path = repoPath(base, request.file);

  const { findings } = analyze(text, request.file, { rules, config: config.engine, projectPath: projectPath(request.root, request.file) });
  const committed = git.commit && git.topLevel ? await committedText(git.topLevel, path) : undefined;
  const story = buildStory({
    text,
    path,
    selection: request.selection,
    findings,
    rules,
    git: { commit: git.commit, remote: git.remote, tracked: committed !== undefined, uncommitted: committed !== undefined && committed !== text },
    choices: request.choices,
    ...mountOf(request.root, request.file, config),
    testFramework: detectFramework(readPackageJson(request.root)),
    now: request.now ?? new Date(),
    toolVersion: request.toolVersion,
  });
  const backlog = request.backlog ?? openBacklog({ root: request.root, settings: config.backlog, directoryOverride: request.backlogDirectory, configFile: config.file, access: request.access });
  const existing = await backlog.list();
  const duplicateOf = findDuplicate(existing, story);
  const linked = selectFindings(findings, request.selection, request.choices?.ruleId);
  const goals = proposeGoals(request.choices?.stride);
  return {
    story,
    findings: linked,
    goals,
    ...(duplicateOf ? { duplicateOf } : {}),
    covers: duplicateOf ? [] : findCovered(existing, story),
    ...(needsTriage(linked.length, request.choices) ? { triage: triageDraft(story, goals) } : {}),
    git,
    path,
    backlog,
  };
}

export type RaiseResult =
  | {
      kind: 'story';
      story: Story;
      stored: StoredStory;
      /** False when the backlog already held this story; `stored` is then the existing one. */
      created: boolean;
    }
  | {
      /**
       * Open stories already link some of these findings for the same goal: nothing was filed, and
       * the caller offers to extend them (or to file anyway with `separate`).
       */
      kind: 'overlap';
      story: Story;
      existing: StoredStory[];
      /** The findings none of them links yet. */
      uncovered: Story['findings'];
      created: false;
    }
  | {
      /** No finding and no chosen goal: an unrated draft was filed (or found) instead of a story. */
      kind: 'triage';
      draft: TriageDraft;
      filed: TriageFiled;
      created: boolean;
    };

/**
 * Drafts and files the story; an existing story for the same code is returned instead of a copy.
 * Code without findings and without a chosen goal gets an unrated "needs triage" draft: Rugged
 * never rates a threat nobody named.
 */
export async function raiseStory(request: StoryRequest): Promise<RaiseResult> {
  const draft = await draftStory(request);
  if (draft.triage) {
    if (!draft.backlog.createTriage) {
      throw new BacklogError('invalid-config', draft.backlog.description, `Rugged found nothing in ${draft.path} to base a story on; choose an attacker goal (--goal) to raise one in ${draft.backlog.description}.`);
    }
    const filed = await draft.backlog.createTriage(draft.triage);
    return { kind: 'triage', draft: draft.triage, filed, created: filed.created };
  }
  if (draft.covers.length > 0 && !request.separate) {
    const linked = new Set(draft.covers.flatMap((s) => s.story?.findings.map((f) => f.fingerprint) ?? []));
    return { kind: 'overlap', story: draft.story, existing: draft.covers, uncovered: draft.story.findings.filter((f) => !linked.has(f.fingerprint)), created: false };
  }
  const result = await draft.backlog.create(draft.story);
  return { kind: 'story', story: draft.story, stored: result.story, created: result.created };
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

function mountOf(root: string, file: string, config: LoadedConfig): { mountPrefix?: string } {
  const prefix = findMountPrefix(root, file, config);
  return prefix ? { mountPrefix: prefix } : {};
}

function readPackageJson(root: string): string | undefined {
  const read = readSourceFile(join(root, 'package.json'), 256 * 1024);
  return 'text' in read ? read.text : undefined;
}
