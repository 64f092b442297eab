// AS-BER4GGZ3: read or change every user's todos
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
const PAYLOAD = "zz-no-such-value' OR '1'='1' -- ";

/** Records in a response: none for a refusal (4xx) or an empty body, the length of a list (or of an envelope's list), else one. */
async function records(response) {
  // A crash or an error page is not a refusal: the fixed code answers the attack like any other value.
  assert.ok(response.status < 500, `answered ${response.status}: the request crashed the handler`);
  if (response.status >= 400) return 0;
  const text = await response.text();
  if (!text.trim()) return 0;
  const body = JSON.parse(text);
  const list = Array.isArray(body) ? body : ['data', 'items', 'results', 'rows'].map((key) => body?.[key]).find(Array.isArray);
  return list ? list.length : body === null ? 0 : 1;
}

test("AS-BER4GGZ3: GET /todos/search refuses an injected q", async () => {
  const attack = await fetch(`${BASE_URL}/todos/search?q=${encodeURIComponent(PAYLOAD)}`, { method: 'GET' });
  // Expected: the request is refused (4xx) or returns no record, as a value that matches nothing would.
  assert.equal(await records(attack), 0);
});
