// The engine never throws and never hangs, whatever it is fed: thousands of mutated real sources
// (fixtures, rule-doc examples, the example app, snippets) and hand-built extremes, run with every
// registered rule and the engine's test rules. A hang shows up as this test timing out.
// Replay a run with RUGGED_FUZZ_SEED=<seed> (printed below); RUGGED_FUZZ_INPUTS sets the count.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import type { AnalysisResult, SourceRange } from '../../server/src/engine/finding';
import { analyze } from '../../server/src/engine/run';
import { verifyFixes } from '../../server/src/engine/verifyFixes';
import { examplesOf, parseDoc } from '../meta/ruleDocs';
import { listFixtureFiles, listRuleFiles, readText, REPO_ROOT, relativeToRepo } from '../meta/ruleFiles';
import { BUILTIN_SEEDS, CliDecoder, extremeInputs, MUTATIONS, mutate, randomInt, seededRandom, type FuzzInput } from './fuzzInputs';
import { sinkRule, testMeta, throwingRule } from './testRules';
import { defineRule } from '../../server/src/engine/api';

const SEED = process.env.RUGGED_FUZZ_SEED ? Number(process.env.RUGGED_FUZZ_SEED) >>> 0 : randomInt(Math.random, 2 ** 32);
const MUTATED_INPUTS = process.env.RUGGED_FUZZ_INPUTS ? Number(process.env.RUGGED_FUZZ_INPUTS) : 3000;
const options = { rules: [...allRules, sinkRule, throwingRule], config: defaultEngineConfig(), today: '2026-01-01' };
const SEVERITIES = new Set(['error', 'warning', 'info']);
const CONFIDENCES = new Set(['high', 'medium', 'low']);

/** Every real source we have: the more varied the seeds, the stranger their mutations. */
function seedInputs(): FuzzInput[] {
  const seeds: FuzzInput[] = [...BUILTIN_SEEDS];
  for (const file of [...listFixtureFiles(), ...listFixtureFiles(join(REPO_ROOT, 'examples'))]) {
    seeds.push({ name: relativeToRepo(file), text: readFileSync(file, 'utf8'), filePath: file });
  }
  for (const rule of listRuleFiles()) {
    if (!existsSync(rule.doc)) continue;
    for (const example of examplesOf(parseDoc(readText(rule.doc)))) {
      seeds.push({ name: `${relativeToRepo(rule.doc)}:${example.line}`, text: example.code, filePath: `example.${example.language}` });
    }
  }
  for (const language of ['javascript', 'typescript']) {
    const path = join(REPO_ROOT, 'snippets', `${language}.json`);
    if (!existsSync(path)) continue;
    const snippets = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { body: string | string[] }>;
    for (const [name, snippet] of Object.entries(snippets)) {
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      seeds.push({ name: `snippet ${name}`, text: body, filePath: language === 'javascript' ? 'snippet.js' : 'snippet.ts' });
    }
  }
  return seeds;
}

function rangeProblem(range: SourceRange, length: number): string | undefined {
  const { start, end } = range;
  const points = [start, end];
  if (points.some((p) => !Number.isInteger(p.line) || p.line < 1 || !Number.isInteger(p.column) || p.column < 0)) return 'line/column out of range';
  if (points.some((p) => !Number.isInteger(p.offset) || p.offset < 0 || p.offset > length) || start.offset > end.offset) return 'offsets out of range';
  return undefined;
}

/** What is wrong with a result, if anything: shape, ranges, crashes of real rules, serialisability. */
function resultProblems(result: AnalysisResult, text: string): string[] {
  if (!result || !Array.isArray(result.findings) || !Array.isArray(result.notes)) return ['not an AnalysisResult'];
  const problems: string[] = [];
  for (const f of result.findings) {
    const where = `${f.ruleId} at ${f.range?.start?.line}:${f.range?.start?.column}`;
    if (typeof f.ruleId !== 'string' || f.ruleId === '') problems.push('finding without a rule id');
    if (!SEVERITIES.has(f.severity) || !CONFIDENCES.has(f.confidence)) problems.push(`${where}: bad severity or confidence`);
    if (typeof f.message !== 'string' || f.message.trim() === '') problems.push(`${where}: empty message`);
    const bad = rangeProblem(f.range, text.length) ?? f.related.map((r) => rangeProblem(r.range, text.length)).find(Boolean);
    if (bad) problems.push(`${where}: ${bad}`);
    if (f.fixes.some((fix) => fix.edits.some((e) => e.start < 0 || e.end > text.length || e.start > e.end))) problems.push(`${where}: fix edit out of range`);
    if (typeof f.fingerprint !== 'string' || !/^[0-9a-f]{32}$/.test(f.fingerprint)) problems.push(`${where}: no fingerprint`);
    // Only the test rule that throws on purpose may cause an internal error.
    if (f.ruleId === 'rugged/internal-error' && !f.message.includes(throwingRule.id)) problems.push(`${where}: ${f.message}`);
  }
  for (const note of result.notes) if (typeof note.kind !== 'string' || typeof note.message !== 'string') problems.push('malformed note');
  try {
    JSON.stringify(result);
  } catch (error) {
    problems.push(`result cannot be serialised: ${String(error)}`);
  }
  return problems;
}

type Outcome = 'findings' | 'parse error' | 'note' | 'nothing to report';

function outcomeOf(result: AnalysisResult): Outcome {
  if (result.notes.length > 0) return 'note';
  if (result.findings.some((f) => f.ruleId === 'rugged/parse-error')) return 'parse error';
  return result.findings.length > 0 ? 'findings' : 'nothing to report';
}

/** Runs every input, collecting failures (with the seed) instead of stopping at the first. */
function runAll(inputs: Iterable<FuzzInput>): { failures: string[]; outcomes: Map<Outcome, number>; count: number; milliseconds: number } {
  const failures: string[] = [];
  const outcomes = new Map<Outcome, number>();
  let count = 0;
  const started = performance.now();
  for (const input of inputs) {
    count++;
    let result: AnalysisResult;
    try {
      result = analyze(input.text, input.filePath, options);
    } catch (error) {
      failures.push(`${input.name}: analyze threw ${error instanceof Error ? error.stack : String(error)}`);
      continue;
    }
    const problems = resultProblems(result, input.text);
    if (problems.length > 0) failures.push(`${input.name}: ${problems.slice(0, 3).join('; ')}`);
    else outcomes.set(outcomeOf(result), (outcomes.get(outcomeOf(result)) ?? 0) + 1);
  }
  return { failures, outcomes, count, milliseconds: performance.now() - started };
}

function summary(run: ReturnType<typeof runAll>): string {
  const parts = [...run.outcomes].sort().map(([outcome, n]) => `${outcome}: ${n}`);
  return `${run.count} inputs in ${(run.milliseconds / 1000).toFixed(1)} s (${parts.join(', ')})`;
}

describe(`engine robustness (seed ${SEED}; replay with RUGGED_FUZZ_SEED=${SEED})`, () => {
  const decoder = new CliDecoder();
  after(() => decoder.dispose());

  test('extreme inputs: deep nesting, huge files, broken encodings, binary data', (t) => {
    const run = runAll(extremeInputs(seededRandom(SEED), decoder));
    t.diagnostic(summary(run));
    assert.deepEqual(run.failures, [], `seed ${SEED}`);
    assert.ok(run.count >= 80, 'the extreme inputs are all there');
  });

  test(`${MUTATED_INPUTS} mutations of real sources: truncated, bytes flipped, punctuation spliced`, (t) => {
    const random = seededRandom(SEED);
    const seeds = seedInputs();
    t.diagnostic(`${seeds.length} seed sources, seed ${SEED}`);
    function* mutations(): Generator<FuzzInput> {
      for (let i = 0; i < MUTATED_INPUTS; i++) {
        const seed = seeds[i % seeds.length];
        const mutation = MUTATIONS[randomInt(random, MUTATIONS.length)];
        const mutated = mutate(seed, mutation, random, decoder);
        yield { ...mutated, name: `#${i} ${mutated.name}` };
      }
    }
    const run = runAll(mutations());
    t.diagnostic(summary(run));
    assert.deepEqual(run.failures, [], `seed ${SEED}`);
    assert.equal(run.count, MUTATED_INPUTS);
    // Mutations must reach the rules, not only the parser's error path.
    assert.ok((run.outcomes.get('findings') ?? 0) + (run.outcomes.get('nothing to report') ?? 0) > MUTATED_INPUTS / 10, summary(run));
  });
});

/** Reports `bad(...)` with a fix to `good(...)` that verification accepts. */
const renameRule = defineRule({
  id: 'test/rename',
  meta: testMeta({ bad: 'bad() is called', useGood: 'Call good() instead' }),
  create(context) {
    return {
      CallExpression(node) {
        const callee = (node).callee;
        if (callee.type !== 'Identifier' || callee.name !== 'bad') return;
        context.report({ node: callee, messageId: 'bad', fixes: [{ messageId: 'useGood', kind: 'suggestion', edits: [{ start: callee.range[0], end: callee.range[1], text: 'good' }] }] });
      },
    };
  },
});

test('fix verification work is bounded: many fixes are verified in a few re-analyses', () => {
  const text = Array.from({ length: 400 }, (_, i) => `bad(${i});`).join('\n');
  const { findings } = analyze(text, 'many.js', { rules: [renameRule], config: defaultEngineConfig(), today: '2026-01-01' });
  assert.equal(findings.length, 400);
  assert.ok(findings.every((f) => f.fixes[0]?.title === 'Call good() instead'), 'every finding keeps its verified fix');
  // Counting the engine's re-analyses directly: grouped verification needs a handful, not 400.
  let reanalyses = 0;
  const copies = findings.map((f) => ({ ...f, fixes: [...f.fixes] }));
  verifyFixes(copies, text, [renameRule], (source, rule) => {
    reanalyses++;
    return analyze(source, 'many.js', { rules: [rule], config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false }).findings;
  });
  assert.ok(reanalyses <= 3, `${reanalyses} re-analyses`);
});

test('fix verification gives up past its budget, dropping fixes rather than offering them unverified', () => {
  // Every fix here is ineffective, so each group fails and is split down to single fixes.
  const text = Array.from({ length: 4000 }, (_, i) => `bad(${i});`).join('\n');
  const findings = analyze(text, 'many.js', { rules: [renameRule], config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false }).findings;
  let reanalyses = 0;
  verifyFixes(findings, text, [renameRule], () => {
    reanalyses++;
    return findings;
  });
  assert.ok(findings.every((f) => f.fixes.length === 0), 'no fix survives');
  assert.ok(reanalyses < 400, `${reanalyses} re-analyses, bounded by the budget`);
});
