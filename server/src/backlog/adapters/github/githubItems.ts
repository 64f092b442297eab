// GitHub's issues and repository security advisories as the remote items stories are read from:
// the fields Rugged uses, and how GitHub's states map to the backlog's statuses.
import type { RemoteItem } from '../storyText';

export interface GitHubIssue {
  number: number;
  title: string;
  body?: string | null;
  state: 'open' | 'closed';
  state_reason?: string | null;
  html_url: string;
  labels?: (string | { name?: string })[];
  assignees?: { login: string }[] | null;
  pull_request?: unknown;
}

export interface GitHubAdvisory {
  ghsa_id: string;
  summary: string;
  description?: string | null;
  state: 'triage' | 'draft' | 'published' | 'closed';
  html_url: string;
}

export interface TimelineEvent {
  event?: string;
  source?: { issue?: { number?: number; title?: string; html_url?: string; pull_request?: unknown } };
}

/** Issue statuses in workflow order: open without and with an assignee, then the two ways to close. */
export const ISSUE_STATUSES = ['To Do', 'In Progress', 'Done', 'Closed (not planned)'];
export const ADVISORY_STATUSES = ['Draft', 'Published', 'Closed'];

export function issueItem(issue: GitHubIssue): RemoteItem {
  const assignees = (issue.assignees ?? []).map((a) => a.login);
  // Closed as not planned or as a duplicate is not mitigation: the weakness is still there.
  const completed = issue.state === 'closed' && issue.state_reason !== 'not_planned' && issue.state_reason !== 'duplicate';
  const status = issue.state === 'open' ? (assignees.length > 0 ? 'In Progress' : 'To Do') : completed ? 'Done' : 'Closed (not planned)';
  return {
    id: `#${issue.number}`,
    title: issue.title,
    status,
    done: completed,
    labels: labelNames(issue),
    url: issue.html_url,
    body: issue.body ?? '',
    assignees,
    links: [],
  };
}

/** GitHub answers labels as objects ({ id, name, color, ... }); a request may name them as strings. */
export function labelNames(issue: GitHubIssue): string[] {
  return (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name ?? '')).filter(Boolean);
}

export function advisoryItem(advisory: GitHubAdvisory): RemoteItem {
  const status = advisory.state === 'published' ? 'Published' : advisory.state === 'closed' ? 'Closed' : 'Draft';
  return {
    id: advisory.ghsa_id,
    title: advisory.summary,
    status,
    done: advisory.state === 'published',
    labels: [],
    url: advisory.html_url,
    body: advisory.description ?? '',
    assignees: [],
    links: [],
  };
}
