// AS-VGQR4H5M: read the JWT signing key in src/security.js, as well as confidential documents and the server configuration
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3002).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3002';
const PAYLOAD = "../../../../../../../../../../etc/passwd";

// The file the story names, and the path from the served folder that reaches it.
const NAMED_FILE = join(process.env.PROJECT_ROOT || process.cwd(), "src/security.js");
const NAMED_PATH = "../src/security.js";

test("AS-VGQR4H5M: GET /ftp/:file refuses a ../ path in file", async () => {
  const attack = await fetch(`${BASE_URL}/ftp/${encodeURIComponent(PAYLOAD)}`, { method: 'GET' });
  // Expected: the request is refused (4xx) or answers without the contents of a file outside the served folder, src/security.js included.
  const held = [];
  const body = attack.status >= 400 ? "" : await attack.text();
  if (/^root:[^:\n]*:0:0:/m.test(body)) held.push('/etc/passwd');
  // Compared byte for byte with the start of the file as the app has it now (a database file may be binary).
  if (existsSync(NAMED_FILE)) {
    const head = readFileSync(NAMED_FILE).subarray(0, 256);
    const reached = await fetch(`${BASE_URL}/ftp/${encodeURIComponent(NAMED_PATH)}`, { method: 'GET' });
    const answer = reached.status >= 400 ? Buffer.alloc(0) : Buffer.from(await reached.arrayBuffer());
    if (head.length > 0 && answer.indexOf(head) >= 0) held.push("src/security.js (asked for as ../src/security.js)");
  } else console.log(`${NAMED_FILE} is not there, so only /etc/passwd was asked for`);
  assert.deepEqual(held, [], `the answers hold ${held.join(' and ')}`);
});
