// A small stateful GitHub for the adapter tests: issues, advisories and timelines kept in memory,
// the token checked, every request recorded, and faults scripted per route (a 429 with
// Retry-After, a 500 after the item was made). Prism checks the requests against GitHub's schema
// (githubContract.test.ts) but answers with fixed examples; this one remembers what was created.
import type { IncomingMessage } from 'node:http';
import { StandInServer, type Answer } from './standInServer';

export type { Fault, RecordedRequest } from './standInServer';

export interface StandInIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: { name: string }[];
  assignees: { login: string }[];
  html_url: string;
  /** Not listed until the next create arrives: another machine's raise that our search missed. */
  hidden?: boolean;
  /** Pull requests that mention the issue, for the timeline. */
  linkedPullRequests?: { number: number; title: string }[];
}

export interface GitHubStandInOptions {
  token: string;
  repository: string;
  visibility: 'public' | 'private' | 'internal';
  /** Advisory creation answers 403 (the token is not a repository administrator's). */
  advisoriesForbidden?: boolean;
  /** Milliseconds a create waits before answering, to widen races. */
  createDelayMs?: number;
}

export class GitHubStandIn extends StandInServer {
  readonly issues: StandInIssue[] = [];
  readonly advisories: { ghsa_id: string; summary: string; description: string; state: string; html_url: string; severity?: string }[] = [];

  constructor(readonly options: GitHubStandInOptions) {
    super();
  }

  protected authorised(headers: IncomingMessage['headers']): boolean {
    return headers.authorization === `Bearer ${this.options.token}`;
  }

  protected unauthorisedBody(): unknown {
    return { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' };
  }

  addIssue(issue: Partial<StandInIssue> & { title: string; body: string }): StandInIssue {
    const number = this.issues.length + 1;
    const full: StandInIssue = {
      number,
      state: 'open',
      state_reason: null,
      labels: [{ name: 'abuser-story' }],
      assignees: [],
      html_url: `https://github.example/${this.options.repository}/issues/${number}`,
      ...issue,
    };
    this.issues.push(full);
    return full;
  }

  protected async route(method: string, url: URL, body: unknown): Promise<Answer> {
    const repo = `/repos/${this.options.repository}`;
    const path = url.pathname;
    if (method === 'GET' && path === repo) {
      return { status: 200, body: { full_name: this.options.repository, private: this.options.visibility !== 'public', visibility: this.options.visibility } };
    }
    if (method === 'GET' && path === `${repo}/issues`) {
      const label = url.searchParams.get('labels');
      const page = Number(url.searchParams.get('page') ?? '1');
      const perPage = Number(url.searchParams.get('per_page') ?? '30');
      const listed = this.issues.filter((i) => !i.hidden && (!label || i.labels.some((l) => l.name === label)));
      return { status: 200, body: listed.slice((page - 1) * perPage, page * perPage) };
    }
    if (method === 'POST' && path === `${repo}/issues`) {
      for (const issue of this.issues) delete issue.hidden;
      if (this.options.createDelayMs) await new Promise((resolve) => setTimeout(resolve, this.options.createDelayMs));
      const b = body as { title: string; body?: string; labels?: string[] };
      const issue = this.addIssue({ title: b.title, body: b.body ?? '', labels: (b.labels ?? []).map((name) => ({ name })) });
      return { status: 201, body: issue };
    }
    const patch = new RegExp(`^${repo}/issues/(\\d+)$`).exec(path);
    if (method === 'PATCH' && patch) {
      const issue = this.issues.find((i) => i.number === Number(patch[1]));
      if (!issue) return { status: 404, body: { message: 'Not Found' } };
      const b = body as { state?: 'open' | 'closed'; state_reason?: string };
      if (b.state) issue.state = b.state;
      if (b.state_reason) issue.state_reason = b.state_reason;
      return { status: 200, body: issue };
    }
    const timeline = new RegExp(`^${repo}/issues/(\\d+)/timeline$`).exec(path);
    if (method === 'GET' && timeline) {
      const issue = this.issues.find((i) => i.number === Number(timeline[1]));
      const events = (issue?.linkedPullRequests ?? []).map((pr) => ({
        event: 'cross-referenced',
        source: { type: 'issue', issue: { number: pr.number, title: pr.title, html_url: `https://github.example/${this.options.repository}/pull/${pr.number}`, pull_request: {} } },
      }));
      return { status: 200, body: events };
    }
    if (path === `${repo}/security-advisories`) {
      if (this.options.visibility !== 'public') return { status: 404, body: { message: 'Not Found' } };
      if (method === 'GET') return { status: 200, body: this.advisories };
      if (this.options.advisoriesForbidden) return { status: 403, body: { message: 'Resource not accessible by personal access token' } };
      const b = body as { summary: string; description: string; severity?: string };
      const id = `GHSA-test-${String(this.advisories.length + 1).padStart(4, '0')}-xxxx`;
      const advisory = { ghsa_id: id, summary: b.summary, description: b.description, state: 'draft', severity: b.severity, html_url: `https://github.example/${this.options.repository}/security/advisories/${id}` };
      this.advisories.push(advisory);
      return { status: 201, body: advisory };
    }
    return { status: 404, body: { message: 'Not Found' } };
  }
}
