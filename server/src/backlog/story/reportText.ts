// Wording the Markdown and HTML reports share, so both say the same thing about the same entry.
import type { ReportStory } from './report';
import type { UncoveredFinding } from './residualRisk';
import type { TrendCount } from './trend';

export const IMPACT_NAMES = ['low', 'medium', 'high'] as const;

export const COUNT_LABELS: Readonly<Record<TrendCount, string>> = {
  mitigated: 'Mitigated stories (with evidence)',
  closedWithoutEvidence: 'Stories closed without evidence',
  open: 'Open stories',
  reopened: 'Done stories whose finding fires again',
  accepted: 'Stories with an accepted risk',
  uncovered: 'Findings no story covers (product code)',
  lowered: 'Findings in tests, build scripts and other non-product code',
  suppressions: 'Suppressed findings',
};

export function where(entry: { path?: string; lines?: [number, number]; symbol?: string }): string {
  if (!entry.path) return '';
  const lines = entry.lines ? `:${entry.lines[0]}-${entry.lines[1]}` : '';
  return `${entry.path}${lines}${entry.symbol ? ` (${entry.symbol})` : ''}`;
}

export function owner(entry: ReportStory): string {
  return entry.assignee.length > 0 ? entry.assignee.join(', ') : 'nobody';
}

export function age(entry: ReportStory): string {
  return entry.ageDays === undefined ? '' : `${entry.ageDays} d`;
}

export function target(entry: ReportStory): string {
  if (!entry.targetDate) return '';
  return entry.overdue ? `${entry.targetDate} (passed)` : entry.targetDate;
}

export function criteria(entry: ReportStory): string {
  const waived = entry.evidence?.criteria.waived ?? 0;
  return `${entry.criteria.checked}/${entry.criteria.total}${waived > 0 ? ` (+${waived} waived)` : ''}`;
}

export function testEvidence(entry: ReportStory): string {
  const tests = entry.evidence?.tests;
  if (!tests || tests.files.length === 0) return 'no test names the story';
  const result = tests.result === undefined ? 'no test report given' : tests.result === 'not-in-report' ? 'not in the test report' : tests.result;
  return `${tests.files.join(', ')} (${result})`;
}

export function acceptanceState(entry: ReportStory): string {
  const a = entry.acceptance;
  if (!a) return '';
  return a.state === 'expired' ? 'expired' : a.state === 'expiring' ? `expires in ${a.daysLeft} d` : `${a.daysLeft} d left`;
}

export function findingRisk(finding: UncoveredFinding): string {
  return finding.likelihood !== undefined && finding.impact !== undefined ? `${finding.risk} (${finding.likelihood} x ${finding.impact})` : finding.risk;
}

export function change(before: number, now: number): string {
  const d = now - before;
  return d === 0 ? 'no change' : d > 0 ? `+${d}` : String(d);
}
