// Abuser stories in GitHub. A private repository gets an issue; a public one gets a draft
// repository security advisory, which only the repository's administrators and the collaborators
// they invite can read, because an issue there would disclose the weakness to everyone. When the
// token cannot create an advisory the raise is refused with the reason; it never falls back to a
// public issue. Items carry the `abuser-story` label and a hidden fingerprint marker in their body.
import { BacklogError, type Backlog, type BacklogOverview, type BacklogTarget, type CreateResult } from '../../backlog';
import { findDuplicate } from '../../story/fingerprint';
import type { Story, StoredStory } from '../../story/types';
import { withRaiseLock } from '../raiseLock';
import { markdownBody, markedFingerprint, storedFromMarkdown, storyWithFingerprint, storyWithId } from '../storyText';
import { TrackerClient, TrackerFailure } from '../trackerHttp';
import { apiBaseUrl, labelsOf, optionalString, requiredString, settingError, STORY_LABEL } from '../trackerSettings';
import { advisoryItem, issueItem, labelNames, ISSUE_STATUSES, ADVISORY_STATUSES, type GitHubAdvisory, type GitHubIssue, type TimelineEvent } from './githubItems';
import { nextPage } from './githubPages';

export const GITHUB_API_URL = 'https://api.github.com';
const PAGE_SIZE = 100;
const MAX_PAGES = 10;
/** Linked pull requests are looked up for at most this many items per listing. */
const MAX_TIMELINES = 50;
const AUTH_HINT =
  'set GITHUB_TOKEN (CLI) or sign in to GitHub in VS Code with a token that has Issues: read and write on the repository (fine-grained) or the repo scope (classic)';

type Visibility = 'public' | 'private' | 'internal';

export function openGitHubBacklog(target: BacklogTarget): GitHubBacklog {
  return new GitHubBacklog(target);
}

export class GitHubBacklog implements Backlog {
  readonly repository: string;
  readonly apiUrl: string;
  private readonly labels: string[];
  private readonly client: TrackerClient;
  private readonly token?: string;
  private visibility?: Promise<Visibility>;

  constructor(target: BacklogTarget) {
    this.repository = requiredString(target, 'repository', '"acme/shop"');
    if (!/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/.test(this.repository) || this.repository.split('/').some((p) => p === '.' || p === '..')) {
      throw settingError(target, 'repository', 'must be "owner/name" as in the repository URL');
    }
    const configured = optionalString(target, 'apiUrl');
    this.apiUrl = apiBaseUrl(target, configured !== undefined ? 'apiUrl' : 'apiUrl (from GITHUB_API_URL)', configured ?? target.access?.githubApiUrl ?? GITHUB_API_URL);
    this.labels = labelsOf(target);
    this.token = target.access?.githubToken;
    this.client = new TrackerClient({
      tracker: 'GitHub',
      where: this.apiUrl === GITHUB_API_URL ? this.repository : `${this.repository} at ${this.apiUrl}`,
      baseUrl: this.apiUrl,
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      secrets: this.token ? [this.token] : [],
      authHint: AUTH_HINT,
    });
  }

  get description(): string {
    return `GitHub ${this.repository}`;
  }

  async overview(): Promise<BacklogOverview> {
    const visibility = await this.repositoryVisibility('read the repository');
    return { location: this.description, statuses: visibility === 'public' ? ADVISORY_STATUSES : ISSUE_STATUSES };
  }

  async destination(): Promise<string> {
    switch (await this.repositoryVisibility('read the repository')) {
      case 'public':
        return `a draft security advisory of the public repository ${this.repository}: only its administrators and the collaborators they invite can read it, until someone publishes it`;
      case 'internal':
        return `an issue of the internal repository ${this.repository}: every member of the enterprise can read it`;
      default:
        return `an issue of the private repository ${this.repository}: everyone with read access to the repository can read it`;
    }
  }

  async list(): Promise<StoredStory[]> {
    const visibility = await this.repositoryVisibility('list abuser stories');
    const stories = (await this.issues('list abuser stories')).map(issueItem);
    let timelines = 0;
    for (const story of stories) {
      if (!story.done || timelines++ >= MAX_TIMELINES) continue;
      story.links = await this.linkedPullRequests(story.id.slice(1));
    }
    const advisories = visibility === 'public' ? (await this.advisories('list abuser stories')).map(advisoryItem) : [];
    return [...stories, ...advisories].map(storedFromMarkdown);
  }

  async findByFingerprint(fingerprint: string): Promise<StoredStory | undefined> {
    return storyWithFingerprint(await this.list(), fingerprint);
  }

  async get(id: string): Promise<StoredStory | undefined> {
    return storyWithId(await this.list(), id);
  }

  async create(story: Story): Promise<CreateResult> {
    this.requireToken('create the story');
    return withRaiseLock(`github ${this.apiUrl} ${this.repository}`, story.fingerprint, async () => {
      const existing = findDuplicate(await this.list(), story);
      if (existing) return { story: existing, created: false };
      const visibility = await this.repositoryVisibility('create the story');
      return visibility === 'public' ? this.createAdvisory(story) : this.createIssue(story);
    });
  }

  private async createIssue(story: Story): Promise<CreateResult> {
    const action = 'create the issue';
    const consequence = 'Nothing was created.';
    const body = { title: story.title, body: markdownBody(story), labels: [...new Set([...this.labels, ...story.labels])] };
    let created: GitHubIssue;
    try {
      created = await this.client.retrying(
        async () => (await this.client.send('POST', `/repos/${this.repository}/issues`, body)).body as GitHubIssue,
        () => this.markedIssue(story.fingerprint),
      );
    } catch (error) {
      throw this.client.explain(error, action, consequence);
    }
    if (!labelNames(created).includes(STORY_LABEL)) created = await this.labelIssue(created, body.labels);
    return this.settleIssue(story, created);
  }

  /**
   * GitHub creates the issue but silently drops its labels when the token's user may not label
   * issues; without `abuser-story` the listing never finds the issue again, and each raise would
   * file another. Adding them afterwards either works or fails with a reason to show.
   */
  private async labelIssue(created: GitHubIssue, labels: string[]): Promise<GitHubIssue> {
    try {
      const answer = (await this.client.call('POST', `/repos/${this.repository}/issues/${created.number}/labels`, { labels })).body;
      // The answer is the issue's labels after the addition.
      return Array.isArray(answer) ? { ...created, labels: answer as GitHubIssue['labels'] } : created;
    } catch (error) {
      throw this.client.explain(
        error,
        `label issue #${created.number} "${STORY_LABEL}" (GitHub created it without its labels)`,
        `Add the label to #${created.number} by hand, or a later raise will not find it and file the story again.`,
      );
    }
  }

  /**
   * Another machine may have raised the same story between our search and our create. Every
   * raiser looks again after creating; the lowest number wins, and a raiser whose issue lost closes
   * it as a duplicate and returns the winner, so both agree on one open item.
   */
  private async settleIssue(story: Story, created: GitHubIssue): Promise<CreateResult> {
    let marked: GitHubIssue[];
    try {
      marked = (await this.issues('check for a duplicate')).filter((i) => markedFingerprint(i.body) === story.fingerprint && i.state === 'open');
    } catch {
      // The issue exists; failing to check for a rare race must not report the raise as failed.
      return { story: storedFromMarkdown(issueItem(created)), created: true };
    }
    const winner = marked.reduce((best, i) => (i.number < best.number ? i : best), created);
    if (winner.number === created.number) return { story: storedFromMarkdown(issueItem(created)), created: true };
    try {
      await this.client.call('PATCH', `/repos/${this.repository}/issues/${created.number}`, { state: 'closed', state_reason: 'duplicate' });
    } catch (error) {
      throw this.client.explain(error, `close issue #${created.number}, a duplicate of #${winner.number} created at the same time`, `Close #${created.number} by hand.`);
    }
    return { story: storedFromMarkdown(issueItem(winner)), created: false };
  }

  private async createAdvisory(story: Story): Promise<CreateResult> {
    const cwes = [...new Set(story.findings.flatMap((f) => f.cwe))].filter((c) => /^CWE-\d+$/.test(c));
    const body = {
      summary: story.title,
      description: markdownBody(story),
      severity: story.risk.severity.toLowerCase(),
      ...(cwes.length > 0 ? { cwe_ids: cwes } : {}),
      // Which package and versions are affected is the maintainers' call while they triage.
      vulnerabilities: [],
    };
    let created: GitHubAdvisory;
    try {
      created = await this.client.retrying(
        async () => (await this.client.send('POST', `/repos/${this.repository}/security-advisories`, body)).body as GitHubAdvisory,
        async () => (await this.advisories('check for the advisory')).find((a) => markedFingerprint(a.description) === story.fingerprint),
      );
    } catch (error) {
      if (error instanceof TrackerFailure && (error.kind === 'forbidden' || error.kind === 'not-found' || error.kind === 'unauthorized')) {
        throw new BacklogError(
          'refused',
          this.client.where,
          this.client.clean(
            `GitHub (${this.client.where}): ${this.repository} is public, so the story must go to a draft security advisory, but the token cannot create one (${error.detail}). ` +
              'Give the token Repository security advisories: read and write (fine-grained) or the repo scope (classic) as a repository administrator, or configure a private tracker. ' +
              'No public issue was created: an abuser story describes an exploitable weakness.',
          ),
        );
      }
      throw this.client.explain(error, 'create the draft security advisory', 'Nothing was created.');
    }
    return { story: storedFromMarkdown(advisoryItem(created)), created: true };
  }

  private async markedIssue(fingerprint: string): Promise<GitHubIssue | undefined> {
    return (await this.issues('check for the issue')).find((i) => markedFingerprint(i.body) === fingerprint);
  }

  private async repositoryVisibility(action: string): Promise<Visibility> {
    this.requireToken(action);
    this.visibility ??= (async () => {
      try {
        const repo = (await this.client.call('GET', `/repos/${this.repository}`)).body as { private?: boolean; visibility?: string };
        if (repo.visibility === 'internal') return 'internal';
        // Anything not clearly private is treated as public: the safe side for disclosure.
        return repo.private === true ? 'private' : 'public';
      } catch (error) {
        throw this.client.explain(error, action, 'Nothing was read or created.');
      }
    })();
    try {
      return await this.visibility;
    } catch (error) {
      this.visibility = undefined;
      throw error;
    }
  }

  private async issues(action: string): Promise<GitHubIssue[]> {
    const out: GitHubIssue[] = [];
    try {
      let path: string | undefined = `/repos/${this.repository}/issues?labels=${encodeURIComponent(STORY_LABEL)}&state=all&per_page=${PAGE_SIZE}`;
      for (let page = 1; path && page <= MAX_PAGES; page++) {
        const response = await this.client.call('GET', path);
        if (!Array.isArray(response.body)) break;
        out.push(...(response.body as GitHubIssue[]).filter((i) => !i.pull_request));
        const next = nextPage(response.headers.get('link'), this.apiUrl);
        // A listing cut short would let a second raise miss its story and file it again.
        if (next.elsewhere) throw new TrackerFailure('rejected', `the next page is at ${next.elsewhere}, outside ${this.apiUrl}, and the token is not sent there`);
        path = next.path;
      }
    } catch (error) {
      throw this.client.explain(error, action, 'Nothing was created.');
    }
    return out;
  }

  private async advisories(action: string): Promise<GitHubAdvisory[]> {
    try {
      const batch = (await this.client.call('GET', `/repos/${this.repository}/security-advisories?per_page=${PAGE_SIZE}`)).body;
      return Array.isArray(batch) ? (batch as GitHubAdvisory[]).filter((a) => markedFingerprint(a.description) !== undefined) : [];
    } catch (error) {
      throw this.client.explain(error, action, 'Nothing was created.');
    }
  }

  private async linkedPullRequests(number: string): Promise<{ title: string; url: string }[]> {
    try {
      const events = (await this.client.call('GET', `/repos/${this.repository}/issues/${number}/timeline?per_page=${PAGE_SIZE}`)).body;
      if (!Array.isArray(events)) return [];
      const links = (events as TimelineEvent[])
        .filter((e) => e.event === 'cross-referenced' && e.source?.issue?.pull_request && e.source.issue.html_url)
        .map((e) => ({ title: `#${e.source!.issue!.number} ${e.source!.issue!.title ?? ''}`.trim(), url: e.source!.issue!.html_url! }));
      return [...new Map(links.map((l) => [l.url, l])).values()];
    } catch {
      // Links are evidence, not the state: a report without them is still right about the status.
      return [];
    }
  }

  private requireToken(action: string): void {
    if (!this.token) {
      throw new BacklogError('unauthorized', this.client.where, `GitHub (${this.client.where}): could not ${action}: no token; ${AUTH_HINT}. Nothing was read or created.`);
    }
  }
}
