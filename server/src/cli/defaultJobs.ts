// How many worker threads `rugged scan` uses when --jobs is not given. Measured on two cores
// (bench/RESULTS.md, Workers): two workers took 1.3x the CPU of one thread, 1.5x its memory and no
// less time, because the main thread is busy too (reading files, the module graph, summaries,
// verifying cross-file fixes) and each worker loads its own copy of the rules and TypeScript.
// So one core stays with the main thread, and a worker must have enough files to pay for its start.

/** Files each worker needs before starting it costs less than it saves. */
export const FILES_PER_WORKER = 200;

/** Worker threads for a scan of `files` files on `cores` cores; 1 means analysing in the main thread. */
export function defaultJobs(cores: number, files: number): number {
  const workers = Math.min(cores - 1, Math.floor(files / FILES_PER_WORKER));
  // A single worker beside an idle main thread only adds the thread's start and the copying.
  return workers >= 2 ? workers : 1;
}
