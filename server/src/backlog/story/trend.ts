// The report's memory: a small JSON snapshot of what the report counted, stored in the backlog
// folder when asked, and the change since the latest earlier one. Pure: reading and writing the
// snapshot files is the use case's job.
import type { LevelCount, LevelName } from './riskItems';

export const SNAPSHOT_SCHEMA = 1;

export type StoryState = 'mitigated' | 'closed-without-evidence' | 'open' | 'reopened' | 'accepted';

export interface ReportSnapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  kind: 'rugged-report-snapshot';
  /** YYYY-MM-DD. */
  date: string;
  commit?: string;
  byLevel: LevelCount[];
  counts: Record<TrendCount, number>;
  stories: { id: string; state: StoryState; severity: LevelName }[];
}

export type TrendCount = 'mitigated' | 'closedWithoutEvidence' | 'open' | 'reopened' | 'accepted' | 'uncovered' | 'lowered' | 'suppressions';

export interface Trend {
  previous: { date: string; commit?: string };
  /** Risks per level then and now. */
  byLevel: { severity: LevelName; before: number; now: number }[];
  counts: { name: TrendCount; before: number; now: number }[];
  /** Stories that did not exist in the previous snapshot. */
  raised: string[];
  /** Stories mitigated since (with evidence), that were not then. */
  newlyMitigated: string[];
  /** Stories whose state got worse: mitigated then, residual now. */
  regressed: string[];
}

export function compareSnapshots(previous: ReportSnapshot, current: ReportSnapshot): Trend {
  const before = new Map(previous.stories.map((s) => [s.id, s]));
  const levelBefore = new Map(previous.byLevel.map((l) => [l.severity, l.risks]));
  return {
    previous: { date: previous.date, ...(previous.commit ? { commit: previous.commit } : {}) },
    byLevel: current.byLevel.map((l) => ({ severity: l.severity, before: levelBefore.get(l.severity) ?? 0, now: l.risks })),
    counts: (Object.keys(current.counts) as TrendCount[]).map((name) => ({ name, before: previous.counts[name] ?? 0, now: current.counts[name] })),
    raised: current.stories.filter((s) => !before.has(s.id)).map((s) => s.id),
    newlyMitigated: current.stories.filter((s) => s.state === 'mitigated' && before.has(s.id) && before.get(s.id)!.state !== 'mitigated').map((s) => s.id),
    regressed: current.stories.filter((s) => s.state !== 'mitigated' && s.state !== 'accepted' && before.get(s.id)?.state === 'mitigated').map((s) => s.id),
  };
}

/** The snapshot in a file, or a sentence saying why it is not one. */
export function parseSnapshot(text: string): ReportSnapshot | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const v = value as Partial<ReportSnapshot> | null;
  if (!v || typeof v !== 'object' || v.kind !== 'rugged-report-snapshot') return 'not a Rugged report snapshot';
  if (v.schema !== SNAPSHOT_SCHEMA) return `snapshot schema ${String(v.schema)} is not ${SNAPSHOT_SCHEMA}`;
  if (typeof v.date !== 'string' || !Array.isArray(v.byLevel) || !Array.isArray(v.stories) || !v.counts || typeof v.counts !== 'object') return 'the snapshot lacks its date, levels, counts or stories';
  return v as ReportSnapshot;
}
