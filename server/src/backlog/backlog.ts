// The one interface every backlog implements: Backlog.md files in the repository, or a remote
// tracker (GitHub, GitLab, Jira; adapters/<tracker>/). Editors, the CLI and the report only
// talk to this interface, so a new tracker is one adapter under adapters/<tracker>/ and one line in
// adapters/registry.ts, and nothing else changes.
//
// What an adapter must do:
//
// 1. Idempotency by fingerprint. `create` first looks for an item carrying `story.fingerprint`
//    (a label or hidden marker holding `story.key`/`story.fingerprint`, written on every item the
//    adapter creates) and returns it with `created: false` instead of filing a second one. After a
//    timeout or an unknown outcome it searches again before retrying; it never re-sends blindly.
// 2. Redaction before sending. `buildStory` already redacted secrets and made mentions,
//    images and HTML inert in every text field (markdownSafety.ts); an adapter sends only the Story's
//    fields, never the original file text, and converts them to the tracker's own format with
//    structured nodes (Jira ADF, ADO HTML escaping), not by concatenating markup. Confidential/private
//    visibility is the default where the tracker has it.
// 3. Refusal handling. Every failure becomes a `BacklogError` naming the target (file path or
//    tracker URL) and what the user can do: permission (401/403/EACCES), missing target
//    (404/ENOENT), read-only or full storage (EROFS/ENOSPC), rate limits (429: honour Retry-After,
//    back off, never retry other 4xx). Nothing is left half-written: a failed create leaves no
//    partial file or item, and the local record is only updated after the remote one exists.
// 4. Read back. `list`/`get` return `StoredStory` with the tracker's status mapped to `done`, the
//    checked acceptance criteria, and the Story parsed from the machine-readable block, so the
//    residual-risk view works the same for every tracker.
import type { BacklogSettings } from '../config/load';
import type { RiskTracking, Story, StoredStory } from './story/types';
import type { TriageDraft, TriageFiled } from './story/triage';

/** Which backlog to open: what adapters/registry.ts hands to the adapter the configuration names. */
export interface BacklogTarget {
  /** Workspace (project) root. */
  root: string;
  /** The project's `backlog` settings (`.rugged.json`): `tracker` picks the adapter, the rest is its own. */
  settings: BacklogSettings;
  /** A folder given for this run instead of `backlog.directory` (the CLI's `--backlog`). */
  directoryOverride?: string;
  /** The configuration file the settings came from, named when they are refused. */
  configFile?: string;
  /**
   * Credentials and endpoints for remote trackers, for this request only: the CLI reads them from
   * its environment, the editor from its authentication session and SecretStorage. They are never
   * written anywhere, and every message an adapter builds has them replaced.
   */
  access?: TrackerAccess;
}

/** What a remote tracker adapter may need besides the configuration; each field is optional. */
export interface TrackerAccess {
  /** GITHUB_TOKEN on the CLI; the VS Code GitHub session in the editor. */
  githubToken?: string;
  /** GITHUB_API_URL as GitHub Actions sets it (GitHub Enterprise Server); `backlog.apiUrl` wins. */
  githubApiUrl?: string;
  /** GITLAB_TOKEN. */
  gitlabToken?: string;
  /** JIRA_EMAIL: with JIRA_API_TOKEN, Jira Cloud's basic authentication. */
  jiraEmail?: string;
  /** JIRA_API_TOKEN: an API token (Cloud, with the email) or a personal access token (Data Center, alone). */
  jiraApiToken?: string;
}

export interface CreateResult {
  story: StoredStory;
  /** False when an item with the same fingerprint (or covering the same findings) already existed. */
  created: boolean;
}

/** What the residual-risk view and the report say about the backlog itself. */
export interface BacklogOverview {
  /** Where the stories are, for people: a folder relative to the root, a tracker project. */
  location: string;
  /** The tracker's statuses in workflow order, so stories are grouped as the team sees them. */
  statuses: string[];
}

export interface Backlog {
  /** For messages: "Backlog.md in backlog/", "GitHub Issues of owner/repo". */
  readonly description: string;
  /** Where the backlog is and its statuses; undefined while it does not exist yet (nothing raised). */
  overview(): Promise<BacklogOverview | undefined>;
  /** Every abuser story in the backlog: open, done and (where the tracker keeps them) closed. */
  list(): Promise<StoredStory[]>;
  /** The item whose Rugged data carries this fingerprint. */
  findByFingerprint(fingerprint: string): Promise<StoredStory | undefined>;
  /** Files the story, or returns the existing item for the same fingerprint; never overwrites. */
  create(story: Story): Promise<CreateResult>;
  /** The item with this tracker id (`TASK-7`, `#42`), if it exists. */
  get(id: string): Promise<StoredStory | undefined>;
  /**
   * Where a new story would go and who can read it there, said before anything is sent ("a
   * confidential issue of group/app: project members with at least the Planner role"). Asks the
   * tracker when visibility depends on it (a public GitHub repository gets a draft advisory).
   */
  destination?(): Promise<string>;
  /**
   * Records the target date and risk acceptance on the item, replacing earlier ones, and returns it
   * read back. Optional: a tracker without it has its decisions recorded by hand.
   */
  recordTracking?(id: string, tracking: RiskTracking): Promise<StoredStory>;
  /**
   * Files an unrated "needs triage" draft (code without findings and without a chosen goal), or
   * returns the one already filed for the same code. Optional: a tracker without it refuses such
   * raises, and the user is asked to name a goal instead.
   */
  createTriage?(draft: TriageDraft): Promise<TriageFiled>;
  /**
   * Replaces the Rugged data of item `id` with `story` (an extension of the one it holds: more
   * findings and criteria), keeping what people changed on the item, and returns it read back.
   * Optional: a tracker without it refuses `--extend`.
   */
  extend?(id: string, story: Story): Promise<StoredStory>;
}

export type BacklogErrorCode =
  | 'outside-workspace'
  | 'invalid-config'
  | 'permission-denied'
  | 'read-only'
  | 'no-space'
  | 'not-found'
  | 'busy'
  | 'write-failed'
  | 'unauthorized'
  | 'rate-limited'
  | 'unreachable'
  | 'refused';

/** A failure that names its target and says what to do; safe to show to the user as is. */
export class BacklogError extends Error {
  readonly code: BacklogErrorCode;
  /** The file, folder or URL concerned. */
  readonly target: string;

  constructor(code: BacklogErrorCode, target: string, message: string) {
    super(message);
    this.name = 'BacklogError';
    this.code = code;
    this.target = target;
  }
}

/** Turns a file-system error into a BacklogError that names the file and the way out. */
export function fileSystemError(error: unknown, target: string, action: string): BacklogError {
  if (error instanceof BacklogError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new BacklogError('permission-denied', target, `Cannot ${action} ${target}: permission denied (${code}). Make the folder writable for your user, or choose another backlog folder.`);
    case 'EROFS':
      return new BacklogError('read-only', target, `Cannot ${action} ${target}: the file system is read-only (EROFS).`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new BacklogError('no-space', target, `Cannot ${action} ${target}: no space left on the device (${code}). Nothing was written.`);
    case 'ENOENT':
    case 'ENOTDIR':
      return new BacklogError('not-found', target, `Cannot ${action} ${target}: a folder on the way does not exist (${code}).`);
    default: {
      const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return new BacklogError('write-failed', target, `Cannot ${action} ${target}: ${detail}`);
    }
  }
}
