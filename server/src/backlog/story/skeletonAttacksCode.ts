// Security tests for weaknesses where the code runs what the attacker sends or compares a secret
// carelessly: server-side evaluation, SQL identifiers, timing-unsafe comparison. Split from
// skeletonAttacks.ts, which holds the request-and-refusal kinds.
import type { AttackOutcome, AttackPlan, AttackTarget } from './attackPlan';
import { IN_PROCESS_REQUIRES, START_APP } from './inProcessApp';
import { markerFilePlan } from './markerAttack';
import { requestFieldsIn } from './handlerFields';
import { requestWith, type RequestField } from './skeletonRequests';

/**
 * Evaluated input: an expression that creates a marker file. The leading `0,` makes it run even
 * where the code wraps the input (`'(todo) => ' + input` becomes a sequence whose second part runs).
 * The sequence's value is a function that keeps nothing, so code that uses the result as a callback
 * (`rows.filter(keep)`) goes on instead of throwing on `undefined` before it answers.
 */
export function serverEval(target: AttackTarget, where: string, field: RequestField): AttackPlan {
  return markerFilePlan(target, where, field, {
    suffix: '-eval-marker',
    payload: (marker) => `0, ((typeof require === 'function' ? require : process.mainModule.require)('fs').writeFileSync(${JSON.stringify(marker)}, ''), () => false)`,
    neverRuns: 'the expression sent is never run',
    what: 'JavaScript',
    ranMessage: 'the injected JavaScript ran',
  });
}

/**
 * A column or sort name. The fix either refuses a name outside its allow-list or falls back to a
 * default, so the test accepts a 4xx or an answer identical to the one without the field. Its probes
 * sort by the first column both ways: an app that uses the name answers in two different orders
 * (at least one differs from the default), and where a name cannot go (a select list, a table) the
 * SQL breaks and the vulnerable app answers 500. A value payload would break the SQL everywhere and
 * look refused on vulnerable code too.
 */
export function sqlIdentifier(target: AttackTarget, where: string, field: RequestField): AttackPlan {
  const payload = '1 DESC';
  const refusal = `the request is refused (4xx), or it answers exactly as it does without \`${field.name}\` (the default order): a name outside the allow-list of columns and directions is never used`;
  const shape = target as Required<AttackTarget>;
  // The handler's other query fields (`customer` beside `sort`) take a harmless value in both requests,
  // so that the default answer is a real one and not an error about a missing field.
  const alongside = requestFieldsIn(target.regionText ?? '').filter((f) => f.location === 'query').map((f) => f.name);
  return {
    payload,
    refusal,
    criterion: (path) => `\`${path}\` sends \`${payload}\` and \`1 ASC\` as \`${field.name}\` to \`${where}\` and passes: ${refusal}; it fails before the fix`,
    testName: `${target.key}: ${where} ignores or refuses a ${field.name} outside its allow-list`,
    preamble: [
      '// The same probe the other way round: an app that sorts by what it is sent cannot answer both in its default order.',
      "const PROBES = [PAYLOAD, '1 ASC'];",
      `const FIELD = ${JSON.stringify(field.name)};`,
    ],
    body: [
      // The probes go first: without the field the vulnerable code may build `ORDER BY undefined`,
      // whose database error stops an Express 4 app before any assertion could speak.
      'const answers = [];',
      'for (const probe of PROBES) {',
      `  const attack = await ${requestWith(shape, field, 'probe', [], alongside)};`,
      `  // Expected: ${refusal.replace(/`/g, '')}.`,
      '  if (attack.status >= 400 && attack.status < 500) continue;',
      '  assert.ok(attack.status < 300, `answered ${attack.status} to ${probe}`);',
      '  answers.push({ probe, text: await attack.text() });',
      '}',
      'if (answers.length === 2) assert.equal(answers[0].text, answers[1].text, `the answers to ${PROBES.join(\' and \')} differ: the name sent was used to sort`);',
      'if (answers.length === 0) return;',
      `const fallback = await ${requestWith(shape, undefined, '', [], alongside.filter((name) => name !== field.name))};`,
      "assert.ok(fallback.status < 300, `the request without ${FIELD} answered ${fallback.status}: a fix that falls back to a default order must answer it`);",
      'const defaultAnswer = await fallback.text();',
      'for (const { probe, text } of answers) assert.equal(text, defaultAnswer, `the answer to ${probe} is not the default order: the name was used`);',
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
  const unset = target.unsetEnv && target.method && target.route ? unsetSecretTest(target, target.unsetEnv) : undefined;
  return {
    payload: 'no payload: the test reads the code',
    refusal,
    criterion: (path) => `\`${path}\` passes: ${refusal}${unset ? `, and ${unset.refusal}` : ''}; it fails while the comparison is there`,
    testName: `${target.key}: ${target.file} compares the secret with crypto.timingSafeEqual`,
    requires: unset ? { ...IN_PROCESS_REQUIRES } : { readFileSync: 'fs', join: 'path' },
    preamble: [
      'const ROOT = process.env.PROJECT_ROOT || process.cwd();',
      `const FILE = ${JSON.stringify(target.file)};`,
      `const COMPARISON = ${JSON.stringify(comparison)};`,
      ...(unset ? ['', ...START_APP] : []),
    ],
    ...(unset ? { inProcess: true, more: [{ testName: unset.testName, body: unset.body }] } : {}),
    body: [
      "const source = readFileSync(join(ROOT, FILE), 'utf8').replace(/\\s+/g, ' ');",
      `// Expected: ${refusal.replace(/`/g, '')}.`,
      'assert.ok(!source.includes(COMPARISON), "the timing-unsafe comparison is still there");',
      'assert.match(source, /timingSafeEqual\\(/);',
    ],
  };
}

/**
 * The secret's variable unset, as on any machine nobody configured: the app must refuse to start, or
 * refuse a request that sends no secret at all. Loaded in the test's process, so the test decides
 * the environment; an app that calls process.exit to refuse counts as refusing.
 */
function unsetSecretTest(target: AttackTarget, unset: { variable: string; input: string }): { refusal: string; testName: string; body: string[] } {
  const where = `${target.method} ${target.route}`;
  const refusal = `with \`${unset.variable}\` unset the app refuses to start, or answers a request to \`${where}\` without ${unset.input} with 401 or 403`;
  return {
    refusal,
    testName: `${target.key}: ${where} lets no request without ${unset.input.replace(/`/g, '')} in while ${unset.variable} is unset`,
    body: [
      `delete process.env[${JSON.stringify(unset.variable)}];`,
      'const exit = process.exit;',
      '// A start-up check that exits instead of throwing is a refusal too.',
      "process.exit = (code) => { throw new Error(`the app exited (${code})`); };",
      'let server;',
      'try {',
      '  server = await startApp();',
      '} catch {',
      `  return; // Expected: ${refusal.replace(/`/g, '')}.`,
      '} finally {',
      '  process.exit = exit;',
      '}',
      'try {',
      '  const BASE_URL = `http://127.0.0.1:${server.address().port}`;',
      `  const answer = await ${requestWith(target as Required<AttackTarget>, undefined, '')};`,
      `  assert.ok(answer.status === 401 || answer.status === 403, ${JSON.stringify(`a request without ${unset.input.replace(/`/g, '')} got in while ${unset.variable} is unset`)} + \` (answered \${answer.status})\`);`,
      '} finally {',
      '  await stopApp(server);',
      '}',
    ],
  };
}
