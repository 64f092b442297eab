// Every SQL fix Rugged offers on the cases, proven on real PostgreSQL and MariaDB and on SQLite
// (sql.js): one test per case, then the per-driver count of fixes offered, proven right and withheld.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ALL_CASES } from './cases/index';
import type { FixCase } from './caseFormat';
import { checkCase, type CaseVerdict, type HarnessContext } from './harness';
import { closeHarnessContext, openHarnessContext } from './harnessContext';
import { expectedTally, formatTally, tallyOf } from './tally';

describe('SQL fixes are right on real databases', () => {
  let ctx: HarnessContext | undefined;
  const verdicts = new Map<FixCase, CaseVerdict>();

  before(async () => {
    ctx = await openHarnessContext();
  });

  after(() => closeHarnessContext(ctx));

  for (const fixCase of ALL_CASES) {
    it(`${fixCase.driver}: ${fixCase.name}`, async () => {
      assert.ok(ctx, 'the databases did not start (see the error of the before hook)');
      const verdict = await checkCase(ctx, fixCase);
      verdicts.set(fixCase, verdict);
      const context = `\n${fixCase.why}\n--- case source ---\n${fixCase.source}`;
      assert.ok(verdict.reported, `no SQL rule reports this case, so it tests no fix${context}`);
      if (verdict.wrong.length > 0) assert.fail(`${verdict.wrong.length} wrong fix(es) offered:\n${verdict.wrong.join('\n')}${context}`);
      if (verdict.together.length > 0) assert.fail(`the fixes are right alone but wrong together:\n${verdict.together.join('\n')}${context}`);
      if (fixCase.expect === 'fix') assert.ok(verdict.offered > 0, `expected a fix, none offered${context}`);
      if (fixCase.expect === 'no-fix') assert.equal(verdict.offered, 0, `expected no fix, ${verdict.offered} offered${context}`);
    });
  }

  it('the per-driver count matches the cases: every offered fix right, withheld where expected', () => {
    const tally = tallyOf(ALL_CASES.filter((c) => verdicts.has(c)).map((c) => ({ fixCase: c, verdict: verdicts.get(c)! })));
    console.log(formatTally(tally));
    assert.equal(verdicts.size, ALL_CASES.length, 'some cases did not run');
    assert.deepEqual(tally, expectedTally(ALL_CASES, tally));
  });
});
