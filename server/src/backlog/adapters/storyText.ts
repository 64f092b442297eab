// The text of a story as GitHub and GitLab hold it: the Backlog.md body (the same sections and the
// same machine-readable data block, so a story reads back identically from every tracker) under a
// hidden marker carrying the fingerprint, which is how an adapter finds the item again.
import { DATA_BEGIN, DATA_END, encodeStoryData, readStoryBody, renderTaskBody, SECTION_BEGIN, SECTION_END } from './markdown/taskFile';
import { codeBlock } from '../story/markdownSafety';
import type { Story, StoredStory } from '../story/types';

const MARKER = /<!-- rugged:fingerprint ([0-9a-f]{16,64}) -->/;

/** An HTML comment: invisible where the body is rendered, exact where it is read. */
export function fingerprintMarker(fingerprint: string): string {
  return `<!-- rugged:fingerprint ${fingerprint} -->`;
}

export function markdownBody(story: Story): string {
  return `${fingerprintMarker(story.fingerprint)}\n\n${renderTaskBody(story)}`;
}

/** The fingerprint a body's marker carries, if it has one. */
export function markedFingerprint(body: string | null | undefined): string | undefined {
  return body ? MARKER.exec(body)?.[1] : undefined;
}

/** What a remote item looked like, in the tracker's terms, before it is read as a story. */
export interface RemoteItem {
  id: string;
  title: string;
  status: string;
  done: boolean;
  labels: string[];
  url: string;
  body: string;
  assignees: string[];
  links: { title: string; url: string }[];
}

/**
 * "Raised together with SEC-3 (...)": the stories filed from the same code, one per attacker goal,
 * as plain text for trackers that escape it themselves (Jira); undefined for a story raised alone.
 */
export function siblingsSentence(story: Story): string | undefined {
  if (!story.raisedWith?.length) return undefined;
  return `Raised together with ${story.raisedWith.map((s) => `${s.id ?? s.key} (${s.title})`).join(', ')}: one story per attacker goal in the same code.`;
}

/** The story's machine-readable data, as trackers with structured descriptions (Jira) store it. */
export function storyData(story: Story): string {
  return encodeStoryData(story);
}

/**
 * The Markdown a structured description stands for: the data block, the quoted code and the
 * acceptance criteria, so a Jira item is read by the same code as a task file or a GitHub issue.
 */
export function bodyFromParts(parts: { data?: string; excerpt?: string; language?: string; criteria: { text: string; checked: boolean }[] }): string {
  const criteria = parts.criteria.map((c, i) => `- [${c.checked ? 'x' : ' '}] #${i + 1} ${c.text}`);
  const lines = ['<!-- AC:BEGIN -->', ...criteria, '<!-- AC:END -->', ''];
  if (parts.data !== undefined) {
    lines.push(SECTION_BEGIN, '**Code**', '', codeBlock(parts.excerpt ?? '', parts.language ?? ''), '', DATA_BEGIN, codeBlock(parts.data, 'json'), DATA_END, SECTION_END);
  }
  return lines.join('\n');
}

/** A remote item as a StoredStory: Rugged's data from the body, state from the tracker. */
export function storedFromMarkdown(item: RemoteItem): StoredStory {
  const read = readStoryBody(item.body);
  const stored: StoredStory = {
    id: item.id,
    title: item.title,
    status: item.status,
    done: item.done,
    labels: item.labels,
    location: item.url,
    acceptanceCriteria: read.acceptanceCriteria,
    ...(item.assignees.length > 0 ? { assignee: item.assignees } : {}),
    links: item.links,
  };
  if (read.problem) return { ...stored, problem: read.problem };
  if (!read.story) return stored;
  // Boxes ticked in the tracker are the truth for the acceptance criteria, as in Backlog.md.
  const story = {
    ...read.story,
    acceptanceCriteria: read.story.acceptanceCriteria.map((criterion, index) => {
      const match = read.acceptanceCriteria.find((c) => c.text === criterion.text) ?? read.acceptanceCriteria.find((c) => c.index === index + 1);
      return { ...criterion, done: match ? match.checked : criterion.done };
    }),
  };
  return { ...stored, story };
}

/** The story a tracker's listing holds for this fingerprint, if any. */
export function storyWithFingerprint(stories: readonly StoredStory[], fingerprint: string): StoredStory | undefined {
  return stories.find((s) => s.story?.fingerprint === fingerprint);
}

/** The story with this tracker id (`#42`, `SEC-7`, `GHSA-...`), ignoring case and surrounding spaces. */
export function storyWithId(stories: readonly StoredStory[], id: string): StoredStory | undefined {
  const wanted = id.trim().toUpperCase();
  return stories.find((s) => s.id.toUpperCase() === wanted);
}
