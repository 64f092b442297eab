// Handlers of rugged/proposeStory, rugged/createStory and rugged/securityBacklog: the editor's side
// of "Raise abuser story" and of the Security backlog view. They convert between LSP shapes and
// the backlog module (server/src/backlog), which does the work; backlog failures become
// ResponseErrors whose message the client shows as is. Every path the client names passes the
// workspace boundary first: a story or a backlog outside the workspace folders is refused.
import { join } from 'node:path';
import { ErrorCodes, ResponseError, type Range } from 'vscode-languageserver';
import type { RuleModule } from '../engine/api';
import { BacklogError, type TrackerAccess } from '../backlog/backlog';
import { draftStory, extendExistingStory, raiseStories, type RaiseResult, type StoryRequest } from '../backlog/useCases/raiseStory';
import { workspaceRisk } from '../backlog/useCases/workspaceRisk';
import type { StoryEntry } from '../backlog/story/residualRisk';
import type { StoryChoices } from '../backlog/story/story';
import { ACTORS, STRIDE, STRIDE_LETTERS } from '../backlog/story/stride';
import { loadConfig, type LoadedConfig } from '../config/load';
import { knownRuleIds } from '../catalog/knownRuleIds';
import type { Finding } from '../engine/finding';
import { redactSecrets } from '../redaction/redact';
import type {
  BacklogTargetParams,
  BacklogTargetResult,
  CreateStoryParams,
  CreateStoryResult,
  ProposeStoryParams,
  ProposeStoryResult,
  RaisedStory,
  SecurityBacklogParams,
  SecurityBacklogResult,
  SecurityBacklogStory,
  StoryChoicesParams,
  TrackerCredentials,
} from '../shared/protocol';
import { describeError } from './guard';
import { toLspRange } from './positions';
import { pathToUri } from './uris';
import type { Inside } from './workspaceBoundary';

/** Error code of backlog refusals (outside the JSON-RPC reserved range). */
export const BACKLOG_ERROR_CODE = 1;

/** What the handlers borrow from the running server: the boundary, the rules and the version are required, the other hooks optional. */
export interface BacklogRequestContext {
  /**
   * Where a client-named file or folder really is and which workspace folder holds it; throws a
   * ResponseError naming it when it lies outside (WorkspaceBoundary.require).
   */
  inside(pathOrUri: string, what: string): Inside;
  /** The open editor's text of a document, so unsaved edits are what gets quoted. */
  documentText?(uri: string): string | undefined;
  /** The server's rule set: stories link their findings and the backlog view scans with it. */
  rules: readonly RuleModule[];
  /** The server's version, recorded in a story's provenance. */
  toolVersion: string;
  /** The configuration of a project root, as the server merged it; `.rugged.json` otherwise. */
  configFor?(root: string): LoadedConfig | undefined;
  /** Findings the server already has for the files of a root (absolute path -> findings); scanned otherwise. */
  knownFindings?(root: string): ReadonlyMap<string, readonly Finding[]> | undefined;
  now?(): Date;
  /** Where unexpected failures are logged (the server's connection.console.error). */
  log?(message: string): void;
}

/** A context over the server's open documents: `backlogContext(documents)` is all the wiring needs. */
export function backlogContext(documents: { get(uri: string): { getText(): string } | undefined }, extra: BacklogRequestContext): BacklogRequestContext {
  return { documentText: (uri) => documents.get(uri)?.getText(), ...extra };
}

export async function proposeStory(params: ProposeStoryParams, context: BacklogRequestContext): Promise<ProposeStoryResult> {
  const draft = await asResponses('Proposing the abuser story', context, () => draftStory(storyRequest(params, context)));
  const story = draft.story;
  return {
    title: story.title,
    actor: story.actor,
    stride: story.stride,
    goal: story.goal,
    harm: story.harm,
    narrative: story.narrative,
    risk: { severity: story.risk.severity, likelihood: story.risk.likelihood, impact: story.risk.impact, method: story.risk.method, rationale: story.risk.rationale },
    labels: story.labels,
    entryPoint: {
      path: story.entryPoint.path,
      ...(story.entryPoint.symbol ? { symbol: story.entryPoint.symbol } : {}),
      lines: story.entryPoint.lines,
      ...(story.entryPoint.permalink ? { permalink: story.entryPoint.permalink } : {}),
    },
    findings: draft.findings.map((f) => {
      const rule = context.rules.find((r) => r.id === f.ruleId);
      const linked = story.findings.find((s) => s.fingerprint === f.fingerprint);
      return {
        ruleId: f.ruleId,
        ...(linked?.title ? { title: linked.title } : rule ? { title: rule.meta.title } : {}),
        range: toLspRange(f.range),
        severity: f.severity,
        message: linked?.message ?? f.message,
        cwe: linked?.cwe ?? [],
      };
    }),
    goals: draft.findings.length > 0 ? [] : draft.goals.map((g) => ({ id: g.id, stride: g.stride, goal: g.goal, harm: g.harm, actor: g.actor })),
    actors: [...ACTORS],
    strideOptions: STRIDE_LETTERS.map((letter) => ({ letter, name: STRIDE[letter].name, property: STRIDE[letter].property })),
    redactions: story.provenance.redactions,
    ...(draft.duplicateOf ? { duplicateOf: duplicate(draft.duplicateOf) } : {}),
    backlog: draft.backlog.description,
    ...(draft.backlog.destination ? { destination: await asResponses('Asking the tracker where the story goes', context, () => draft.backlog.destination!()) } : {}),
    ...(draft.triage ? { needsTriage: true } : {}),
    ...(draft.covers.length > 0 ? { overlaps: draft.covers.map(duplicate) } : {}),
    ...(draft.stories.length > 1
      ? {
          stories: draft.stories.map((d) => ({
            title: d.story.title,
            narrative: d.story.narrative,
            severity: d.story.risk.severity,
            criteria: d.story.acceptanceCriteria.length,
            ...(d.duplicateOf ? { duplicateOf: duplicate(d.duplicateOf) } : {}),
            ...(d.covers.length > 0 ? { overlaps: d.covers.map(duplicate) } : {}),
          })),
        }
      : {}),
  };
}

/** An existing story as the client opens it. */
function duplicate(stored: { id: string; title: string; location: string }): { id: string; title: string; uri: string } {
  return { id: stored.id, title: stored.title, uri: isRemote(stored.location) ? stored.location : pathToUri(stored.location) };
}

/** Which tracker (and host) a file's or folder's project sends stories to. */
export function backlogTarget(params: BacklogTargetParams, context: BacklogRequestContext): BacklogTargetResult {
  if (typeof params?.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'rugged/backlogTarget expects { uri } with a file or folder URI of the workspace.');
  const { folder: root } = context.inside(params.uri, 'read the backlog settings of');
  const config = context.configFor?.(root) ?? loadConfig(root, { knownRuleIds: knownRuleIds(context.rules) });
  const tracker = config.backlog.tracker ?? 'markdown';
  const url = (key: string, fallback: string) => {
    const value = config.backlog[key];
    try {
      return new URL(typeof value === 'string' ? value : fallback).host;
    } catch {
      return undefined;
    }
  };
  const host = tracker === 'github' ? url('apiUrl', 'https://api.github.com') : tracker === 'gitlab' ? url('apiUrl', 'https://gitlab.com') : tracker === 'jira' ? url('baseUrl', '') : undefined;
  return { tracker, ...(host ? { host } : {}) };
}

export async function createStory(params: CreateStoryParams, context: BacklogRequestContext): Promise<CreateStoryResult> {
  const extend = params.choices?.extend;
  if (typeof extend === 'string' && extend.trim() !== '') {
    const done = await asResponses('Extending the abuser story', context, () => extendExistingStory(storyRequest(params, context), extend));
    const uri = isRemote(done.stored.location) ? done.stored.location : pathToUri(done.stored.location);
    const extended = { id: done.stored.id, title: done.stored.title, uri, created: false };
    return { ...extended, extended: { findings: done.addedFindings, criteria: done.addedCriteria }, stories: [extended] };
  }
  const results = await asResponses('Raising the abuser story', context, () => raiseStories(storyRequest(params, context)));
  const stories = results.map(raisedStory);
  return { ...stories[0], stories };
}

/** One story of a raise in the protocol's terms. */
function raisedStory(result: RaiseResult): RaisedStory {
  if (result.kind === 'overlap') {
    const first = result.existing[0];
    return { id: first.id, title: first.title, uri: duplicate(first).uri, created: false, duplicateOf: first.id, overlaps: result.existing.map((s) => s.id) };
  }
  if (result.kind === 'triage') {
    const id = result.filed.id;
    return { id, title: result.draft.title, uri: pathToUri(result.filed.location), created: result.created, needsTriage: true, ...(result.created ? {} : { duplicateOf: id }) };
  }
  return {
    id: result.stored.id,
    title: result.stored.title,
    uri: duplicate(result.stored).uri,
    created: result.created,
    ...(result.created ? {} : { duplicateOf: result.stored.id }),
  };
}

/** The Security backlog view of one workspace folder (a folder URI, or its absolute path). */
export async function securityBacklog(params: SecurityBacklogParams | string, context: BacklogRequestContext): Promise<SecurityBacklogResult> {
  const folder = typeof params === 'string' ? params : params?.folder;
  if (typeof folder !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'rugged/securityBacklog expects { folder } with a workspace folder URI.');
  const root = context.inside(folder, 'read the security backlog of').path;
  const { risk, base, backlogLocation } = await asResponses('Reading the security backlog', context, () =>
    workspaceRisk(root, {
      rules: context.rules,
      config: context.configFor?.(root),
      findings: context.knownFindings?.(root),
      ...(context.now ? { today: context.now().toISOString().slice(0, 10) } : {}),
      access: accessOf(typeof params === 'string' ? undefined : params.credentials),
    }),
  );
  const fileUri = (path: string) => pathToUri(join(base, path));
  const lines = (line: number): Range => ({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } });
  // Task files are the workspace's text (hand-written, or older than the redaction).
  const toStory = (e: StoryEntry): SecurityBacklogStory => ({
    id: e.id,
    title: redactSecrets(e.title).text,
    status: e.status,
    done: e.done,
    severity: e.severity,
    uri: isRemote(e.location) ? e.location : pathToUri(e.location),
    ...(e.path && e.lines
      ? { entryPoint: { uri: fileUri(e.path), range: { start: lines(e.lines[0]).start, end: lines(e.lines[1]).end }, ...(e.symbol ? { symbol: redactSecrets(e.symbol).text } : {}) } }
      : {}),
    ruleIds: e.ruleIds,
    criteria: e.criteria,
    stillFiring: e.stillFiring,
    quiet: e.quiet,
    ...(e.problem ? { problem: e.problem } : {}),
    ...(e.evidence && e.evidence.missing.length > 0 && !e.stillFiring ? { evidenceMissing: e.evidence.missing } : {}),
    ...(e.acceptance ? { acceptance: { by: redactSecrets(e.acceptance.by).text, until: e.acceptance.until, rating: e.acceptance.rating, state: e.acceptance.state } } : {}),
  });
  return {
    folder: typeof params === 'string' ? pathToUri(root) : params.folder,
    ...(backlogLocation ? { backlogDirectory: backlogLocation } : {}),
    byStatus: risk.byStatus.map((g) => ({ status: g.status, stories: g.stories.map(toStory) })),
    byRisk: risk.byRisk.map((g) => ({ severity: g.severity, stories: g.stories.map(toStory) })),
    uncovered: risk.uncovered.map((u) => ({ uri: fileUri(u.path), range: lines(u.line), ruleId: u.ruleId, severity: u.severity, message: u.message })),
    suppressions: risk.suppressions.map((s) => ({
      uri: fileUri(s.path),
      range: lines(s.line),
      ruleId: s.ruleId,
      reason: s.reason,
      ...(s.until ? { until: s.until } : {}),
      expiresSoon: s.expiresSoon,
    })),
    residual: risk.residual,
    warnings: risk.warnings.map((w) => redactSecrets(w).text),
  };
}

function storyRequest(params: ProposeStoryParams, context: BacklogRequestContext): StoryRequest {
  if (typeof params?.uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'Abuser story requests expect { uri } with the URI of a file in the workspace.');
  if (!params.uri.startsWith('file:')) throw new ResponseError(BACKLOG_ERROR_CODE, `Abuser stories can be raised for files on disk only, not for ${params.uri}.`);
  // The story lives in the backlog of the workspace folder that really holds the file.
  const { path: file, folder: root } = context.inside(params.uri, 'raise an abuser story for');
  return {
    root,
    file,
    text: context.documentText?.(params.uri),
    selection: selectionOf(params.range),
    choices: choicesOf(params),
    separate: params.choices?.separate === true,
    platformStories: params.choices?.platformStories !== false,
    rules: context.rules,
    toolVersion: context.toolVersion,
    ...(context.configFor?.(root) ? { config: context.configFor(root) } : {}),
    ...(context.now ? { now: context.now() } : {}),
    access: accessOf(params.credentials),
  };
}

/** Credentials as the backlog takes them: strings only, for this request only. */
function accessOf(credentials: TrackerCredentials | undefined): TrackerAccess {
  const access: TrackerAccess = {};
  if (!credentials || typeof credentials !== 'object') return access;
  for (const key of ['githubToken', 'gitlabToken', 'jiraEmail', 'jiraApiToken'] as const) {
    const value = credentials[key];
    if (typeof value === 'string' && value.trim() !== '') access[key] = value.trim();
  }
  return access;
}

/** A remote tracker's item is a web address; a task file is a path. */
function isRemote(location: string): boolean {
  return /^https?:\/\//.test(location);
}

/** LSP ranges are 0-based and end-exclusive; a selection ending at column 0 stops on the line before. */
export function selectionOf(range: Range | undefined): StoryRequest['selection'] {
  if (!range) return undefined;
  if (range.start.line === range.end.line && range.start.character === range.end.character) return undefined;
  const startLine = range.start.line + 1;
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line : range.end.line + 1;
  return { startLine, endLine: Math.max(startLine, endLine) };
}

function choicesOf(params: ProposeStoryParams): StoryChoices {
  const c: StoryChoicesParams = params.choices ?? {};
  const choices: StoryChoices = {};
  if (c.title?.trim()) choices.title = c.title;
  if (c.actor?.trim()) choices.actor = c.actor;
  if (c.stride?.length) choices.stride = c.stride.filter((l) => STRIDE_LETTERS.includes(l));
  if (c.goalId) choices.goalId = c.goalId;
  if (c.goalText?.trim()) choices.goal = c.goalText;
  if (c.harm?.trim()) choices.harm = c.harm;
  if (c.prerequisites?.trim()) choices.prerequisites = c.prerequisites;
  if (c.asset?.trim()) choices.asset = c.asset;
  if (c.likelihood === 1 || c.likelihood === 2 || c.likelihood === 3) choices.likelihood = c.likelihood;
  if (c.impact === 1 || c.impact === 2 || c.impact === 3) choices.impact = c.impact;
  if (params.ruleId) choices.ruleId = params.ruleId;
  return choices;
}

/**
 * Every failure reaches the client as a ResponseError it can show: backlog refusals with their own
 * message (it names the file and the way out), anything unexpected in one line, logged with where
 * it happened. So the handlers never answer null and never send a stack trace.
 */
async function asResponses<T>(what: string, context: BacklogRequestContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    if (error instanceof BacklogError) throw new ResponseError(BACKLOG_ERROR_CODE, error.message, { code: error.code, target: error.target });
    context.log?.(`${what} failed: ${describeError(error)}`);
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ResponseError(ErrorCodes.InternalError, `${what} failed: ${message}`);
  }
}
