// AS-3Q5ZBAJE: change another customer's product review
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3002).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3002';

// Two users of your test data: the attacker acts as ATTACKER and aims at VICTIM's record.
const ATTACKER = process.env.ATTACKER_ID || '1';
const VICTIM = process.env.VICTIM_ID || '2';
// TODO(login): the handler does not read who its caller is (middleware before it may).
// Log in as each user the way the app does and put the headers that carry the login here
// (a Cookie or an Authorization header), keyed by the user's id; the test fails until then.
const LOGINS = {};
const as = (user) => LOGINS[user];
// Where the victim's record can be read back; change it if the app shows the record elsewhere.
const READ_BACK = `/rest/products/reviews/${VICTIM}`;

test("AS-3Q5ZBAJE: PATCH /rest/products/reviews/:id refuses to change another user's record", async () => {
  assert.ok(as(ATTACKER) && as(VICTIM), 'write the login step marked TODO(login) first');
  const readVictim = async () => (await fetch(`${BASE_URL}${READ_BACK}`, { headers: as(VICTIM) })).text();
  const before = await readVictim();
  const attack = await fetch(`${BASE_URL}/rest/products/reviews/${encodeURIComponent(VICTIM)}`, { method: 'PATCH', headers: { ...as(ATTACKER), 'content-type': 'application/json' }, body: JSON.stringify({ "message": 'rugged-attacker' }) });
  // Expected: the request is refused (403 or 404) and the victim's record reads the same afterwards.
  assert.ok(attack.status === 403 || attack.status === 404, `answered ${attack.status}`);
  assert.equal(await readVictim(), before, "the victim's record changed");
});
