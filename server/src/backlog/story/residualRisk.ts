// Residual risk: what remains of the identified risk once the evidence is weighed. A story is
// mitigated only with evidence (criteria checked or waived, a test that names it, its findings
// quiet); a done story without it is "closed without evidence" and still counts. A story whose
// risk someone accepted until a date is listed apart while the acceptance holds. Remaining risks
// are counted by level, once each (see riskItems.ts); findings in tests, build scripts and other
// lowered contexts are counted apart, without a rating, and suppressions are listed, never added
// to a risk count. A finding on the same weakness and asset as a story is counted inside it ("also
// at", sameRisk.ts), and a platform story that only amplifies others is shown beside them, not
// counted. Pure: the test evidence comes from the caller.
import type { ContextKind } from '../../engine/contexts';
import type { Finding, Severity } from '../../engine/finding';
import { judgeMitigation, type LinkedTests, type MitigationEvidence } from './mitigationEvidence';
import { isAmplifier } from './platformStories';
import { rateRisk, SEVERITY_ORDER } from './risk';
import { daysBetween, judgeAcceptance, type AcceptanceState } from './riskAcceptance';
import { countByLevel, heatMap, riskItems, type HeatMap, type LevelCount, type RatedStory, type RiskItem } from './riskItems';
import { cwesOfLabels, hostStory } from './sameRisk';
import type { RiskLevel, RiskSeverity, StoredStory } from './types';
import { algorithmsListRefused } from './libraryVersions';

/** The findings of one file, with the path relative to the same base as story entry points. */
export interface FileFindings {
  path: string;
  findings: readonly Finding[];
}

/** What a rule says about the typical attack through its findings: the rating's starting point. */
export interface RuleSeed {
  id: string;
  meta: { cwe?: readonly string[]; abuserStory: { likelihood: RiskLevel; impact: RiskLevel; asset?: string } };
}

/** What the repository (and a test report, when one was given) says about a story's test. */
export interface StoryTests extends LinkedTests {
  /** The test file Rugged proposed for the story, when it proposed one. */
  proposed?: string;
  /** Why Rugged proposed no test although it knows the attack. */
  note?: string;
}

/** A finding on the same weakness and asset as a story, counted inside it. */
export interface AlsoAt {
  path: string;
  line: number;
  ruleId: string;
  message: string;
}

export interface StoryEntry {
  id: string;
  title: string;
  status: string;
  done: boolean;
  /** `Unrated` for items Rugged did not write (no risk data). */
  severity: RiskSeverity | 'Unrated';
  score: number;
  likelihood?: RiskLevel;
  impact?: RiskLevel;
  /** The story's short key (`AS-...`), which its tests carry in their names. */
  key?: string;
  /** "As <actor>, I want to <goal>, so that <harm>." */
  narrative?: string;
  path?: string;
  symbol?: string;
  lines?: [number, number];
  commit?: string;
  permalink?: string;
  ruleIds: string[];
  /** The weaknesses the story is about (`CWE-306`), from its labels: what "no story speaks for it" is checked against. */
  cwe?: string[];
  /** Checked / total acceptance criteria. */
  criteria: { checked: number; total: number };
  /** Done, yet one of its findings still fires: the fix did not hold. */
  stillFiring: boolean;
  /** Not done, but none of its findings fires any more: ready to be checked and closed. */
  quiet: boolean;
  /** Created date from the story's provenance, ISO. */
  createdAt?: string;
  /** Days since the story was raised. */
  ageDays?: number;
  /** Who works on it, as the tracker says. */
  assignee: string[];
  /** YYYY-MM-DD the team means to have it fixed by. */
  targetDate?: string;
  /** Not done and the target date has passed. */
  overdue: boolean;
  acceptance?: AcceptanceState;
  /** For done stories: what proves the mitigation, and what is missing. */
  evidence?: MitigationEvidence;
  /** Every story: its proposed test, the files that name it, and their result in the test report. */
  tests: StoryTests;
  /** Findings no story links that are this story's risk in another place (same weakness, same asset). */
  alsoAt?: AlsoAt[];
  /** A platform story that only amplifies others: the remaining stories that rely on it. */
  amplifies?: string[];
  /** The remaining amplifier platform stories this story relies on. */
  amplifiedBy?: string[];
  /** Why the attack does not work today: the story is hardening, listed apart and not counted. */
  hardening?: string;
  /** The routes the story is about (`DELETE /orders/:id`): its own, and every route a missing-login story lists. */
  routes?: string[];
  /** Every finding it still covers is in this kind of code (tests, scripts...): counted apart. */
  context?: ContextKind;
  /** Set on a platform story: where the code showed the control is needed (`src/app.js:9`), empty when nothing was recorded. */
  platformEvidence?: string[];
  /** File path or URL of the item. */
  location: string;
  problem?: string;
  /** Pull or merge requests the tracker links to it. */
  links?: { title: string; url: string }[];
  /** The story assumed a login (`assumed`: "staff") on a route that checked none when it was raised. */
  assumedLogin?: { route: string; assumed: string };
}

export interface UncoveredFinding {
  path: string;
  ruleId: string;
  severity: Severity;
  confidence: Finding['confidence'];
  message: string;
  line: number;
  fingerprint: string;
  /** The risk its rule's seed gives it; `Unrated` for rules without one. */
  risk: RiskSeverity | 'Unrated';
  likelihood?: RiskLevel;
  impact?: RiskLevel;
  /** Set when the file is test, build or other non-product code; such a finding is not rated. */
  context?: ContextKind;
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

/** Counts of what remains; each is its own unit, so none of them is ever added to another. */
export interface ResidualCounts {
  /** Distinct risks per level (stories covering the same findings once, covered findings never again). */
  byLevel: LevelCount[];
  heatMap: HeatMap;
  openStories: number;
  /** Done stories whose finding fires again. */
  reopened: number;
  closedWithoutEvidence: number;
  uncoveredFindings: number;
  /** Stories and findings in tests, build scripts and other lowered contexts. */
  lowered: { stories: number; findings: number };
  /** Findings counted inside a story on the same weakness and asset. */
  alsoAt: number;
  /** Platform stories shown as amplifiers of others, not as risks. */
  amplifiers: number;
  /** Remaining stories whose attack does not work today (hardening), listed apart and not counted. */
  hardening: number;
  accepted: number;
  suppressions: number;
}

export interface ResidualRisk {
  /** The day the computation refers to (YYYY-MM-DD). */
  date: string;
  identified: { stories: number; findings: number; suppressions: number };
  /** Done stories with the evidence. */
  mitigated: StoryEntry[];
  /** Done stories whose findings are quiet but whose evidence is missing: still residual. */
  closedWithoutEvidence: StoryEntry[];
  open: StoryEntry[];
  /** Done stories whose finding fires again. */
  reopened: StoryEntry[];
  /** Stories whose risk is accepted until a date that has not passed. */
  accepted: StoryEntry[];
  /** Findings no story covers, in product code. */
  uncovered: UncoveredFinding[];
  /** Findings no story covers in tests, build scripts and other lowered contexts. */
  lowered: UncoveredFinding[];
  suppressions: SuppressionEntry[];
  /** Rugged-written story tests whose findings were set aside (their payloads are the point). */
  storyTests: string[];
  /** The remaining risks, worst first. */
  risks: RiskItem[];
  residual: ResidualCounts;
  /** Acceptances that expired or expire soon, target dates passed: one sentence each. */
  warnings: string[];
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
  /** Rules whose seeds rate the findings no story covers; a finding of another rule is unrated. */
  rules?: readonly RuleSeed[];
  /** Tests linked to each story, by the story's location; a story missing here has none. */
  tests?: ReadonlyMap<string, LinkedTests>;
  /** Rugged-written story tests whose findings the caller left out of `files`, to list them. */
  storyTests?: readonly string[];
  /** Installed versions of the project's libraries, so a finding no story covers is rated as a story on it would be. */
  libraries?: Readonly<Record<string, string>>;
}

export const EXPIRY_WARNING_DAYS = 30;

interface OpenFinding {
  path: string;
  finding: Finding;
}

export function computeResidualRisk(input: ResidualRiskInput): ResidualRisk {
  const openFindings: OpenFinding[] = [];
  const suppressions: SuppressionEntry[] = [];
  for (const file of input.files) {
    for (const finding of file.findings) {
      // Parse errors and internal errors say a file was not checked; they are not a risk themselves.
      if (finding.ruleId.startsWith('rugged/')) continue;
      if (finding.suppression) suppressions.push(toSuppression(file.path, finding, input.today));
      else openFindings.push({ path: file.path, finding });
    }
  }

  const matched = matchFindings(input.stories, openFindings);
  const covered = new Set([...matched.values()].flatMap((hits) => [...hits]));
  const entries = input.stories.map((stored) => toEntry(stored, [...matched.get(stored)!], input));
  const keysOf = new Map(input.stories.map((stored, i) => [entries[i], findingKeys(stored, matched.get(stored)!)]));

  const byRiskThenId = (a: StoryEntry, b: StoryEntry) => b.score - a.score || compareIds(a.id, b.id);
  const holds = (e: StoryEntry) => e.acceptance !== undefined && e.acceptance.state !== 'expired';
  const mitigated = entries.filter((e) => e.done && !e.stillFiring && e.evidence!.missing.length === 0).sort(byRiskThenId);
  const accepted = entries.filter((e) => !mitigated.includes(e) && holds(e)).sort(byRiskThenId);
  const remaining = entries.filter((e) => !mitigated.includes(e) && !accepted.includes(e));
  const closedWithoutEvidence = remaining.filter((e) => e.done && !e.stillFiring).sort(byRiskThenId);
  const reopened = remaining.filter((e) => e.done && e.stillFiring).sort(byRiskThenId);
  const open = remaining.filter((e) => !e.done).sort(byRiskThenId);

  const seeds = new Map((input.rules ?? []).map((r) => [r.id, r.meta.abuserStory]));
  const notCovered = openFindings
    .filter((o) => !covered.has(o))
    .map((o) => toUncovered(o, seeds, input.libraries))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.path, b.path) || a.line - b.line);
  const lowered = notCovered.filter((u) => u.context);
  suppressions.sort((a, b) => compareText(a.path, b.path) || a.line - b.line);

  const amplifiers = remaining.filter((e) => isAmplifier(input.stories[entries.indexOf(e)].story?.platform));
  linkAmplifiers(amplifiers, remaining, input.stories, entries);
  // A story whose attack does not work today keeps it so: work to do, not a risk that remains.
  const hardening = remaining.filter((e) => e.hardening !== undefined && !e.context && !amplifiers.includes(e));
  const residualStories = remaining.filter((e) => !e.context && !amplifiers.includes(e) && !hardening.includes(e));
  // Worst first, so a finding two stories could host is counted with the worse one.
  const hosts = [...residualStories].sort(byRiskThenId);
  const weaknesses = new Map(hosts.map((e) => {
    const stored = input.stories[entries.indexOf(e)];
    return [e.id, [...(stored.story?.findings.flatMap((f) => f.cwe) ?? []), ...cwesOfLabels(stored.story?.labels ?? stored.labels)]];
  }));
  const uncovered: UncoveredFinding[] = [];
  let alsoAt = 0;
  for (const u of notCovered.filter((x) => !x.context)) {
    const host = hostStory(u, hosts.map((e) => ({ ...e, cwes: weaknesses.get(e.id) ?? [], ownsSecrets: input.stories[entries.indexOf(e)].story?.ownsSecrets ?? [] })), input.rules ?? []);
    const entry = hosts.find((e) => e.id === host);
    if (!entry) {
      uncovered.push(u);
      continue;
    }
    entry.alsoAt = [...(entry.alsoAt ?? []), { path: u.path, line: u.line, ruleId: u.ruleId, message: u.message }];
    keysOf.get(entry)!.push(`${u.path}\0${u.fingerprint}`);
    alsoAt++;
  }

  const rated: RatedStory[] = residualStories.map((e) => ({
    id: e.id,
    severity: e.severity,
    score: e.score,
    ...(e.likelihood !== undefined && e.impact !== undefined ? { likelihood: e.likelihood, impact: e.impact } : {}),
    findingKeys: keysOf.get(e)!,
  }));
  const risks = riskItems(rated, uncovered.map((u) => ({ ...u, severity: u.risk }))).sort((a, b) => levelRank(a.severity) - levelRank(b.severity));

  return {
    date: input.today,
    identified: { stories: entries.length, findings: openFindings.length, suppressions: suppressions.length },
    mitigated,
    closedWithoutEvidence,
    open,
    reopened,
    accepted,
    uncovered,
    lowered,
    suppressions,
    storyTests: [...(input.storyTests ?? [])],
    risks,
    residual: {
      byLevel: countByLevel(risks),
      heatMap: heatMap(risks),
      openStories: open.length,
      reopened: reopened.length,
      closedWithoutEvidence: closedWithoutEvidence.length,
      uncoveredFindings: uncovered.length,
      lowered: { stories: remaining.filter((e) => e.context).length, findings: lowered.length },
      alsoAt,
      amplifiers: amplifiers.length,
      hardening: hardening.length,
      accepted: accepted.length,
      suppressions: suppressions.length,
    },
    warnings: [...warningsFor(entries), ...unownedCritical(residualStories), ...uncoveredCritical(uncovered)],
    byStatus: groupByStatus(entries, input.statuses ?? []),
    byRisk: groupByRisk(entries),
  };
}

/**
 * Which open findings each story covers. Exact fingerprints first, for every story, so a loose
 * match never steals another story's finding; then an open story still covers its finding after
 * edits changed the fingerprint: same rule, same file.
 */
function matchFindings(stories: readonly StoredStory[], openFindings: readonly OpenFinding[]): Map<StoredStory, Set<OpenFinding>> {
  const covered = new Set<OpenFinding>();
  const matched = new Map<StoredStory, Set<OpenFinding>>();
  for (const stored of stories) {
    const hits = new Set<OpenFinding>();
    for (const linked of stored.story?.findings ?? []) {
      const hit = openFindings.find((o) => o.path === stored.story!.entryPoint.path && o.finding.fingerprint === linked.fingerprint);
      if (hit) {
        hits.add(hit);
        covered.add(hit);
      }
    }
    matched.set(stored, hits);
  }
  for (const stored of stories) {
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
  return matched;
}

/** The findings a story stands for, so two stories covering the same one are one risk. */
function findingKeys(stored: StoredStory, hits: ReadonlySet<OpenFinding>): string[] {
  const keys = new Set<string>();
  for (const linked of stored.story?.findings ?? []) keys.add(`${stored.story!.entryPoint.path}\0${linked.fingerprint}`);
  for (const hit of hits) keys.add(`${hit.path}\0${hit.finding.fingerprint}`);
  return [...keys];
}

function toEntry(stored: StoredStory, hits: OpenFinding[], input: ResidualRiskInput): StoryEntry {
  const story = stored.story;
  const linked = story?.findings.length ?? 0;
  const firing = hits.length;
  const createdAt = story?.provenance.createdAt;
  const age = createdAt ? daysBetween(createdAt.slice(0, 10), input.today) : NaN;
  const targetDate = stored.tracking?.targetDate;
  const contexts = new Set(hits.map((h) => h.finding.context?.kind));
  const context = hits.length > 0 && contexts.size === 1 ? [...contexts][0] : undefined;
  return {
    id: stored.id,
    title: stored.title,
    status: stored.status,
    done: stored.done,
    severity: story?.risk.severity ?? 'Unrated',
    score: story?.risk.score ?? 0,
    ...(story ? { likelihood: story.risk.likelihood, impact: story.risk.impact, key: story.key, narrative: story.narrative } : {}),
    ...(story ? { path: story.entryPoint.path, lines: story.entryPoint.lines } : {}),
    ...(story?.platform ? { platformEvidence: (story.platformEvidence ?? []).map((e) => `${e.path}:${e.line}`) } : {}),
    ...(story?.entryPoint.symbol ? { symbol: story.entryPoint.symbol } : {}),
    ...(story?.entryPoint.commit ? { commit: story.entryPoint.commit } : {}),
    ...(story?.entryPoint.permalink ? { permalink: story.entryPoint.permalink } : {}),
    ruleIds: [...new Set((story?.findings ?? []).map((f) => f.ruleId))],
    ...(story ? cweOf(story.labels) : {}),
    criteria: { checked: stored.acceptanceCriteria.filter((c) => c.checked).length, total: stored.acceptanceCriteria.length },
    stillFiring: stored.done && firing > 0,
    quiet: !stored.done && linked > 0 && firing === 0,
    ...(createdAt ? { createdAt } : {}),
    ...(Number.isNaN(age) ? {} : { ageDays: Math.max(0, age) }),
    assignee: stored.assignee ?? [],
    ...(targetDate ? { targetDate } : {}),
    overdue: !stored.done && targetDate !== undefined && daysBetween(input.today, targetDate) < 0,
    ...(stored.tracking?.acceptance ? { acceptance: judgeAcceptance(stored.tracking.acceptance, input.today) } : {}),
    ...(stored.done ? { evidence: judgeMitigation(stored, input.tests?.get(stored.location), firing === 0) } : {}),
    tests: {
      ...(input.tests?.get(stored.location) ?? { files: [] }),
      ...(story?.testSkeleton ? { proposed: story.testSkeleton.path } : {}),
      ...(story?.testNote ? { note: story.testNote } : {}),
    },
    ...(story?.hardening ? { hardening: story.hardening } : {}),
    ...(story ? routesOf(story) : {}),
    ...(context ? { context } : {}),
    location: stored.location,
    ...(stored.problem ? { problem: stored.problem } : {}),
    ...(stored.links?.length ? { links: stored.links } : {}),
    ...(story?.authentication?.state === 'unguarded' && story.authentication.assumed ? { assumedLogin: { route: story.authentication.route, assumed: story.authentication.assumed } } : {}),
  };
}

/**
 * Each amplifier platform story names the remaining stories that rely on it (they list it in
 * `dependsOn`), and each of those names it back.
 */
function linkAmplifiers(amplifiers: StoryEntry[], remaining: readonly StoryEntry[], stories: readonly StoredStory[], entries: readonly StoryEntry[]): void {
  for (const amplifier of amplifiers) {
    const relying = remaining.filter((e) => e !== amplifier && (stories[entries.indexOf(e)].story?.dependsOn ?? []).some((d) => d.id === amplifier.id));
    amplifier.amplifies = relying.map((e) => e.id).sort(compareIds);
    for (const e of relying) e.amplifiedBy = [...(e.amplifiedBy ?? []), amplifier.id].sort(compareIds);
  }
}

function toUncovered({ path, finding }: OpenFinding, seeds: ReadonlyMap<string, { likelihood: RiskLevel; impact: RiskLevel }>, libraries?: Readonly<Record<string, string>>): UncoveredFinding {
  // Code that is not deployed is no attack on the product: its findings are listed, never rated.
  const seed = finding.context ? undefined : seeds.get(finding.ruleId);
  // Rated the way a story raised from this finding alone would be, so the two are comparable.
  const hardening = libraryRefuses(finding, libraries);
  const rating = seed ? rateRisk({ seedLikelihood: seed.likelihood, seedImpact: seed.impact, seedSource: `rule ${finding.ruleId}`, finding, ...(hardening ? { grounded: { likelihood: { level: 1, reason: hardening } } } : {}) }) : undefined;
  return {
    path,
    ruleId: finding.ruleId,
    severity: finding.severity,
    confidence: finding.confidence,
    message: finding.message,
    line: finding.range.start.line,
    fingerprint: finding.fingerprint,
    risk: rating?.severity ?? 'Unrated',
    ...(rating ? { likelihood: rating.likelihood, impact: rating.impact } : {}),
    ...(finding.context ? { context: finding.context.kind } : {}),
  };
}

/**
 * Why the installed library already refuses the attack a finding warns of, as a story on it says
 * (groundJwt.ts): jwt.verify without an algorithms list, with an HMAC key, under jsonwebtoken 9.
 */
function libraryRefuses(finding: Finding, libraries?: Readonly<Record<string, string>>): string | undefined {
  const version = libraries?.jsonwebtoken;
  if (finding.ruleId !== 'session/no-unverified-jwt' || !version) return undefined;
  const refused = algorithmsListRefused(finding, version);
  return refused ? `${refused}, so pinning \`algorithms\` is hardening` : undefined;
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

function warningsFor(entries: readonly StoryEntry[]): string[] {
  const warnings: string[] = [];
  for (const e of [...entries].sort((a, b) => compareIds(a.id, b.id))) {
    const a = e.acceptance;
    if (a?.state === 'expired') warnings.push(`${e.id}: the risk acceptance by ${a.by} expired on ${a.until}; the story counts as residual risk again.`);
    else if (a?.state === 'expiring') warnings.push(`${e.id}: the risk acceptance by ${a.by} expires on ${a.until} (in ${a.daysLeft} day${a.daysLeft === 1 ? '' : 's'}).`);
    if (e.overdue) warnings.push(`${e.id}: the target date ${e.targetDate} has passed and the story is not done.`);
  }
  return warnings;
}

/** Residual Critical stories nobody is assigned: a release is signed off with an owner for each, or knowing there is none. */
function unownedCritical(residual: readonly StoryEntry[]): string[] {
  const unowned = residual.filter((e) => e.severity === 'Critical' && e.assignee.length === 0).map((e) => e.id).sort(compareIds);
  if (unowned.length === 0) return [];
  return [`${unowned.length} Critical ${unowned.length === 1 ? 'story has' : 'stories have'} no owner: ${unowned.join(', ')}. Assign each before signing off, or record who accepts the risk.`];
}

/** Critical findings in product code that no story covers: nobody owns them until a story does. */
function uncoveredCritical(uncovered: readonly UncoveredFinding[]): string[] {
  const critical = uncovered.filter((u) => u.risk === 'Critical').map((u) => `${u.path}:${u.line}`);
  if (critical.length === 0) return [];
  return [`${critical.length} Critical ${critical.length === 1 ? 'finding is' : 'findings are'} in no story: ${critical.join(', ')}. Raise a story for each, or add each to the story on the same fix.`];
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

function levelRank(level: RiskSeverity | 'Unrated'): number {
  const i = SEVERITY_ORDER.indexOf(level as RiskSeverity);
  return i < 0 ? SEVERITY_ORDER.length : i;
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

/** `cwe-306` labels as `CWE-306`. */
function cweOf(labels: readonly string[]): { cwe?: string[] } {
  const cwe = labels.flatMap((l) => (/^cwe-\d+$/i.test(l) ? [l.toUpperCase()] : []));
  return cwe.length > 0 ? { cwe } : {};
}

function routesOf(story: NonNullable<StoredStory['story']>): { routes?: string[] } {
  const routes = [...(story.missingLogin?.routes.map((r) => `${r.method} ${r.path}`) ?? []), ...(story.authentication ? [story.authentication.route] : [])];
  return routes.length > 0 ? { routes: [...new Set(routes)] } : {};
}
