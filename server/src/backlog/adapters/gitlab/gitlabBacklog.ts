// Abuser stories as GitLab issues, always confidential: only project members with at least the
// Planner role, the author and the assignees can read them, whatever the project's visibility.
// Items carry the `abuser-story` label and a hidden fingerprint marker in the description, so a
// second raise finds the first; races are handled as in the GitHub adapter (lock, then settle).
import { BacklogError, type Backlog, type BacklogOverview, type BacklogTarget, type CreateResult } from '../../backlog';
import { findDuplicate } from '../../story/fingerprint';
import type { Story, StoredStory } from '../../story/types';
import { withRaiseLock } from '../raiseLock';
import { markdownBody, markedFingerprint, type RemoteItem, storedFromMarkdown, storyWithFingerprint, storyWithId } from '../storyText';
import { TrackerClient } from '../trackerHttp';
import { apiBaseUrl, labelsOf, optionalString, requiredString, settingError, STORY_LABEL } from '../trackerSettings';

export const GITLAB_API_URL = 'https://gitlab.com/api/v4';
const PAGE_SIZE = 100;
const MAX_PAGES = 10;
const MAX_LINK_LOOKUPS = 50;
const STATUSES = ['To Do', 'In Progress', 'Done'];
const AUTH_HINT = 'set GITLAB_TOKEN (CLI) or "Rugged: Set tracker token" in VS Code to a token with the api scope from a member with at least the Planner role';

interface GitLabIssue {
  iid: number;
  title: string;
  description?: string | null;
  state: 'opened' | 'closed';
  labels?: string[];
  assignees?: { username: string }[];
  web_url: string;
  confidential?: boolean;
}

interface GitLabMergeRequest {
  iid: number;
  title: string;
  web_url: string;
}

export function openGitLabBacklog(target: BacklogTarget): GitLabBacklog {
  return new GitLabBacklog(target);
}

export class GitLabBacklog implements Backlog {
  readonly project: string;
  private readonly projectPath: string;
  private readonly apiUrl: string;
  private readonly labels: string[];
  private readonly token?: string;
  private readonly client: TrackerClient;

  constructor(target: BacklogTarget) {
    this.project = requiredString(target, 'project', '"group/app" or 1234');
    if (!/^(\d+|[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+)$/.test(this.project) || this.project.split('/').some((p) => p === '.' || p === '..')) {
      throw settingError(target, 'project', 'must be the numeric project id or its full path "group/name"');
    }
    this.projectPath = `/projects/${encodeURIComponent(this.project)}`;
    this.apiUrl = apiBaseUrl(target, 'apiUrl', optionalString(target, 'apiUrl') ?? GITLAB_API_URL);
    this.labels = labelsOf(target);
    this.token = target.access?.gitlabToken;
    this.client = new TrackerClient({
      tracker: 'GitLab',
      where: this.apiUrl === GITLAB_API_URL ? this.project : `${this.project} at ${this.apiUrl}`,
      baseUrl: this.apiUrl,
      headers: this.token ? { 'private-token': this.token } : {},
      secrets: this.token ? [this.token] : [],
      authHint: AUTH_HINT,
    });
  }

  get description(): string {
    return `GitLab ${this.project}`;
  }

  overview(): Promise<BacklogOverview> {
    return Promise.resolve({ location: this.description, statuses: STATUSES });
  }

  destination(): Promise<string> {
    return Promise.resolve(`a confidential issue of GitLab project ${this.project}: only members with at least the Planner role, the author and the assignees can read it`);
  }

  async list(): Promise<StoredStory[]> {
    const items = (await this.issues('list abuser stories')).map(itemOf);
    let lookups = 0;
    for (const item of items) {
      if (!item.done || lookups++ >= MAX_LINK_LOOKUPS) continue;
      item.links = await this.closingMergeRequests(item.id.slice(1));
    }
    return items.map(storedFromMarkdown);
  }

  async findByFingerprint(fingerprint: string): Promise<StoredStory | undefined> {
    return storyWithFingerprint(await this.list(), fingerprint);
  }

  async get(id: string): Promise<StoredStory | undefined> {
    return storyWithId(await this.list(), id);
  }

  async create(story: Story): Promise<CreateResult> {
    this.requireToken('create the story');
    return withRaiseLock(`gitlab ${this.apiUrl} ${this.project}`, story.fingerprint, async () => {
      const existing = findDuplicate(await this.list(), story);
      if (existing) return { story: existing, created: false };
      const body = {
        title: story.title,
        description: markdownBody(story),
        labels: [...new Set([...this.labels, ...story.labels])].join(','),
        confidential: true,
      };
      let created: GitLabIssue;
      try {
        created = await this.client.retrying(
          async () => (await this.client.send('POST', `${this.projectPath}/issues`, body)).body as GitLabIssue,
          async () => (await this.issues('check for the issue')).find((i) => markedFingerprint(i.description) === story.fingerprint),
        );
      } catch (error) {
        throw this.client.explain(error, 'create the confidential issue', 'Nothing was created.');
      }
      return this.settle(story, created);
    });
  }

  /** The lowest iid of the issues made at once for this story wins; a later one is closed. */
  private async settle(story: Story, created: GitLabIssue): Promise<CreateResult> {
    let marked: GitLabIssue[];
    try {
      marked = (await this.issues('check for a duplicate')).filter((i) => markedFingerprint(i.description) === story.fingerprint && i.state === 'opened');
    } catch {
      return { story: storedFromMarkdown(itemOf(created)), created: true };
    }
    const winner = marked.reduce((best, i) => (i.iid < best.iid ? i : best), created);
    if (winner.iid === created.iid) return { story: storedFromMarkdown(itemOf(created)), created: true };
    try {
      await this.client.call('PUT', `${this.projectPath}/issues/${created.iid}`, { state_event: 'close', add_labels: 'duplicate' });
    } catch (error) {
      throw this.client.explain(error, `close issue #${created.iid}, a duplicate of #${winner.iid} created at the same time`, `Close #${created.iid} by hand.`);
    }
    return { story: storedFromMarkdown(itemOf(winner)), created: false };
  }

  private async issues(action: string): Promise<GitLabIssue[]> {
    this.requireToken(action);
    const out: GitLabIssue[] = [];
    try {
      for (let page = 1; page <= MAX_PAGES; page++) {
        const query = `labels=${encodeURIComponent(STORY_LABEL)}&scope=all&state=all&per_page=${PAGE_SIZE}&page=${page}`;
        const batch = (await this.client.call('GET', `${this.projectPath}/issues?${query}`)).body;
        if (!Array.isArray(batch)) break;
        out.push(...(batch as GitLabIssue[]));
        if (batch.length < PAGE_SIZE) break;
      }
    } catch (error) {
      throw this.client.explain(error, action, 'Nothing was created.');
    }
    return out;
  }

  private async closingMergeRequests(iid: string): Promise<{ title: string; url: string }[]> {
    try {
      const mrs = (await this.client.call('GET', `${this.projectPath}/issues/${iid}/closed_by`)).body;
      return Array.isArray(mrs) ? (mrs as GitLabMergeRequest[]).map((mr) => ({ title: `!${mr.iid} ${mr.title}`, url: mr.web_url })) : [];
    } catch {
      // Links are evidence, not the state.
      return [];
    }
  }

  private requireToken(action: string): void {
    if (!this.token) {
      throw new BacklogError('unauthorized', this.client.where, `GitLab (${this.client.where}): could not ${action}: no token; ${AUTH_HINT}. Nothing was read or created.`);
    }
  }
}

function itemOf(issue: GitLabIssue): RemoteItem {
  const assignees = (issue.assignees ?? []).map((a) => a.username);
  const done = issue.state === 'closed' && !(issue.labels ?? []).includes('duplicate');
  return {
    id: `#${issue.iid}`,
    title: issue.title,
    status: issue.state === 'closed' ? 'Done' : assignees.length > 0 ? 'In Progress' : 'To Do',
    done,
    labels: issue.labels ?? [],
    url: issue.web_url,
    body: issue.description ?? '',
    assignees,
    links: [],
  };
}
