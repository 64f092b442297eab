// AS-3Q5ZBAJE: change another customer's product review
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3002).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3002';

// A customer account of your test data, signed in through POST /rest/user/login, is the attacker (ATTACKER);
// VICTIM_RECORD is the id of a review that belongs to another customer.
// Set ATTACKER_EMAIL, ATTACKER_PASSWORD and VICTIM_RECORD_ID before running it.
const ATTACKER = { "email": process.env.ATTACKER_EMAIL, "password": process.env.ATTACKER_PASSWORD };
const VICTIM_RECORD = process.env.VICTIM_RECORD_ID;

/** Signs in through POST /rest/user/login and returns the headers that carry the login (its token as a bearer token). */
async function signIn(account) {
  const response = await fetch(`${BASE_URL}/rest/user/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  assert.ok(response.status < 400, `signing in as ${account["email"]} answered ${response.status}`);
  const token = (await response.json())["token"];
  assert.ok(token, 'the login answered no token');
  return { authorization: `Bearer ${token}` };
}

// No route of the app reads one review back (no GET /rest/products/reviews/:id), so the test judges by the answer:
// the fixed route must refuse (403 or 404), not answer success while quietly changing nothing.

test("AS-3Q5ZBAJE: PATCH /rest/products/reviews/:id refuses to change another customer's review", async () => {
  assert.ok(ATTACKER["email"] && ATTACKER["password"] && VICTIM_RECORD, "set ATTACKER_EMAIL, ATTACKER_PASSWORD and VICTIM_RECORD_ID first: a customer account to sign in with and the id of a review another customer owns");
  const attacker = await signIn(ATTACKER);
  const attack = await fetch(`${BASE_URL}/rest/products/reviews/${encodeURIComponent(VICTIM_RECORD)}`, { method: 'PATCH', headers: { ...attacker, 'content-type': 'application/json' }, body: JSON.stringify({ "message": 'rugged-attacker' }) });
  // Expected: the request is refused (403 or 404). A login alone does not pass: the attacker is signed in.
  assert.ok(attack.status === 403 || attack.status === 404, `answered ${attack.status} to a signed-in customer changing another customer's review`);
});
