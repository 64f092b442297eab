// Reads the outcome of test cases from a JUnit XML or TAP report, the two formats every JavaScript
// test runner can write (node --test, Jest, Mocha, Vitest, Playwright), so a story's test counts as
// evidence only when it passed. Tolerant text scanning, not a full XML parser: only the testcase
// elements and their failure, error and skipped children matter. Pure.

export interface TestCaseResult {
  /** Name, class name and file as the report gives them, joined with spaces. */
  name: string;
  outcome: 'passed' | 'failed' | 'skipped';
}

export function parseTestResults(text: string): TestCaseResult[] {
  return /<testsuites?\b|<testcase\b/.test(text) ? parseJUnit(text) : parseTap(text);
}

function parseJUnit(text: string): TestCaseResult[] {
  const results: TestCaseResult[] = [];
  const testcase = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const match of text.matchAll(testcase)) {
    const attributes = match[1];
    const body = match[3] ?? '';
    const name = ['name', 'classname', 'file']
      .map((key) => new RegExp(`\\b${key}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes))
      .map((m) => unescapeXml(m?.[1] ?? m?.[2] ?? ''))
      .filter(Boolean)
      .join(' ');
    const outcome = /<(failure|error)\b/.test(body) ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
    results.push({ name, outcome });
  }
  return results;
}

function parseTap(text: string): TestCaseResult[] {
  const results: TestCaseResult[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(not )?ok\b(?:\s+\d+)?(?:\s*-)?\s*(.*)$/.exec(line);
    if (!match) continue;
    const directive = /\s#\s*(SKIP|TODO)\b/i.exec(match[2]);
    const name = (directive ? match[2].slice(0, directive.index) : match[2]).trim();
    results.push({ name, outcome: directive ? 'skipped' : match[1] ? 'failed' : 'passed' });
  }
  return results;
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_all, entity: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[entity]!);
}

/**
 * The outcome of the cases naming a story (its key, `AS-...`, or its tracker id as a whole word):
 * failed if any failed, skipped if all were skipped, `not-in-report` if none names it.
 */
export function outcomeFor(results: readonly TestCaseResult[], names: readonly string[]): 'passed' | 'failed' | 'skipped' | 'not-in-report' {
  const patterns = names.filter(Boolean).map((n) => new RegExp(`(^|[^A-Za-z0-9-])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9])`, 'i'));
  const cases = results.filter((r) => patterns.some((p) => p.test(r.name)));
  if (cases.length === 0) return 'not-in-report';
  if (cases.some((c) => c.outcome === 'failed')) return 'failed';
  return cases.every((c) => c.outcome === 'skipped') ? 'skipped' : 'passed';
}
