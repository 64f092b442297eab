// Fix verification: a proposed rewrite is offered only when the rewritten file parses and the rule
// reports less. Checking each fix on its own re-analyses the file once per fix, which is too slow
// for a long file with many findings, so fixes are checked in groups: the non-overlapping first
// fixes of all findings of a rule are applied together and verified with one re-analysis. Only a
// group that fails is split in halves, down to single fixes, which are judged one by one.
// Fixes that share an identical edit (the same missing import) share a group too: the edit is
// applied once. Keeping them apart made a file cost one re-analysis per fix, so verification grew
// with findings x size and the budget below then silently dropped the fixes of every large file.
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
/** A large file may always spend this many re-analyses of itself (baseline and a few groups). */
const VERIFICATION_PASSES_PER_FILE = 6;

interface Candidate {
  finding: Finding;
  fix: Fix;
}

export function verifyFixes(findings: Finding[], text: string, rules: readonly RuleModule[], reanalyse: Reanalyse): void {
  let budget = Math.max(VERIFICATION_BUDGET, VERIFICATION_PASSES_PER_FILE * text.length);
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
  const after = reanalyse(applyEdits(text, distinctEdits(group)), rule);
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

/** The group's edits, each identical edit once. */
function distinctEdits(group: Candidate[]): TextEdit[] {
  const byKey = new Map<string, TextEdit>();
  for (const c of group) for (const e of c.fix.edits) byKey.set(editKey(e), e);
  return [...byKey.values()];
}

function editKey(edit: TextEdit): string {
  return `${edit.start}:${edit.end}:${edit.text}`;
}

/**
 * Splits candidates into a group whose edits do not touch each other and the rest. An edit equal
 * to one already taken is shared, not a clash; any other two edits touching (two different
 * insertions at one offset included) are.
 */
function nonOverlapping(candidates: Candidate[]): { group: Candidate[]; rest: Candidate[] } {
  const taken = new TakenEdits();
  const group: Candidate[] = [];
  const rest: Candidate[] = [];
  for (const candidate of candidates) {
    if (candidate.fix.edits.some((e) => taken.clashes(e))) rest.push(candidate);
    else {
      group.push(candidate);
      for (const e of candidate.fix.edits) taken.add(e);
    }
  }
  return { group, rest };
}

/**
 * The edits of a group, kept sorted by start so a clash is found by binary search rather than by
 * comparing with every edit taken (thousands of fixes in one generated file).
 */
class TakenEdits {
  private readonly sorted: TextEdit[] = [];
  private readonly keys = new Set<string>();
  /** The longest edit taken: a clashing edit starts at most this far before the new one. */
  private widest = 0;

  clashes(edit: TextEdit): boolean {
    if (this.keys.has(editKey(edit))) return false;
    // Edits touching `edit` start within [edit.start - widest, edit.end].
    for (let i = this.firstStartingAtOrAfter(edit.start - this.widest); i < this.sorted.length && this.sorted[i].start <= edit.end; i++) {
      if (this.sorted[i].end >= edit.start) return true;
    }
    return false;
  }

  add(edit: TextEdit): void {
    const key = editKey(edit);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.sorted.splice(this.firstStartingAtOrAfter(edit.start), 0, edit);
    this.widest = Math.max(this.widest, edit.end - edit.start);
  }

  private firstStartingAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sorted[mid].start < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function countOf(findings: Finding[], ruleId: string): number {
  return findings.filter((f) => f.ruleId === ruleId).length;
}
