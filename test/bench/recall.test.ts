// The recall benchmark's arithmetic, on annotations and findings written here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/engine/finding';
import { readAnnotations } from '../meta/annotations';
import { emptyScore, familyOf, precision, recall, scoreFile, sumBy, type RuleScore } from '../../scripts/recall/score';

const finding = (ruleId: string, line: number): Finding =>
  ({ ruleId, severity: 'warning', confidence: 'high', message: 'm', range: { start: { line, column: 1, offset: 0 }, end: { line, column: 2, offset: 1 } }, fixes: [], related: [], fingerprint: '' });

describe('recall scoring', () => {
  const code = [
    '// ruleid: a/one', // 1
    'sink(x);', // 2: found
    '// ruleid: a/one', // 3
    'sink(y);', // 4: missed
    '// todoruleid: a/one', // 5
    'sink(z);', // 6: missed (known)
    '// ok: a/one', // 7
    'safe(x);', // 8: quiet
    '// ok: a/one', // 9
    'looksSafe(x);', // 10: false alarm
    'other(x);', // 11: unannotated finding of b/two
  ].join('\n');

  it('counts found, missed, quiet and false alarms per rule, unannotated findings included', () => {
    const scores = new Map<string, RuleScore>();
    scoreFile(scores, readAnnotations(code), [finding('a/one', 2), finding('a/one', 2), finding('a/one', 10), finding('b/two', 11), finding('rugged/parse-error', 1)]);
    assert.deepEqual(scores.get('a/one'), { found: 1, missed: 2, falseAlarms: 1, quiet: 1 });
    assert.deepEqual(scores.get('b/two'), { found: 0, missed: 0, falseAlarms: 1, quiet: 0 });
    assert.equal(scores.has('rugged/parse-error'), false, 'engine notes are not a rule\'s false alarms');
    assert.equal(recall(scores.get('a/one')!), 1 / 3);
    assert.equal(precision(scores.get('a/one')!), 1 / 2);
    assert.equal(recall(scores.get('b/two')!), undefined);
  });

  it('sums rules into families', () => {
    const scores = new Map<string, RuleScore>([
      ['sql/x', { found: 3, missed: 1, falseAlarms: 0, quiet: 2 }],
      ['sql/y', { found: 1, missed: 0, falseAlarms: 1, quiet: 0 }],
      ['session/z', emptyScore()],
    ]);
    const families = sumBy(scores, familyOf);
    assert.deepEqual(families.get('sql'), { found: 4, missed: 1, falseAlarms: 1, quiet: 2 });
    assert.deepEqual(families.get('session'), emptyScore());
  });
});
