// The harness's measure of fix quality, per driver: cases, fixes offered, proven right, wrong,
// and cases where a finding came without a fix (withheld).
import type { FixCase } from './caseFormat';
import type { CaseVerdict } from './harness';

export interface DriverTally {
  cases: number;
  offered: number;
  right: number;
  wrong: number;
  withheld: number;
}

export type Tally = Record<string, DriverTally>;

const empty = (): DriverTally => ({ cases: 0, offered: 0, right: 0, wrong: 0, withheld: 0 });

export function tallyOf(results: ReadonlyArray<{ fixCase: FixCase; verdict: CaseVerdict }>): Tally {
  const tally: Tally = {};
  for (const { fixCase, verdict } of results) {
    const row = (tally[fixCase.driver] ??= empty());
    row.cases++;
    row.offered += verdict.offered;
    row.right += verdict.right;
    row.wrong += verdict.offered - verdict.right;
    if (verdict.reported && verdict.offered === 0) row.withheld++;
  }
  return tally;
}

/**
 * What the tally must be if every case meets its expectation: every offered fix right, `no-fix`
 * cases withheld, `fix` cases not. Where a case allows either, the measured choice stands.
 */
export function expectedTally(cases: readonly FixCase[], measured: Tally): Tally {
  const tally: Tally = {};
  const rightOrNoneWithheld = new Map<string, number>();
  for (const fixCase of cases) {
    const row = (tally[fixCase.driver] ??= empty());
    row.cases++;
    if (fixCase.expect === 'no-fix') row.withheld++;
    if (fixCase.expect === 'right-or-none') rightOrNoneWithheld.set(fixCase.driver, (rightOrNoneWithheld.get(fixCase.driver) ?? 0) + 1);
  }
  for (const [driver, row] of Object.entries(tally)) {
    const measuredRow = measured[driver] ?? empty();
    row.offered = measuredRow.offered;
    row.right = measuredRow.offered;
    const optional = rightOrNoneWithheld.get(driver) ?? 0;
    // A right-or-none case may be withheld or not; the measured count is accepted within that slack.
    row.withheld += Math.min(optional, Math.max(0, measuredRow.withheld - row.withheld));
  }
  return tally;
}

export function formatTally(tally: Tally): string {
  const lines = ['fix correctness per driver: cases, fixes offered, proven right, wrong, withheld'];
  for (const [driver, t] of Object.entries(tally).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${driver.padEnd(27)} ${String(t.cases).padStart(3)} cases  ${String(t.offered).padStart(3)} offered  ${String(t.right).padStart(3)} right  ${String(t.wrong).padStart(3)} wrong  ${String(t.withheld).padStart(3)} withheld`);
  }
  const total = Object.values(tally).reduce((sum, t) => ({ cases: sum.cases + t.cases, offered: sum.offered + t.offered, right: sum.right + t.right, wrong: sum.wrong + t.wrong, withheld: sum.withheld + t.withheld }), empty());
  lines.push(`  ${'all drivers'.padEnd(27)} ${String(total.cases).padStart(3)} cases  ${String(total.offered).padStart(3)} offered  ${String(total.right).padStart(3)} right  ${String(total.wrong).padStart(3)} wrong  ${String(total.withheld).padStart(3)} withheld`);
  return lines.join('\n');
}
