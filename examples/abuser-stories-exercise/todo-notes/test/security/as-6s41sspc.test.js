// AS-6S41SSPC: save a todo whose text is a script that runs in the browser of everyone who opens the list
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
const PAYLOAD = "\"><script>alert(document.domain)</script>";

// The page that shows what was stored; change it when the value appears elsewhere.
const READ_BACK = "/todos";

test("AS-6S41SSPC: POST /todos escapes markup sent as text", async () => {
  const attack = await fetch(`${BASE_URL}/todos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ "text": PAYLOAD }) });
  const pages = [await attack.text()];
  pages.push(await (await fetch(`${BASE_URL}${READ_BACK}`)).text());
  // Expected: neither the answer nor the page that shows the stored value contains the markup unescaped.
  for (const page of pages) assert.ok(!page.includes(PAYLOAD), "the payload came back as markup");
});
