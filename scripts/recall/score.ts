// Recall and precision of the rules on annotated code: every `ruleid`/`todoruleid` line is a
// weakness that should be found, every `ok` line a near-miss that should stay quiet, and any
// finding nobody expected is a false alarm. Pure: the caller reads files and runs the engine.
import type { Finding } from '../../server/src/engine/finding';
import type { Annotation } from '../../test/meta/annotations';

export interface RuleScore {
  /** Weaknesses found. */
  found: number;
  /** Weaknesses missed (`ruleid` without a finding, or a `todoruleid`). */
  missed: number;
  /** Findings on `ok` or `todook` lines, or on lines nobody annotated. */
  falseAlarms: number;
  /** Near-misses left quiet. */
  quiet: number;
}

export const emptyScore = (): RuleScore => ({ found: 0, missed: 0, falseAlarms: 0, quiet: 0 });

export function recall(score: RuleScore): number | undefined {
  const total = score.found + score.missed;
  return total === 0 ? undefined : score.found / total;
}

export function precision(score: RuleScore): number | undefined {
  const total = score.found + score.falseAlarms;
  return total === 0 ? undefined : score.found / total;
}

/** Adds one file's annotations and findings to the per-rule scores. */
export function scoreFile(scores: Map<string, RuleScore>, annotations: readonly Annotation[], findings: readonly Finding[]): void {
  const reported = findings.filter((f) => !f.suppression && !f.ruleId.startsWith('rugged/'));
  const scoreOf = (ruleId: string) => {
    let score = scores.get(ruleId);
    if (!score) scores.set(ruleId, (score = emptyScore()));
    return score;
  };
  const claimed = new Set<string>();
  for (const a of annotations) {
    if (a.target === undefined || a.ruleId.startsWith('rugged/')) continue;
    const key = `${a.ruleId}@${a.target}`;
    const hit = reported.some((f) => f.ruleId === a.ruleId && f.range.start.line === a.target);
    const score = scoreOf(a.ruleId);
    if (a.kind === 'ruleid' || a.kind === 'todoruleid') {
      if (hit) score.found++;
      else score.missed++;
    } else if (hit) {
      score.falseAlarms++;
    } else {
      score.quiet++;
    }
    if (hit) claimed.add(key);
  }
  for (const f of reported) {
    const key = `${f.ruleId}@${f.range.start.line}`;
    if (claimed.has(key)) continue;
    // Two findings of one rule on one annotated line count once; an unannotated one is a false alarm.
    claimed.add(key);
    scoreOf(f.ruleId).falseAlarms++;
  }
}

/** Scores summed over the rules whose id `keyOf` maps to the same key (a family, or everything). */
export function sumBy(scores: ReadonlyMap<string, RuleScore>, keyOf: (ruleId: string) => string): Map<string, RuleScore> {
  const out = new Map<string, RuleScore>();
  for (const [ruleId, score] of scores) {
    const key = keyOf(ruleId);
    const sum = out.get(key) ?? emptyScore();
    sum.found += score.found;
    sum.missed += score.missed;
    sum.falseAlarms += score.falseAlarms;
    sum.quiet += score.quiet;
    out.set(key, sum);
  }
  return out;
}

export const familyOf = (ruleId: string): string => ruleId.split('/')[0];
