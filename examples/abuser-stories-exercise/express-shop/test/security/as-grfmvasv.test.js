// AS-GRFMVASV: hijack customer sessions
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3000).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3000';

// An account of your test data (`email` and `password`): the request must log in for the answer to show
// anything. Set TEST_ACCOUNT_EMAIL and TEST_ACCOUNT_PASSWORD before running it; the test fails until they are set.
const CREDENTIALS = { "email": process.env.TEST_ACCOUNT_EMAIL, "password": process.env.TEST_ACCOUNT_PASSWORD };
const COOKIE = "sid";

test("AS-GRFMVASV: POST /account/login sets cookies with HttpOnly, Secure and SameSite", async () => {
  assert.ok(Object.values(CREDENTIALS).every(Boolean), "set TEST_ACCOUNT_EMAIL and TEST_ACCOUNT_PASSWORD first: an account of your test data");
  const answer = await fetch(`${BASE_URL}/account/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ "email": CREDENTIALS["email"], "password": CREDENTIALS["password"] }) });
  const cookies = answer.headers.getSetCookie();
  assert.ok(cookies.some((c) => c.startsWith(`${COOKIE}=`)), `no ${COOKIE} cookie was set: point the request at the route that sets it`);
  // Expected: every cookie it sets (`sid` among them) carries HttpOnly, Secure and SameSite.
  for (const cookie of cookies) {
    assert.match(cookie, /;\s*HttpOnly/i, cookie);
    assert.match(cookie, /;\s*Secure/i, cookie);
    assert.match(cookie, /;\s*SameSite=(?:Lax|Strict)/i, cookie);
  }
});
