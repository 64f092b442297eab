// AS-TN7FXGAP: read hidden columns of customers' orders
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
const VALUE_PAYLOAD = "999999 OR 1=1";

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
  const found = await attack("customer", () => fetch(`${BASE_URL}/orders?sort=1&customer=${encodeURIComponent(VALUE_PAYLOAD)}`, { method: 'GET' }));
  // Expected: the request is refused (4xx) or returns no record, as a value that matches nothing would.
  assert.equal(found, 0, "customer: the answer holds records that a value matching nothing would not bring: the SQL sent in customer ran");
});
