// AS-9EJGN4YJ: read the SQLite database todos.db, as well as attachments and the server configuration files
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
const PAYLOAD = "../../../../../../../../../../etc/passwd";

test("AS-9EJGN4YJ: GET /files refuses a ../ path in name", async () => {
  const attack = await fetch(`${BASE_URL}/files?name=${encodeURIComponent(PAYLOAD)}`, { method: 'GET' });
  // Expected: the request is refused (4xx) or answers without the contents of a file outside the served folder.
  const body = attack.status >= 400 ? "" : await attack.text();
  assert.doesNotMatch(body, /^root:[^:\n]*:0:0:/m, "the answer holds /etc/passwd");
});
