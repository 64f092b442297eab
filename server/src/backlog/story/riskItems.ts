// The unit residual risk is counted in: one risk per attack that remains. Stories that cover the
// same findings (overlapping selections, a superset raised later) are one risk, rated by the worst
// of them; a finding no story covers is a risk of its own, rated from its rule's seed. A finding a
// story covers is never counted again. Pure.
import type { RiskLevel, RiskSeverity } from './types';

export type LevelName = RiskSeverity | 'Unrated';

/** Every level a count is shown for, worst first. */
export const LEVELS: readonly LevelName[] = ['Critical', 'High', 'Medium', 'Low', 'Unrated'];

export interface RatedStory {
  id: string;
  severity: LevelName;
  score: number;
  likelihood?: RiskLevel;
  impact?: RiskLevel;
  /** `path` + fingerprint of every finding the story links or covers now. */
  findingKeys: readonly string[];
}

export interface RatedFinding {
  path: string;
  line: number;
  ruleId: string;
  severity: LevelName;
  likelihood?: RiskLevel;
  impact?: RiskLevel;
}

export interface RiskItem {
  severity: LevelName;
  likelihood?: RiskLevel;
  impact?: RiskLevel;
  /** The stories this risk stands for; several when they cover the same findings. */
  stories: string[];
  /** Set when the risk is a finding no story covers. */
  finding?: { path: string; line: number; ruleId: string };
}

export interface LevelCount {
  severity: LevelName;
  /** Distinct risks at this level: `stories` + `findings`. */
  risks: number;
  /** Risks that are stories (overlapping stories counted once). */
  stories: number;
  /** Risks that are findings no story covers. */
  findings: number;
}

/** Counts of rated risks on the 3x3 grid: `cells[likelihood - 1][impact - 1]`. */
export interface HeatMap {
  cells: number[][];
  /** Risks without a likelihood and impact (items Rugged did not write, team rules without a seed). */
  unrated: number;
}

export function riskItems(stories: readonly RatedStory[], findings: readonly RatedFinding[]): RiskItem[] {
  const items: RiskItem[] = [];
  for (const group of overlapping(stories)) {
    const worst = [...group].sort((a, b) => b.score - a.score || (b.impact ?? 0) - (a.impact ?? 0))[0];
    items.push({
      severity: worst.severity,
      ...(worst.likelihood !== undefined && worst.impact !== undefined ? { likelihood: worst.likelihood, impact: worst.impact } : {}),
      stories: group.map((s) => s.id),
    });
  }
  for (const f of findings) {
    items.push({
      severity: f.severity,
      ...(f.likelihood !== undefined && f.impact !== undefined ? { likelihood: f.likelihood, impact: f.impact } : {}),
      stories: [],
      finding: { path: f.path, line: f.line, ruleId: f.ruleId },
    });
  }
  return items;
}

export function countByLevel(items: readonly RiskItem[]): LevelCount[] {
  return LEVELS.map((severity) => {
    const at = items.filter((i) => i.severity === severity);
    const findings = at.filter((i) => i.finding).length;
    return { severity, risks: at.length, stories: at.length - findings, findings };
  });
}

export function heatMap(items: readonly RiskItem[]): HeatMap {
  const cells = [0, 1, 2].map(() => [0, 0, 0]);
  let unrated = 0;
  for (const item of items) {
    if (item.likelihood === undefined || item.impact === undefined) unrated++;
    else cells[item.likelihood - 1][item.impact - 1]++;
  }
  return { cells, unrated };
}

/** Groups of stories that share a finding, directly or through another story; input order kept. */
function overlapping(stories: readonly RatedStory[]): RatedStory[][] {
  const parent = stories.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const owner = new Map<string, number>();
  stories.forEach((story, i) => {
    for (const key of story.findingKeys) {
      const other = owner.get(key);
      if (other === undefined) owner.set(key, i);
      else parent[root(i)] = root(other);
    }
  });
  const groups = new Map<number, RatedStory[]>();
  stories.forEach((story, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), story]);
  });
  return [...groups.values()];
}
