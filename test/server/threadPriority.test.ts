// The workspace scan's threads run below the editor's: the helper lowers only the calling thread,
// and only where the platform keeps a priority per thread (Linux); the server's analysis bundle
// lowers a scan thread and leaves the document worker, and the thread that started them, as they were.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { DocumentTask } from '../../server/src/lsp/documentWorker';
import type { ServerWorkerSetup } from '../../server/src/lsp/scanWorkers';
import { lowerThisThreadPriority, SCAN_THREAD_NICE } from '../../server/src/lsp/threadPriority';
import { AnalysisWorkers } from '../../server/src/scan/workerPool';

const WORKER_SCRIPT = join(__dirname, '..', '..', 'dist', 'analysisWorker.js');

/** The nice value of each thread of this process, by thread id (Linux: field 19 of /proc/self/task/<tid>/stat). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name may hold spaces: the fields after it are counted from its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    nices.set(Number(tid), Number(fields[16]));
  }
  return nices;
}

/** Starts the bundled analysis worker with `setup` and waits until it has loaded (it answers a task). */
async function startedWorker(setup: ServerWorkerSetup): Promise<AnalysisWorkers<DocumentTask, unknown, ServerWorkerSetup>> {
  const pool = new AnalysisWorkers<DocumentTask, unknown, ServerWorkerSetup>(WORKER_SCRIPT, setup, 1, { replaceCrashed: false });
  await pool.run({ kind: 'closed', path: '/nowhere.js' });
  return pool;
}

describe('scan thread priority', () => {
  test('only Linux lowers the calling thread, to the scan nice value, and a refusal leaves it running', () => {
    const asked: number[] = [];
    assert.equal(lowerThisThreadPriority('darwin', (nice: number) => void asked.push(nice)), false);
    assert.equal(lowerThisThreadPriority('win32', (nice: number) => void asked.push(nice)), false);
    assert.equal(asked.length, 0);
    assert.equal(lowerThisThreadPriority('linux', (nice: number) => void asked.push(nice)), true);
    assert.deepEqual(asked, [SCAN_THREAD_NICE]);
    assert.equal(
      lowerThisThreadPriority('linux', () => {
        throw new Error('EACCES');
      }),
      false,
    );
  });

  test('a scan thread of the server bundle runs lowered; a document worker and this thread do not', async () => {
    if (process.platform !== 'linux') {
      // Elsewhere a priority belongs to the whole process: nothing may be lowered.
      assert.equal(lowerThisThreadPriority(), false);
      return;
    }
    assert.ok(existsSync(WORKER_SCRIPT), 'dist/analysisWorker.js is built');
    const before = threadNices();
    const lowered = () => [...threadNices()].filter(([tid, nice]) => !before.has(tid) && nice === SCAN_THREAD_NICE);
    const documents = await startedWorker({ ruleIds: [] });
    try {
      assert.deepEqual(lowered(), [], 'the document worker keeps the normal priority');
    } finally {
      await documents.close();
    }
    const scan = await startedWorker({ ruleIds: [], background: true });
    try {
      assert.equal(lowered().length, 1, 'the scan thread runs at the scan nice value');
      assert.equal(threadNices().get(process.pid), before.get(process.pid), 'the thread that started it keeps its own');
    } finally {
      await scan.close();
    }
  });
});
