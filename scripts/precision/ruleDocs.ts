// Writes each rule's measured precision into its documentation, between markers, so the number a
// reader sees beside a rule is the one the benchmark last measured.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Tally, precision } from './triage';

export const PRECISION_START = '<!-- precision:start -->';
export const PRECISION_END = '<!-- precision:end -->';

export function precisionSection(tally: Tally | undefined, benchmark: { packages: number; lines: number; date: string }): string {
  const scope = `${benchmark.packages} pinned open-source packages (${Math.round(benchmark.lines / 1000)}k lines, default settings, ${benchmark.date}; see bench/precision/RESULTS.md)`;
  const body = !tally || tally.true + tally.false + tally.debatable + tally.untriaged === 0
    ? `No findings on the precision benchmark's ${scope}: precision there is not measured.`
    : `On the precision benchmark's ${scope}: ${tally.true} true, ${tally.debatable} debatable, ${tally.false} false${tally.untriaged ? `, ${tally.untriaged} untriaged` : ''}; precision ${formatPrecision(precision(tally))}.`;
  return `${PRECISION_START}\n## Measured precision\n\n${body}\n${PRECISION_END}`;
}

function formatPrecision(value: number | undefined): string {
  return value === undefined ? 'n/a (only debatable findings)' : `${(value * 100).toFixed(0)}% (true / (true + false))`;
}

/** Replaces the marked section, or inserts it before `## References` (else at the end). Returns whether the file changed. */
export function writePrecisionSection(repo: string, rule: string, section: string): boolean {
  const file = join(repo, 'rules', `${rule}.md`);
  if (!existsSync(file)) return false;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(PRECISION_START);
  const end = text.indexOf(PRECISION_END);
  let next: string;
  if (start >= 0 && end > start) next = text.slice(0, start) + section + text.slice(end + PRECISION_END.length);
  else {
    const references = text.indexOf('\n## References');
    next = references >= 0 ? `${text.slice(0, references)}\n${section}\n${text.slice(references)}` : `${text.trimEnd()}\n\n${section}\n`;
  }
  if (next === text) return false;
  writeFileSync(file, next);
  return true;
}
