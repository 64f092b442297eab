// A stateful GitLab (REST v4) for the adapter tests. GitLab publishes no OpenAPI description on
// npm, so request bodies are checked against the parameter tables transcribed from
// https://docs.gitlab.com/api/issues/ ("New issue", "Edit an issue"): known names only, the
// documented types, and labels as a comma-separated string. ARCHITECTURE.md (test/) says why.
import type { IncomingMessage } from 'node:http';
import { keyProblems, StandInServer, type Answer } from './standInServer';

const CREATE_PARAMETERS = ['title', 'description', 'labels', 'confidential', 'assignee_ids', 'milestone_id', 'due_date', 'issue_type', 'weight', 'epic_id', 'created_at', 'iid', 'discussion_to_resolve', 'merge_request_to_resolve_discussions_of'];
const EDIT_PARAMETERS = ['title', 'description', 'labels', 'add_labels', 'remove_labels', 'confidential', 'state_event', 'assignee_ids', 'milestone_id', 'due_date', 'issue_type', 'weight', 'discussion_locked', 'epic_id', 'updated_at'];

export interface GitLabIssueState {
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed';
  labels: string[];
  assignees: { username: string }[];
  confidential: boolean;
  web_url: string;
  hidden?: boolean;
  closedBy?: { iid: number; title: string }[];
}

export class GitLabStandIn extends StandInServer {
  readonly issues: GitLabIssueState[] = [];
  createDelayMs = 0;

  constructor(
    private readonly token: string,
    /** As it appears in the URL: `42` or `acme%2Fshop`. */
    private readonly projectInUrl: string,
  ) {
    super();
  }

  protected authorised(headers: IncomingMessage['headers']): boolean {
    return headers['private-token'] === this.token;
  }

  protected unauthorisedBody(): unknown {
    return { message: '401 Unauthorized' };
  }

  addIssue(issue: Partial<GitLabIssueState> & { title: string; description: string }): GitLabIssueState {
    const iid = this.issues.length + 1;
    const full: GitLabIssueState = { iid, state: 'opened', labels: ['abuser-story'], assignees: [], confidential: true, web_url: `https://gitlab.example/acme/shop/-/issues/${iid}`, ...issue };
    this.issues.push(full);
    return full;
  }

  protected async route(method: string, url: URL, body: unknown): Promise<Answer> {
    const base = `/api/v4/projects/${this.projectInUrl}`;
    // The URL keeps the project path encoded (acme%2Fshop), as GitLab requires.
    const path = url.pathname;
    if (!path.startsWith(base)) return { status: 404, body: { message: '404 Project Not Found' } };
    const rest = path.slice(base.length);
    if (method === 'GET' && rest === '/issues') {
      const label = url.searchParams.get('labels');
      const page = Number(url.searchParams.get('page') ?? '1');
      const perPage = Number(url.searchParams.get('per_page') ?? '20');
      const listed = this.issues.filter((i) => !i.hidden && (!label || i.labels.includes(label)));
      return { status: 200, body: listed.slice((page - 1) * perPage, page * perPage) };
    }
    if (method === 'POST' && rest === '/issues') {
      const problems = keyProblems(body, 'body', CREATE_PARAMETERS, ['title']);
      const b = body as Record<string, unknown>;
      if (typeof b.title !== 'string' || b.title.length === 0 || b.title.length > 255) problems.push('title must be a string of 1 to 255 characters');
      if (b.description !== undefined && (typeof b.description !== 'string' || b.description.length > 1_048_576)) problems.push('description must be a string of at most 1,048,576 characters');
      if (b.labels !== undefined && typeof b.labels !== 'string' && !Array.isArray(b.labels)) problems.push('labels must be a comma-separated string or an array');
      if (b.confidential !== undefined && typeof b.confidential !== 'boolean') problems.push('confidential must be a boolean');
      if (problems.length > 0) return { status: 400, body: { message: problems.join('; '), problems } };
      for (const issue of this.issues) delete issue.hidden;
      if (this.createDelayMs) await new Promise((resolve) => setTimeout(resolve, this.createDelayMs));
      const labels = typeof b.labels === 'string' ? b.labels.split(',').filter(Boolean) : ((b.labels as string[] | undefined) ?? []);
      return { status: 201, body: this.addIssue({ title: b.title as string, description: (b.description as string | undefined) ?? '', labels, confidential: b.confidential === true }) };
    }
    const edit = /^\/issues\/(\d+)$/.exec(rest);
    if (method === 'PUT' && edit) {
      const problems = keyProblems(body, 'body', EDIT_PARAMETERS, []);
      const b = body as Record<string, unknown>;
      if (b.state_event !== undefined && b.state_event !== 'close' && b.state_event !== 'reopen') problems.push('state_event must be close or reopen');
      if (problems.length > 0) return { status: 400, body: { message: problems.join('; '), problems } };
      const issue = this.issues.find((i) => i.iid === Number(edit[1]));
      if (!issue) return { status: 404, body: { message: '404 Not found' } };
      if (b.state_event === 'close') issue.state = 'closed';
      if (typeof b.add_labels === 'string') issue.labels.push(...b.add_labels.split(','));
      return { status: 200, body: issue };
    }
    const closedBy = /^\/issues\/(\d+)\/closed_by$/.exec(rest);
    if (method === 'GET' && closedBy) {
      const issue = this.issues.find((i) => i.iid === Number(closedBy[1]));
      return { status: 200, body: (issue?.closedBy ?? []).map((mr) => ({ ...mr, web_url: `https://gitlab.example/acme/shop/-/merge_requests/${mr.iid}` })) };
    }
    return { status: 404, body: { message: '404 Not Found' } };
  }
}
