// Keeps N cores busy until it is stopped, to reproduce "a busy CI machine" on purpose:
//   node scripts/load.mjs [N] & LOAD=$!; node scripts/test.mjs test/e2e; kill $LOAD
// N defaults to every core. Each core gets one worker thread spinning on arithmetic; the main
// thread only waits, so SIGTERM or SIGINT (Ctrl+C) stop everything at once.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const requested = process.argv[2];
const cores = requested === undefined ? availableParallelism() : Number(requested);
if (!Number.isInteger(cores) || cores < 1) {
  console.error(`usage: node scripts/load.mjs [cores]  (a whole number from 1; got "${requested}")`);
  process.exit(2);
}

// A worker that never yields: one core at 100 % for as long as the process lives.
const SPIN = `
  let x = 0;
  for (;;) x = (x * 1103515245 + 12345) % 2147483648;
`;

const workers = Array.from({ length: cores }, () => new Worker(SPIN, { eval: true }));
console.error(`[load] keeping ${cores} core(s) busy (pid ${process.pid}); stop with: kill ${process.pid}`);

function stop() {
  for (const worker of workers) void worker.terminate();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
