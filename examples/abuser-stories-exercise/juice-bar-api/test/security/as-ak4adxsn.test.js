// AS-AK4ADXSN: act as any user or administrator on the user list and every admin function
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3002).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3002';

/** base64url of a JSON value, as a JWT encodes its header and claims. */
const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
// Header and claims of a token nobody signed; the signature part is empty.
const TOKEN = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'rugged-attacker', role: 'admin', admin: true })}.`;

test("AS-AK4ADXSN: GET /rest/admin/users refuses an unsigned (alg none) token", async () => {
  const attack = await fetch(`${BASE_URL}/rest/admin/users`, { method: 'GET', headers: { "authorization": `Bearer ${TOKEN}` } });
  // Expected: the request is refused (401 or 403).
  assert.ok(attack.status === 401 || attack.status === 403, `answered ${attack.status}`);
});
