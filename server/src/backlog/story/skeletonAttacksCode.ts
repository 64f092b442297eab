// Security tests for weaknesses where the code runs what the attacker sends or compares a secret
// carelessly: server-side evaluation, SQL identifiers, timing-unsafe comparison. Split from
// skeletonAttacks.ts, which holds the request-and-refusal kinds.
import type { AttackOutcome, AttackPlan, AttackTarget } from './attackPlan';
import { markerFilePlan, sentCriterion } from './markerAttack';
import { requestWith, type RequestField } from './skeletonRequests';

const sent = sentCriterion;

/**
 * Evaluated input: an expression that creates a marker file. The leading `0,` makes it run even
 * where the code wraps the input (`'(todo) => ' + input` becomes a sequence whose second part runs).
 */
export function serverEval(target: AttackTarget, where: string, field: RequestField): AttackPlan {
  return markerFilePlan(target, where, field, {
    suffix: '-eval-marker',
    payload: (marker) => `0, (typeof require === 'function' ? require : process.mainModule.require)('fs').writeFileSync(${JSON.stringify(marker)}, '')`,
    neverRuns: 'the expression sent is never run',
    what: 'JavaScript',
    ranMessage: 'the injected JavaScript ran',
  });
}

/**
 * A column or sort name: `(SELECT 1)` is valid SQL wherever an ORDER BY or column goes, so a
 * vulnerable app answers normally (or fails with 500); an allow-list refuses it. A value payload
 * would break the SQL and look refused on vulnerable code too.
 */
export function sqlIdentifier(target: AttackTarget, where: string, field: RequestField): AttackPlan {
  const payload = '(SELECT 1)';
  const refusal = 'the request is refused (4xx): a name outside the allow-list of columns and directions is never used';
  return {
    payload,
    refusal,
    criterion: sent(payload, field, where, refusal),
    testName: `${target.key}: ${where} refuses a ${field.name} outside its allow-list`,
    preamble: [],
    body: [
      `const attack = await ${requestWith(target as Required<AttackTarget>, field, 'PAYLOAD')};`,
      `// Expected: ${refusal}.`,
      'assert.ok(attack.status >= 400 && attack.status < 500, `answered ${attack.status}`);',
    ],
  };
}

/**
 * Timing cannot be measured reliably over a network in CI, so the test reads the code: the
 * comparison the rule flagged is gone and `crypto.timingSafeEqual` is called in its file. It proves
 * how the comparison is written, not that its timing is flat; the story says so.
 */
export function timingComparison(target: AttackTarget): AttackOutcome {
  const comparison = target.sinkText?.replace(/\s+/g, ' ').trim();
  // A comparison quoting a literal may quote the secret: the test must not repeat it (a quoted
  // property name such as `headers['x-api-key']` is no secret).
  if (!comparison || /['"`]/.test(comparison.replace(/\[\s*(['"])[\w-]+\1\s*\]/g, ''))) return undefined;
  const refusal = `\`${target.file}\` no longer compares with \`${comparison}\` and calls \`crypto.timingSafeEqual\` (a check of how the comparison is written: a network timing test would be flaky)`;
  return {
    payload: 'no payload: the test reads the code',
    refusal,
    criterion: (path) => `\`${path}\` passes: ${refusal}; it fails while the comparison is there`,
    testName: `${target.key}: ${target.file} compares the secret with crypto.timingSafeEqual`,
    requires: { readFileSync: 'fs', join: 'path' },
    preamble: ['const ROOT = process.env.PROJECT_ROOT || process.cwd();', `const FILE = ${JSON.stringify(target.file)};`, `const COMPARISON = ${JSON.stringify(comparison)};`],
    body: [
      "const source = readFileSync(join(ROOT, FILE), 'utf8').replace(/\\s+/g, ' ');",
      `// Expected: ${refusal.replace(/`/g, '')}.`,
      'assert.ok(!source.includes(COMPARISON), "the timing-unsafe comparison is still there");',
      'assert.match(source, /timingSafeEqual\\(/);',
    ],
  };
}
