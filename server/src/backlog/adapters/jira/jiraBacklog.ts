// Abuser stories as Jira issues: Jira Cloud through REST v3 with the description in Atlassian
// Document Format, Jira Data Center through REST v2 with the description in wiki markup
// (`backlog.deployment`, inferred from the site's host when not set). With
// `backlog.securityLevel` every story gets that issue security level, so only the people it names
// can see it; without one, everyone who can browse the project can, and the prompt says so. Items
// carry the `abuser-story` label and a `rugged-fp-<fingerprint>` label, found again with JQL.
import { BacklogError, type Backlog, type BacklogOverview, type BacklogTarget, type CreateResult } from '../../backlog';
import { findDuplicate } from '../../story/fingerprint';
import type { Story, StoredStory } from '../../story/types';
import { withRaiseLock } from '../raiseLock';
import { bodyFromParts, type RemoteItem, storedFromMarkdown, storyWithFingerprint, storyWithId } from '../storyText';
import { TrackerClient } from '../trackerHttp';
import { apiBaseUrl, labelsOf, optionalString, requiredString, settingError, STORY_LABEL } from '../trackerSettings';
import { documentParts, storyDocument } from './adf';
import { storyWiki, wikiParts } from './wikiMarkup';

const STATUSES = ['To Do', 'In Progress', 'Done'];
const PAGE_SIZE = 100;
const MAX_PAGES = 10;
const MAX_LINK_LOOKUPS = 50;
const FIELDS = ['summary', 'status', 'assignee', 'labels', 'description'];
const AUTH_HINT =
  'set JIRA_EMAIL and JIRA_API_TOKEN (CLI) or "Rugged: Set tracker token" in VS Code; the account needs Browse projects and Create issues in the project, and Set issue security when a security level is configured';

interface JiraIssue {
  id: string;
  key: string;
  fields?: {
    summary?: string;
    status?: { name?: string; statusCategory?: { key?: string } };
    assignee?: { displayName?: string } | null;
    labels?: string[];
    description?: unknown;
  };
}

export function fingerprintLabel(fingerprint: string): string {
  return `rugged-fp-${fingerprint}`;
}

export function openJiraBacklog(target: BacklogTarget): JiraBacklog {
  return new JiraBacklog(target);
}

export class JiraBacklog implements Backlog {
  private readonly baseUrl: string;
  private readonly projectKey: string;
  private readonly issueType: string;
  private readonly securityLevel?: string;
  private readonly labels: string[];
  private readonly client: TrackerClient;
  private readonly authorised: boolean;
  private readonly deployment: JiraDeployment;

  constructor(target: BacklogTarget) {
    this.baseUrl = apiBaseUrl(target, 'baseUrl', requiredString(target, 'baseUrl', '"https://acme.atlassian.net"'));
    this.deployment = deploymentOf(target, this.baseUrl);
    this.projectKey = requiredString(target, 'projectKey', '"SEC"');
    if (!/^[A-Z][A-Z0-9_]{0,49}$/.test(this.projectKey)) throw settingError(target, 'projectKey', 'must be a Jira project key in capitals, e.g. "SEC"');
    this.issueType = optionalString(target, 'issueType') ?? 'Task';
    this.securityLevel = optionalString(target, 'securityLevel');
    this.labels = labelsOf(target).map((l) => l.replace(/\s+/g, '-'));
    const email = target.access?.jiraEmail;
    const token = target.access?.jiraApiToken;
    // Cloud: email + API token as basic credentials. Data Center: a personal access token alone.
    const basic = email && token ? Buffer.from(`${email}:${token}`).toString('base64') : undefined;
    this.authorised = Boolean(token);
    this.client = new TrackerClient({
      tracker: 'Jira',
      where: `${this.projectKey} at ${this.baseUrl}`,
      baseUrl: this.baseUrl,
      headers: basic ? { authorization: `Basic ${basic}` } : token ? { authorization: `Bearer ${token}` } : {},
      secrets: [token, basic].filter((s): s is string => Boolean(s)),
      authHint: AUTH_HINT,
    });
  }

  get description(): string {
    return `Jira ${this.deployment === 'dataCenter' ? 'Data Center ' : ''}${this.projectKey}`;
  }

  /** REST v3 on Cloud; Data Center serves v2 only. */
  private path(rest: string): string {
    return `/rest/api/${this.deployment === 'cloud' ? 3 : 2}${rest}`;
  }

  overview(): Promise<BacklogOverview> {
    return Promise.resolve({ location: `${this.description} (${this.baseUrl})`, statuses: STATUSES });
  }

  destination(): Promise<string> {
    return Promise.resolve(
      this.securityLevel
        ? `an issue of Jira project ${this.projectKey} at security level "${this.securityLevel}": only the people that level names can read it`
        : `an issue of Jira project ${this.projectKey}: everyone who can browse the project can read it (set backlog.securityLevel to restrict it)`,
    );
  }

  async list(): Promise<StoredStory[]> {
    const items = (await this.search(`project = "${this.projectKey}" AND labels = "${STORY_LABEL}" ORDER BY created ASC`, 'list abuser stories')).map((i) => this.itemOf(i));
    let lookups = 0;
    for (const item of items) {
      if (!item.done || lookups++ >= MAX_LINK_LOOKUPS) continue;
      item.links = await this.remoteLinks(item.id);
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
    return withRaiseLock(`jira ${this.baseUrl} ${this.projectKey}`, story.fingerprint, async () => {
      const existing = findDuplicate(await this.list(), story);
      if (existing) return { story: existing, created: false };
      const labels = [...new Set([...this.labels, ...story.labels.map((l) => l.replace(/\s+/g, '-')), fingerprintLabel(story.fingerprint)])];
      const body = {
        fields: {
          project: { key: this.projectKey },
          issuetype: { name: this.issueType },
          summary: story.title,
          description: this.deployment === 'cloud' ? storyDocument(story) : storyWiki(story),
          labels,
          ...(this.securityLevel ? { security: /^\d+$/.test(this.securityLevel) ? { id: this.securityLevel } : { name: this.securityLevel } } : {}),
        },
      };
      let created: { id: string; key: string };
      try {
        created = await this.client.retrying(
          async () => (await this.client.send('POST', this.path('/issue'), body)).body as { id: string; key: string },
          async () => (await this.marked(story.fingerprint, 'check for the issue'))[0],
        );
      } catch (error) {
        throw this.client.explain(error, 'create the issue', 'Nothing was created.');
      }
      return this.settle(story, created);
    });
  }

  /** The oldest issue for this story wins; one made at the same moment elsewhere is deleted. */
  private async settle(story: Story, created: { id: string; key: string }): Promise<CreateResult> {
    let marked: JiraIssue[] = [];
    try {
      marked = await this.marked(story.fingerprint, 'check for a duplicate');
    } catch {
      // The issue exists; a failed check for a rare race must not report the raise as failed.
    }
    const winner = marked.reduce<JiraIssue | undefined>((best, i) => (!best || Number(i.id) < Number(best.id) ? i : best), undefined);
    if (winner && winner.key !== created.key && Number(winner.id) < Number(created.id)) {
      try {
        await this.client.call('DELETE', this.path(`/issue/${encodeURIComponent(created.key)}`));
      } catch (error) {
        throw this.client.explain(error, `delete ${created.key}, a duplicate of ${winner.key} created at the same time`, `Delete ${created.key} by hand.`);
      }
      return { story: storedFromMarkdown(this.itemOf(winner)), created: false };
    }
    const own = marked.find((i) => i.key === created.key);
    if (own) return { story: storedFromMarkdown(this.itemOf(own)), created: true };
    // Jira's search may not list an issue created a moment ago: read it directly.
    try {
      const read = (await this.client.call('GET', this.path(`/issue/${encodeURIComponent(created.key)}?fields=${FIELDS.join(',')}`))).body as JiraIssue;
      return { story: storedFromMarkdown(this.itemOf(read)), created: true };
    } catch {
      return { story: { id: created.key, title: story.title, status: 'To Do', done: false, labels: [], location: this.browseUrl(created.key), acceptanceCriteria: [], story }, created: true };
    }
  }

  private marked(fingerprint: string, action: string): Promise<JiraIssue[]> {
    return this.search(`project = "${this.projectKey}" AND labels = "${fingerprintLabel(fingerprint)}" ORDER BY created ASC`, action);
  }

  private async search(jql: string, action: string): Promise<JiraIssue[]> {
    this.requireToken(action);
    const out: JiraIssue[] = [];
    try {
      if (this.deployment === 'cloud') {
        let nextPageToken: string | undefined;
        for (let page = 0; page < MAX_PAGES; page++) {
          const body = { jql, fields: FIELDS, maxResults: PAGE_SIZE, ...(nextPageToken ? { nextPageToken } : {}) };
          const answer = (await this.client.call('POST', '/rest/api/3/search/jql', body)).body as { issues?: JiraIssue[]; nextPageToken?: string };
          out.push(...(answer.issues ?? []));
          nextPageToken = answer.nextPageToken;
          if (!nextPageToken) break;
        }
      } else {
        // Data Center pages by offset and says how many there are in all.
        for (let page = 0; page < MAX_PAGES; page++) {
          const body = { jql, fields: FIELDS, startAt: out.length, maxResults: PAGE_SIZE };
          const answer = (await this.client.call('POST', '/rest/api/2/search', body)).body as { issues?: JiraIssue[]; total?: number };
          const issues = answer.issues ?? [];
          out.push(...issues);
          if (issues.length === 0 || out.length >= (answer.total ?? 0)) break;
        }
      }
    } catch (error) {
      throw this.client.explain(error, action, 'Nothing was created.');
    }
    return out;
  }

  private async remoteLinks(key: string): Promise<{ title: string; url: string }[]> {
    try {
      const links = (await this.client.call('GET', this.path(`/issue/${encodeURIComponent(key)}/remotelink`))).body;
      if (!Array.isArray(links)) return [];
      return (links as { object?: { url?: string; title?: string } }[])
        .filter((l) => typeof l.object?.url === 'string' && /^https?:\/\//.test(l.object.url))
        .map((l) => ({ title: l.object!.title ?? l.object!.url!, url: l.object!.url! }));
    } catch {
      // Links are evidence, not the state.
      return [];
    }
  }

  private itemOf(issue: JiraIssue): RemoteItem {
    const fields = issue.fields ?? {};
    const category = fields.status?.statusCategory?.key;
    return {
      id: issue.key,
      title: fields.summary ?? '',
      status: fields.status?.name ?? (category === 'done' ? 'Done' : category === 'indeterminate' ? 'In Progress' : 'To Do'),
      done: category === 'done',
      labels: fields.labels ?? [],
      url: this.browseUrl(issue.key),
      body: bodyFromParts(this.deployment === 'cloud' ? documentParts(fields.description) : wikiParts(fields.description)),
      assignees: fields.assignee?.displayName ? [fields.assignee.displayName] : [],
      links: [],
    };
  }

  private browseUrl(key: string): string {
    return `${this.baseUrl}/browse/${encodeURIComponent(key)}`;
  }

  private requireToken(action: string): void {
    if (!this.authorised) {
      throw new BacklogError('unauthorized', this.client.where, `Jira (${this.client.where}): could not ${action}: no credentials; ${AUTH_HINT}. Nothing was read or created.`);
    }
  }
}

export type JiraDeployment = 'cloud' | 'dataCenter';

/** `backlog.deployment` when set; otherwise Cloud for Atlassian's own hosts, Data Center elsewhere. */
function deploymentOf(target: BacklogTarget, baseUrl: string): JiraDeployment {
  const value = optionalString(target, 'deployment');
  if (value === 'cloud' || value === 'dataCenter') return value;
  if (value !== undefined) throw settingError(target, 'deployment', 'must be "cloud" or "dataCenter"');
  return /\.(atlassian\.net|jira\.com)$/i.test(new URL(baseUrl).hostname) ? 'cloud' : 'dataCenter';
}
