// The engine's cost grows linearly with the file: the work an analysis does (characters parsed,
// nodes visited, data-flow steps), counted rather than timed so the test cannot flake, stays
// within a constant factor per KB from a 50 KB file to a 1 MB one, fix verification and summaries
// included; and a large file keeps its verified fixes instead of losing them to a budget.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { generateLargeFile } from '../../scripts/largeFile';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { newWorkCounter, type WorkCounter } from '../../server/src/engine/workCounter';

interface Measured {
  kb: number;
  work: WorkCounter;
  findings: number;
  fixed: number;
}

function measure(bytes: number): Measured {
  const text = generateLargeFile(bytes);
  const work = newWorkCounter();
  const { findings, notes } = analyze(text, 'app.js', { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', summarize: true, workCounter: work });
  assert.deepEqual(notes, [], 'the generated file is analysed in full');
  return { kb: text.length / 1000, work, findings: findings.length, fixed: findings.filter((f) => f.fixes.length > 0).length };
}

/** Per-KB work of the large file divided by that of the small one: 1 is perfectly linear. */
function growth(small: Measured, large: Measured, pick: (m: Measured) => number): number {
  return pick(large) / large.kb / (pick(small) / small.kb);
}

const MEASURES: [string, (m: Measured) => number][] = [
  ['characters parsed', (m) => m.work.parsedChars],
  ['nodes visited', (m) => m.work.nodesVisited],
  ['data-flow steps', (m) => m.work.flowSteps],
  ['findings', (m) => m.findings],
  ['findings with a verified fix', (m) => m.fixed],
];

test('work per KB stays flat from 50 KB to 1 MB, and every size keeps its verified fixes', () => {
  const small = measure(50_000);
  const medium = measure(250_000);
  const large = measure(1_000_000);
  assert.ok(small.findings > 50 && small.fixed > 10, 'the generated code has findings and fixes to verify');
  for (const [name, pick] of MEASURES) {
    const describe = (a: Measured, b: Measured, ratio: number) => `${name}: ${pick(a)} at ${a.kb.toFixed(0)} KB, ${pick(b)} at ${b.kb.toFixed(0)} KB (x${ratio.toFixed(2)} per KB)`;
    // A guard lookup examines at most the 64 nearest checks of each enclosing block, so in a small
    // file, where fewer precede each read, a read costs less: per-KB steps rise towards that cap
    // and then stay. Within a factor of two over the whole range...
    const overall = growth(small, large, pick);
    assert.ok(overall > 0.5 && overall < 2, describe(small, large, overall));
    // ...and flat once past it: a cost quadratic in size would show x4 here.
    const tail = growth(medium, large, pick);
    assert.ok(tail > 0.8 && tail < 1.25, describe(medium, large, tail));
  }
  // Grouped verification: a handful of re-analyses whatever the number of fixes.
  assert.ok(large.work.reanalyses <= 4, `${large.work.reanalyses} re-analyses of the 1 MB file`);
});
