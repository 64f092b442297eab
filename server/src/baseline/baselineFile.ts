// Reads a baseline: a report an earlier `rugged scan -f sarif` or `-f json` wrote, reduced to the
// identities of its findings. Anything else (another tool's SARIF, a truncated file, a report
// without fingerprints) is refused with a reason: a baseline that silently matched nothing would
// report every old finding as new, and one that matched everything would hide new ones.
import { resolve } from 'node:path';
import { describeRefusal, HARD_READ_CAP_BYTES, readRegularTextSync } from '../files/readRegularFile';
import { fileFingerprint, repositoryUri } from './fileFingerprint';

/** Key of our fingerprint in SARIF `partialFingerprints`; the version changes if its recipe does. */
export const FINGERPRINT_KEY = 'ruggedFingerprint/v1';

export interface Baseline {
  format: 'sarif' | 'json';
  /** File fingerprints (see fileFingerprint.ts) of every finding the report holds. */
  keys: ReadonlySet<string>;
}

export type BaselineResult = { ok: true; baseline: Baseline } | { ok: false; error: string };

export interface BaselinePaths {
  /** The folder a JSON report's paths are relative to when it carries no file fingerprints. */
  cwd: string;
  /** The repository (or project) root SARIF paths and file fingerprints are relative to. */
  sourceRoot: string;
}

/** Reads and checks the baseline file at `file` (absolute). */
export function loadBaseline(file: string, toolName: string, paths: BaselinePaths): BaselineResult {
  const read = readRegularTextSync(file, HARD_READ_CAP_BYTES);
  if (!read.ok) return { ok: false, error: read.reason === 'missing' ? 'file not found' : describeRefusal(read) };
  return parseBaseline(read.text, toolName, paths);
}

export function parseBaseline(text: string, toolName: string, paths: BaselinePaths): BaselineResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})` };
  }
  if (!isObject(data)) return { ok: false, error: 'not a Rugged SARIF or JSON report' };
  if (data.version === '2.1.0' && Array.isArray(data.runs)) return fromSarif(data.runs, toolName);
  if (isObject(data.tool) && Array.isArray(data.findings)) return fromJson(data.tool, data.findings, toolName, paths);
  return { ok: false, error: 'not a Rugged SARIF or JSON report (expected the output of "rugged scan -f sarif" or "-f json")' };
}

function fromSarif(runs: unknown[], toolName: string): BaselineResult {
  const keys = new Set<string>();
  for (const [runIndex, run] of runs.entries()) {
    const driver = isObject(run) && isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : undefined;
    if (driver?.name !== toolName) return { ok: false, error: `SARIF run ${runIndex} was not made by ${toolName} (tool "${nameOf(driver?.name)}")` };
    const results = isObject(run) ? run.results : undefined;
    if (!Array.isArray(results)) return { ok: false, error: `SARIF run ${runIndex} has no results array` };
    for (const [index, result] of results.entries()) {
      const fingerprints = isObject(result) && isObject(result.partialFingerprints) ? result.partialFingerprints : undefined;
      const key = fingerprints?.[FINGERPRINT_KEY];
      if (typeof key !== 'string' || key === '') return { ok: false, error: `SARIF result ${index} has no "${FINGERPRINT_KEY}" partial fingerprint` };
      keys.add(key);
    }
  }
  return { ok: true, baseline: { format: 'sarif', keys } };
}

function fromJson(tool: Record<string, unknown>, findings: unknown[], toolName: string, paths: BaselinePaths): BaselineResult {
  if (tool.name !== toolName) return { ok: false, error: `JSON report was not made by ${toolName} (tool "${nameOf(tool.name)}")` };
  const keys = new Set<string>();
  for (const [index, finding] of findings.entries()) {
    if (!isObject(finding)) return { ok: false, error: `JSON finding ${index} is not an object` };
    if (typeof finding.fileFingerprint === 'string' && finding.fileFingerprint !== '') {
      keys.add(finding.fileFingerprint);
    } else if (typeof finding.path === 'string' && typeof finding.fingerprint === 'string') {
      // Reports written before file fingerprints: their paths are relative to the folder the scan ran in.
      keys.add(fileFingerprint(repositoryUri(paths.sourceRoot, resolve(paths.cwd, finding.path)), finding.fingerprint));
    } else {
      return { ok: false, error: `JSON finding ${index} has no fingerprint` };
    }
  }
  return { ok: true, baseline: { format: 'json', keys } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(value: unknown): string {
  return typeof value === 'string' ? value : 'unknown';
}
