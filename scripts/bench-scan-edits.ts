// The bench's "keystroke during a workspace scan" row on its own, for comparing server builds in
// one interleaved run on a shared machine (issue 12): per round and per build, an idle run and a
// run under cold scans (scripts/speed/lspRows.ts, the bench's own code path), then p50 / p95 with
// the debounce subtracted and the ratio of the p95s. Numbers for notes, never asserted by a test.
//
//   node --import tsx scripts/bench-scan-edits.ts [--edits 50] [--rounds 2] [--file <corpus file>] [--server name=path/to/server.js ...]
//
// The corpus is the bench's (~/.cache/rugged/bench-speed/corpus; `npm run bench` installs it).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_PATH } from '../test/server/lspClient';
import { keystrokeLatency, type LatencyRun } from './speed/lspRows';
import { percentile } from './speed/stats';

function options(name: string): string[] {
  return process.argv.flatMap((arg, i, all) => (all[i - 1] === name ? [arg] : []));
}

const edits = Number(options('--edits')[0] ?? '50');
const rounds = Number(options('--rounds')[0] ?? '2');
const corpus = join(homedir(), '.cache', 'rugged', 'bench-speed', 'corpus');
const file = options('--file')[0] ?? join(corpus, 'sequelize_6.37.8', 'model.js');
const servers = options('--server').map((spec) => {
  const at = spec.indexOf('=');
  return { name: spec.slice(0, at), path: spec.slice(at + 1) };
});
if (servers.length === 0) servers.push({ name: 'this build', path: SERVER_PATH });

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'rugged-scan-edits-'));
  const runs = new Map<string, { idle: LatencyRun[]; scan: LatencyRun[] }>(servers.map((s) => [s.name, { idle: [], scan: [] }]));
  const loads: number[] = [loadavg()[0] ?? 0];
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const server of servers) {
        const storagePath = join(scratch, 'storage');
        rmSync(storagePath, { recursive: true, force: true });
        mkdirSync(storagePath, { mode: 0o700 });
        const seed = 12 + round;
        const mine = runs.get(server.name) as { idle: LatencyRun[]; scan: LatencyRun[] };
        mine.idle.push(await keystrokeLatency({ root: corpus, file, edits, seed, storagePath, duringScan: false, serverPath: server.path }));
        mine.scan.push(await keystrokeLatency({ root: corpus, file, edits, seed, storagePath, duringScan: true, serverPath: server.path }));
        loads.push(loadavg()[0] ?? 0);
        process.stderr.write(`round ${round} ${server.name} done (load ${loads.at(-1)?.toFixed(1)})\n`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  for (const [name, { idle, scan }] of runs) {
    const wait = idle[0]?.debounceMs ?? 0;
    const idleSamples = idle.flatMap((run) => run.samples.map((ms) => ms - wait));
    const scanSamples = scan.flatMap((run) => run.samples.map((ms) => ms - wait));
    const row = {
      server: name,
      debounceMs: wait,
      idle: { edits: idleSamples.length, p50: Math.round(percentile(idleSamples, 50)), p95: Math.round(percentile(idleSamples, 95)) },
      duringScan: { edits: scanSamples.length, scans: scan.reduce((n, run) => n + (run.scans ?? 0), 0), p50: Math.round(percentile(scanSamples, 50)), p95: Math.round(percentile(scanSamples, 95)) },
      p95Ratio: Number((percentile(scanSamples, 95) / percentile(idleSamples, 95)).toFixed(2)),
      perRoundP95Ratio: idle.map((run, i) => Number((percentile(scan[i]?.samples.map((ms) => ms - wait) ?? [], 95) / percentile(run.samples.map((ms) => ms - wait), 95)).toFixed(2))),
      peakRssMb: Math.round(Math.max(...scan.map((run) => run.serverPeakRssBytes)) / 1e6),
    };
    console.log(JSON.stringify(row));
  }
  console.log(JSON.stringify({ loadAverage1m: loads.map((l) => Number(l.toFixed(1))) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
