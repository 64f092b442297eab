// AS-XWJDBKH3: read or change the passwords in Users.password, as well as the user table, reachable through the product search
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3002).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3002';
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

test("AS-XWJDBKH3: GET /rest/products/search refuses an injected q", async () => {
  const found = await attack("q", () => fetch(`${BASE_URL}/rest/products/search?q=${encodeURIComponent(PAYLOAD)}`, { method: 'GET' }));
  // Expected: the request is refused (4xx) or returns no record, as a value that matches nothing would.
  assert.equal(found, 0, "q: the answer holds records that a value matching nothing would not bring: the SQL sent in q ran");
});
