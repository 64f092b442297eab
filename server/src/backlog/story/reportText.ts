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

/**
 * The story's test evidence in one cell: which test exists (or was proposed and is missing, or was
 * never proposed), whether it ran, and what its last result says about the attack. Rugged's tests
 * fail while the attack works, so a failure is news about the code, not about the test.
 */
export function testEvidence(entry: ReportStory, reportGiven: boolean): string {
  const t = entry.tests;
  if (t.files.length === 0) {
    if (t.proposed) return `proposed ${t.proposed}, not in the repository`;
    return t.note ? `no test proposed: ${t.note}` : 'no test proposed';
  }
  return `${t.files.join(', ')}: ${testResult(t.result, reportGiven)}`;
}

function testResult(result: ReportStory['tests']['result'], reportGiven: boolean): string {
  if (!reportGiven) return 'not run (no test report given)';
  switch (result) {
    case 'failed':
      return 'failed, the attack still works';
    case 'passed':
      return 'passed, the attack is refused';
    case 'skipped':
      return 'skipped in the test report';
    default:
      return 'not in the test report (not run)';
  }
}

/** The risk cell: the level, and how the story is counted when it is not a risk on its own. */
export function storyRisk(entry: ReportStory): string {
  if (entry.amplifies !== undefined) {
    return `${entry.severity}, amplifier: ${entry.amplifies.length > 0 ? `makes ${entry.amplifies.join(', ')} worse` : 'no remaining story relies on it'} (not counted)`;
  }
  return entry.amplifiedBy?.length ? `${entry.severity} (amplified by ${entry.amplifiedBy.join(', ')})` : entry.severity;
}

/** "src/a.js:21 (rule)" for each finding counted inside the story. */
export function alsoAt(entry: ReportStory): string {
  return (entry.alsoAt ?? []).map((a) => `${a.path}:${a.line} (${a.ruleId})`).join(', ');
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
