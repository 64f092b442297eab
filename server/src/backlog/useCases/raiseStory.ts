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
import { extendStory } from '../story/extendStory';
import { platformIdsOf, platformStory } from '../story/platformStories';
import { buildStory, proposeGoals, selectFindings, type StoryChoices } from '../story/story';
import type { CatalogueGoal } from '../story/stride';
import { findMountPrefix } from './mountPrefix';
import { detectFramework } from '../story/testSkeleton';
import { installedVersions } from '../story/libraryVersions';
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
  /**
   * Raise the platform stories (HSTS, CSP, CSRF, database privileges, login rate limiting) a new
   * story relies on when the backlog lacks them, and link them; default true (`--no-platform` off).
   */
  platformStories?: boolean;
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
    testFramework: detectFramework(readProjectFile(request.root, 'package.json')),
    libraries: installedVersions(readProjectFile(request.root, 'package.json'), readProjectFile(request.root, 'package-lock.json')),
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
      /** The platform stories the story relies on, filed now or found. */
      platform?: { id: string; title: string }[];
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
  if (!result.created || request.platformStories === false) return { kind: 'story', story: draft.story, stored: result.story, created: result.created };
  const linked = await linkPlatformStories(draft, result.story, request);
  return { kind: 'story', story: linked.story?.story ?? draft.story, stored: linked.story ?? result.story, created: true, ...(linked.platform.length > 0 ? { platform: linked.platform } : {}) };
}

/**
 * Files each platform story a new story relies on (once per backlog: an existing one is found by
 * its fingerprint) and links them from the story. The story is filed first, so its number does not
 * depend on how many platform stories the backlog lacked.
 */
async function linkPlatformStories(draft: StoryDraft, stored: StoredStory, request: StoryRequest): Promise<{ story?: StoredStory; platform: { id: string; title: string }[] }> {
  const ids = platformIdsOf(draft.story.platformControls ?? []);
  // A tracker that cannot rewrite an item could not link them: the story names the controls instead.
  if (ids.length === 0 || !stored.story || !draft.backlog.extend) return { platform: [] };
  const platform: { id: string; title: string }[] = [];
  for (const id of ids) {
    const filed = await draft.backlog.create(platformStory(id, request.now ?? new Date(), request.toolVersion));
    platform.push({ id: filed.story.id, title: filed.story.title });
  }
  return { story: await draft.backlog.extend(stored.id, { ...stored.story, dependsOn: platform }), platform };
}

export interface ExtendResult {
  stored: StoredStory;
  addedFindings: number;
  addedCriteria: number;
}

/**
 * Adds what the request's code holds (findings, criteria) to the existing story `id` instead of
 * filing a new one: what "extend the existing story" does for a superset selection. The story must
 * be open, Rugged's, and about the same file.
 */
export async function extendExistingStory(request: StoryRequest, id: string): Promise<ExtendResult> {
  const draft = await draftStory(request);
  const target = await draft.backlog.get(id);
  if (!target) throw new BacklogError('not-found', id, `No story ${id} in ${draft.backlog.description}.`);
  if (!target.story) throw new BacklogError('invalid-config', target.location, `${id} has no Rugged data to extend${target.problem ? ` (${target.problem})` : ''}.`);
  if (target.story.entryPoint.path !== draft.story.entryPoint.path) {
    throw new BacklogError('invalid-config', target.location, `${id} is about ${target.story.entryPoint.path}, not ${draft.path}; raise a story of its own.`);
  }
  if (!draft.backlog.extend) throw new BacklogError('invalid-config', draft.backlog.description, `${draft.backlog.description} cannot extend a story; raise a separate one with --separate.`);
  const extension = extendStory(target.story, draft.story);
  const stored = await draft.backlog.extend(target.id, extension.story);
  return { stored, addedFindings: extension.addedFindings, addedCriteria: extension.addedCriteria };
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

/** A manifest of the project (package.json, its lockfile), within the same cap as any workspace file. */
function readProjectFile(root: string, name: string): string | undefined {
  const read = readSourceFile(join(root, name), 4 * 1024 * 1024);
  return 'text' in read ? read.text : undefined;
}
