// A "needs triage" draft: what Rugged files when asked to raise a story about code in which it
// found nothing and for which nobody named an attacker goal. Rating such code would be inventing
// a threat, so the draft carries no risk, no STRIDE and no narrative: only where the code is, what
// was quoted and the goals a person can choose from. It is not an abuser story, so the residual
// risk never counts it.
import type { CatalogueGoal } from './stride';
import type { StoryChoices } from './story';
import type { Excerpt, Story } from './types';

export interface TriageDraft {
  kind: 'triage-draft';
  /** The would-be story's fingerprint: raising the same code again finds this draft. */
  fingerprint: string;
  title: string;
  path: string;
  symbol?: string;
  lines: [number, number];
  permalink?: string;
  /** Why no story was rated, in one sentence. */
  reason: string;
  /** Goals a person can pick to raise the real story (`--goal <id>`). */
  goals: { id: string; goal: string }[];
  excerpt: Excerpt;
  createdAt: string;
  toolVersion: string;
}

export interface TriageFiled {
  id: string;
  /** Absolute file path or URL of the draft. */
  location: string;
  created: boolean;
}

/** True when nothing justifies a rated story: no linked finding and no goal chosen by a person. */
export function needsTriage(findingCount: number, choices: StoryChoices | undefined): boolean {
  return findingCount === 0 && !choices?.goalId && !choices?.goal?.trim();
}

/** The draft for the code a story would have been about; `goals` are the catalogue's candidates. */
export function triageDraft(story: Story, goals: readonly CatalogueGoal[]): TriageDraft {
  const ep = story.entryPoint;
  const where = ep.symbol ?? ep.path.slice(ep.path.lastIndexOf('/') + 1);
  return {
    kind: 'triage-draft',
    fingerprint: `triage-${story.fingerprint}`,
    title: `Needs triage: which attack threatens ${where}?`.slice(0, 80),
    path: ep.path,
    ...(ep.symbol ? { symbol: ep.symbol } : {}),
    lines: ep.lines,
    ...(ep.permalink ? { permalink: ep.permalink } : {}),
    reason: 'Rugged found no finding in this code and no attacker goal was chosen, so there is nothing to rate yet',
    goals: goals.map((g) => ({ id: g.id, goal: g.goal })),
    excerpt: story.excerpt,
    createdAt: story.provenance.createdAt,
    toolVersion: story.provenance.toolVersion,
  };
}
