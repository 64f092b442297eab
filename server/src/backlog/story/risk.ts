// Risk rating of a story: likelihood x impact on a 3x3 grid, the simplified form of the OWASP risk
// rating that a team can apply by hand. Pure; the rationale says how each number was reached.
import type { Confidence, Severity } from '../../engine/finding';
import { RISK_METHOD, type Priority, type RiskLevel, type RiskRating, type RiskSeverity } from './types';

const LEVEL_NAMES: Readonly<Record<RiskLevel, string>> = { 1: 'low', 2: 'medium', 3: 'high' };

export function levelName(level: RiskLevel): string {
  return LEVEL_NAMES[level];
}

export function clampLevel(value: number): RiskLevel {
  return (value <= 1 ? 1 : value >= 3 ? 3 : Math.round(value)) as RiskLevel;
}

/** 1-2 Low, 3-4 Medium, 6 High, 9 Critical: the cells of the 3x3 grid. */
export function severityOf(likelihood: RiskLevel, impact: RiskLevel): RiskSeverity {
  const score = likelihood * impact;
  if (score >= 9) return 'Critical';
  if (score >= 6) return 'High';
  if (score >= 3) return 'Medium';
  return 'Low';
}

export function priorityOf(severity: RiskSeverity): Priority {
  if (severity === 'Critical' || severity === 'High') return 'high';
  return severity === 'Medium' ? 'medium' : 'low';
}

export const SEVERITY_ORDER: readonly RiskSeverity[] = ['Critical', 'High', 'Medium', 'Low'];

export interface RiskInput {
  /** What the rule's abuser-story seed (or the catalogue goal) says for the typical case. */
  seedLikelihood: RiskLevel;
  seedImpact: RiskLevel;
  /** Name of where the seed came from, for the rationale ("rule sql/x", "catalogue goal t-injection"). */
  seedSource: string;
  /** The finding that raised the story, when there is one. */
  finding?: { severity: Severity; confidence: Confidence; related?: readonly { message: string }[]; data?: Record<string, string> };
  /**
   * What this code and its library versions say beyond the finding (storyGrounding.ts): a level the
   * facts set, with the reason. It replaces the finding's adjustment, which cannot see them.
   */
  grounded?: { likelihood?: LevelChange; impact?: LevelChange };
}

/** A level set by what the code shows, and why ("jsonwebtoken 9.0.2 refuses ..."). */
export interface LevelChange {
  level: RiskLevel;
  reason: string;
}

/**
 * True when the finding traced request input to its sink: the taint report names where the input
 * enters (rules/util/taintReports.ts), or a rule with its own flow points at the request value it
 * followed ("request input req.query.sort": the SQL identifier and MongoDB rules). A hard-coded
 * constant or a weak hash has no such source.
 */
export function startsFromRequestInput(finding: NonNullable<RiskInput['finding']>): boolean {
  return (finding.related ?? []).some((r) => / enters here$/.test(r.message) || /^request input \S/.test(r.message));
}

/**
 * Likelihood starts from the seed and moves by what the engine saw: request input traced to the
 * sink (an error with high confidence that names where the input enters) raises it by one; low
 * confidence or an informational finding lowers it by one. A warning caps likelihood at medium, so
 * a warning-level finding is never rated Critical. Impact is the seed's: the engine cannot see
 * what the data is worth.
 */
export function rateRisk(input: RiskInput): RiskRating {
  let likelihood = input.seedLikelihood;
  const reasons: string[] = [];
  const finding = input.finding;
  const grounded = input.grounded ?? {};
  if (grounded.likelihood) {
    likelihood = grounded.likelihood.level;
    reasons.push(`likelihood ${likelihood} (${levelName(likelihood)}): ${input.seedSource} rates it ${input.seedLikelihood}, ${changed(input.seedLikelihood, likelihood)} because ${grounded.likelihood.reason}`);
  } else if (finding && finding.severity === 'error' && finding.confidence === 'high' && startsFromRequestInput(finding)) {
    likelihood = clampLevel(likelihood + 1);
    const change = likelihood > input.seedLikelihood ? 'raised' : 'confirmed';
    reasons.push(`likelihood ${likelihood} (${levelName(likelihood)}): ${input.seedSource} rates it ${input.seedLikelihood}, ${change} because request input was traced to this code`);
  } else if (finding && (finding.confidence === 'low' || finding.severity === 'info')) {
    likelihood = clampLevel(likelihood - 1);
    reasons.push(`likelihood ${likelihood} (${levelName(likelihood)}): ${input.seedSource} rates it ${input.seedLikelihood}, lowered because the finding has ${finding.confidence} confidence and ${finding.severity} severity`);
  } else if (finding && finding.severity === 'warning' && likelihood > 2) {
    likelihood = 2;
    reasons.push(`likelihood 2 (medium): ${input.seedSource} rates it ${input.seedLikelihood}, capped because the finding is a warning, not proof the attack works here`);
  } else {
    const raisesOnly = finding?.severity === 'error' ? 'only a finding with high confidence raises the rating' : 'only an error raises the rating';
    const traced = finding && startsFromRequestInput(finding) ? `request input reaches it, but ${raisesOnly}` : 'no request input traced';
    reasons.push(`likelihood ${likelihood} (${levelName(likelihood)}) as ${input.seedSource} rates it${finding ? ` (${finding.severity}, ${finding.confidence} confidence, ${traced})` : ''}`);
  }
  const impact = grounded.impact?.level ?? input.seedImpact;
  reasons.push(
    grounded.impact
      ? `impact ${impact} (${levelName(impact)}): ${input.seedSource} rates it ${input.seedImpact}, ${changed(input.seedImpact, impact)} because ${grounded.impact.reason}`
      : `impact ${impact} (${levelName(impact)}) as ${input.seedSource} rates it`,
  );
  return finish(likelihood, impact, reasons);
}

function changed(from: RiskLevel, to: RiskLevel): string {
  return to > from ? 'raised' : to < from ? 'lowered' : 'kept';
}

/**
 * Backlog.md sorts by `ordinal` (`backlog task list --sort ordinal`), and its priorities have only
 * three levels, so Critical and High would share `high`: the ordinal keeps them apart, the most
 * severe first, then the highest score.
 */
export function ordinalOf(risk: Pick<RiskRating, 'score'>): number {
  return (10 - risk.score) * 1000;
}

/** A rating chosen by the user; the rationale records that it was overridden. */
export function overrideRisk(base: RiskRating, likelihood: RiskLevel | undefined, impact: RiskLevel | undefined): RiskRating {
  if (likelihood === undefined && impact === undefined) return base;
  const l = likelihood ?? base.likelihood;
  const i = impact ?? base.impact;
  return finish(l, i, [`set by the person raising the story to likelihood ${l} and impact ${i}; proposed was ${base.likelihood} x ${base.impact} (${base.rationale.replace(/\.$/, '')})`]);
}

/** Several findings: the worst one sets the story's risk, and the rationale says which. */
export function worstRisk(ratings: readonly { label: string; rating: RiskRating }[]): RiskRating {
  if (ratings.length === 0) throw new Error('worstRisk needs at least one rating');
  const sorted = [...ratings].sort((a, b) => b.rating.score - a.rating.score || b.rating.impact - a.rating.impact);
  const top = sorted[0];
  if (ratings.length === 1) return top.rating;
  return { ...top.rating, rationale: `Highest of ${ratings.length} linked findings, from ${top.label}: ${top.rating.rationale}` };
}

/**
 * The story assumed the attacker must log in first, but nothing on the route checks a login: any
 * anonymous visitor can send the attack, so likelihood is high whatever the seed assumed. The
 * earlier reasoning is kept, since impact still comes from it.
 */
export function anonymousReach(base: RiskRating, reason: string): RiskRating {
  const change = base.likelihood < 3 ? 'raised' : 'confirmed';
  const before = base.rationale.replace(/;\s*\d x \d = \d+, \w+\.$/, '').replace(/\.$/, '');
  return finish(3, base.impact, [`likelihood 3 (high): proposed ${base.likelihood}, ${change} because ${reason}`, `as proposed: ${before.charAt(0).toLowerCase()}${before.slice(1)}`]);
}

/**
 * Another story already puts the asset in anyone's reach (an injection that reads the password
 * column): the likelihood is high, with that reason in place of the seed's; impact keeps its own.
 */
export function anonymousExposure(base: RiskRating, reason: string): RiskRating {
  const impact = base.rationale.match(/;\s*(impact \d \([^;]*?)(?:;\s*\d x \d = \d+, \w+\.)$/)?.[1] ?? `impact ${base.impact} (${levelName(base.impact)})`;
  return finish(3, base.impact, [`likelihood 3 (high): proposed ${base.likelihood}, raised because ${reason}`, impact]);
}

function finish(likelihood: RiskLevel, impact: RiskLevel, reasons: string[]): RiskRating {
  const severity = severityOf(likelihood, impact);
  const score = likelihood * impact;
  const rationale = `${capitalise(reasons.join('; '))}; ${likelihood} x ${impact} = ${score}, ${severity}.`;
  return { method: RISK_METHOD, likelihood, impact, score, severity, rationale };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
