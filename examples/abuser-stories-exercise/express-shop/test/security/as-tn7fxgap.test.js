// AS-TN7FXGAP: read hidden columns of customers' orders
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3000).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3000';
const PAYLOAD = "(SELECT 1)";

test("AS-TN7FXGAP: GET /orders refuses a sort outside its allow-list", async () => {
  const attack = await fetch(`${BASE_URL}/orders?sort=${encodeURIComponent(PAYLOAD)}`, { method: 'GET' });
  // Expected: the request is refused (4xx): a name outside the allow-list of columns and directions is never used.
  assert.ok(attack.status >= 400 && attack.status < 500, `answered ${attack.status}`);
});
