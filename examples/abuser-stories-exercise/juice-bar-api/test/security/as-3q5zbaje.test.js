// AS-3Q5ZBAJE: change another customer's product review
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3002).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3002';

// Nothing on the route or where it is mounted checks a login, so the attacker needs no account:
// the test sends the attack anonymously at VICTIM's record (a user of your test data).
const VICTIM = process.env.VICTIM_ID || '2';
const as = () => ({});
// Where the victim's record can be read back; change it if the app shows the record elsewhere.
const READ_BACK = `/rest/products/reviews/${VICTIM}`;

test("AS-3Q5ZBAJE: PATCH /rest/products/reviews/:id refuses to change another user's record", async () => {
  const readVictim = async () => (await fetch(`${BASE_URL}${READ_BACK}`, { headers: as(VICTIM) })).text();
  const before = await readVictim();
  const attack = await fetch(`${BASE_URL}/rest/products/reviews/${encodeURIComponent(VICTIM)}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ "message": 'rugged-attacker' }) });
  // Expected: the request is refused (401, 403 or 404) and the victim's record reads the same afterwards.
  assert.ok([401, 403, 404].includes(attack.status), `answered ${attack.status}`);
  assert.equal(await readVictim(), before, "the victim's record changed");
});
