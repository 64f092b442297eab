// Fix quality of the SQL quick fixes, per driver, measured by the fix-correctness harness on the real
// databases: `node --import tsx scripts/bench-sql-fixes.ts [--json FILE] [--before FILE]`.
// For every case of test/fixcorrectness/cases it counts the SQL findings, the fixes offered, those
// the harness proves right and those it proves wrong (alone or applied together), and the findings
// whose fix was withheld, with the reason the hover shows. --json keeps the per-case records;
// --before FILE (records of another run, e.g. of an older commit with today's cases copied in)
// prints the per-driver table of both runs side by side, as bench/sql-fixes/RESULTS.md shows.
// It needs the databases of scripts/setup-databases.sh, like the harness.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { allRules } from '../rules/index';
import { defaultEngineConfig } from '../server/src/engine/config';
import { analyze } from '../server/src/engine/run';
import type { FixCase } from '../test/fixcorrectness/caseFormat';
import { ALL_CASES } from '../test/fixcorrectness/cases/index';
import { checkCase } from '../test/fixcorrectness/harness';
import { closeHarnessContext, openHarnessContext } from '../test/fixcorrectness/harnessContext';

/** What one case gave: findings, fixes and their verdicts, and why fixes were withheld. */
interface CaseRecord {
  name: string;
  driver: string;
  expect: FixCase['expect'];
  findings: number;
  offered: number;
  right: number;
  wrong: number;
  /** The fixes were right alone but wrong applied together. */
  wrongTogether: boolean;
  /** One reason per SQL finding that came without a fix and with a reason. */
  withheld: string[];
  /** SQL findings without a fix and without a reason (a shape no rewrite handles). */
  noRewrite: number;
}

interface DriverRow {
  cases: number;
  findings: number;
  offered: number;
  right: number;
  wrong: number;
  wrongTogether: number;
  withheld: number;
  noRewrite: number;
}

function sqlFindings(source: string) {
  // As the harness: the audit profile reports every SQL sink whose fixes can be offered.
  const result = analyze(source, 'case.js', { rules: allRules, config: { ...defaultEngineConfig(), profile: 'audit' }, today: '2026-06-01' });
  return result.findings.filter((f) => f.ruleId.startsWith('sql/'));
}

async function measure(): Promise<CaseRecord[]> {
  const ctx = await openHarnessContext();
  const records: CaseRecord[] = [];
  try {
    for (const fixCase of ALL_CASES) {
      const findings = sqlFindings(fixCase.source);
      const verdict = await checkCase(ctx, fixCase);
      const unfixed = findings.filter((f) => f.fixes.length === 0);
      records.push({
        name: fixCase.name,
        driver: fixCase.driver,
        expect: fixCase.expect,
        findings: findings.length,
        offered: verdict.offered,
        right: verdict.right,
        wrong: verdict.offered - verdict.right,
        wrongTogether: verdict.together.length > 0,
        withheld: unfixed.flatMap((f) => (f.fixWithheld ? [f.fixWithheld] : [])),
        noRewrite: unfixed.filter((f) => !f.fixWithheld).length,
      });
      process.stderr.write('.');
    }
  } finally {
    await closeHarnessContext(ctx);
  }
  process.stderr.write('\n');
  return records;
}

function byDriver(records: readonly CaseRecord[]): Map<string, DriverRow> {
  const rows = new Map<string, DriverRow>();
  const add = (key: string, r: CaseRecord) => {
    const row = rows.get(key) ?? { cases: 0, findings: 0, offered: 0, right: 0, wrong: 0, wrongTogether: 0, withheld: 0, noRewrite: 0 };
    row.cases++;
    row.findings += r.findings;
    row.offered += r.offered;
    row.right += r.right;
    row.wrong += r.wrong;
    row.wrongTogether += r.wrongTogether ? 1 : 0;
    row.withheld += r.withheld.length;
    row.noRewrite += r.noRewrite;
    rows.set(key, row);
  };
  for (const r of [...records].sort((a, b) => a.driver.localeCompare(b.driver))) add(r.driver, r);
  for (const r of records) add('all drivers', r);
  return rows;
}

function table(after: readonly CaseRecord[], before?: readonly CaseRecord[]): string {
  const now = byDriver(after);
  const then = before ? byDriver(before) : undefined;
  const cell = (row: DriverRow | undefined, key: keyof DriverRow) => String(row?.[key] ?? 0);
  const pair = (driver: string, key: keyof DriverRow) => (then ? `${cell(then.get(driver), key)} → ${cell(now.get(driver), key)}` : cell(now.get(driver), key));
  const lines = [
    '| Driver | Cases | SQL findings | Fixes offered | Proven right | Wrong alone | Wrong together (cases) | Withheld, with a reason | No rewrite for the shape |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const driver of now.keys()) {
    const label = driver === 'all drivers' ? '**all drivers**' : driver;
    lines.push(`| ${label} | ${cell(now.get(driver), 'cases')} | ${pair(driver, 'findings')} | ${pair(driver, 'offered')} | ${pair(driver, 'right')} | ${pair(driver, 'wrong')} | ${pair(driver, 'wrongTogether')} | ${pair(driver, 'withheld')} | ${pair(driver, 'noRewrite')} |`);
  }
  return lines.join('\n');
}

function reasons(records: readonly CaseRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) for (const reason of r.withheld) counts.set(`${r.driver}: ${reason}`, (counts.get(`${r.driver}: ${reason}`) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([reason, n]) => `- ${reason}${n > 1 ? ` (${n})` : ''}`).join('\n');
}

/** Cases whose verdict changed between the runs: the fixes that became right, wrong or withheld. */
function changes(after: readonly CaseRecord[], before: readonly CaseRecord[]): string {
  const lines: string[] = [];
  for (const now of after) {
    const then = before.find((b) => b.driver === now.driver && b.name === now.name);
    if (!then) continue;
    const describe = (r: CaseRecord) => `${r.offered} offered, ${r.right} right${r.wrong ? `, ${r.wrong} wrong` : ''}${r.wrongTogether ? ', wrong together' : ''}${r.withheld.length ? `, ${r.withheld.length} withheld` : ''}`;
    if (describe(now) !== describe(then)) lines.push(`- ${now.driver}: ${now.name}: ${describe(then)} → ${describe(now)}`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { json: { type: 'string' }, before: { type: 'string' } } });
  const after = await measure();
  if (values.json) writeFileSync(values.json, JSON.stringify(after, null, 2) + '\n');
  const before = values.before ? (JSON.parse(readFileSync(values.before, 'utf8')) as CaseRecord[]) : undefined;
  process.stdout.write(`${table(after, before)}\n\nWithheld, by reason:\n\n${reasons(after)}\n`);
  if (before) process.stdout.write(`\nCases whose fixes changed:\n\n${changes(after, before)}\n`);
  return after.some((r) => r.wrong > 0 || r.wrongTogether) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
