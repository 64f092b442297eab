// AS-AX4Z31WN: read or change the password hashes in customers.password_hash, as well as the product catalogue and the customer tables in the same database
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3000).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3000';
const PAYLOAD = "29991231' OR 1=1 OR 'a'<'b";

/**
 * Sends one attack and counts the records in its answer. No answer (the app stopped) and a 5xx
 * are the request erroring, which fails apart from records coming back: the fixed code answers
 * the attack like any other value, with a refusal or with nothing.
 */
async function attack(field, send) {
  let response;
  try {
    response = await send();
  } catch (error) {
    assert.fail(`${field}: the app gave no answer (${error.cause?.code ?? error.message}): the attack stopped it; a database error must become an answer`);
  }
  assert.ok(response.status < 500, `${field}: answered ${response.status}: the request errored instead of being refused (400) or matching nothing`);
  if (response.status >= 400) return 0;
  const text = await response.text();
  if (!text.trim()) return 0;
  const body = JSON.parse(text);
  const list = Array.isArray(body) ? body : ['data', 'items', 'results', 'rows'].map((key) => body?.[key]).find(Array.isArray);
  return list ? list.length : body === null ? 0 : 1;
}

// What the database answers for UPPER('rugged-as-ax4z31wn'): an answer that only echoes the request never holds it.
const MARKER = "RUGGED-AS-AX4Z31WN";
const MARKER_SQL = "UPPER('rugged-as-ax4z31wn')";
// The column the story names, counted after the marker (one way per way the database may join text).
const NAMED_COLUMN = "customers.password_hash";
const COUNTED_SQL = ["UPPER('rugged-as-ax4z31wn=') || (SELECT COUNT(password_hash) FROM customers)"];
const COUNTED = /RUGGED-AS-AX4Z31WN=(\d+)/;
/** Per field, the UNION payloads: a row of the table's own columns, all null (for `SELECT *`), and the one whose {ROW} gets the marker. */
const UNIONS = {
  "q": {
    columns: ["id", "name", "price"],
    template: "29991231' AND 1=0 UNION ALL SELECT {ROW} FROM (SELECT NULL AS name) AS rugged_t WHERE 1=1 OR 'a'<'b",
  },
};

/** Column positions, those named like text first: PostgreSQL refuses the marker in a column of numbers or dates. */
function textFirst(columns) {
  const rank = (name) => (/name|text|title|mail|description|region|role|label|comment|message|body|note|content|login|status|type|category|city|country|address|slug|code|phone|url/i.test(name) ? 0 : /^(?:id|\w*_id|\w*Id|price|total|amount|count|qty|quantity|number|num|age|year|score|rating|stock|sum|avg|min|max)$|_at$|[a-z]At$|date|time/i.test(name) || !name ? 2 : 1);
  return columns.map((name, at) => ({ at, rank: rank(name) })).sort((a, b) => a.rank - b.rank || a.at - b.at).map((c) => c.at);
}

/** A record of the answer whose every field is null: the row a UNION joined to no row adds. */
function nullRecord(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = Array.isArray(body) ? body : ['data', 'items', 'results', 'rows'].map((key) => body?.[key]).find(Array.isArray) ?? [body];
  return list.find((record) => record && typeof record === 'object' && Object.keys(record).length > 0 && Object.values(record).every((value) => value === null));
}

/** What the UNION payloads of a field show ran: nothing once the value is bound. */
async function unionProofs(field, send) {
  const union = UNIONS[field];
  const proofs = [];
  let columns = union.columns;
  if (union.nullRow) {
    const answer = await answerTo(field, union.nullRow, send);
    if (answer.gone) return [answer.gone];
    const record = nullRecord(answer.text);
    if (record) {
      proofs.push(`a record whose ${Object.keys(record).length} fields are all null, which no table holds, came back through a UNION`);
      columns = Object.keys(record);
    }
  }
  for (const at of textFirst(columns ?? [])) {
    const row = (value) => columns.map((_, i) => (i === at ? value : 'NULL')).join(', ');
    const answer = await answerTo(field, union.template.replace('{ROW}', row(MARKER_SQL)), send);
    if (answer.gone) return [...proofs, answer.gone];
    if (answer.text.includes(MARKER)) proofs.push(`the marker ${MARKER} came back through a UNION, which only the injected SQL can add`);
    else continue;
    for (const counted of COUNTED_SQL) {
      const count = COUNTED.exec((await answerTo(field, union.template.replace('{ROW}', row(counted)), send)).text);
      if (!count) continue;
      proofs.push(`${NAMED_COLUMN} is reachable: a count over it came back (${count[1]}), one row even when the table is empty`);
      break;
    }
    break;
  }
  return proofs;
}

/** The status and, for a success, the text of the answer to one payload; `gone` when the app stopped answering. */
async function answerTo(field, value, send) {
  try {
    const response = await send(value);
    return { status: response.status, text: response.status < 300 ? await response.text() : '' };
  } catch (error) {
    return { status: 0, text: '', gone: `the app stopped answering a UNION payload in ${field} (${error.cause?.code ?? error.message}): the injected SQL reached the database, and its error stopped the app` };
  }
}

test("AS-AX4Z31WN: GET /products/search refuses an injected q", async () => {
  const send = (value) => fetch(`${BASE_URL}/products/search?q=${encodeURIComponent(value)}`, { method: 'GET' });
  const found = await attack("q", () => send(PAYLOAD));
  const ran = found > 0 ? [`${found} record(s) came back for a value that matches nothing`] : [];
  ran.push(...(await unionProofs("q", send)));
  // Expected: the request is refused (4xx) or returns no record, as a value that matches nothing would, and the marker `RUGGED-AS-AX4Z31WN` never comes back.
  assert.equal(ran.length, 0, `q: the SQL sent in q ran: ${ran.join('; ')}`);
});
