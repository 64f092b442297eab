// Residual risk = identified - mitigated. Identified: every abuser story, every open finding and
// every suppression. Mitigated: stories that are done and whose findings no longer fire. What
// remains is what a team (and its auditor) must see: open stories, done stories whose finding is
// back, findings no story covers, and suppressions with their reasons and expiry. Pure.
import type { Finding, Severity } from '../../engine/finding';
import { SEVERITY_ORDER } from './risk';
import type { RiskSeverity, StoredStory } from './types';

/** The findings of one file, with the path relative to the same base as story entry points. */
export interface FileFindings {
  path: string;
  findings: readonly Finding[];
}

export interface StoryEntry {
  id: string;
  title: string;
  status: string;
  done: boolean;
  /** `Unrated` for items Rugged did not write (no risk data). */
  severity: RiskSeverity | 'Unrated';
  score: number;
  path?: string;
  symbol?: string;
  lines?: [number, number];
  commit?: string;
  permalink?: string;
  ruleIds: string[];
  /** Checked / total acceptance criteria. */
  criteria: { checked: number; total: number };
  /** Done, yet one of its findings still fires: the fix did not hold. */
  stillFiring: boolean;
  /** Not done, but none of its findings fires any more: ready to be checked and closed. */
  quiet: boolean;
  /** Created date from the story's provenance, ISO. */
  createdAt?: string;
  /** File path or URL of the item. */
  location: string;
  problem?: string;
  /** Who the tracker has it assigned to (remote trackers). */
  assignees?: string[];
  /** Pull or merge requests the tracker links to it. */
  links?: { title: string; url: string }[];
}

export interface UncoveredFinding {
  path: string;
  ruleId: string;
  severity: Severity;
  confidence: Finding['confidence'];
  message: string;
  line: number;
  fingerprint: string;
}

export interface SuppressionEntry {
  path: string;
  ruleId: string;
  line: number;
  reason: string;
  until?: string;
  /** Expires within EXPIRY_WARNING_DAYS of today. */
  expiresSoon: boolean;
  message: string;
}

export interface ResidualRisk {
  /** The day the computation refers to (YYYY-MM-DD). */
  date: string;
  identified: { stories: number; findings: number; suppressions: number };
  mitigated: StoryEntry[];
  open: StoryEntry[];
  /** Done stories whose finding fires again. */
  reopened: StoryEntry[];
  uncovered: UncoveredFinding[];
  suppressions: SuppressionEntry[];
  residual: { total: number; openStories: number; reopened: number; uncoveredFindings: number; suppressions: number };
  byStatus: { status: string; stories: StoryEntry[] }[];
  byRisk: { severity: RiskSeverity | 'Unrated'; stories: StoryEntry[] }[];
}

export interface ResidualRiskInput {
  stories: readonly StoredStory[];
  files: readonly FileFindings[];
  /** YYYY-MM-DD. */
  today: string;
  /** The backlog's statuses in board order, so the view shows columns in the team's order. */
  statuses?: readonly string[];
}

export const EXPIRY_WARNING_DAYS = 30;

export function computeResidualRisk(input: ResidualRiskInput): ResidualRisk {
  const openFindings: { path: string; finding: Finding }[] = [];
  const suppressions: SuppressionEntry[] = [];
  for (const file of input.files) {
    for (const finding of file.findings) {
      // Parse errors and internal errors say a file was not checked; they are not a risk themselves.
      if (finding.ruleId.startsWith('rugged/')) continue;
      if (finding.suppression) suppressions.push(toSuppression(file.path, finding, input.today));
      else openFindings.push({ path: file.path, finding });
    }
  }

  const covered = new Set<{ path: string; finding: Finding }>();
  const entries: StoryEntry[] = [];
  // Exact fingerprints first, for every story, so a loose match never steals another story's finding.
  const matched = new Map<StoredStory, Set<{ path: string; finding: Finding }>>();
  for (const stored of input.stories) {
    const hits = new Set<{ path: string; finding: Finding }>();
    for (const linked of stored.story?.findings ?? []) {
      const hit = openFindings.find((o) => o.path === stored.story!.entryPoint.path && o.finding.fingerprint === linked.fingerprint);
      if (hit) {
        hits.add(hit);
        covered.add(hit);
      }
    }
    matched.set(stored, hits);
  }
  // An open story still covers its finding after edits changed the fingerprint: same rule, same file.
  for (const stored of input.stories) {
    if (stored.done || !stored.story) continue;
    const hits = matched.get(stored)!;
    const unmatched = stored.story.findings.filter((linked) => ![...hits].some((h) => h.finding.fingerprint === linked.fingerprint));
    for (const linked of unmatched) {
      const loose = openFindings.find((o) => !covered.has(o) && o.path === stored.story!.entryPoint.path && o.finding.ruleId === linked.ruleId);
      if (loose) {
        hits.add(loose);
        covered.add(loose);
      }
    }
  }
  for (const stored of input.stories) entries.push(toEntry(stored, matched.get(stored)!.size));

  const byRiskThenId = (a: StoryEntry, b: StoryEntry) => b.score - a.score || compareIds(a.id, b.id);
  const mitigated = entries.filter((e) => e.done && !e.stillFiring).sort(byRiskThenId);
  const reopened = entries.filter((e) => e.done && e.stillFiring).sort(byRiskThenId);
  const open = entries.filter((e) => !e.done).sort(byRiskThenId);
  const uncovered = openFindings
    .filter((o) => !covered.has(o))
    .map(({ path, finding }) => ({
      path,
      ruleId: finding.ruleId,
      severity: finding.severity,
      confidence: finding.confidence,
      message: finding.message,
      line: finding.range.start.line,
      fingerprint: finding.fingerprint,
    }))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.path, b.path) || a.line - b.line);
  suppressions.sort((a, b) => compareText(a.path, b.path) || a.line - b.line);

  return {
    date: input.today,
    identified: { stories: entries.length, findings: openFindings.length, suppressions: suppressions.length },
    mitigated,
    open,
    reopened,
    uncovered,
    suppressions,
    residual: {
      total: open.length + reopened.length + uncovered.length + suppressions.length,
      openStories: open.length,
      reopened: reopened.length,
      uncoveredFindings: uncovered.length,
      suppressions: suppressions.length,
    },
    byStatus: groupByStatus(entries, input.statuses ?? []),
    byRisk: groupByRisk(entries),
  };
}

function toEntry(stored: StoredStory, firing: number): StoryEntry {
  const story = stored.story;
  const linked = story?.findings.length ?? 0;
  return {
    id: stored.id,
    title: stored.title,
    status: stored.status,
    done: stored.done,
    severity: story?.risk.severity ?? 'Unrated',
    score: story?.risk.score ?? 0,
    ...(story ? { path: story.entryPoint.path, lines: story.entryPoint.lines } : {}),
    ...(story?.entryPoint.symbol ? { symbol: story.entryPoint.symbol } : {}),
    ...(story?.entryPoint.commit ? { commit: story.entryPoint.commit } : {}),
    ...(story?.entryPoint.permalink ? { permalink: story.entryPoint.permalink } : {}),
    ruleIds: [...new Set((story?.findings ?? []).map((f) => f.ruleId))],
    criteria: { checked: stored.acceptanceCriteria.filter((c) => c.checked).length, total: stored.acceptanceCriteria.length },
    stillFiring: stored.done && firing > 0,
    quiet: !stored.done && linked > 0 && firing === 0,
    ...(story ? { createdAt: story.provenance.createdAt } : {}),
    location: stored.location,
    ...(stored.problem ? { problem: stored.problem } : {}),
    ...(stored.assignees?.length ? { assignees: stored.assignees } : {}),
    ...(stored.links?.length ? { links: stored.links } : {}),
  };
}

function toSuppression(path: string, finding: Finding, today: string): SuppressionEntry {
  const s = finding.suppression!;
  return {
    path,
    ruleId: finding.ruleId,
    line: finding.range.start.line,
    reason: s.justification,
    ...(s.until ? { until: s.until } : {}),
    expiresSoon: s.until !== undefined && daysBetween(today, s.until) <= EXPIRY_WARNING_DAYS,
    message: finding.message,
  };
}

function groupByStatus(entries: StoryEntry[], statuses: readonly string[]): ResidualRisk['byStatus'] {
  const order = [...statuses];
  for (const e of entries) if (!order.includes(e.status)) order.push(e.status);
  return order
    .map((status) => ({ status, stories: entries.filter((e) => e.status === status).sort((a, b) => b.score - a.score || compareIds(a.id, b.id)) }))
    .filter((group) => group.stories.length > 0 || statuses.includes(group.status));
}

function groupByRisk(entries: StoryEntry[]): ResidualRisk['byRisk'] {
  const levels: (RiskSeverity | 'Unrated')[] = [...SEVERITY_ORDER, 'Unrated'];
  return levels
    .map((severity) => ({ severity, stories: entries.filter((e) => e.severity === severity).sort((a, b) => compareIds(a.id, b.id)) }))
    .filter((group) => group.stories.length > 0);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function severityRank(severity: Severity): number {
  return { error: 0, warning: 1, info: 2 }[severity];
}

/** TASK-2 before TASK-10. */
function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
