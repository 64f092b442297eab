// Runs one tool in a child process and measures it: wall time from the outside, CPU time and peak
// RSS from the inside. A preload written into the cache records process.resourceUsage() as the
// child exits, which works the same for ESLint's CLI, Rugged's CLI and the bundled workers, and
// needs no /usr/bin/time.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProcessMeasure {
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  status: number | null;
  /** The last line the child printed on stdout (workers print their JSON result there). */
  lastLine: string;
  stderr: string;
}

const PROBE = `// Written by npm run bench (scripts/speed/processRun.ts): resource usage at exit.
process.on('exit', () => {
  const usage = process.resourceUsage();
  require('node:fs').writeFileSync(process.env.RUGGED_BENCH_USAGE_FILE, JSON.stringify({ cpuMicros: usage.userCPUTime + usage.systemCPUTime, maxRssKb: usage.maxRSS }));
});
`;

export function writeProbe(speedCache: string): string {
  const file = join(speedCache, 'usage-probe.cjs');
  writeFileSync(file, PROBE);
  return file;
}

export function measureProcess(probe: string, script: string, args: readonly string[], options: { cwd: string }): ProcessMeasure {
  const usageFile = `${probe}.${process.pid}.json`;
  rmSync(usageFile, { force: true });
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--require', probe, script, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, RUGGED_BENCH_USAGE_FILE: usageFile },
  });
  const wallMs = performance.now() - started;
  const usage = existsSync(usageFile) ? (JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMicros: number; maxRssKb: number }) : undefined;
  rmSync(usageFile, { force: true });
  const lines = (child.stdout ?? '').trim().split('\n');
  return {
    wallMs,
    cpuMs: usage ? usage.cpuMicros / 1000 : Number.NaN,
    peakRssBytes: usage ? usage.maxRssKb * 1024 : Number.NaN,
    status: child.status,
    lastLine: lines[lines.length - 1] ?? '',
    stderr: (child.stderr ?? '').trim().split('\n').slice(-5).join('\n'),
  };
}
