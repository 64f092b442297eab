// AS-TN7FXGAP: read hidden columns of customers' orders
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3000).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3000';
const PAYLOAD = "1 DESC";

// The same probe the other way round: an app that sorts by what it is sent cannot answer both in its default order.
const PROBES = [PAYLOAD, '1 ASC'];

test("AS-TN7FXGAP: GET /orders ignores or refuses a sort outside its allow-list", async () => {
  const fallback = await fetch(`${BASE_URL}/orders?customer=1`, { method: 'GET' });
  const defaultAnswer = fallback.status < 300 ? await fallback.text() : `no default order (answered ${fallback.status})`;
  for (const probe of PROBES) {
    const attack = await fetch(`${BASE_URL}/orders?customer=1&sort=${encodeURIComponent(probe)}`, { method: 'GET' });
    // Expected: the request is refused (4xx), or it answers exactly as it does without sort (the default order): a name outside the allow-list of columns and directions is never used.
    if (attack.status >= 400 && attack.status < 500) continue;
    assert.ok(attack.status < 300, `answered ${attack.status} to ${probe}`);
    assert.equal(await attack.text(), defaultAnswer, `the answer to ${probe} is not the default order: the name was used`);
  }
});
