// The workspace scan's threads yield the cores to the editor's: on two cores a scan thread and the
// document worker otherwise share the CPU evenly with the server's thread and the collector, and a
// keystroke's analysis takes two to three times as long as when idle. Linux keeps a nice value per
// thread, so a scan thread can lower its own priority and leave the process's other threads alone;
// elsewhere the call would lower the whole editor's server, so it is not made.
import { setPriority } from 'node:os';

/** How far below normal a scan thread runs (nice 10: it still gets a share of a busy core). */
export const SCAN_THREAD_NICE = 10;

/**
 * Lowers the calling thread's scheduling priority when the platform keeps one per thread; returns
 * whether it did. A refusal (a sandbox, a limit) leaves the thread as it was: the scan still runs.
 */
export function lowerThisThreadPriority(platform: NodeJS.Platform = process.platform, set: (nice: number) => void = (nice) => setPriority(0, nice)): boolean {
  if (platform !== 'linux') return false;
  try {
    set(SCAN_THREAD_NICE);
    return true;
  } catch {
    return false;
  }
}
