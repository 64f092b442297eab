// Wording the Markdown and HTML reports share, so both say the same thing about the same entry.
import { GENERIC_LIMITS, type PresentWeakness } from './blindSpots';
import type { EvidenceReport, ReportStory } from './report';
import type { UncoveredFinding } from './residualRisk';
import type { TrendCount } from './trend';

export const IMPACT_NAMES = ['low', 'medium', 'high'] as const;

/** Said where a trend would be, so a reader knows there is none rather than wondering where it went. */
export const NO_TREND = 'No earlier snapshot to compare with. Run rugged report --snapshot to store this one in the backlog folder; the next report then shows what changed since.';

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

export function where(entry: { path?: string; lines?: [number, number]; symbol?: string; platformEvidence?: string[] }): string {
  // A platform control has no single entry point: the lines that show it is needed stand in for one.
  if (entry.platformEvidence !== undefined) return entry.platformEvidence.length > 0 ? `whole application; evidence at ${entry.platformEvidence.join(', ')}` : 'whole application';
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
  return `${t.files.join(', ')}: ${testResult(t.result, reportGiven, entry.hardening !== undefined)}`;
}

/** A hardening story's test checks the protection, not an attack that works today: its failure says the protection is missing. */
function testResult(result: ReportStory['tests']['result'], reportGiven: boolean, hardening: boolean): string {
  if (!reportGiven) return 'not run (no test report given)';
  switch (result) {
    case 'failed':
      return hardening ? 'failed, the protection is not in place yet' : 'failed, the attack still works';
    case 'passed':
      return hardening ? 'passed, the protection is in place' : 'passed, the attack is refused';
    case 'skipped':
      return 'skipped in the test report';
    default:
      return 'not in the test report (not run)';
  }
}

/** The risk cell: the level, and how the story is counted when it is not a risk on its own. */
export function storyRisk(entry: ReportStory): string {
  if (entry.hardening !== undefined) return `${entry.severity}, hardening: the attack does not work today (not counted)`;
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

/** One part of "What the scan cannot see", as both renderers show it: a heading, why, and its items. */
export interface BlindSpotPart {
  heading: string;
  intro: string;
  items: string[];
}

/**
 * An open route no story is about says so, and that it may be meant to be open (an anonymous review,
 * a public import): the team decides, since no story will ask for the login.
 */
function withoutStory(evidence: string, stories: readonly ReportStory[]): string {
  const route = / ([A-Z]+ \/\S*) checks no login$/.exec(evidence)?.[1];
  if (!route || stories.some((s) => s.routes?.includes(route))) return evidence;
  return `${evidence}, and no story covers it (it may be meant to be open to anyone: decide, and raise a story if not)`;
}

/** The app-specific blind spots, most important first; empty when the app was not read. */
export function blindSpotParts(r: EvidenceReport): BlindSpotPart[] {
  const b = r.blindSpots;
  if (!b) return [];
  const parts: BlindSpotPart[] = [];
  // A story raised on the weakness (a platform story, a chosen goal) speaks for it, though no rule does.
  const stories = [...r.open, ...r.reopened, ...r.accepted];
  const storiesOn = (cwe: readonly string[]) => {
    const ids = stories
      .filter((s) => s.cwe?.some((c) => cwe.includes(c)))
      .map((s) => s.id)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return ids.length > 0 ? ` Stories on it: ${ids.join(', ')}.` : '';
  };
  const present = (w: PresentWeakness) => `${w.name}${w.cwe.length > 0 ? ` (${w.cwe.join(', ')})` : ''}: ${w.evidence.join('; ')}.${storiesOn(w.cwe)} Review: ${w.review}.`;
  parts.push({
    heading: 'In this code, and no rule looks for it',
    intro:
      b.unchecked.length > 0
        ? 'Rugged found these in the code or its dependencies, and no rule that ran checks them, so no finding speaks for them (a story raised on one is named beside it). Review each by other means (a test, a threat model, a penetration test).'
        : 'Nothing Rugged recognises in this code falls outside its rules.',
    items: b.unchecked.map(present),
  });
  if (b.partial?.length) {
    parts.push({
      heading: 'Looked for in part',
      intro: 'No rule reports these, but the stories check the routes they are raised on for them; what is found is listed, and what the check leaves out is said.',
      items: b.partial.map(
        (p) =>
          `${p.name}${p.cwe.length > 0 ? ` (${p.cwe.join(', ')})` : ''}: ${p.evidence.length > 0 ? `found ${p.evidence.map((e) => withoutStory(e, stories)).join('; ')}` : 'no such route found'}.${storiesOn(p.cwe) || ' No story on it yet.'} How: ${p.how}. Review: ${p.review}.`,
      ),
    });
  }
  if (b.checked.length > 0) {
    parts.push({ heading: 'In this code, and a rule looks for it', intro: 'A rule that ran checks these, so their findings (or the absence of findings) above speak for them.', items: b.checked.map((w) => `${w.name}: ${w.evidence.join('; ')}; checked by ${w.rules.join(', ')}.`) });
  }
  if (b.unknownControls.length > 0) {
    parts.push({ heading: 'Controls the code cannot show', intro: 'No story is rated for these: the repository does not show whether they are in place.', items: b.unknownControls.map((u) => `${u.control}: unknown, ${u.reason}.`) });
  }
  if (b.notSeen.length > 0) {
    parts.push({ heading: 'Not looked for, and nothing in this code points at it', intro: 'No rule looks for these, and Rugged saw no dependency or code that brings them; a feature it does not recognise could.', items: [`${b.notSeen.join('; ')}.`] });
  }
  parts.push({ heading: 'Limits of any code scan', intro: 'These hold for every application and are said once.', items: GENERIC_LIMITS.map((g) => g.text) });
  return parts;
}
