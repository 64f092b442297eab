// The engine's CPU cost per file against the parser's, in one process, for profiling and for
// before/after comparisons of engine changes (issue 12). Two measures, each as CPU time (user +
// system, process.cpuUsage) and as a ratio to the bench's parse floor (typescript-estree, range and
// loc only) on the same text in the same process, so a busy machine moves both sides alike:
//   scan  [--without ids] <folder>...
//                             the CLI's project scan (scanFiles with a project root: cross-module
//                             flow, summaries, verified fixes) over every source file under each
//                             folder; --without turns the comma-separated rule ids off (a budget's
//                             "without" side)
//   edits <file> [count]      single-character edits of one file through the engine's analyze
//                             (the editor's first pass: no fix verification), as the bench's
//                             in-process latency row types them, each timed from scratch and with
//                             the document's parse memory (the incremental path), p50 and p95 too
// Run it under `node --cpu-prof --import tsx` for a profile; run it three times for a median.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allRules } from '../rules/index';
import { defaultEngineConfig } from '../server/src/engine/config';
import { parse } from '@typescript-eslint/typescript-estree';
import { extensionOf, isSupportedFile } from '../server/src/engine/parse';
import { analyze } from '../server/src/engine/run';
import { createParseMemory } from '../server/src/engine/incrementalParse';
import { scanFiles, type FileOutcome } from '../server/src/scan/scanFiles';
import { editSequence } from './speed/edits';
import { selectionReason } from './speed/corpus';

const TODAY = '2026-01-01';

/** The bench's parse floor: typescript-estree with range and loc and nothing else, JSX first for JavaScript. */
function parseOnly(text: string, filePath: string): void {
  const ext = extensionOf(filePath);
  const attempts = ext === '.tsx' || ext === '.jsx' ? [true] : ext === '.ts' || ext === '.mts' || ext === '.cts' ? [false] : [true, false];
  for (const jsx of attempts) {
    try {
      parse(text, { filePath, jsx, range: true, loc: true });
      return;
    } catch {
      // The next attempt decides, as in the engine.
    }
  }
}

function sourceFiles(folder: string, out: string[] = []): string[] {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (isSupportedFile(path)) out.push(path);
  }
  return out;
}

/** CPU milliseconds (user + system) that `work` took. */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function scan(folders: string[], without: readonly string[]): Record<string, number> {
  const config = defaultEngineConfig();
  for (const id of without) config.rules[id] = { severity: 'off' };
  const byRoot = folders.map((folder) => {
    const root = resolve(folder);
    const files = sourceFiles(root).filter((path) => selectionReason(path.slice(root.length + 1), readFileSync(path, 'utf8')) === undefined);
    return { root, files };
  });
  const texts = byRoot.flatMap(({ files }) => files.map((path) => [path, readFileSync(path, 'utf8')] as const));
  // Warm both paths up once on a small slice so the first package does not pay the JIT alone.
  for (const [path, text] of texts.slice(0, 20)) parseOnly(text, path);
  const floor = cpuMs(() => {
    for (const [path, text] of texts) parseOnly(text, path);
  });
  let findings = 0;
  const engine = cpuMs(() => {
    for (const { root, files } of byRoot) {
      const outcomes: FileOutcome[] = [...scanFiles(files, { rules: allRules, config, today: TODAY, projectRoot: root })];
      for (const outcome of outcomes) if (outcome.kind === 'checked') findings += outcome.findings.length;
    }
  });
  return { files: texts.length, floorMs: floor, ruggedMs: engine, ratio: engine / floor, findings };
}

/** The median and 95th percentile of some samples. */
function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p95: at(0.95) };
}

type Findings = ReturnType<typeof analyze>['findings'];

/**
 * The edit sequence is timed three ways, one after the other as in the bench's in-process row: the
 * parse floor, the engine from scratch, and the engine with the document's parse memory (the
 * editor's incremental path). Interleaving them per edit instead mixed one's garbage and cache
 * misses into the other's time.
 */
function edits(file: string, count: number): Record<string, number> {
  const text = readFileSync(file, 'utf8');
  const sequence = editSequence(text, count, 12);
  const config = defaultEngineConfig();
  const memory = createParseMemory();
  const options = { rules: allRules, config, today: TODAY, verifyFixes: false };
  // One untimed pass each, as the bench's in-process row does.
  parseOnly(text, file);
  analyze(text, file, options);
  analyze(text, file, { ...options, parseMemory: memory });
  const floor = sequence.map((edit) => cpuMs(() => parseOnly(edit.text, file)));
  const freshResults: Findings[] = [];
  const fresh = sequence.map((edit) => cpuMs(() => void freshResults.push(analyze(edit.text, file, options).findings)));
  const incrementalResults: Findings[] = [];
  const incremental = sequence.map((edit) => cpuMs(() => void incrementalResults.push(analyze(edit.text, file, { ...options, parseMemory: memory }).findings)));
  if (JSON.stringify(freshResults) !== JSON.stringify(incrementalResults)) throw new Error('the parse memory changed the findings');
  const findings = incrementalResults.reduce((n, list) => n + list.length, 0);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const f = percentiles(floor);
  const r = percentiles(fresh);
  const i = percentiles(incremental);
  return {
    edits: count,
    floorMs: sum(floor),
    freshMs: sum(fresh),
    incrementalMs: sum(incremental),
    freshRatio: sum(fresh) / sum(floor),
    incrementalRatio: sum(incremental) / sum(floor),
    floorP50: f.p50,
    floorP95: f.p95,
    freshP50: r.p50,
    freshP95: r.p95,
    incrementalP50: i.p50,
    incrementalP95: i.p95,
    findings,
  };
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'scan' && rest[0] === '--without' && rest.length > 2) console.log(JSON.stringify(scan(rest.slice(2), rest[1].split(','))));
else if (mode === 'scan' && rest.length > 0) console.log(JSON.stringify(scan(rest, [])));
else if (mode === 'edits' && rest.length > 0) console.log(JSON.stringify(edits(rest[0], Number(rest[1] ?? 30))));
else {
  console.error('Usage: node --import tsx scripts/bench-engine-cpu.ts scan [--without id,...] <folder>... | edits <file> [count]');
  process.exitCode = 2;
}
