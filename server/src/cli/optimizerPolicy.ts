// How much work the CLI lets V8's optimizing compiler (TurboFan) take on. A scan runs once
// and exits, so a compilation pays off only through the rest of that run. One function stands out:
// typescript-estree's `convertNode`, one switch over every syntax kind, about 40 KB of bytecode
// (the hot functions next in size are under 7 KB). Over the bench corpus V8 compiled it four
// times (each new node shape deoptimised the last version), 120-400 ms of compiler time each, and
// each compilation took up to about 20 MB of compiler memory on one of V8's four background
// threads. The C allocator keeps that memory in the thread's own arena after the compilation ends,
// so the four arenas held about 80 MB at the scan's peak, more than the scan's own live data.
// Below this size V8 optimises as before; above it the function stays in the interpreter, which
// costs the main thread a little and saves the compiler threads more: measured on the bench
// corpus, peak RSS 299 -> 272 MB with CPU unchanged (bench/RESULTS.md, 2026-12-08).
// Inlining: TurboFan copies the callees it judges hot into each function it compiles, so every
// compilation grows with what it inlines, and a scan compiles thousands of functions once each
// for a run of seconds. Without inlining the compiler threads' work fell enough to lower the
// whole scan's CPU (user + system) by about 15% and its wall time with it on the bench corpus
// (bench/RESULTS.md, 2026-12-08), with the same report.
// Both flags are read at every decision to optimise, so setting them at start-up takes effect;
// they are process-wide, so the scan's worker threads follow them. The language server keeps
// V8's defaults: it runs for hours, long enough for an optimised conversion to pay off (not measured).
import { setFlagsFromString } from 'node:v8';

/** Bytecode bytes: far above the hot functions (< 7 KB), far below `convertNode` (~40 KB). */
export const MAX_OPTIMIZED_BYTECODE_SIZE = 16 * 1024;

/** The CLI's choices, each with the pattern of the flag (and its negation) a user may have set instead. */
const POLICY: { flag: string; chosenBy: RegExp }[] = [
  { flag: `--max-optimized-bytecode-size=${MAX_OPTIMIZED_BYTECODE_SIZE}`, chosenBy: /^--max[-_]optimized[-_]bytecode[-_]size(=|$)/ },
  { flag: '--no-turbo-inlining', chosenBy: /^--(no[-_])?turbo[-_]inlining$/ },
];

/** The V8 flags the CLI sets: each one the user did not choose on node's command line. */
export function optimizerFlags(execArgv: readonly string[]): string[] {
  return POLICY.filter(({ chosenBy }) => !execArgv.some((arg) => chosenBy.test(arg))).map(({ flag }) => flag);
}

export function applyOptimizerPolicy(execArgv: readonly string[]): void {
  for (const flag of optimizerFlags(execArgv)) setFlagsFromString(flag);
}
