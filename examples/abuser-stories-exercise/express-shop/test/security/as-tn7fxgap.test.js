// AS-TN7FXGAP: read customers' orders
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3000).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3000';
const PAYLOAD = "1 DESC";

// The same probe the other way round: an app that sorts by what it is sent cannot answer both in its default order.
const PROBES = [PAYLOAD, '1 ASC'];
const FIELD = "sort";

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

// What the database answers for UPPER('rugged-as-tn7fxgap'): an answer that only echoes the request never holds it.
const MARKER = "RUGGED-AS-TN7FXGAP";
const MARKER_SQL = "UPPER('rugged-as-tn7fxgap')";
/** Per field, the UNION payloads: a row of the table's own columns, all null (for `SELECT *`), and the one whose {ROW} gets the marker. */
const UNIONS = {
  "customer": {
    nullRow: "0 AND 1=0 UNION ALL SELECT orders.* FROM (SELECT 1 AS rugged_one) AS rugged_t LEFT JOIN orders ON 1=0 WHERE 1=1 OR 1=1",
    template: "0 AND 1=0 UNION ALL SELECT {ROW} FROM (SELECT NULL AS customer_id) AS rugged_t WHERE 1=1 OR 1=1",
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
const VALUE_PAYLOAD = "999999 OR 1=1";

// Two customer accounts of your test data, each signed in through POST /account/login, with different orders:
// the attacker (ATTACKER) and the victim (VICTIM); ATTACKER_CUSTOMER and VICTIM_CUSTOMER are the values of `customer`
// that name each of them. Set ATTACKER_EMAIL, ATTACKER_PASSWORD, VICTIM_EMAIL, VICTIM_PASSWORD, ATTACKER_CUSTOMER and VICTIM_CUSTOMER before running it.
const ATTACKER = { "email": process.env.ATTACKER_EMAIL, "password": process.env.ATTACKER_PASSWORD };
const VICTIM = { "email": process.env.VICTIM_EMAIL, "password": process.env.VICTIM_PASSWORD };
const ATTACKER_CUSTOMER = process.env.ATTACKER_CUSTOMER;
const VICTIM_CUSTOMER = process.env.VICTIM_CUSTOMER;

/** Signs in through POST /account/login and returns the headers that carry the login (its cookies). */
async function signIn(account) {
  const response = await fetch(`${BASE_URL}/account/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  assert.ok(response.status < 400, `signing in as ${account["email"]} answered ${response.status}`);
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  assert.ok(cookies.length > 0, 'the login set no cookie');
  return { cookie: cookies.join('; ') };
}

test("AS-TN7FXGAP: GET /orders ignores or refuses a sort outside its allow-list", async () => {
  const answers = [];
  for (const probe of PROBES) {
    const attack = await fetch(`${BASE_URL}/orders?customer=1&sort=${encodeURIComponent(probe)}`, { method: 'GET' });
    // Expected: the request is refused (4xx), or it answers exactly as it does without sort (the default order): a name outside the allow-list of columns and directions is never used.
    if (attack.status >= 400 && attack.status < 500) continue;
    assert.ok(attack.status < 300, `answered ${attack.status} to ${probe}`);
    answers.push({ probe, text: await attack.text() });
  }
  if (answers.length === 2) assert.equal(answers[0].text, answers[1].text, `the answers to ${PROBES.join(' and ')} differ: the name sent was used to sort`);
  if (answers.length === 0) return;
  const fallback = await fetch(`${BASE_URL}/orders?customer=1`, { method: 'GET' });
  assert.ok(fallback.status < 300, `the request without ${FIELD} answered ${fallback.status}: a fix that falls back to a default order must answer it`);
  const defaultAnswer = await fallback.text();
  for (const { probe, text } of answers) assert.equal(text, defaultAnswer, `the answer to ${probe} is not the default order: the name was used`);
});

test("AS-TN7FXGAP: GET /orders refuses an injected customer", async () => {
  const send = (value) => fetch(`${BASE_URL}/orders?sort=1&customer=${encodeURIComponent(value)}`, { method: 'GET' });
  const found = await attack("customer", () => send(VALUE_PAYLOAD));
  const ran = found > 0 ? [`${found} record(s) came back for a value that matches nothing`] : [];
  ran.push(...(await unionProofs("customer", send)));
  // Expected: the request is refused (4xx) or returns no record, as a value that matches nothing would, and the marker `RUGGED-AS-TN7FXGAP` never comes back.
  assert.equal(ran.length, 0, `customer: the SQL sent in customer ran: ${ran.join('; ')}`);
});

test("AS-TN7FXGAP: GET /orders answers a signed-in customer with their own orders, whatever customer names", async () => {
  assert.ok(ATTACKER["email"] && ATTACKER["password"] && VICTIM["email"] && VICTIM["password"] && ATTACKER_CUSTOMER && VICTIM_CUSTOMER, "set ATTACKER_EMAIL, ATTACKER_PASSWORD, VICTIM_EMAIL, VICTIM_PASSWORD, ATTACKER_CUSTOMER and VICTIM_CUSTOMER first: two customer accounts with different orders");
  /** The answer to a request for the records `value` names, sent with `login`. */
  const ask = (login, value) => fetch(`${BASE_URL}/orders?sort=1&customer=${encodeURIComponent(value)}`, { method: 'GET', headers: login }).catch((error) => assert.fail(`GET /orders gave no answer (${error.cause?.code ?? error.message}): the request stopped the app`));
  const attacker = await signIn(ATTACKER);
  const victim = await signIn(VICTIM);
  const victimsOwn = await (await ask(victim, VICTIM_CUSTOMER)).text();
  const attackersOwn = await (await ask(attacker, ATTACKER_CUSTOMER)).text();
  assert.notEqual(victimsOwn, attackersOwn, 'the two accounts see the same orders: give the victim orders of their own');
  const others = await ask(attacker, VICTIM_CUSTOMER);
  // Expected: the request is refused (403 or 404), or it answers exactly as it does for the attacker's own `customer`.
  if (others.status === 403 || others.status === 404) return;
  assert.ok(others.status < 300, `answered ${others.status} to a signed-in customer asking for another customer's orders`);
  assert.equal(await others.text(), attackersOwn, "the attacker's answer for the victim's customer is not their own orders: it shows another customer's");
});
