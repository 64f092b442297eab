// The SQL injection test: one request per field the query takes from the request, each with a
// payload chosen for where the value lands in the SQL, so that the text around it stays valid.
// A payload ending in `-- ` would comment out a GROUP BY or ORDER BY the code appends, and the
// database would answer an error instead of rows. The test tells an error (or a crashed app) apart
// from rows coming back, and the story asks for what makes the fixed code answer at all.
import type { AttackPlan, AttackTarget, SqlInput } from './attackPlan';
import { requestFieldsIn } from './handlerFields';
import { bodyFill } from './skeletonBodyFields';
import { requestWith, type RequestField } from './skeletonRequests';
import { joinAnd } from './wordList';
import { versionNumber } from './libraryVersions';

/** Slot kinds where a value is pasted; names and keywords are the identifier test's. */
const VALUE_SLOTS = new Set(['string', 'value', 'list', 'fragment', 'qualified']);

/**
 * The payload for a slot. Every one first matches nothing, then adds a condition every row meets:
 * - inside a quoted literal, the code's own closing quote ends `'a'<'b'`, true even when the
 *   literal goes on (`LIKE '%…%'`), and `OR 1=1 OR` keeps it true when `AND owner = …` follows;
 *   29991231 is text, a number and a date (2999-12-31) alike, so PostgreSQL parses the comparison
 *   whatever the column's type;
 * - inside `IN (…)`, the list is closed and reopened around the condition;
 * - a bare value takes the condition as it is.
 */

/**
 * The end of a generated function that counts the records of an answer: none for a refusal or an
 * empty body, a list's length (bare or in a `data`/`items`/`results`/`rows` envelope), else one.
 */
export const COUNT_RECORDS: readonly string[] = [
  '  if (response.status >= 400) return 0;',
  '  const text = await response.text();',
  '  if (!text.trim()) return 0;',
  '  const body = JSON.parse(text);',
  "  const list = Array.isArray(body) ? body : ['data', 'items', 'results', 'rows'].map((key) => body?.[key]).find(Array.isArray);",
  '  return list ? list.length : body === null ? 0 : 1;',
  '}',
];
export function sqlPayload(slot: string): string {
  if (slot === 'string') return "29991231' OR 1=1 OR 'a'<'b";
  if (slot === 'list') return '999999) OR (1=1';
  return '999999 OR 1=1';
}

/** The inputs to attack: the engine's list when the finding gave one, else the finding's field. */
export function valueInputs(target: AttackTarget, field: RequestField | undefined): SqlInput[] {
  const listed = (target.sqlInputs ?? []).filter((input) => VALUE_SLOTS.has(input.slot));
  if (listed.length > 0) return listed;
  if (target.sqlInputs?.length || !field) return [];
  return [{ field, slot: field.location === 'params' ? 'value' : 'string' }];
}

const DATE_LIKE = /^(?:from|to|since|until|before|after|start|end)$|date|day|month|year|time|_at$|[a-z]At$/i;

const REFUSAL = 'the request is refused (4xx) or returns no record, as a value that matches nothing would';

export function sqlInjection(target: AttackTarget, where: string, inputs: readonly SqlInput[]): AttackPlan | undefined {
  if (inputs.length === 0) return undefined;
  const handler = target.regionText ?? '';
  const shape = target as Required<AttackTarget>;
  const payload = sqlPayload(inputs[0].slot);
  const tests = inputs.map((input) => {
    const value = sqlPayload(input.slot) === payload ? 'PAYLOAD' : JSON.stringify(sqlPayload(input.slot));
    // The other fields the handler always reads get a well-formed value (`1` is a value, and a
    // column position in ORDER BY), so the request fails only where the attack is.
    const alongside = requestFieldsIn(handler).filter((f) => f.location === 'query' && f.name !== input.field.name && !isOptional(handler, f)).map((f) => f.name);
    const others = bodyFill(handler, input.field, false);
    const name = input.field.name;
    return {
      testName: `${target.key}: ${where} refuses an injected ${name}`,
      body: [
        `const found = await attack(${JSON.stringify(name)}, () => ${requestWith(shape, input.field, value, [], alongside, others.entries)});`,
        `// Expected: ${REFUSAL}.`,
        `assert.equal(found, 0, ${JSON.stringify(`${name}: the answer holds records that a value matching nothing would not bring: the SQL sent in ${name} ran`)});`,
      ],
    };
  });
  const sent = inputs.map((input) => `\`${sqlPayload(input.slot)}\` as \`${input.field.name}\``);
  return {
    payload,
    refusal: REFUSAL,
    criterion: (path) => `\`${path}\` sends ${joinAnd(sent)} to \`${where}\`${inputs.length > 1 ? ' (one request each)' : ''} and passes: ${REFUSAL}, and never an error; it fails before the fix`,
    testName: tests[0].testName,
    body: tests[0].body,
    more: tests.slice(1),
    controls: answerControls(target, where, inputs),
    preamble: [
      '/**',
      ' * Sends one attack and counts the records in its answer. No answer (the app stopped) and a 5xx',
      ' * are the request erroring, which fails apart from records coming back: the fixed code answers',
      ' * the attack like any other value, with a refusal or with nothing.',
      ' */',
      'async function attack(field, send) {',
      '  let response;',
      '  try {',
      '    response = await send();',
      '  } catch (error) {',
      '    assert.fail(`${field}: the app gave no answer (${error.cause?.code ?? error.message}): the attack stopped it; a database error must become an answer`);',
      '  }',
      '  assert.ok(response.status < 500, `${field}: answered ${response.status}: the request errored instead of being refused (400) or matching nothing`);',
      ...COUNT_RECORDS,
    ],
  };
}

/**
 * What the fixed code needs besides bound parameters for the test to pass: a bound value of the
 * wrong form makes the database raise an error (PostgreSQL 22P02 for `999999 OR 1=1` as an integer),
 * so the value is checked first; and under Express 4 a rejected promise in an async handler is
 * caught by nobody, so one such error stops the whole app.
 */
function answerControls(target: AttackTarget, where: string, inputs: readonly SqlInput[]): string[] {
  const numbers = inputs.filter((i) => i.slot === 'value' || i.slot === 'list').map((i) => `\`${i.field.name}\``);
  // A quoted value named like a date is compared with a date column, where PostgreSQL rejects text.
  const dates = inputs.filter((i) => i.slot === 'string' && DATE_LIKE.test(i.field.name)).map((i) => `\`${i.field.name}\``);
  const checks = [
    ...(numbers.length > 0 ? [`${joinAnd(numbers)} ${numbers.length > 1 ? 'are integers' : 'is an integer'}`] : []),
    ...(dates.length > 0 ? [`${joinAnd(dates)} ${dates.length > 1 ? 'are dates' : 'is a date'} (YYYY-MM-DD)`] : []),
  ];
  const validation = checks.length > 0 ? `\`${where}\` refuses with 400, before the query runs, a value of the wrong form: ${checks.join('; ')}` : undefined;
  const crashes = asyncUnderExpress4(target)
    ? `A database error in \`${where}\` becomes an error answer (try/catch, or a wrapper that passes the rejection to \`next\`): Express 4 does not catch a rejected promise of an async handler, so one bad value stops the whole app`
    : undefined;
  return [validation, crashes].filter((c): c is string => Boolean(c));
}

/** The handler is an async function and the app runs Express 4 (5 passes a rejection to its error handler). */
function asyncUnderExpress4(target: AttackTarget): boolean {
  const express = target.libraries?.express;
  return Boolean(express && /^4\./.test(versionNumber(express) ?? '') && /^\s*async\b/.test(target.regionText ?? ''));
}

/** `if (req.query.from)`, `from && …`, `from ? … : …`: the handler reads the field only when it is sent. */
function isOptional(handler: string, field: RequestField): boolean {
  const name = `(?:req(?:uest)?\\.${field.location}\\.)?${field.name.replace(/\$/g, '\\$')}`;
  return new RegExp(`\\bif\\s*\\(\\s*${name}\\s*\\)|(?<![\\w.$])${name}\\s*(?:&&|\\?(?![.?]))`).test(handler);
}
