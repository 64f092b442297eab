// AS-M6EK2635: take over the todo server
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { existsSync, rmSync } = require('node:fs');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
const PAYLOAD = "{\"rugged\":\"_$$ND_FUNC$$_function(){require('fs').writeFileSync('/tmp/rugged-as-m6ek2635-deserialize-marker', '')}()\"}";

const MARKER = "/tmp/rugged-as-m6ek2635-deserialize-marker";
// The code decodes the cookie from base64 before it unserializes it.
const COOKIE_VALUE = Buffer.from(PAYLOAD).toString('base64');

test("AS-M6EK2635: GET /session/remember runs no function in a serialized object sent in the profile cookie", async () => {
  rmSync(MARKER, { force: true });
  let answered = true;
  try {
    const attack = await fetch(`${BASE_URL}/session/remember`, { method: 'GET', headers: { cookie: `profile=${encodeURIComponent(COOKIE_VALUE)}` } });
    // node-serialize calls the function while parsing, before the handler answers.
    await attack.text();
  } catch {
    answered = false;
  }
  // Expected: the function inside the serialized object is never run (`/tmp/rugged-as-m6ek2635-deserialize-marker` is not created).
  const ran = existsSync(MARKER);
  rmSync(MARKER, { force: true });
  assert.equal(ran, false, "the serialized function ran while the payload was parsed" + (answered ? '' : ' (and the server gave no answer: it may have crashed after running it)'));
  assert.ok(answered, 'the server gave no answer to the request: it crashed or dropped the connection, so the fix is not proven');
});
