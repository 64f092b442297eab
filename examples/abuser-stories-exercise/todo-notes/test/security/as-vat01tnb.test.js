// AS-VAT01TNB: take over user accounts
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3000).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3000';
const PAYLOAD = "https://rugged-phishing.example/login";

test("AS-VAT01TNB: POST /session/login keeps the redirect from next on this site", async () => {
  const attack = await fetch(`${BASE_URL}/session/login?next=${encodeURIComponent(PAYLOAD)}`, { method: 'POST', redirect: 'manual' });
  const location = attack.headers.get('location');
  // Expected: the answer redirects, if at all, to a page on this site (the Location header keeps its origin).
  if (location !== null) assert.equal(new URL(location, BASE_URL).origin, new URL(BASE_URL).origin);
});
