// A stateful Jira for the adapter tests: Cloud (REST v3) or Data Center (REST v2). A Cloud
// description is checked against Atlassian's own ADF JSON Schema (adfSchema.ts). Atlassian's OpenAPI
// description checks the Cloud requests in jiraContract.test.ts, but it types an issue's fields as
// anything and lacks the enhanced search, so the rest of each body is checked here against shapes
// transcribed from the reference pages (ARCHITECTURE.md lists them): "Create issue" fields
// (developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/), the search bodies
// (Cloud's enhanced JQL search with page tokens, .../api-group-issue-search/; Data Center's offset
// search, docs.atlassian.com/software/jira/docs/api/REST/latest/), and a Data Center description,
// which is a string of wiki markup.
import type { IncomingMessage } from 'node:http';
import { adfSchemaProblems } from './adfSchema';
import { keyProblems, StandInServer, type Answer } from './standInServer';

export interface JiraIssueState {
  id: string;
  key: string;
  fields: {
    summary: string;
    status: { name: string; statusCategory: { key: string } };
    assignee: { displayName: string } | null;
    labels: string[];
    description: unknown;
    security?: unknown;
  };
  hidden?: boolean;
  remoteLinks?: { title: string; url: string }[];
}

export class JiraStandIn extends StandInServer {
  readonly issues: JiraIssueState[] = [];
  createDelayMs = 0;
  /** Data Center's largest page (jira.search.views.default.max), lowered by tests to exercise paging. */
  pageLimit = 1000;
  /**
   * Jira's search index can lag behind a create: when set, a new issue is left out of searches
   * (until the next create), so the adapter has to read it by its key.
   */
  searchMissesNewIssues = false;

  constructor(
    private readonly email: string,
    private readonly apiToken: string,
    private readonly projectKey: string,
    private readonly securityLevels: readonly string[] = [],
    readonly deployment: 'cloud' | 'dataCenter' = 'cloud',
  ) {
    super();
  }

  /** Cloud: email and API token as basic credentials. Data Center (no email): a bearer access token. */
  protected authorised(headers: IncomingMessage['headers']): boolean {
    if (!this.email) return headers.authorization === `Bearer ${this.apiToken}`;
    return headers.authorization === `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString('base64')}`;
  }

  protected unauthorisedBody(): unknown {
    return { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} };
  }

  addIssue(summary: string, description: unknown, labels: string[], extra: Partial<JiraIssueState['fields']> = {}): JiraIssueState {
    const n = this.issues.length + 1;
    const issue: JiraIssueState = {
      id: String(10000 + n),
      key: `${this.projectKey}-${n}`,
      fields: { summary, status: { name: 'To Do', statusCategory: { key: 'new' } }, assignee: null, labels, description, ...extra },
    };
    this.issues.push(issue);
    return issue;
  }

  protected async route(method: string, url: URL, body: unknown): Promise<Answer> {
    const path = url.pathname;
    const api = this.deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    if (!path.startsWith(`${api}/`)) return { status: 404, body: { errorMessages: [`${path} is not served by this Jira (${this.deployment})`], errors: {} } };
    if (method === 'POST' && path === '/rest/api/2/search') return this.offsetSearch(body);
    if (method === 'POST' && path === '/rest/api/3/search/jql') {
      const problems = keyProblems(body, 'body', ['jql', 'fields', 'maxResults', 'nextPageToken', 'expand', 'properties', 'fieldsByKeys', 'failFast', 'reconcileIssues'], ['jql']);
      const b = body as { jql?: unknown; maxResults?: unknown };
      if (typeof b.jql !== 'string') problems.push('jql must be a string');
      if (b.maxResults !== undefined && (typeof b.maxResults !== 'number' || b.maxResults > 5000)) problems.push('maxResults must be a number up to 5000');
      if (problems.length > 0) return { status: 400, body: { errorMessages: problems, problems } };
      // The two queries the adapter makes: by project and one label.
      const issues = this.matching(b.jql as string);
      if (!issues) return { status: 400, body: { errorMessages: [`unsupported JQL in the stand-in: ${String(b.jql)}`], problems: ['jql'] } };
      return { status: 200, body: { issues: issues.map((i) => this.asJira(i)), isLast: true } };
    }
    if (method === 'POST' && path === `${api}/issue`) {
      const problems = keyProblems(body, 'body', ['fields', 'update', 'transition', 'historyMetadata', 'properties'], ['fields']);
      const fields = (body as { fields?: Record<string, unknown> }).fields ?? {};
      problems.push(...keyProblems(fields, 'fields', ['project', 'issuetype', 'summary', 'description', 'labels', 'security', 'priority', 'assignee', 'components'], ['project', 'issuetype', 'summary']));
      const project = fields.project as { key?: unknown } | undefined;
      if (project?.key !== this.projectKey) problems.push(`fields.project.key must be ${this.projectKey}`);
      if (typeof (fields.issuetype as { name?: unknown } | undefined)?.name !== 'string') problems.push('fields.issuetype.name must be a string');
      if (typeof fields.summary !== 'string' || fields.summary.length === 0 || fields.summary.length > 255) problems.push('fields.summary must be 1 to 255 characters');
      if (fields.labels !== undefined && (!Array.isArray(fields.labels) || fields.labels.some((l) => typeof l !== 'string' || /\s/.test(l) || l.length > 255))) problems.push('fields.labels must be strings without spaces');
      if (fields.description !== undefined) {
        if (this.deployment === 'cloud') problems.push(...adfSchemaProblems(fields.description));
        else if (typeof fields.description !== 'string') problems.push('fields.description must be a wiki markup string in REST v2');
      }
      if (fields.security !== undefined) {
        const level = fields.security as { name?: string; id?: string };
        if (!this.securityLevels.includes(level.name ?? level.id ?? '')) problems.push('fields.security names no security level of the project');
      }
      if (problems.length > 0) return { status: 400, body: { errorMessages: [], errors: Object.fromEntries(problems.map((p, i) => [`problem${i}`, p])), problems } };
      for (const issue of this.issues) delete issue.hidden;
      if (this.createDelayMs) await new Promise((resolve) => setTimeout(resolve, this.createDelayMs));
      const created = this.addIssue(fields.summary as string, fields.description, (fields.labels as string[] | undefined) ?? [], fields.security ? { security: fields.security } : {});
      if (this.searchMissesNewIssues) created.hidden = true;
      return { status: 201, body: { id: created.id, key: created.key, self: `${this.url}${api}/issue/${created.id}` } };
    }
    const one = /^\/rest\/api\/[23]\/issue\/([A-Z]+-\d+)(\/remotelink)?$/.exec(path);
    if (one) {
      const index = this.issues.findIndex((i) => i.key === one[1]);
      if (index < 0) return { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } };
      if (method === 'DELETE' && !one[2]) {
        this.issues.splice(index, 1);
        return { status: 204 };
      }
      if (method === 'GET' && one[2]) return { status: 200, body: (this.issues[index].remoteLinks ?? []).map((l, i) => ({ id: i + 1, object: l })) };
      if (method === 'GET') return { status: 200, body: this.asJira(this.issues[index]) };
    }
    return { status: 404, body: { errorMessages: ['Not found'], errors: {} } };
  }

  /** An issue as Jira answers it (IssueBean): without the stand-in's own bookkeeping. */
  private asJira(issue: JiraIssueState): unknown {
    const api = this.deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    return { id: issue.id, key: issue.key, self: `${this.url}${api}/issue/${issue.id}`, fields: issue.fields };
  }

  /** The two queries the adapter makes: by project and one label. */
  private matching(jql: string): JiraIssueState[] | undefined {
    const match = /^project = "([^"]+)" AND labels = "([^"]+)"/.exec(jql);
    if (!match) return undefined;
    return this.issues.filter((i) => !i.hidden && i.key.startsWith(`${match[1]}-`) && i.fields.labels.includes(match[2]));
  }

  /** Data Center's POST /rest/api/2/search: pages by startAt, answers the total. */
  private offsetSearch(body: unknown): Answer {
    const problems = keyProblems(body, 'body', ['jql', 'startAt', 'maxResults', 'fields', 'validateQuery', 'expand', 'properties', 'fieldsByKeys'], ['jql']);
    const b = body as { jql?: unknown; startAt?: unknown; maxResults?: unknown };
    if (typeof b.jql !== 'string') problems.push('jql must be a string');
    if (b.startAt !== undefined && (typeof b.startAt !== 'number' || b.startAt < 0)) problems.push('startAt must be a number from 0');
    if (b.maxResults !== undefined && (typeof b.maxResults !== 'number' || b.maxResults < 0)) problems.push('maxResults must be a number');
    if (problems.length > 0) return { status: 400, body: { errorMessages: problems, problems } };
    const all = this.matching(b.jql as string);
    if (!all) return { status: 400, body: { errorMessages: [`unsupported JQL in the stand-in: ${String(b.jql)}`], problems: ['jql'] } };
    const startAt = (b.startAt as number | undefined) ?? 0;
    // Data Center caps a page at its own maximum whatever is asked; a small one exercises paging.
    const maxResults = Math.min((b.maxResults as number | undefined) ?? 50, this.pageLimit);
    return { status: 200, body: { startAt, maxResults, total: all.length, issues: all.slice(startAt, startAt + maxResults).map((i) => this.asJira(i)) } };
  }
}
