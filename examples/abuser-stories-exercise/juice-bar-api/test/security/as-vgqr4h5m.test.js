// AS-VGQR4H5M: read the JWT signing key in src/security.js, as well as confidential documents and the server configuration
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3002).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3002';
const PAYLOAD = "../../../../../../../../../../etc/passwd";

test("AS-VGQR4H5M: GET /ftp/:file refuses a ../ path in file", async () => {
  const attack = await fetch(`${BASE_URL}/ftp/${encodeURIComponent(PAYLOAD)}`, { method: 'GET' });
  // Expected: the request is refused (4xx) or answers without the contents of a file outside the served folder.
  const body = attack.status >= 400 ? "" : await attack.text();
  assert.doesNotMatch(body, /^root:[^:\n]*:0:0:/m, "the answer holds /etc/passwd");
});
