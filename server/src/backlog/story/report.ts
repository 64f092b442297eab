// The evidence report for a security officer: the risks that remain by level (each counted once,
// on the 3x3 grid), what is mitigated and the evidence for it, what was closed without evidence,
// accepted risks with their expiry, what the scanner cannot see, and the trend since the last
// snapshot. Pure: commits, linked tests and snapshots come from the caller (useCases/), and the
// renderers (reportRender.ts: Markdown, JSON, HTML) only format this model.
import { relative, sep } from 'node:path';
import { redactSecrets } from '../../redaction/redact';
import type { ResidualCounts, ResidualRisk, StoryEntry, SuppressionEntry, UncoveredFinding } from './residualRisk';
import type { RiskItem } from './riskItems';
import type { ScannerCoverage } from './scannerCoverage';
import type { WorkspaceBlindSpots } from './blindSpots';
import { SNAPSHOT_SCHEMA, type ReportSnapshot, type StoryState, type Trend } from './trend';
import { RISK_METHOD, type CommitRef } from './types';

export type ReportFormat = 'md' | 'json' | 'html';

/** A story as the report lists it: with a link to its task file or tracker item. */
export interface ReportStory extends StoryEntry {
  /** Relative to the report (or the project root when it goes to stdout), or the tracker's https URL. */
  link: string;
}

/** A done story (mitigated, or closed without evidence) with the work Git shows for it. */
export interface MitigatedEntry extends ReportStory {
  /** Commits that touched the entry point's file since the story was raised, newest first. */
  commits: CommitRef[];
}

export interface EvidenceReport {
  title: string;
  /** YYYY-MM-DD the report was generated on: the one clock every age, expiry and trend of the report is counted from. */
  date: string;
  /** First and last day (YYYY-MM-DD) a listed story was raised, from the stories themselves; absent without dated stories. */
  storiesRaised?: { first: string; last: string; count: number };
  project: { name: string; repository?: string; commit?: string; backlog?: string };
  /** How the report counts, in a few sentences. */
  method: string[];
  summary: {
    identified: ResidualRisk['identified'];
    mitigated: number;
    residual: ResidualCounts;
  };
  risks: RiskItem[];
  warnings: string[];
  mitigated: MitigatedEntry[];
  closedWithoutEvidence: MitigatedEntry[];
  open: ReportStory[];
  reopened: ReportStory[];
  accepted: ReportStory[];
  uncovered: UncoveredFinding[];
  lowered: UncoveredFinding[];
  suppressions: SuppressionEntry[];
  /** Files the scan could not check, so the auditor knows the coverage. */
  notChecked: { path: string; reason: string }[];
  coverage?: ScannerCoverage;
  /** What this app's code holds that the rules cannot judge (blindSpots.ts); absent when the app was not read. */
  blindSpots?: WorkspaceBlindSpots;
  /**
   * Routes the open stories assume need a login (their prerequisite or actor) where nothing checked
   * one when they were raised: a blind spot of the scan that the backlog itself points at.
   */
  assumedLogins: { route: string; assumed: string; stories: { id: string; link: string }[] }[];
  /** The test report whose results were weighed, as given. */
  testReport?: string;
  /** Whether the tests were run for this report, said plainly for the header. */
  testStatement: string;
  /** Rugged-written story tests whose findings were set aside: they hold attack payloads on purpose. */
  storyTests: string[];
  trend?: Trend;
}

export interface ReportInput {
  risk: ResidualRisk;
  projectName: string;
  repository?: string;
  commit?: string;
  backlog?: string;
  notChecked: { path: string; reason: string }[];
  coverage?: ScannerCoverage;
  blindSpots?: WorkspaceBlindSpots;
  testReport?: string;
  /** Folder task-file links are relative to (where the report is written); URLs stay as they are. */
  linkBase?: string;
}

/**
 * The report model. `commits` maps a done story's location to the commits that touched its entry
 * point since it was raised; a story missing from it lists none.
 */
export function evidenceReport(input: ReportInput, commits: ReadonlyMap<string, readonly CommitRef[]>): EvidenceReport {
  const r = input.risk;
  const story = (entry: StoryEntry): ReportStory => ({ ...safeEntry(entry), link: redact(linkTo(entry.location, input.linkBase)) });
  const done = (entry: StoryEntry): MitigatedEntry => ({ ...story(entry), commits: [...(commits.get(entry.location) ?? [])] });
  const mitigated = r.mitigated.map(done);
  const raised = raisedBetween([...r.open, ...r.reopened, ...r.accepted, ...r.mitigated, ...r.closedWithoutEvidence]);
  return {
    title: `Security evidence report: ${input.projectName}`,
    date: r.date,
    ...(raised ? { storiesRaised: raised } : {}),
    project: {
      name: input.projectName,
      ...(input.repository ? { repository: input.repository } : {}),
      ...(input.commit ? { commit: input.commit } : {}),
      ...(input.backlog ? { backlog: input.backlog } : {}),
    },
    method: [
      `Stories are rated with the ${RISK_METHOD}; a finding no story covers is rated from its rule's seed the same way.`,
      'A risk is counted once: stories covering the same findings are one risk at the worst rating, and a finding a story covers is counted only with the story. So is a finding on the same weakness and asset as a story (a second query in the story\'s handler, another place that writes or checks the same stored passwords, a committed key the story asks to move and rotate): it is listed under the story as "also at", not as a risk of its own.',
      'Platform stories that only limit what other weaknesses achieve (database least privilege, a Content-Security-Policy) are shown as amplifiers of the stories that rely on them and are not counted as risks of their own.',
      'Hardening stories, whose attack does not work on this code today (its library version refuses it, or no browser can deliver it), keep it that way: they are listed apart with the reason and are not counted in residual risk or on the grid.',
      'Findings in tests, build scripts and other non-product code are listed apart, without a likelihood or impact rating, and never counted in residual risk. Rugged\'s own story tests hold attack payloads on purpose and are not findings at all. Suppressions are listed, never added to a risk count.',
      'A done story counts as mitigated only with evidence: every acceptance criterion checked or waived, a test in the repository that names the story (passing, when a test report is given), and none of its findings firing. Otherwise it is closed without evidence and still counts as residual risk.',
      'A story whose risk someone accepted is listed apart until the acceptance expires, then counts again.',
    ],
    summary: { identified: r.identified, mitigated: mitigated.length, residual: r.residual },
    risks: r.risks,
    warnings: r.warnings.map(redact),
    mitigated,
    closedWithoutEvidence: r.closedWithoutEvidence.map(done),
    open: r.open.map(story),
    reopened: r.reopened.map(story),
    accepted: r.accepted.map(story),
    uncovered: r.uncovered.map(safeFinding),
    lowered: r.lowered.map(safeFinding),
    suppressions: r.suppressions.map((x) => ({ ...x, reason: redact(x.reason), message: redact(x.message) })),
    notChecked: input.notChecked.map((n) => ({ ...n, reason: redact(n.reason) })),
    ...(input.coverage ? { coverage: input.coverage } : {}),
    ...(input.blindSpots ? { blindSpots: redactBlindSpots(input.blindSpots) } : {}),
    // A mitigated story's fix may have added the login; the others still stand on the assumption.
    assumedLogins: assumedLogins([...r.open, ...r.reopened, ...r.accepted, ...r.closedWithoutEvidence].map(story)),
    ...(input.testReport ? { testReport: input.testReport } : {}),
    testStatement: testStatement(input.testReport),
    storyTests: [...r.storyTests],
  };
}

/** The days the stories were raised on, as their provenance records them (UTC, like the report's date). */
function raisedBetween(entries: readonly StoryEntry[]): EvidenceReport['storiesRaised'] {
  const days = entries.flatMap((e) => (e.createdAt && /^\d{4}-\d{2}-\d{2}/.test(e.createdAt) ? [e.createdAt.slice(0, 10)] : [])).sort();
  return days.length > 0 ? { first: days[0], last: days[days.length - 1], count: days.length } : undefined;
}

/** "Report generated on X; stories raised between A and B", the header's one line about time. */
export function dateLine(r: Pick<EvidenceReport, 'date' | 'storiesRaised'>): string {
  const s = r.storiesRaised;
  if (!s) return `Report generated on ${r.date}; no story records when it was raised.`;
  const stories = `${s.count} stor${s.count === 1 ? 'y' : 'ies'}`;
  const when = s.first === s.last ? `raised on ${s.first}` : `raised between ${s.first} and ${s.last}`;
  // A pinned report date earlier than a story would make every age and trend read wrong.
  const after = s.last > r.date ? ` Some stories are dated after the report: ages and expiries are counted from ${r.date}.` : '';
  return `Report generated on ${r.date}; ${stories} ${when}.${after}`;
}

function testStatement(testReport: string | undefined): string {
  if (testReport === undefined) {
    return 'No test report was given (--test-results), so no story test was run for this report: "fails before the fix" is what each proposed test is written to do, not a result anyone has seen.';
  }
  return `Test results are read from ${testReport}: a story's test that failed there means the attack still works; one that passed means the attack was refused.`;
}

/** One line per route, with every story that assumes a login on it. */
function assumedLogins(entries: readonly ReportStory[]): EvidenceReport['assumedLogins'] {
  const byRoute = new Map<string, EvidenceReport['assumedLogins'][number]>();
  for (const entry of entries) {
    if (!entry.assumedLogin) continue;
    const route = redact(entry.assumedLogin.route);
    const line = byRoute.get(route) ?? { route, assumed: redact(entry.assumedLogin.assumed), stories: [] };
    line.stories.push({ id: entry.id, link: entry.link });
    byRoute.set(route, line);
  }
  return [...byRoute.values()].sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
}

/** What a later report compares itself with. */
export function snapshotOf(report: EvidenceReport): ReportSnapshot {
  const states: [StoryState, ReportStory[]][] = [
    ['mitigated', report.mitigated],
    ['closed-without-evidence', report.closedWithoutEvidence],
    ['open', report.open],
    ['reopened', report.reopened],
    ['accepted', report.accepted],
  ];
  return {
    schema: SNAPSHOT_SCHEMA,
    kind: 'rugged-report-snapshot',
    date: report.date,
    ...(report.project.commit ? { commit: report.project.commit } : {}),
    byLevel: report.summary.residual.byLevel,
    counts: {
      mitigated: report.mitigated.length,
      closedWithoutEvidence: report.closedWithoutEvidence.length,
      open: report.open.length,
      reopened: report.reopened.length,
      accepted: report.accepted.length,
      uncovered: report.uncovered.length,
      lowered: report.lowered.length,
      suppressions: report.suppressions.length,
    },
    stories: states.flatMap(([state, entries]) => entries.map((e) => ({ id: e.id, state, severity: e.severity }))),
  };
}

function linkTo(location: string, base: string | undefined): string {
  if (/^https?:\/\//.test(location) || base === undefined) return location;
  return relative(base, location).split(sep).join('/');
}

// Every report format renders this model, so the texts a workspace controls are redacted here:
// story titles, narratives and symbols (task files may be hand-written or older than the
// redaction), finding messages, acceptance reasons and suppression reasons.
function redact(text: string): string {
  return redactSecrets(text).text;
}

function safeEntry<T extends StoryEntry>(entry: T): T {
  return {
    ...entry,
    title: redact(entry.title),
    ...(entry.narrative !== undefined ? { narrative: redact(entry.narrative) } : {}),
    ...(entry.symbol !== undefined ? { symbol: redact(entry.symbol) } : {}),
    assignee: entry.assignee.map(redact),
    tests: { ...entry.tests, ...(entry.tests.note !== undefined ? { note: redact(entry.tests.note) } : {}) },
    ...(entry.alsoAt ? { alsoAt: entry.alsoAt.map((a) => ({ ...a, message: redact(a.message) })) } : {}),
    // A remote tracker's texts are written by whoever edits the item there.
    ...(entry.links ? { links: entry.links.map((l) => ({ title: redact(l.title), url: l.url })) } : {}),
    ...(entry.acceptance ? { acceptance: { ...entry.acceptance, by: redact(entry.acceptance.by), ...(entry.acceptance.reason ? { reason: redact(entry.acceptance.reason) } : {}) } } : {}),
  };
}

// Evidence quotes the workspace's paths and route names.
function redactBlindSpots(b: WorkspaceBlindSpots): WorkspaceBlindSpots {
  const each = (w: WorkspaceBlindSpots['checked'][number]) => ({ ...w, evidence: w.evidence.map(redact) });
  return {
    ...b,
    checked: b.checked.map(each),
    unchecked: b.unchecked.map(each),
    ...(b.partial ? { partial: b.partial.map((p) => ({ ...p, evidence: p.evidence.map(redact) })) } : {}),
    unknownControls: b.unknownControls.map((u) => ({ ...u, reason: redact(u.reason) })) };
}

function safeFinding(finding: UncoveredFinding): UncoveredFinding {
  return { ...finding, message: redact(finding.message) };
}
