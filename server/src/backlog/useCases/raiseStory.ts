// Use case: draft an abuser story for a file (read it, analyse it, ask Git) and raise it into the
// workspace's backlog, for the CLI's `rugged story` and the editor's "Raise abuser story". The
// pure story builder (story/story.ts) does the thinking; this file gathers its inputs, and the
// backlog comes from the adapter registry, so it never knows which tracker receives the story.
import { passwordExposures } from '../story/passwordExposure';
import { realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
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
import { distinctTitle } from '../story/distinctTitle';
import { findCovered, findDuplicate } from '../story/fingerprint';
import { extendStory } from '../story/extendStory';
import { platformIdsOf, platformStory, type PlatformId } from '../story/platformStories';
import { csrfVerdict, databaseVerdict, hstsVerdict, platformFactsOf, type PlatformFacts, type PlatformVerdict } from '../story/platformEvidence';
import { readAppSources } from './appSources';
import { buildStories, proposeGoals, selectFindings, type StoryChoices, type StoryInput } from '../story/story';
import type { CatalogueGoal } from '../story/stride';
import { findMountChain, fullPrefix } from './mountPrefix';
import { findAppPort } from './appPort';
import { gatherWorkspaceFacts, SECRET_RULE } from './workspaceFacts';
import { detectFramework } from '../story/testSkeleton';
import { projectLibraries, readProjectFile } from './projectManifest';
import { needsTriage, triageDraft, type TriageDraft, type TriageFiled } from '../story/triage';
import type { Story, StoredStory } from '../story/types';
import type { SecretOwner } from '../story/workspaceFacts';

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

/** One story of a draft, with what the backlog already holds for it. */
export interface DraftedStory {
  story: Story;
  /** A story already in the backlog for the same thing. */
  duplicateOf?: StoredStory;
  /**
   * Open stories for the same goal on the same file whose findings this story all links, and more
   * (a superset selection): the user is offered to extend them rather than file a repeat.
   */
  covers: StoredStory[];
}

export interface StoryDraft extends DraftedStory {
  /** The first (most dangerous) of `stories`: what a single-story selection is about. */
  story: Story;
  /**
   * One story per attacker goal and asset among the selection's findings, `story` first; a single
   * one when they share a goal, when the person chose a goal or a title, or without findings.
   */
  stories: DraftedStory[];
  /** The findings the stories link (in the selection, of the chosen rule, not suppressed). */
  findings: Finding[];
  /** Catalogue goals to offer when the code has no finding (for the chosen STRIDE letters, or all). */
  goals: CatalogueGoal[];
  /**
   * Set when the code has no finding and nobody chose a goal: `story` is then only a proposal to
   * show while asking, and raising files this unrated draft instead of a rated story.
   */
  triage?: TriageDraft;
  git: GitFacts;
  /** Repository-relative POSIX path of the file. */
  path: string;
  backlog: Backlog;
}

/** Builds the stories the user will confirm, and finds existing ones for the same code. */
export async function draftStory(request: StoryRequest): Promise<StoryDraft> {
  const { rules } = request;
  const config = request.config ?? loadConfig(request.root, { knownRuleIds: knownRuleIds(rules) });
  const text = request.text ?? readText(request.file, config.engine.maxFileSize);
  const git = await readGitFacts(resolve(request.root));
  const base = git.topLevel ?? request.root;
  const path = repoPath(base, request.file);

  const { findings } = analyze(text, request.file, { rules, config: config.engine, projectPath: projectPath(request.root, request.file) });
  const committed = git.commit && git.topLevel ? await committedText(git.topLevel, path) : undefined;
  const backlog = request.backlog ?? openBacklog({ root: request.root, settings: config.backlog, directoryOverride: request.backlogDirectory, configFile: config.file, access: request.access });
  const existing = await backlog.list();
  const facts = gatherWorkspaceFacts({ root: request.root, base: realBase(base), file: request.file, text, findings, rules, config });
  const stories = buildStories({
    text,
    path,
    selection: request.selection,
    findings,
    rules,
    git: { commit: git.commit, remote: git.remote, tracked: committed !== undefined, uncommitted: committed !== undefined && committed !== text },
    choices: request.choices,
    ...mountOf(request.root, base, request.file, config),
    testFramework: detectFramework(readProjectFile(request.root, 'package.json')),
    ...portOf(request.root),
    libraries: projectLibraries(request.root),
    workspace: { ...facts, secretOwners: secretOwnersOf(existing), passwordExposures: passwordExposures(existing) },
    now: request.now ?? new Date(),
    toolVersion: request.toolVersion,
  });
  const drafted = withDistinctTitles(
    stories.map((story): DraftedStory => {
      const duplicateOf = findDuplicate(existing, story);
      return { story, ...(duplicateOf ? { duplicateOf } : {}), covers: duplicateOf ? [] : findCovered(existing, story) };
    }),
    existing,
  );
  const linked = selectFindings(findings, request.selection, request.choices?.ruleId);
  const goals = proposeGoals(request.choices?.stride);
  return {
    ...drafted[0],
    stories: drafted,
    findings: linked,
    goals,
    ...(needsTriage(linked.length, request.choices) ? { triage: triageDraft(drafted[0].story, goals) } : {}),
    git,
    path,
    backlog,
  };
}

/**
 * A new story whose title another story of the backlog (or of this raise) already has says what
 * sets it apart; one the backlog already holds, or one offered as an extension of open stories,
 * keeps its title. The stories raised together are
 * told each other's new titles.
 */
function withDistinctTitles(drafted: DraftedStory[], existing: readonly StoredStory[]): DraftedStory[] {
  const titles = new Map<string, string>();
  const out = drafted.map((d): DraftedStory => {
    if (d.duplicateOf) {
      titles.set(d.story.key, d.duplicateOf.title);
      return d;
    }
    // A selection repeating open stories of the same goal is offered as an extension of them, under their goal's title.
    if (d.covers.length > 0) {
      titles.set(d.story.key, d.story.title);
      return d;
    }
    const taken = new Set([...existing.map((s) => s.title), ...titles.values()]);
    const title = distinctTitle(d.story, taken);
    titles.set(d.story.key, title);
    return title === d.story.title ? d : { ...d, story: { ...d.story, title } };
  });
  return out.map((d) => (d.story.raisedWith ? { ...d, story: { ...d.story, raisedWith: d.story.raisedWith.map((r) => ({ ...r, title: titles.get(r.key) ?? r.title })) } } : d));
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
 * Drafts and files the stories, one per attacker goal and asset, in order; for each, an existing
 * story for the same code is returned instead of a copy, and one that a superset selection would
 * repeat is reported as an overlap (nothing filed for it). Code without findings and without a
 * chosen goal gets one unrated "needs triage" draft: Rugged never rates a threat nobody named.
 */
export async function raiseStories(request: StoryRequest): Promise<RaiseResult[]> {
  const draft = await draftStory(request);
  if (draft.triage) {
    if (!draft.backlog.createTriage) {
      throw new BacklogError('invalid-config', draft.backlog.description, `Rugged found nothing in ${draft.path} to base a story on; choose an attacker goal (--goal) to raise one in ${draft.backlog.description}.`);
    }
    const filed = await draft.backlog.createTriage(draft.triage);
    return [{ kind: 'triage', draft: draft.triage, filed, created: filed.created }];
  }
  const overlapping = (d: DraftedStory) => d.covers.length > 0 && !request.separate;
  // Siblings are the stories that end up on the backlog: filed now or found there.
  const filing = draft.stories.filter((d) => !overlapping(d));
  const results: RaiseResult[] = [];
  const filed = new Map<DraftedStory, { story: Story; stored: StoredStory; created: boolean }>();
  for (const drafted of draft.stories) {
    if (overlapping(drafted)) {
      const linked = new Set(drafted.covers.flatMap((s) => s.story?.findings.map((f) => f.fingerprint) ?? []));
      results.push({ kind: 'overlap', story: drafted.story, existing: drafted.covers, uncovered: drafted.story.findings.filter((f) => !linked.has(f.fingerprint)), created: false });
      continue;
    }
    const story = withSiblings(drafted.story, filing.filter((d) => d !== drafted), filed);
    const result = await draft.backlog.create(story);
    filed.set(drafted, { story, stored: result.story, created: result.created });
    results.push({ kind: 'story', story, stored: result.story, created: result.created });
  }
  // One at a time, in the stories' order, so platform stories get the same numbers on every run.
  const linked: RaiseResult[] = [];
  for (const result of results) linked.push(result.kind === 'story' && result.created ? await linkCreated(draft, result, filed, request) : result);
  const relinked = await linkEarlierSiblings(draft.backlog, filing, filed);
  const updated = linked.map((result) => (result.kind === 'story' && relinked.has(result.stored.id) ? { ...result, stored: relinked.get(result.stored.id)! } : result));
  return linkFoundMissingLogin(draft, updated);
}

/**
 * A story this raise found on the backlog (filed by an earlier raise of the same code) learns of
 * the siblings this raise filed, so every story of the group names all the others whichever raise
 * filed it; the links it had stay. Returns the rewritten stories by id.
 */
async function linkEarlierSiblings(backlog: Backlog, filing: readonly DraftedStory[], filed: ReadonlyMap<DraftedStory, { stored: StoredStory; created: boolean }>): Promise<Map<string, StoredStory>> {
  const rewritten = new Map<string, StoredStory>();
  if (!backlog.extend || !filing.some((d) => filed.get(d)?.created)) return rewritten;
  const member = (d: DraftedStory) => {
    const stored = filed.get(d)!.stored;
    return { key: stored.story?.key ?? d.story.key, title: stored.story?.title ?? d.story.title, id: stored.id };
  };
  for (const drafted of filing) {
    const entry = filed.get(drafted);
    const earlier = entry?.stored.story;
    if (!entry || entry.created || !earlier) continue;
    const group = filing.filter((d) => d !== drafted && filed.has(d)).map(member).filter((m) => m.key !== earlier.key);
    const had = earlier.raisedWith ?? [];
    const known = new Set(had.map((s) => s.key));
    const added = group.filter((m) => !known.has(m.key));
    // Ids learnt since: a sibling named by its key alone when it was filed elsewhere first.
    const kept = had.map((s) => (s.id ? s : { ...s, ...(group.find((m) => m.key === s.key) ? { id: group.find((m) => m.key === s.key)!.id } : {}) }));
    if (added.length === 0 && kept.every((s, i) => s.id === had[i].id)) continue;
    rewritten.set(entry.stored.id, await backlog.extend(entry.stored.id, { ...earlier, raisedWith: [...kept, ...added] }));
  }
  return rewritten;
}

/**
 * A missing-login story is one per router, so it is usually found on the backlog when a later story
 * on the same router is raised: it learns of the new stories, so its "Raised together with" lists
 * every story on its routes and not only the first.
 */
async function linkFoundMissingLogin(draft: StoryDraft, results: RaiseResult[]): Promise<RaiseResult[]> {
  if (!draft.backlog.extend) return results;
  const created = results.flatMap((r) => (r.kind === 'story' && r.created ? [{ key: r.story.key, title: r.stored.title, id: r.stored.id }] : []));
  const out: RaiseResult[] = [];
  for (const result of results) {
    const found = result.kind === 'story' && !result.created ? result.stored.story : undefined;
    const known = new Set((found?.raisedWith ?? []).map((s) => s.key));
    const added = created.filter((c) => !known.has(c.key));
    if (result.kind !== 'story' || !found?.missingLogin || added.length === 0) {
      out.push(result);
      continue;
    }
    const stored = await draft.backlog.extend(result.stored.id, { ...found, raisedWith: [...(found.raisedWith ?? []), ...added] });
    out.push({ ...result, stored });
  }
  return out;
}

/**
 * The story naming the siblings it is raised with: their tracker ids where they are known (found
 * on the backlog, or filed before it), else their keys.
 */
function withSiblings(story: Story, siblings: readonly DraftedStory[], filed: ReadonlyMap<DraftedStory, { stored: StoredStory }>): Story {
  if (siblings.length === 0) return story;
  const raisedWith = siblings.map((d) => {
    const id = d.duplicateOf?.id ?? filed.get(d)?.stored.id;
    // A sibling found on the backlog is named as it was filed there.
    return { key: d.story.key, title: d.duplicateOf?.title ?? d.story.title, ...(id ? { id } : {}) };
  });
  return { ...story, raisedWith };
}

/**
 * Rewrites a newly filed story once every sibling has its id, and files and links the platform
 * stories it relies on. Trackers that cannot rewrite an item keep the siblings' keys and name the
 * site-wide controls instead.
 */
async function linkCreated(
  draft: StoryDraft,
  result: Extract<RaiseResult, { kind: 'story' }>,
  filed: ReadonlyMap<DraftedStory, { story: Story; stored: StoredStory }>,
  request: StoryRequest,
): Promise<RaiseResult> {
  const ids = new Map([...filed.values()].map((f) => [f.story.key, f.stored.id]));
  const siblings = result.story.raisedWith?.map((s) => ({ ...s, ...(ids.get(s.key) ? { id: ids.get(s.key) } : {}) }));
  const { platform, notRaised } = request.platformStories === false ? { platform: [], notRaised: [] } : await filePlatformStories(draft, result.story, request);
  const stored = result.stored.story;
  const changed = platform.length > 0 || notRaised.length > 0 || (siblings ?? []).some((s, i) => s.id !== result.story.raisedWith?.[i].id);
  if (!changed || !stored || !draft.backlog.extend) return result;
  // The story's own dependencies (the owner of a committed key it relies on) stay beside the platform ones.
  const dependsOn = [...(stored.dependsOn ?? []).filter((d) => !platform.some((p) => p.id === d.id)), ...platform];
  const linked = await draft.backlog.extend(result.stored.id, {
    ...stored,
    ...(siblings ? { raisedWith: siblings } : {}),
    ...(platform.length > 0 ? { dependsOn } : {}),
    ...(notRaised.length > 0 ? { platformNotRaised: notRaised } : {}),
  });
  return { ...result, story: linked.story ?? result.story, stored: linked, ...(platform.length > 0 ? { platform } : {}) };
}

/**
 * Files each platform story a new story relies on (once per backlog: an existing one is found by
 * its fingerprint). Every story of the raise is filed first, so their numbers do not depend on how
 * many platform stories the backlog lacked. CSRF, HSTS and database least privilege are raised only
 * where the code shows the control is needed (or cannot tell, for the database), rated from that
 * evidence; the others say why they were left out.
 */
async function filePlatformStories(draft: StoryDraft, story: Story, request: StoryRequest): Promise<{ platform: { id: string; title: string }[]; notRaised: { control: string; reason: string }[] }> {
  const controls = story.platformControls ?? [];
  const ids = platformIdsOf(controls);
  // A tracker that cannot rewrite an item could not link them: the story names the controls instead.
  if (ids.length === 0 || !draft.backlog.extend) return { platform: [], notRaised: [] };
  let facts: PlatformFacts | undefined;
  const factsOnce = (): PlatformFacts => (facts ??= platformFactsOf(readAppSources(request.root, draft.git.topLevel ?? request.root, request.config ?? loadConfig(request.root, { knownRuleIds: knownRuleIds(request.rules) }))));
  const platform: { id: string; title: string }[] = [];
  const notRaised: { control: string; reason: string }[] = [];
  for (const id of ids) {
    const verdict = verdictFor(id, factsOnce);
    if (verdict && verdict.kind !== 'rated') {
      for (const control of controls.filter((c) => platformIdsOf([c]).includes(id))) notRaised.push({ control, reason: `${verdict.kind === 'unknown' ? 'unknown' : 'not needed'}: ${verdict.reason}` });
      continue;
    }
    const grounding = verdict ? { likelihood: verdict.likelihood, reason: verdict.reason, evidence: verdict.evidence } : undefined;
    const filed = await draft.backlog.create(platformStory(id, request.now ?? new Date(), request.toolVersion, grounding));
    platform.push({ id: filed.story.id, title: filed.story.title });
  }
  return { platform, notRaised };
}

/** The code's verdict on a control whose need depends on the app; undefined for controls every app needs. */
function verdictFor(id: PlatformId, facts: () => PlatformFacts): PlatformVerdict | undefined {
  if (id === 'csrf') return csrfVerdict(facts());
  if (id === 'hsts') return hstsVerdict(facts());
  if (id === 'db-least-privilege') return databaseVerdict(facts());
  return undefined;
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
  // Of the selection's stories (one per goal), the one for the target's goal: it covers the target,
  // or shares findings with it; else the first.
  const have = new Set(target.story.findings.map((f) => f.fingerprint));
  const chosen =
    draft.stories.find((d) => d.covers.some((s) => s.id === target.id)) ??
    draft.stories.find((d) => d.story.findings.some((f) => have.has(f.fingerprint))) ??
    draft;
  const extension = extendStory(target.story, chosen.story);
  const stored = await draft.backlog.extend(target.id, extension.story);
  return { stored, addedFindings: extension.addedFindings, addedCriteria: extension.addedCriteria };
}

/**
 * Open stories that carry the move-and-rotate work of a committed secret: those that say they own
 * it, and a story raised on the secret's own line.
 */
function secretOwnersOf(existing: readonly StoredStory[]): SecretOwner[] {
  const owners: SecretOwner[] = [];
  for (const stored of existing) {
    const story = stored.story;
    if (stored.done || !story) continue;
    for (const s of story.ownsSecrets ?? []) owners.push({ path: s.path, line: s.line, id: stored.id, title: stored.title });
    for (const f of story.findings) if (f.ruleId === SECRET_RULE) owners.push({ path: story.entryPoint.path, line: f.lines[0], id: stored.id, title: stored.title });
  }
  return owners;
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

/** The base with its links resolved, as repoPath relates the story's file to it. */
function realBase(base: string): string {
  try {
    return realpathSync(resolve(base));
  } catch {
    return resolve(base);
  }
}

/**
 * The router's full mount prefix, the file that mounts it and the levels above (a router mounted
 * in a router mounted in the app): the middleware of every level decides whether the route checks a login.
 */
function mountOf(root: string, base: string, file: string, config: LoadedConfig): Pick<StoryInput, 'mountPrefix' | 'mount' | 'outerMounts'> {
  const [inner, ...outer] = findMountChain(root, file, config);
  if (!inner) return {};
  const level = (l: typeof inner) => ({ path: repoPath(base, l.file), text: l.text, prefix: l.prefix, ...(l.local ? { local: l.local } : {}) });
  return { mountPrefix: fullPrefix([inner, ...outer]), mount: level(inner), ...(outer.length > 0 ? { outerMounts: outer.map(level) } : {}) };
}

function portOf(root: string): { appPort?: number } {
  const port = findAppPort(root, readProjectFile(root, 'package.json'));
  return port ? { appPort: port } : {};
}

