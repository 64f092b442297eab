// When a done story may be called mitigated: its acceptance criteria checked (or explicitly
// waived), a test in the repository that names it (passing, when a test report was given), and
// none of its findings firing. A status alone is a claim, not evidence. Pure.
import type { StoredStory } from './types';

/** What the repository and an optional test report say about the tests linked to one story. */
export interface LinkedTests {
  /** Repository-relative test files that name the story (its key, or the path its test criterion gives). */
  files: string[];
  /** Set when a JUnit XML or TAP report was given: the outcome of the test cases that name the story. */
  result?: TestOutcome;
}

/** `not-in-report`: a report was given, but no test case in it names the story. */
export type TestOutcome = 'passed' | 'failed' | 'skipped' | 'not-in-report';

export interface MitigationEvidence {
  criteria: { checked: number; waived: number; total: number; met: boolean };
  tests: LinkedTests & { met: boolean };
  /** None of the story's findings fires now. */
  quiet: boolean;
  /** One sentence per missing piece, for the report; empty when the story is mitigated. */
  missing: string[];
}

/**
 * A criterion is waived when its text says so ("... waived: the WAF blocks it, Dana Lee"), the way
 * a team records a decision in Backlog.md, whose criteria only have a checkbox.
 */
export function isWaived(text: string): boolean {
  return /\bwaived\b/i.test(text);
}

export function judgeMitigation(stored: StoredStory, tests: LinkedTests | undefined, quiet: boolean): MitigationEvidence {
  const total = stored.acceptanceCriteria.length;
  const checked = stored.acceptanceCriteria.filter((c) => c.checked).length;
  const waived = stored.acceptanceCriteria.filter((c) => !c.checked && isWaived(c.text)).length;
  const criteriaMet = total > 0 && checked + waived === total;
  const linked: LinkedTests = tests ?? { files: [] };
  const testsMet = linked.files.length > 0 && (linked.result === undefined || linked.result === 'passed');
  const missing: string[] = [];
  if (total === 0) missing.push('it has no acceptance criteria');
  else if (!criteriaMet) missing.push(`${total - checked - waived} of ${total} acceptance criteria are neither checked nor waived`);
  if (linked.files.length === 0) missing.push('no test in the repository names the story');
  else if (linked.result === 'failed') missing.push('its test failed in the test report');
  else if (linked.result === 'skipped') missing.push('its test was skipped in the test report');
  else if (linked.result === 'not-in-report') missing.push('its test is not in the test report');
  if (!quiet) missing.push('its finding still fires');
  return { criteria: { checked, waived, total, met: criteriaMet }, tests: { ...linked, met: testsMet }, quiet, missing };
}
