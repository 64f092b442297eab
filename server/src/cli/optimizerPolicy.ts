// How large a function the CLI lets V8's optimizing compiler (TurboFan) take on. A scan runs once
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
// The flag is read at every decision to optimise, so setting it at start-up takes effect; it is
// process-wide, so the scan's worker threads follow it. The language server keeps V8's default:
// it runs for hours, long enough for an optimised conversion to pay off (not measured).
import { setFlagsFromString } from 'node:v8';

/** Bytecode bytes: far above the hot functions (< 7 KB), far below `convertNode` (~40 KB). */
export const MAX_OPTIMIZED_BYTECODE_SIZE = 16 * 1024;

/** The V8 flag the CLI sets, or undefined when the user chose a limit on node's command line. */
export function optimizerFlag(execArgv: readonly string[]): string | undefined {
  if (execArgv.some((arg) => /^--max[-_]optimized[-_]bytecode[-_]size(=|$)/.test(arg))) return undefined;
  return `--max-optimized-bytecode-size=${MAX_OPTIMIZED_BYTECODE_SIZE}`;
}

export function limitOptimizedFunctionSize(execArgv: readonly string[]): void {
  const flag = optimizerFlag(execArgv);
  if (flag) setFlagsFromString(flag);
}
