// What the request-driven attack plans share: the criterion sentence, and the marker-file plan
// for attacks that make the server run something (a shell command, a JavaScript expression): the
// payload creates a file, and the test passes only if the file never appears.
import type { AttackPlan, AttackTarget } from './attackPlan';
import { requestWith, type RequestField } from './skeletonRequests';

/** "`test` sends `payload` as `field` to `where` and passes: refusal; it fails before the fix". */
export function sentCriterion(payload: string, field: RequestField, where: string, refusal: string): (path: string) => string {
  return placedCriterion(payload, `as \`${field.name}\``, where, refusal);
}

/** The same sentence for a payload carried elsewhere than a field: `placed` is "in the `profile` cookie". */
export function placedCriterion(payload: string, placed: string, where: string, refusal: string): (path: string) => string {
  return (path) => `\`${path}\` sends \`${payload}\` ${placed} to \`${where}\` and passes: ${refusal}; it fails before the fix`;
}

/** How the payload travels when it is not a request field (a cookie): the request and the criterion's words. */
export interface PayloadCarrier {
  /** The `fetch(...)` expression that sends `PAYLOAD`. */
  request: string;
  /** Where the criterion says the payload goes: "in the `profile` cookie, base64-encoded". */
  placed: string;
  /** What the test name says it was sent in: "the profile cookie". */
  name: string;
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

export function markerFilePlan(target: AttackTarget, where: string, sent: RequestField | PayloadCarrier, attack: MarkerAttack): AttackPlan {
  const marker = `/tmp/rugged-${target.key.toLowerCase()}${attack.suffix}`;
  const payload = attack.payload(marker);
  const refusal = `${attack.neverRuns} (\`${marker}\` is not created)`;
  const carrier = 'request' in sent ? sent : undefined;
  const field = 'request' in sent ? undefined : sent;
  return {
    payload,
    refusal,
    criterion: carrier ? placedCriterion(payload, carrier.placed, where, refusal) : sentCriterion(payload, field!, where, refusal),
    testName: `${target.key}: ${where} runs no ${attack.what} sent in ${sent.name}`,
    requires: { existsSync: 'fs', rmSync: 'fs' },
    preamble: [`const MARKER = ${JSON.stringify(marker)};`],
    body: [
      'rmSync(MARKER, { force: true });',
      // The code the payload runs may leave the handler a value it cannot use, so the server can
      // die before it answers: the marker, not the answer, says whether the attack worked, and the
      // failure must read as the attack, not as a network error.
      'let answered = true;',
      'try {',
      `  const attack = await ${carrier ? carrier.request : requestWith(target as Required<AttackTarget>, field, 'PAYLOAD')};`,
      ...(attack.note ? [`  // ${attack.note}`] : []),
      '  await attack.text();',
      '} catch {',
      '  answered = false;',
      '}',
      `// Expected: ${refusal}.`,
      'const ran = existsSync(MARKER);',
      'rmSync(MARKER, { force: true });',
      `assert.equal(ran, false, ${JSON.stringify(attack.ranMessage)} + (answered ? '' : ' (and the server gave no answer: it may have crashed after running it)'));`,
      "assert.ok(answered, 'the server gave no answer to the request: it crashed or dropped the connection, so the fix is not proven');",
    ],
  };
}
