// How far the CLI and the language server let V8's heap grow past what is alive. A scan keeps little alive between files
// (64-67 MB over the 669-file bench corpus, of which about 41 MB is the CLI's own code and source,
// loaded before the first file; the rest is texts, summaries and findings), but every file's trees
// outlive a few young-generation collections, so they are promoted and die in the old generation.
// V8 then sets the next full collection at up to four times the live heap when collecting is cheap
// next to the work, and the scan peaked at 340 MB of heap (500 MB resident) holding mostly garbage.
// Growing by half the live heap instead collects more often for a few percent of CPU time and
// keeps the peak near the live size (figures in ARCHITECTURE.md, Performance). The flag is read at
// every collection, so setting it at start-up takes effect; it is process-wide, so the scan's
// worker threads follow it too.
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** The V8 flag the CLI sets, or undefined when the user chose a growth on node's command line. */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg))) return undefined;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

export function limitHeapGrowth(execArgv: readonly string[]): void {
  const flag = heapGrowthFlag(execArgv);
  if (flag) setFlagsFromString(flag);
}
