// What the request-driven attack plans share: the criterion sentence, and the marker-file plan
// for attacks that make the server run something (a shell command, a JavaScript expression): the
// payload creates a file, and the test passes only if the file never appears.
import type { AttackPlan, AttackTarget } from './attackPlan';
import { requestWith, type RequestField } from './skeletonRequests';

/** "`test` sends `payload` as `field` to `where` and passes: refusal; it fails before the fix". */
export function sentCriterion(payload: string, field: RequestField, where: string, refusal: string): (path: string) => string {
  return (path) => `\`${path}\` sends \`${payload}\` as \`${field.name}\` to \`${where}\` and passes: ${refusal}; it fails before the fix`;
}

export interface MarkerAttack {
  /** Part of the marker's file name, so two kinds of attack on one story do not share a file. */
  suffix: string;
  /** The payload, given the marker file's path. */
  payload(marker: string): string;
  /** What never happens, for the criterion: "the command after `;` never runs". */
  neverRuns: string;
  /** The test name's tail after "<where> runs no": "shell command", "JavaScript". */
  what: string;
  /** The assertion's message when the marker exists. */
  ranMessage: string;
  /** Why awaiting the answer is enough, if that needs saying. */
  note?: string;
}

export function markerFilePlan(target: AttackTarget, where: string, field: RequestField, attack: MarkerAttack): AttackPlan {
  const marker = `/tmp/rugged-${target.key.toLowerCase()}${attack.suffix}`;
  const payload = attack.payload(marker);
  const refusal = `${attack.neverRuns} (\`${marker}\` is not created)`;
  return {
    payload,
    refusal,
    criterion: sentCriterion(payload, field, where, refusal),
    testName: `${target.key}: ${where} runs no ${attack.what} sent in ${field.name}`,
    requires: { existsSync: 'fs', rmSync: 'fs' },
    preamble: [`const MARKER = ${JSON.stringify(marker)};`],
    body: [
      'rmSync(MARKER, { force: true });',
      `const attack = await ${requestWith(target as Required<AttackTarget>, field, 'PAYLOAD')};`,
      ...(attack.note ? [`// ${attack.note}`] : []),
      'await attack.text();',
      `// Expected: ${refusal}.`,
      'const ran = existsSync(MARKER);',
      'rmSync(MARKER, { force: true });',
      `assert.equal(ran, false, ${JSON.stringify(attack.ranMessage)});`,
    ],
  };
}
