// Splits the findings of a selection into one group per attacker goal and asset, so that a
// selection holding two attacks (SQL injection and a hard-coded JWT secret) becomes two stories a
// team can size, schedule and close on their own, instead of one story that narrates one attack
// and lists the other. Pure, like story.ts.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import { rateRisk } from './risk';
import { splitTechnique } from './storyTitle';

/** What grouping needs of a rule: its id and seed (story.ts's RuleInfo, and `RuleModule`, fit). */
interface SeededRule {
  id: string;
  meta: { abuserStory?: AbuserStorySeed };
}

/**
 * Findings grouped by the attacker goal their rules' seeds name (the loss, without the technique)
 * and the asset; most dangerous group first, then by first line. Rules without a seed (team
 * checklist rules) each form a group of their own, since nothing says what their attacker wants.
 * Findings on the same code stay together whatever their goals: two rules reporting one query
 * (built from input, with a column name from input) are one fix, and one fix is one story.
 */
export function groupByGoal(findings: readonly Finding[], rules: readonly SeededRule[]): Finding[][] {
  const byGoal = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = goalKey(finding.ruleId, rules);
    byGoal.set(key, [...(byGoal.get(key) ?? []), finding]);
  }
  const groups: Finding[][] = [];
  for (const group of byGoal.values()) {
    const sharing = groups.filter((other) => other.some((a) => group.some((b) => sameCode(a, b))));
    const merged = [...sharing.flat(), ...group];
    for (const other of sharing) groups.splice(groups.indexOf(other), 1);
    groups.push(merged);
  }
  // Each group keeps the findings' own order, so its story's symbol and identity are those a raise
  // of its findings alone would get.
  const order = (group: Finding[]) => group.sort((a, b) => findings.indexOf(a) - findings.indexOf(b));
  return groups.map(order).sort((a, b) => worstScore(b, rules) - worstScore(a, rules) || firstLine(a) - firstLine(b));
}

/** The two findings report overlapping code. */
function sameCode(a: Finding, b: Finding): boolean {
  return a.range.start.offset < b.range.end.offset && b.range.start.offset < a.range.end.offset;
}

/** "read or change {asset}|the database": two SQL rules share it, SQL and a JWT secret do not. */
function goalKey(ruleId: string, rules: readonly SeededRule[]): string {
  const seed = rules.find((r) => r.id === ruleId)?.meta.abuserStory;
  if (!seed) return `rule:${ruleId}`;
  const loss = splitTechnique(seed.goal.trim().replace(/[.\s]+$/, ''))[0].toLowerCase();
  return `goal:${loss}|${seed.asset.toLowerCase().trim()}`;
}

/** The risk score of the group's worst finding, as the story's own rating will compute it. */
function worstScore(group: readonly Finding[], rules: readonly SeededRule[]): number {
  return Math.max(
    ...group.map((finding) => {
      const seed = rules.find((r) => r.id === finding.ruleId)?.meta.abuserStory;
      if (!seed) return 0;
      return rateRisk({ seedLikelihood: seed.likelihood, seedImpact: seed.impact, seedSource: `rule ${finding.ruleId}`, finding }).score;
    }),
  );
}

function firstLine(group: readonly Finding[]): number {
  return Math.min(...group.map((f) => f.range.start.line));
}
