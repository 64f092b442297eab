// AS-VAT01TNB: send a user who has just signed in to my look-alike page
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
const PAYLOAD = "https://rugged-phishing.example/login";

// An account of your test data (`name` and `password`): the request must log in for the answer to show
// anything. Set TEST_ACCOUNT_NAME and TEST_ACCOUNT_PASSWORD before running it; the test fails until they are set.
const CREDENTIALS = { "name": process.env.TEST_ACCOUNT_NAME, "password": process.env.TEST_ACCOUNT_PASSWORD };
// A page of this site: the route must redirect to it, or the attack never reached the redirect.
const SAME_SITE = '/';

test("AS-VAT01TNB: POST /session/login keeps the redirect from next on this site", async () => {
  assert.ok(Object.values(CREDENTIALS).every(Boolean), "set TEST_ACCOUNT_NAME and TEST_ACCOUNT_PASSWORD first: an account of your test data");
  const reached = await fetch(`${BASE_URL}/session/login?next=${encodeURIComponent(SAME_SITE)}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ "name": CREDENTIALS["name"], "password": CREDENTIALS["password"] }) });
  assert.ok(reached.status >= 300 && reached.status < 400 && reached.headers.get('location'), `answered ${reached.status} without redirecting to a page of this site: check the account in TEST_ACCOUNT_NAME and TEST_ACCOUNT_PASSWORD or send what the route needs`);
  const attack = await fetch(`${BASE_URL}/session/login?next=${encodeURIComponent(PAYLOAD)}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ "name": CREDENTIALS["name"], "password": CREDENTIALS["password"] }) });
  // Expected: the request is refused (4xx) or redirects to a page on this site (the Location header keeps its origin).
  if (attack.status >= 400 && attack.status < 500) return;
  const location = attack.headers.get('location');
  assert.ok(location !== null, `answered ${attack.status} without a Location header`);
  assert.equal(new URL(location, BASE_URL).origin, new URL(BASE_URL).origin);
});
