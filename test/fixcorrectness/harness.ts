// The fix-correctness harness: runs Rugged on a case, applies each SQL fix it offers, and runs the
// original and the fixed code against freshly seeded data with benign, edge and injection inputs.
// It only executes code it wrote itself (the case text and Rugged's edit of it), never workspace code.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileFunction } from 'node:vm';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { applyEdits, combinableFixes } from '../../server/src/engine/edits';
import type { Fix } from '../../server/src/engine/finding';
import type { RuleModule } from '../../server/src/engine/ruleContract';
import { analyze } from '../../server/src/engine/run';
import { EDGE_INPUTS, INJECTION_INPUTS, type FixCase } from './caseFormat';
import type { SeededDatabase } from './databases';
import type { DriverModules } from './driverModules';

/** A hang guard only: a callback that is never called must fail the case, not the suite. */
const RUN_GUARD_MS = 15_000;

export interface HarnessContext {
  databases: Record<FixCase['dialect'], SeededDatabase>;
  modules: DriverModules;
  scratch: string;
}

export function createScratch(): string {
  return mkdtempSync(join(tmpdir(), 'rugged-fixcorrectness-'));
}

/**
 * The SQL fixes Rugged offers for a case's text, and whether any SQL rule reported it at all.
 * `rules` is the shipped set; the harness's own test hands in a rule with a deliberately broken
 * rewrite, to show the harness fails it.
 */
export function offeredSqlFixes(source: string, rules: readonly RuleModule[] = allRules): { reported: boolean; fixes: Fix[] } {
  // The audit profile reports every SQL sink, also those built from a plain function parameter, so
  // every rewrite Rugged can offer is run; which findings a profile shows does not change a fix.
  const result = analyze(source, 'case.js', { rules, config: { ...defaultEngineConfig(), profile: 'audit' }, today: '2026-06-01' });
  const sql = result.findings.filter((f) => f.ruleId.startsWith('sql/'));
  return { reported: sql.length > 0, fixes: sql.flatMap((f) => f.fixes) };
}

export function applyFix(source: string, fix: Fix): string {
  return applyEdits(source, fix.edits);
}

interface Outcome {
  ok: boolean;
  /** Rows as sorted JSON lines when ok, else the error message. */
  rows: string[];
  error?: string;
  state: string;
}

let loadCount = 0;

/** Writes the code to a file of its own and loads it as CommonJS with the harness's `require`. */
function load(ctx: HarnessContext, code: string, label: string): (input: unknown) => unknown {
  const filename = join(ctx.scratch, `${String(++loadCount).padStart(4, '0')}-${label.replace(/[^\w-]+/g, '_').slice(0, 60)}.js`);
  writeFileSync(filename, code);
  const module = { exports: {} as unknown };
  const wrapper = compileFunction(code, ['require', 'module', 'exports'], { filename }) as (req: (specifier: string) => unknown, mod: { exports: unknown }, exp: unknown) => void;
  wrapper((specifier: string) => ctx.modules.require(specifier), module, module.exports);
  if (typeof module.exports !== 'function') throw new Error(`${filename} does not export a function`);
  return module.exports as (input: unknown) => unknown;
}

function normaliseRows(result: unknown): string[] {
  const rows = Array.isArray(result) ? (result as unknown[]) : result === undefined || result === null ? [] : [result];
  return rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))).sort();
}

async function runOnce(ctx: HarnessContext, dialect: FixCase['dialect'], fn: (input: unknown) => unknown, input: unknown): Promise<Outcome> {
  const db = ctx.databases[dialect];
  await db.reseed();
  let timer: NodeJS.Timeout | undefined;
  try {
    const guard = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${RUN_GUARD_MS / 1000} s`)), RUN_GUARD_MS);
    });
    const result = await Promise.race([Promise.resolve().then(() => fn(input)), guard]);
    return { ok: true, rows: normaliseRows(result), state: await db.state() };
  } catch (error) {
    return { ok: false, rows: [], error: error instanceof Error ? error.message : String(error), state: await db.state() };
  } finally {
    clearTimeout(timer);
  }
}

const show = (input: unknown) => (typeof input === 'string' ? JSON.stringify(input) : `JSON ${JSON.stringify(input)}`);
const describe = (o: Outcome) => (o.ok ? `${o.rows.length} row(s) ${o.rows.slice(0, 3).join(' ')}` : `error: ${o.error}`);

export interface JudgeOptions {
  /**
   * The rewrite fixes one of several findings in the code, so the others may still let injection
   * through: for edge and injection input it must then do no worse than the original does for that
   * input (no more rows, no other data), rather than no worse than benign input.
   */
  partial?: boolean;
}

/**
 * Everything wrong with `fixed` as a replacement for `original` on this case's inputs, as
 * sentences; empty when the fix is right. Exported so the harness's own test can feed it a
 * known-wrong rewrite.
 */
export async function judgeRewrite(ctx: HarnessContext, fixCase: FixCase, original: string, fixed: string, options: JudgeOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const before = load(ctx, original, `${fixCase.name}-original`);
  let after: (input: unknown) => unknown;
  try {
    after = load(ctx, fixed, `${fixCase.name}-fixed`);
  } catch (error) {
    return [`the fixed code does not load: ${(error as Error).message}`];
  }
  const seedState = await (async () => {
    await ctx.databases[fixCase.dialect].reseed();
    return ctx.databases[fixCase.dialect].state();
  })();

  let maxBenignRows = 0;
  const benignStates = new Set<string>([seedState]);
  for (const input of fixCase.benign) {
    const o = await runOnce(ctx, fixCase.dialect, before, input);
    const f = await runOnce(ctx, fixCase.dialect, after, input);
    if (!o.ok) {
      problems.push(`case error: the original fails for benign input ${show(input)} (${o.error})`);
      continue;
    }
    maxBenignRows = Math.max(maxBenignRows, o.rows.length);
    benignStates.add(o.state);
    if (!f.ok) problems.push(`benign ${show(input)}: the fixed code fails (${f.error}) where the original returned ${describe(o)}`);
    else if (JSON.stringify(o.rows) !== JSON.stringify(f.rows)) problems.push(`benign ${show(input)}: original ${describe(o)}, fixed ${describe(f)}`);
    else if (o.state !== f.state) problems.push(`benign ${show(input)}: the fixed code leaves different data (${f.state} instead of ${o.state})`);
  }

  const checkContained = (kind: string, input: unknown, f: Outcome, o?: Outcome) => {
    const allowedRows = Math.max(maxBenignRows, options.partial && o?.ok ? o.rows.length : 0);
    if (f.ok && f.rows.length > allowedRows) problems.push(`${kind} ${show(input)}: the fixed code returns ${describe(f)}, more than any benign input (${maxBenignRows})`);
    if (!benignStates.has(f.state) && !(options.partial && o?.state === f.state)) problems.push(`${kind} ${show(input)}: the fixed code changed data beyond what benign input does: ${f.state}`);
  };

  for (const input of fixCase.edge ?? EDGE_INPUTS) {
    const o = await runOnce(ctx, fixCase.dialect, before, input);
    const f = await runOnce(ctx, fixCase.dialect, after, input);
    if (o.ok && f.ok && JSON.stringify(o.rows) === JSON.stringify(f.rows) && o.state === f.state) continue;
    // Where the original did something an attacker would want, the fix need not copy it. A JSON
    // object where a string belongs has no one right text form ('[object Object]', JSON, an error):
    // the fix may differ there, but only within what benign input does (mysqljs expanding it to
    // `col` = val and matching every row is caught by that).
    const originalContained = o.ok && o.rows.length <= maxBenignRows && benignStates.has(o.state);
    // An object is such a JSON body only in a case whose benign inputs are not objects; where the
    // case takes an object (a customer and an order number), the fix must agree as for any input.
    const bodyWhereTextBelongs = typeof input === 'object' && fixCase.benign.every((b) => typeof b !== 'object');
    if (originalContained && !bodyWhereTextBelongs) {
      if (!f.ok) problems.push(`edge ${show(input)}: the fixed code fails (${f.error}) where the original returned ${describe(o)}`);
      else problems.push(`edge ${show(input)}: original ${describe(o)}, fixed ${describe(f)}`);
    }
    checkContained('edge', input, f, o);
  }

  for (const input of fixCase.injection ?? INJECTION_INPUTS) {
    const o = options.partial ? await runOnce(ctx, fixCase.dialect, before, input) : undefined;
    checkContained('injection', input, await runOnce(ctx, fixCase.dialect, after, input), o);
  }
  return problems;
}

export interface CaseVerdict {
  reported: boolean;
  offered: number;
  right: number;
  /** Per offered fix that is wrong: its title and what went wrong. */
  wrong: string[];
  /**
   * With two fixes or more: what is wrong when every fix that can be combined is applied at once, as
   * a fix-all applies them from one analysis (empty when right, or when there is one fix).
   */
  together: string[];
}

/** The text with every fix of one analysis applied at once, leaving out those that overlap (`combinableFixes`). */
export function applyFixesTogether(source: string, fixes: readonly Fix[]): string {
  return applyEdits(source, combinableFixes(fixes).flatMap((fix) => fix.edits));
}

export async function checkCase(ctx: HarnessContext, fixCase: FixCase, rules: readonly RuleModule[] = allRules): Promise<CaseVerdict> {
  const { reported, fixes } = offeredSqlFixes(fixCase.source, rules);
  const verdict: CaseVerdict = { reported, offered: fixes.length, right: 0, wrong: [], together: [] };
  for (const fix of fixes) {
    const fixed = applyFix(fixCase.source, fix);
    // With several fixes, each leaves the others' findings as they were.
    const problems = await judgeRewrite(ctx, fixCase, fixCase.source, fixed, { partial: fixes.length > 1 });
    if (problems.length === 0) verdict.right++;
    else verdict.wrong.push(`fix "${fix.title}" gives:\n${fixed}\n  - ${problems.join('\n  - ')}`);
  }
  // Two fixes right alone can be wrong together: two rewrites naming a value `:id` on one builder.
  if (fixes.length > 1) {
    const fixed = applyFixesTogether(fixCase.source, fixes);
    const problems = await judgeRewrite(ctx, fixCase, fixCase.source, fixed);
    if (problems.length > 0) verdict.together.push(`the ${fixes.length} fixes applied together give:\n${fixed}\n  - ${problems.join('\n  - ')}`);
  }
  return verdict;
}
