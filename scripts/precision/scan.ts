// Scans one unpacked package the way a user would: the built CLI, default settings (an empty
// configuration, so a package's own .rugged.json cannot change the result), JSON out.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '../../server/src/files/walk';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/engine/config';

export interface ScannedFinding {
  path: string;
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  line: number;
  fingerprint: string;
  message: string;
}

export interface PackageScan {
  files: number;
  lines: number;
  findings: ScannedFinding[];
}

interface CliReport {
  summary: { filesScanned: number };
  findings: Array<{ path: string; ruleId: string; severity: ScannedFinding['severity']; fingerprint: string; message: string; suppression: unknown; range: { start: { line: number } } }>;
}

export function scanPackage(cli: string, folder: string, roots: readonly string[], emptyConfig: string): PackageScan {
  const run = spawnSync(process.execPath, [cli, 'scan', ...roots, '--format', 'json', '--fail-on', 'never', '--config', emptyConfig], {
    cwd: folder,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`rugged scan in ${folder} exited ${run.status}: ${run.stderr.trim().slice(0, 2000)}`);
  const report = JSON.parse(run.stdout) as CliReport;
  const findings = report.findings
    .filter((f) => !f.suppression && !f.ruleId.startsWith('rugged/'))
    .map((f) => ({ path: f.path, ruleId: f.ruleId, severity: f.severity, line: f.range.start.line, fingerprint: f.fingerprint, message: f.message }));
  return { files: report.summary.filesScanned, lines: countLines(folder, roots), findings };
}

/** Lines of the files the scan read, listed by the same walker the CLI uses. */
function countLines(folder: string, roots: readonly string[]): number {
  const list = listFiles(roots.map((r) => join(folder, r)), { root: folder, ignore: [], maxFileSize: DEFAULT_MAX_FILE_SIZE });
  let lines = 0;
  for (const file of list.files) {
    const text = readFileSync(file, 'utf8');
    if (text.length === 0) continue;
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    lines += text.endsWith('\n') ? count - 1 : count;
  }
  return lines;
}
