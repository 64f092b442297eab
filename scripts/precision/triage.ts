// The hand triage of every finding at the pinned versions, and the arithmetic on it. A finding is
// matched by package, path and fingerprint (fingerprints ignore line numbers, so a triage entry
// survives a re-pin that only moves code); rule, line and severity are kept for the reader.
import { readFileSync } from 'node:fs';
import type { ScannedFinding } from './scan';

export type Verdict = 'true' | 'false' | 'debatable';
const VERDICTS: ReadonlySet<string> = new Set(['true', 'false', 'debatable']);

export interface TriageEntry {
  package: string;
  path: string;
  rule: string;
  line: number;
  severity: string;
  fingerprint: string;
  verdict: Verdict;
  /** One line: why a maintainer would (or would not) act on it. */
  reason: string;
}

export interface PackageFinding extends ScannedFinding {
  package: string;
}

export function triageKey(entry: { package: string; path: string; fingerprint: string }): string {
  return `${entry.package}\u0000${entry.path}\u0000${entry.fingerprint}`;
}

/** Reads and checks the triage file; every problem is listed with its entry, none is skipped. */
export function readTriage(file: string): TriageEntry[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { entries?: unknown };
  if (!Array.isArray(parsed.entries)) throw new Error(`${file}: expected an "entries" array`);
  const problems: string[] = [];
  const seen = new Set<string>();
  parsed.entries.forEach((raw: unknown, index: number) => {
    const entry = raw as Partial<TriageEntry>;
    const where = `entries[${index}]`;
    for (const key of ['package', 'path', 'rule', 'fingerprint', 'reason'] as const) {
      if (typeof entry[key] !== 'string' || entry[key] === '') problems.push(`${where}: "${key}" must be a non-empty string`);
    }
    if (!VERDICTS.has(String(entry.verdict))) problems.push(`${where}: verdict must be true, false or debatable (got ${JSON.stringify(entry.verdict)})`);
    if (typeof entry.reason === 'string' && entry.reason.includes('\n')) problems.push(`${where}: the reason is one line`);
    const key = triageKey(entry as TriageEntry);
    if (seen.has(key)) problems.push(`${where}: a second entry for ${entry.package} ${entry.path} ${entry.fingerprint}`);
    seen.add(key);
  });
  if (problems.length > 0) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);
  return parsed.entries as TriageEntry[];
}

export interface Tally {
  true: number;
  false: number;
  debatable: number;
  untriaged: number;
}

export function emptyTally(): Tally {
  return { true: 0, false: 0, debatable: 0, untriaged: 0 };
}

/** true / (true + false), as the issue defines it; undefined when nothing was judged either way. */
export function precision(tally: Tally): number | undefined {
  const judged = tally.true + tally.false;
  return judged === 0 ? undefined : tally.true / judged;
}

/** The stricter reading: debatable findings count as false alarms. */
export function strictPrecision(tally: Tally): number | undefined {
  const judged = tally.true + tally.false + tally.debatable;
  return judged === 0 ? undefined : tally.true / judged;
}

export interface Comparison {
  /** Each finding with its verdict, or undefined when no entry matches it. */
  judged: Array<{ finding: PackageFinding; entry?: TriageEntry }>;
  untriaged: PackageFinding[];
  /** Entries no finding matched any more: the code or the rules changed since they were written. */
  stale: TriageEntry[];
}

export function compare(findings: readonly PackageFinding[], entries: readonly TriageEntry[], scannedPackages: ReadonlySet<string>): Comparison {
  const byKey = new Map(entries.map((e) => [triageKey(e), e]));
  const used = new Set<string>();
  const judged = findings.map((finding) => {
    const key = triageKey(finding);
    const entry = byKey.get(key);
    if (entry) used.add(key);
    return { finding, entry };
  });
  return {
    judged,
    untriaged: judged.filter((j) => !j.entry).map((j) => j.finding),
    stale: entries.filter((e) => scannedPackages.has(e.package) && !used.has(triageKey(e))),
  };
}

/** Tallies keyed by what `keyOf` says about each judged finding. */
export function tallyBy(judged: Comparison['judged'], keyOf: (finding: PackageFinding) => string): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const { finding, entry } of judged) {
    const key = keyOf(finding);
    const tally = tallies.get(key) ?? emptyTally();
    tally[entry ? entry.verdict : 'untriaged']++;
    tallies.set(key, tally);
  }
  return tallies;
}

/** A stub for a finding no one has judged yet; --check keeps failing until a person fills it in. */
export function stubFor(finding: PackageFinding): Omit<TriageEntry, 'verdict'> & { verdict: 'untriaged' } {
  return {
    package: finding.package,
    path: finding.path,
    rule: finding.ruleId,
    line: finding.line,
    severity: finding.severity,
    fingerprint: finding.fingerprint,
    verdict: 'untriaged',
    reason: `TODO: ${finding.message}`,
  };
}
