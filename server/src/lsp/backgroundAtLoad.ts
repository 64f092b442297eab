// The analysis worker's first import: a scan thread lowers its priority before the bundle's other
// modules are evaluated, which is most of a worker's start-up (TypeScript, the parser, the rules).
// A scan started while the developer types then loads without taking a core from the keystroke's
// analysis; set later, in the entry's own body, the priority came after that work was done.
import { workerData } from 'node:worker_threads';
import { lowerThisThreadPriority } from './threadPriority';

if ((workerData as { background?: boolean } | null | undefined)?.background) lowerThisThreadPriority();
