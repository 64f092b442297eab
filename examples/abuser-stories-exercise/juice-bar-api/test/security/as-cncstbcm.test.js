// AS-CNCSTBCM: read server files and internal services reachable from the API
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3002).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { writeFileSync, rmSync } = require('node:fs');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3002';
const PAYLOAD = "<?xml version=\"1.0\"?><!DOCTYPE rugged [<!ENTITY rugged SYSTEM \"file:///tmp/rugged-as-cncstbcm-xxe-order.xml\">]><rugged>&rugged;</rugged>";

const ENTITY_FILE = "/tmp/rugged-as-cncstbcm-xxe-order.xml";
// The same document without the entity: what the answer must stay.
const PLAIN = '<?xml version="1.0"?><rugged></rugged>';

test("AS-CNCSTBCM: POST /orders/import expands no external entity sent in the request body", async () => {
  // A file on the host the app runs on, holding one element the handler counts: if it is counted, the entity was read.
  writeFileSync(ENTITY_FILE, "<order/>");
  try {
    const plain = await fetch(`${BASE_URL}/orders/import`, { method: 'POST', headers: { 'content-type': "application/xml" }, body: PLAIN });
    const expected = await plain.text();
    const attack = await fetch(`${BASE_URL}/orders/import`, { method: 'POST', headers: { 'content-type': "application/xml" }, body: PAYLOAD });
    // Expected: the request is refused (4xx), or it answers exactly as for the same document without the entity: the <order/> that only /tmp/rugged-as-cncstbcm-xxe-order.xml holds is never counted (the external entity is not expanded).
    if (attack.status >= 400 && attack.status < 500) return;
    const answer = await attack.text();
    assert.equal(answer, expected, "the answer counts the <order/> that only the file named by the external entity holds: the parser read a file of the server");
  } finally {
    rmSync(ENTITY_FILE, { force: true });
  }
});
