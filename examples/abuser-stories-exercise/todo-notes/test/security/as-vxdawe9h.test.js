// AS-VXDAWE9H: run my script on the site's origin once a page of the app shows this route's answer as HTML or the route accepts form bodies
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
const PAYLOAD = "\"><script>alert(document.domain)</script>";

test("AS-VXDAWE9H: POST /todos escapes markup sent as text", async () => {
  const attack = await fetch(`${BASE_URL}/todos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ "text": PAYLOAD }) });
  const pages = [await attack.text()];
  // Expected: the answer shows the value as text (escaped), never as markup.
  for (const page of pages) assert.ok(!page.includes(PAYLOAD), "the payload came back as markup");
});
