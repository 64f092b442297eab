// What the Rugged language server and its clients agree on beyond standard LSP: the settings
// shape, initialization options, custom requests and notifications (`rugged/<noun>`) and the
// commands its code actions carry. The VS Code client imports this file, so it must stay free of
// Node and engine imports.
import { NotificationType, RequestType, type Range, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';

export type SeverityOverride = 'error' | 'warning' | 'info' | 'off';
export type TraceLevel = 'off' | 'messages' | 'verbose';
/** Which findings are shown; the engine's `Profile`, repeated here because the client cannot import the engine. */
export type ProfileSetting = 'default' | 'audit';

/**
 * The `rugged` configuration section, read per resource through `workspace/configuration`
 * (scopeUri = the document's URI). Keys in editors: `rugged.enable`, `rugged.rules`, ...
 */
export interface RuggedSettings {
  /** Turns every diagnostic of this resource on or off. */
  enable: boolean;
  /** Rule id -> severity or "off". Wins over the rules section of `.rugged.json`. */
  rules: Record<string, SeverityOverride>;
  /** Extra minimatch globs of files not to check, relative to the project root like `ignore` in `.rugged.json`. */
  ignore: string[];
  /** Scan every file of the workspace folders once the server has started. */
  scanOnStartup: boolean;
  /** Files longer than this many characters are skipped with one notice. Wins over `.rugged.json` when changed from the default. */
  maxFileSize: number;
  /** A report from `rugged scan -f sarif`/`-f json`, relative to the project root: its findings are shown as hints. Empty: none. */
  baseline: { file: string };
  /** `audit` also shows strings built from values of unknown origin in library code. Wins over `.rugged.json` when changed from the default. */
  profile: ProfileSetting;
  /** Read by the client to trace the LSP traffic in its output channel. */
  trace: { server: TraceLevel };
}

export const SETTINGS_SECTION = 'rugged';

/** The defaults; the client's package.json declares the same values. */
export const DEFAULT_SETTINGS: Readonly<RuggedSettings> = {
  enable: true,
  rules: {},
  ignore: [],
  scanOnStartup: true,
  maxFileSize: 1024 * 1024,
  baseline: { file: '' },
  profile: 'default',
  trace: { server: 'off' },
};

/** Every setting key as an editor spells it, in the order of `RuggedSettings`. */
export const SETTING_KEYS = [
  'rugged.enable',
  'rugged.rules',
  'rugged.ignore',
  'rugged.scanOnStartup',
  'rugged.maxFileSize',
  'rugged.baseline.file',
  'rugged.profile',
  'rugged.trace.server',
] as const;

/** `initializationOptions` of the `initialize` request; every field is optional. */
export interface RuggedInitializationOptions {
  /**
   * A folder the server may write its result cache to (VS Code: `ExtensionContext.storageUri`'s
   * path). Without it the cache goes to the user's cache folder (`$XDG_CACHE_HOME/rugged`, else
   * `~/.cache/rugged`; `~/Library/Caches/rugged` on macOS; `%LOCALAPPDATA%\rugged` on Windows).
   * A folder other users can write is refused, and results then stay in memory.
   */
  storagePath?: string;
  /**
   * Worker threads for the workspace scan; 0 analyses in the server's thread. Absent: one fewer
   * than the cores (the editor keeps one), and none below a few files. Tests and benchmarks set it.
   */
  scanWorkers?: number;
  /**
   * Open documents at least this many characters long are analysed on the server's document
   * worker thread, so a long file's keystrokes never hold the thread that answers requests; shorter
   * ones stay in the server's thread, where they cost less than the hand-over. 0 sends every open
   * document there; absent: 4,096. Tests and benchmarks set it.
   */
  documentWorkerFrom?: number;
}

/** What a Rugged diagnostic carries in `data`, so code actions need no second analysis. */
export interface DiagnosticData {
  ruleId: string;
  fingerprint: string;
  confidence: 'high' | 'medium' | 'low';
}

/** Command ids carried by Rugged's code actions. */
export const Commands = {
  /**
   * Handled by the server through `workspace/executeCommand`. The argument is
   * `SuppressFindingArgs`; the reason is required, so the client asks the user for it and adds it
   * before forwarding. Without a reason the server answers with an error that says so.
   */
  suppressFinding: 'rugged.suppressFinding',
  /**
   * Handled by the server: opens `url` with `window/showDocument` (external) when the client
   * supports it, otherwise logs the URL. Argument: `OpenRuleDocumentationArgs`.
   */
  openRuleDocumentation: 'rugged.openRuleDocumentation',
  /** Handled by the client's backlog feature, not by the server. Argument: `RaiseAbuserStoryArgs`. */
  raiseAbuserStory: 'rugged.raiseAbuserStory',
} as const;

/** Commands the server executes itself (listed in `executeCommandProvider`). */
export const SERVER_COMMANDS: readonly string[] = [Commands.suppressFinding, Commands.openRuleDocumentation];

export interface SuppressFindingArgs {
  uri: string;
  /** Version of the document the action was computed for; a newer version rejects the edit. */
  version: number;
  /** 0-based line of the finding's start. */
  line: number;
  ruleId: string;
  /** Why the finding is acceptable here; required, written into the comment. */
  reason?: string;
}

export interface OpenRuleDocumentationArgs {
  ruleId: string;
  url: string;
}

export interface RaiseAbuserStoryArgs {
  uri: string;
  range: Range;
  ruleId: string;
  fingerprint: string;
  message: string;
}

/** Result of `rugged.suppressFinding`. */
export interface SuppressFindingResult {
  applied: boolean;
}

export interface StatusParams {
  /** `running`: idle and watching; `scanning`: a workspace scan is in progress; `error`: a request failed. */
  state: 'running' | 'scanning' | 'error';
  /** While scanning: files done and files in total. */
  scan?: { done: number; total: number };
  /** Rugged diagnostics currently published across every file (suppressed ones excluded). */
  findings: number;
  /** Files currently carrying at least one of them. */
  filesWithFindings: number;
  /** Something said once, e.g. a file skipped because it is too large, minified or binary. */
  notice?: { uri: string; message: string };
  /** The failure, when state is `error`. */
  message?: string;
}

/** Sent from the server to the client whenever the status changes (throttled while scanning). */
export namespace StatusNotification {
  export const method = 'rugged/status';
  export const type = new NotificationType<StatusParams>(method);
}

/** With a `workDoneToken`, progress goes to that token; otherwise the server creates its own. */
export interface ScanWorkspaceParams extends WorkDoneProgressParams {
  /** Folder URIs to scan; all workspace folders when absent. */
  folders?: string[];
}

export interface ScanWorkspaceResult {
  folders: number;
  /** Source files found (after .gitignore, default excludes and ignore globs), skipped ones included. */
  files: number;
  /** Files analysed afresh. */
  analysed: number;
  /** Files whose unchanged content reused a cached result. */
  cached: number;
  /**
   * Files skipped with a notice: too large, minified, binary or unreadable. The files not in
   * analysed + cached + skipped are open in the editor (checked there) or ignored by a nested project.
   */
  skipped: number;
  findings: number;
  filesWithFindings: number;
  /** True when a newer scan or a shutdown stopped this one. */
  cancelled: boolean;
}

/**
 * Sent from the client to the server by the "Scan workspace" command: reads every file of the
 * workspace folders again, with work-done progress, and answers with counts. Files whose content,
 * configuration and rules are unchanged reuse their cached results.
 */
export namespace ScanWorkspaceRequest {
  export const method = 'rugged/scanWorkspace';
  export const type = new RequestType<ScanWorkspaceParams | null, ScanWorkspaceResult, void>(method);
}

export interface RuleDocumentationParams {
  ruleId: string;
  /** A document in the project, so team rules of its `.rugged.json` are known. */
  uri?: string;
}

export interface RuleDocumentationResult {
  ruleId: string;
  title: string;
  /** The rule's page, when it has one. */
  url?: string;
  /** Checklist item, rationale, safe pattern and CWE/OWASP links, as markdown. */
  markdown: string;
}

/** Sent from the client to the server to describe one rule; null when the id is unknown. */
export namespace RuleDocumentationRequest {
  export const method = 'rugged/ruleDocumentation';
  export const type = new RequestType<RuleDocumentationParams, RuleDocumentationResult | null, void>(method);
}

// ---- Abuser stories and the Security backlog view (handlers: server/src/lsp/backlogRequests.ts) ----

export type StrideLetter = 'S' | 'T' | 'R' | 'I' | 'D' | 'E';
export type RiskGrade = 1 | 2 | 3;
export type StorySeverity = 'Low' | 'Medium' | 'High' | 'Critical';

/** What the user picked or typed in the quick picks; every field is optional. */
export interface StoryChoicesParams {
  title?: string;
  actor?: string;
  stride?: StrideLetter[];
  /** A goal id from `ProposeStoryResult.goals`; it leads the story even where findings exist. */
  goalId?: string;
  /** The attacker goal, business impact, prerequisites and asset in the user's words. */
  goalText?: string;
  harm?: string;
  prerequisites?: string;
  asset?: string;
  likelihood?: RiskGrade;
  impact?: RiskGrade;
  /** File the story even when open stories for the same goal already link some of its findings. */
  separate?: boolean;
  /** False: do not raise or link platform stories for the site-wide controls the story names (default true). */
  platformStories?: boolean;
  /** Add the selection's findings and criteria to this existing story (an id from `overlaps`) instead of filing one. */
  extend?: string;
}

/**
 * Credentials for a remote tracker, sent with each backlog request that needs them and held by the
 * server only for that request: the client gets them from VS Code's GitHub sign-in or its
 * SecretStorage, never from a file. The client's trace channel masks these fields.
 */
export interface TrackerCredentials {
  githubToken?: string;
  gitlabToken?: string;
  jiraEmail?: string;
  jiraApiToken?: string;
}

/** Field names the client masks wherever it logs protocol traffic. */
export const CREDENTIAL_FIELDS = ['githubToken', 'gitlabToken', 'jiraEmail', 'jiraApiToken'] as const;

export interface BacklogTargetParams {
  /** A file or workspace folder (`file:` URI); its project's `.rugged.json` names the tracker. */
  uri: string;
}

/** Which tracker a project's stories go to, so the client knows which credentials to ask for. */
export interface BacklogTargetResult {
  /** `markdown`, `github`, `gitlab` or `jira`; a name the server does not know comes back as is. */
  tracker: string;
  /** Host the credentials would be sent to (`api.github.com`, `gitlab.example.com`); absent for Backlog.md. */
  host?: string;
}

/**
 * Sent from the client to the server before a backlog request, to learn which tracker (and host)
 * the project's configuration names, so it asks for the right credentials and no others.
 */
export namespace BacklogTargetRequest {
  export const method = 'rugged/backlogTarget';
  export const type = new RequestType<BacklogTargetParams, BacklogTargetResult, void>(method);
}

export interface ProposeStoryParams {
  /** The file (`file:` URI); its open-editor text is used when it has unsaved changes. */
  uri: string;
  /** For a remote tracker; never written anywhere. */
  credentials?: TrackerCredentials;
  /** The selection; the whole file when absent or empty. */
  range?: Range;
  /** Set by "Raise abuser story from this finding": only this rule's findings are linked. */
  ruleId?: string;
  choices?: StoryChoicesParams;
}

export interface StoryGoalOption {
  id: string;
  stride: StrideLetter;
  goal: string;
  harm: string;
  actor: string;
}

export interface StoryFindingSummary {
  ruleId: string;
  title?: string;
  range: Range;
  severity: 'error' | 'warning' | 'info';
  message: string;
  cwe: string[];
}

export interface StoryDuplicate {
  /** Tracker id, e.g. `TASK-7`. */
  id: string;
  title: string;
  /** The story file, to open instead of raising a copy. */
  uri: string;
}

/** The pre-filled story the editor shows in its quick picks before anything is written. */
export interface ProposeStoryResult {
  title: string;
  actor: string;
  stride: StrideLetter[];
  goal: string;
  harm: string;
  narrative: string;
  risk: { severity: StorySeverity; likelihood: RiskGrade; impact: RiskGrade; method: string; rationale: string };
  labels: string[];
  /** Repository-relative path, enclosing symbol and lines (1-based) of the entry point. */
  entryPoint: { path: string; symbol?: string; lines: [number, number]; permalink?: string };
  findings: StoryFindingSummary[];
  /** Attacker goals to pick from when the code has no finding (for `choices.stride`, or all); empty otherwise. */
  goals: StoryGoalOption[];
  /** Persona suggestions for the actor pick (free text is accepted too). */
  actors: string[];
  strideOptions: { letter: StrideLetter; name: string; property: string }[];
  /** Secrets that will be replaced in the quoted code and messages. */
  redactions: number;
  duplicateOf?: StoryDuplicate;
  /** Where the story will go, for the confirmation ("Backlog.md in backlog/"). */
  backlog: string;
  /**
   * For a remote tracker: where the story will go and who can read it there ("a confidential issue
   * of GitLab project acme/shop: only members with at least the Planner role ..."), shown before
   * anything is sent.
   */
  destination?: string;
  /**
   * No finding and no goal chosen yet: the risk shown is only the catalogue's proposal, and
   * creating without a goal files an unrated "needs triage" draft instead of a story.
   */
  needsTriage?: boolean;
  /**
   * Open stories for the same goal whose findings this selection all links, and more: creating
   * files nothing and returns the first of them, so the client offers to extend it instead.
   */
  overlaps?: StoryDuplicate[];
  /**
   * Set when the selection holds several attacker goals: creating files one story per goal (the
   * fields above describe the first), so the client confirms them together instead of asking one
   * story's questions.
   */
  stories?: ProposedStory[];
}

/** One of the stories a selection with several attacker goals would file. */
export interface ProposedStory {
  title: string;
  narrative: string;
  severity: StorySeverity;
  criteria: number;
  duplicateOf?: StoryDuplicate;
  overlaps?: StoryDuplicate[];
}

/**
 * Sent from the client to the server when the user runs "Raise abuser story" (editor or explorer
 * context menu, palette, or the code action on a finding), and again after each choice, to get the
 * pre-filled story. Nothing is written.
 */
export namespace ProposeStoryRequest {
  export const method = 'rugged/proposeStory';
  export const type = new RequestType<ProposeStoryParams, ProposeStoryResult, void>(method);
}

export type CreateStoryParams = ProposeStoryParams;

export interface CreateStoryResult {
  /** Tracker id, e.g. `TASK-7`. */
  id: string;
  title: string;
  /** The story file, for the client to open. */
  uri: string;
  /** False when the story already existed; `id` and `uri` are then the existing story's. */
  created: boolean;
  duplicateOf?: string;
  /** An unrated "needs triage" draft was filed (no finding, no goal), not an abuser story. */
  needsTriage?: boolean;
  /** Ids of open stories the selection overlaps; nothing was filed (see ProposeStoryResult.overlaps). */
  overlaps?: string[];
  /** The existing story `id` was extended with the selection's findings and criteria (`choices.extend`). */
  extended?: { findings: number; criteria: number };
  /**
   * Every story of the raise, one per attacker goal, the first being the one described above; one
   * entry when the selection holds one goal.
   */
  stories: RaisedStory[];
}

/** One story of a raise: filed, found on the backlog, or left out because open stories overlap it. */
export type RaisedStory = Omit<CreateStoryResult, 'stories' | 'extended'>;

/**
 * Sent from the client to the server once the user confirmed the quick picks: writes the story to
 * the workspace's Backlog.md backlog (atomically, never overwriting) or returns the existing story
 * for the same code. Failures come back as a ResponseError whose message names the file.
 */
export namespace CreateStoryRequest {
  export const method = 'rugged/createStory';
  export const type = new RequestType<CreateStoryParams, CreateStoryResult, void>(method);
}

export interface SecurityBacklogParams {
  /** Workspace folder URI. */
  folder: string;
  /** For a remote tracker; never written anywhere. */
  credentials?: TrackerCredentials;
}

export interface SecurityBacklogStory {
  id: string;
  title: string;
  status: string;
  done: boolean;
  severity: StorySeverity | 'Unrated';
  /** The story file. */
  uri: string;
  /** Where the attack enters the code. */
  entryPoint?: { uri: string; range: Range; symbol?: string };
  ruleIds: string[];
  criteria: { checked: number; total: number };
  /** Done, but one of its findings fires again. */
  stillFiring: boolean;
  /** Not done, but its findings no longer fire: ready to check and close. */
  quiet: boolean;
  /** Why Rugged's data in the file could not be read. */
  problem?: string;
  /** Done, but what a mitigation needs is missing (one sentence each): it still counts as residual risk. */
  evidenceMissing?: string[];
  /** The risk acceptance recorded on it, and whether it still holds. */
  acceptance?: { by: string; until: string; rating: StorySeverity; state: 'active' | 'expiring' | 'expired' };
}

export interface SecurityBacklogFinding {
  uri: string;
  range: Range;
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface SecurityBacklogSuppression {
  uri: string;
  range: Range;
  ruleId: string;
  reason: string;
  until?: string;
  expiresSoon: boolean;
}

/** The "Security backlog" tree: stories by status and by risk, uncovered findings, suppressions. */
export interface SecurityBacklogResult {
  folder: string;
  /** The backlog folder relative to the workspace folder; absent when the workspace has none yet. */
  backlogDirectory?: string;
  byStatus: { status: string; stories: SecurityBacklogStory[] }[];
  byRisk: { severity: StorySeverity | 'Unrated'; stories: SecurityBacklogStory[] }[];
  uncovered: SecurityBacklogFinding[];
  suppressions: SecurityBacklogSuppression[];
  residual: SecurityBacklogResidual;
  /** Risk acceptances that expired or expire soon, target dates passed: one sentence each. */
  warnings: string[];
}

/**
 * What remains, each count in its own unit (never added up): distinct risks per level (stories
 * covering the same findings once, a finding a story covers only with the story) and on the 3x3
 * likelihood x impact grid, then the stories and findings by state.
 */
export interface SecurityBacklogResidual {
  byLevel: { severity: StorySeverity | 'Unrated'; risks: number; stories: number; findings: number }[];
  /** `cells[likelihood - 1][impact - 1]`. */
  heatMap: { cells: number[][]; unrated: number };
  openStories: number;
  reopened: number;
  /** Done stories without the evidence (criteria, a test, quiet findings): still residual. */
  closedWithoutEvidence: number;
  uncoveredFindings: number;
  /** Stories and findings in tests, build scripts and other non-product code, counted apart. */
  lowered: { stories: number; findings: number };
  accepted: number;
  suppressions: number;
}

/**
 * Sent from the client to the server to fill the Security backlog view, when it opens and when a
 * Markdown file under the backlog folder changes (the client watches them with a file watcher).
 */
export namespace SecurityBacklogRequest {
  export const method = 'rugged/securityBacklog';
  export const type = new RequestType<SecurityBacklogParams, SecurityBacklogResult, void>(method);
}
