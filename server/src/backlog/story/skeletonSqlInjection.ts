// The SQL injection test: one request per field the query takes from the request, each with a
// payload chosen for where the value lands in the SQL, so that the text around it stays valid.
// A payload ending in `-- ` would comment out a GROUP BY or ORDER BY the code appends, and the
// database would answer an error instead of rows. The test tells an error (or a crashed app) apart
// from rows coming back, and the story asks for what makes the fixed code answer at all.
// That first probe (a value that matches nothing, then a condition every row meets) shows the
// injection only when the table has rows: on an empty table the vulnerable app answers nothing and
// the test would pass before the fix. So each field also gets UNION payloads (sqlUnionProof.ts)
// whose row the injected SELECT makes itself: a marker only the database can compute, a count over
// the column the story names, a made-up user for a sign-in. These come back whatever the tables
// hold, and never once the value is bound; the test fails if any probe shows the SQL ran, and says which.
import type { AttackPlan, AttackTarget, SqlInput } from './attackPlan';
import { requestFieldsIn } from './handlerFields';
import { bodyFill } from './skeletonBodyFields';
import { requestWith, type RequestField } from './skeletonRequests';
import { joinAnd } from './wordList';
import { versionNumber } from './libraryVersions';
import { unionProof, type UnionProof } from './sqlUnionProof';

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
  const proof = unionProof(target);
  const tests = inputs.map((input) => {
    const value = sqlPayload(input.slot) === payload ? 'PAYLOAD' : JSON.stringify(sqlPayload(input.slot));
    // The other fields the handler always reads get a well-formed value (`1` is a value, and a
    // column position in ORDER BY), so the request fails only where the attack is.
    const alongside = requestFieldsIn(handler).filter((f) => f.location === 'query' && f.name !== input.field.name && !isOptional(handler, f)).map((f) => f.name);
    const others = bodyFill(handler, input.field, false);
    const name = JSON.stringify(input.field.name);
    const send = `(value) => ${requestWith(shape, input.field, 'value', [], alongside, others.entries)}`;
    return {
      testName: `${target.key}: ${where} refuses an injected ${input.field.name}`,
      body: proof
        ? [
            `const send = ${send};`,
            `const found = await attack(${name}, () => send(${value}));`,
            'const ran = found > 0 ? [`${found} record(s) came back for a value that matches nothing`] : [];',
            `ran.push(...(await unionProofs(${name}, send)));`,
            `// Expected: ${refusal(proof)}.`,
            `assert.equal(ran.length, 0, \`${input.field.name}: the SQL sent in ${input.field.name} ran: \${ran.join('; ')}\`);`,
          ]
        : [
            `const found = await attack(${name}, () => ${requestWith(shape, input.field, value, [], alongside, others.entries)});`,
            `// Expected: ${REFUSAL}.`,
            `assert.equal(found, 0, ${JSON.stringify(`${input.field.name}: the answer holds records that a value matching nothing would not bring: the SQL sent in ${input.field.name} ran`)});`,
          ],
    };
  });
  const sent = inputs.map((input) => `\`${sqlPayload(input.slot)}\` as \`${input.field.name}\``);
  return {
    payload,
    refusal: proof ? refusal(proof) : REFUSAL,
    criterion: (path) =>
      `\`${path}\` sends ${joinAnd(sent)} to \`${where}\`${inputs.length > 1 ? ' (one request each)' : ''}${proof ? `, then ${unionWords(proof)},` : ''} and passes: ${proof ? refusal(proof) : REFUSAL}, ${proof ? '' : 'and '}never an error; it fails before the fix${proof ? ', whatever rows the tables hold' : ''}`,
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
      ...(proof ? ['', ...unionPreamble(proof, inputs)] : []),
    ],
  };
}

/** What the test expects of the fixed code, the UNION's row included. */
function refusal(proof: UnionProof): string {
  return proof.signIn
    ? `${REFUSAL}, and the made-up user never signs in`
    : `${REFUSAL}, and the marker \`${proof.marker}\` never comes back`;
}

function unionWords(proof: UnionProof): string {
  if (proof.signIn) return 'a UNION that adds a made-up user to the rows the sign-in reads';
  const named = proof.namedColumn ? `, then a count over \`${proof.namedColumn}\`, one row even when that table is empty` : '';
  return `a UNION that adds a row of its own (the marker \`${proof.marker}\`${named})`;
}

/**
 * The generated code that sends the UNION payloads of each field. A shape the query does not take
 * (the marker in a column of another type) is a database error, answered 5xx by the vulnerable app:
 * the next column is tried, and only a payload whose row came back counts.
 */
function unionPreamble(proof: UnionProof, inputs: readonly SqlInput[]): string[] {
  const unions = inputs.flatMap((input) => {
    const union = proof.unionFor(input.slot);
    return [
      `  ${JSON.stringify(input.field.name)}: {`,
      ...(union.nullRow ? [`    nullRow: ${JSON.stringify(union.nullRow)},`] : []),
      ...(union.columns ? [`    columns: [${union.columns.map((c) => JSON.stringify(c)).join(', ')}],`] : []),
      `    template: ${JSON.stringify(union.template)},`,
      '  },',
    ];
  });
  // A sign-in's proof is its answer: a made-up user gets what a wrong password does not. The row
  // itself may not show (a token), so the refusal of an unknown name is asked first to compare.
  const signedIn = (what: string) =>
    proof.signIn ? [`    else if (refused && answer.status < 300) proofs.push(\`${what} signed in (answered \${answer.status}, where an unknown ${'${field}'} is refused), which works on an empty table too\`);`] : [];
  const shown = {
    nullRow: [
      '    const record = nullRecord(answer.text);',
      '    if (record) {',
      '      proofs.push(`a record whose ${Object.keys(record).length} fields are all null, which no table holds, came back through a UNION`);',
      '      columns = Object.keys(record);',
      ...(proof.signIn ? signedIn('a made-up user, a row of nulls added by a UNION,').map((line) => line.replace(/^ {4}else/, '    } else')) : ['    }']),
    ],
    marker: [
      '    if (answer.text.includes(MARKER)) proofs.push(`the marker ${MARKER} came back through a UNION, which only the injected SQL can add`);',
      ...signedIn('a made-up user added by a UNION'),
      '    else continue;',
      ...(proof.namedColumn
        ? [
            '    for (const counted of COUNTED_SQL) {',
            "      const count = COUNTED.exec((await answerTo(field, union.template.replace('{ROW}', row(counted)), send)).text);",
            '      if (!count) continue;',
            '      proofs.push(`${NAMED_COLUMN} is reachable: a count over it came back (${count[1]}), one row even when the table is empty`);',
            '      break;',
            '    }',
          ]
        : []),
      '    break;',
    ],
  };
  // The marker is letters, digits and hyphens: nothing in it needs escaping in a regular expression.
  const countedRegex = `/${proof.marker}=(\\d+)/`;
  return [
    `// What the database answers for ${proof.markerSql}: an answer that only echoes the request never holds it.`,
    `const MARKER = ${JSON.stringify(proof.marker)};`,
    `const MARKER_SQL = ${JSON.stringify(proof.markerSql)};`,
    ...(proof.namedColumn
      ? [
          '// The column the story names, counted after the marker (one way per way the database may join text).',
          `const NAMED_COLUMN = ${JSON.stringify(proof.namedColumn)};`,
          `const COUNTED_SQL = ${JSON.stringify(proof.counted)};`,
          `const COUNTED = ${countedRegex};`,
        ]
      : []),
    "/** Per field, the UNION payloads: a row of the table's own columns, all null (for `SELECT *`), and the one whose {ROW} gets the marker. */",
    'const UNIONS = {',
    ...unions,
    '};',
    '',
    '/** Column positions, those named like text first: PostgreSQL refuses the marker in a column of numbers or dates. */',
    'function textFirst(columns) {',
    `  const rank = (name) => (${TEXT_NAME}.test(name) ? 0 : ${NUMERIC_NAME}.test(name) || !name ? 2 : 1);`,
    '  return columns.map((name, at) => ({ at, rank: rank(name) })).sort((a, b) => a.rank - b.rank || a.at - b.at).map((c) => c.at);',
    '}',
    '',
    '/** A record of the answer whose every field is null: the row a UNION joined to no row adds. */',
    'function nullRecord(text) {',
    '  let body;',
    '  try {',
    '    body = JSON.parse(text);',
    '  } catch {',
    '    return undefined;',
    '  }',
    "  const list = Array.isArray(body) ? body : ['data', 'items', 'results', 'rows'].map((key) => body?.[key]).find(Array.isArray) ?? [body];",
    "  return list.find((record) => record && typeof record === 'object' && Object.keys(record).length > 0 && Object.values(record).every((value) => value === null));",
    '}',
    '',
    '/** What the UNION payloads of a field show ran: nothing once the value is bound. */',
    'async function unionProofs(field, send) {',
    '  const union = UNIONS[field];',
    '  const proofs = [];',
    ...(proof.signIn ? ["  const refused = (await answerTo(field, 'rugged-nobody@example.invalid', send)).status >= 300;"] : []),
    '  let columns = union.columns;',
    '  if (union.nullRow) {',
    '    const answer = await answerTo(field, union.nullRow, send);',
    '    if (answer.gone) return [answer.gone];',
    ...shown.nullRow,
    '  }',
    '  for (const at of textFirst(columns ?? [])) {',
    "    const row = (value) => columns.map((_, i) => (i === at ? value : 'NULL')).join(', ');",
    "    const answer = await answerTo(field, union.template.replace('{ROW}', row(MARKER_SQL)), send);",
    '    if (answer.gone) return [...proofs, answer.gone];',
    ...shown.marker,
    '  }',
    '  return proofs;',
    '}',
    '',
    '/** The status and, for a success, the text of the answer to one payload; `gone` when the app stopped answering. */',
    'async function answerTo(field, value, send) {',
    '  try {',
    '    const response = await send(value);',
    "    return { status: response.status, text: response.status < 300 ? await response.text() : '' };",
    '  } catch (error) {',
    "    return { status: 0, text: '', gone: `the app stopped answering a UNION payload in ${field} (${error.cause?.code ?? error.message}): the injected SQL reached the database, and its error stopped the app` };",
    '  }',
    '}',
  ];
}

/** How the test ranks column names: a marker is text, and PostgreSQL refuses text in a column of numbers. */
const TEXT_NAME = /name|text|title|mail|description|region|role|label|comment|message|body|note|content|login|status|type|category|city|country|address|slug|code|phone|url/i;
const NUMERIC_NAME = /^(?:id|\w*_id|\w*Id|price|total|amount|count|qty|quantity|number|num|age|year|score|rating|stock|sum|avg|min|max)$|_at$|[a-z]At$|date|time/i;

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
