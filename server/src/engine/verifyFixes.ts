// Fix verification: a proposed rewrite is offered only when the rewritten file parses and the rule
// reports less. Checking each fix on its own re-analyses the file once per fix, which is too slow
// for a long file with many findings, so fixes are checked in groups: the non-overlapping first
// fixes of all findings of a rule are applied together and verified with one re-analysis. Only a
// group that fails is split in halves, down to single fixes, which are judged one by one.
import type { RuleModule } from './ruleContract';
import { INTERNAL_ERROR, PARSE_ERROR } from './builtinRules';
import { applyEdits } from './edits';
import type { Finding, Fix, TextEdit } from './finding';

/** Re-analyses `source` with one rule and no fix verification. */
export type Reanalyse = (source: string, rule: RuleModule) => Finding[];

/**
 * Past this many re-analysed characters per file the remaining fixes are dropped, never offered
 * unverified; it bounds pathological inputs (generated files with thousands of findings).
 */
const VERIFICATION_BUDGET = 2_000_000;

interface Candidate {
  finding: Finding;
  fix: Fix;
}

export function verifyFixes(findings: Finding[], text: string, rules: readonly RuleModule[], reanalyse: Reanalyse): void {
  let budget = VERIFICATION_BUDGET;
  const withinBudget = (source: string, rule: RuleModule): Finding[] | undefined => {
    if (budget < source.length) return undefined;
    budget -= source.length;
    return reanalyse(source, rule);
  };
  const verified = new Set<Fix>();
  for (const rule of rules) {
    const own = findings.filter((f) => f.ruleId === rule.id && f.fixes.length > 0);
    if (own.length === 0) continue;
    // Counted without suppressions or other rules, exactly as the rewritten text will be.
    const baselineFindings = withinBudget(text, rule);
    if (!baselineFindings) break;
    const baseline = countOf(baselineFindings, rule.id);
    const maxFixes = Math.max(...own.map((f) => f.fixes.length));
    for (let index = 0; index < maxFixes; index++) {
      let pending: Candidate[] = own.filter((f) => f.fixes[index]).map((finding) => ({ finding, fix: finding.fixes[index] }));
      while (pending.length > 0) {
        const { group, rest } = nonOverlapping(pending);
        checkGroup(group, text, rule, baseline, withinBudget, verified);
        pending = rest;
      }
    }
  }
  for (const finding of findings) finding.fixes = finding.fixes.filter((fix) => verified.has(fix));
}

function checkGroup(
  group: Candidate[],
  text: string,
  rule: RuleModule,
  baseline: number,
  reanalyse: (source: string, rule: RuleModule) => Finding[] | undefined,
  verified: Set<Fix>,
): void {
  if (group.length === 0) return;
  const after = reanalyse(applyEdits(text, group.flatMap((c) => c.fix.edits)), rule);
  if (!after) return;
  const broken = after.some((f) => f.ruleId === PARSE_ERROR || f.ruleId === INTERNAL_ERROR);
  const remaining = countOf(after, rule.id);
  // One fix must remove at least its finding; a group must remove exactly one per fix, so that a
  // fix that removes nothing cannot hide behind one that happens to remove two.
  const passed = !broken && (group.length === 1 ? remaining < baseline : remaining === baseline - group.length);
  if (passed) {
    for (const c of group) verified.add(c.fix);
    return;
  }
  if (group.length === 1) return;
  const middle = group.length >> 1;
  checkGroup(group.slice(0, middle), text, rule, baseline, reanalyse, verified);
  checkGroup(group.slice(middle), text, rule, baseline, reanalyse, verified);
}

/** Splits candidates into a group whose edits do not touch each other and the rest. */
function nonOverlapping(candidates: Candidate[]): { group: Candidate[]; rest: Candidate[] } {
  const taken: TextEdit[] = [];
  const group: Candidate[] = [];
  const rest: Candidate[] = [];
  for (const candidate of candidates) {
    // Two insertions at the same offset (the same missing import) count as touching.
    const clashes = candidate.fix.edits.some((e) => taken.some((t) => e.start <= t.end && t.start <= e.end));
    if (clashes) rest.push(candidate);
    else {
      group.push(candidate);
      taken.push(...candidate.fix.edits);
    }
  }
  return { group, rest };
}

function countOf(findings: Finding[], ruleId: string): number {
  return findings.filter((f) => f.ruleId === ruleId).length;
}
