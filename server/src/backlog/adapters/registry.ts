// Chooses the backlog adapter from configuration (`backlog.tracker`, "markdown" when unset). This
// is the only file outside an adapter's folder that names one: the use cases get a `Backlog` here
// and never learn which tracker is behind it. A new tracker is its folder under adapters/ and one
// line in TRACKERS.
import { BacklogError, type Backlog, type BacklogTarget } from '../backlog';
import { openGitHubBacklog } from './github/githubBacklog';
import { openGitLabBacklog } from './gitlab/gitlabBacklog';
import { openJiraBacklog } from './jira/jiraBacklog';
import { openMarkdownBacklog } from './markdown/markdownBacklog';

export const DEFAULT_TRACKER = 'markdown';

const TRACKERS: ReadonlyMap<string, (target: BacklogTarget) => Backlog> = new Map<string, (target: BacklogTarget) => Backlog>([
  [DEFAULT_TRACKER, openMarkdownBacklog],
  ['github', openGitHubBacklog],
  ['gitlab', openGitLabBacklog],
  ['jira', openJiraBacklog],
]);

/** The names `backlog.tracker` accepts, for messages and the schema test. */
export const TRACKER_NAMES: readonly string[] = [...TRACKERS.keys()];

/** Longest tracker name quoted back in a refusal; the value comes from a workspace file. */
const QUOTED_MAX = 64;

/** The backlog the target's configuration names; an unknown tracker is refused, never replaced by the default. */
export function openBacklog(target: BacklogTarget): Backlog {
  const tracker = target.settings.tracker ?? DEFAULT_TRACKER;
  const open = TRACKERS.get(tracker);
  if (open) return open(target);
  const shown = tracker.length > QUOTED_MAX ? `${tracker.slice(0, QUOTED_MAX)}...` : tracker;
  const where = target.configFile ?? 'backlog.tracker';
  throw new BacklogError(
    'invalid-config',
    where,
    `Unknown backlog tracker ${JSON.stringify(shown)} in backlog.tracker${target.configFile ? ` (${target.configFile})` : ''}; known trackers: ${TRACKER_NAMES.join(', ')}. No story is read or written until it is fixed.`,
  );
}
