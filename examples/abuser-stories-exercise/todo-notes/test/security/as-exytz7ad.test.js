// AS-EXYTZ7AD: take over the todo server and its files
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { existsSync, rmSync } = require('node:fs');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
const PAYLOAD = "127.0.0.1$(touch /tmp/rugged-as-exytz7ad-marker); touch /tmp/rugged-as-exytz7ad-marker #";

const MARKER = "/tmp/rugged-as-exytz7ad-marker";

test("AS-EXYTZ7AD: POST /todos/export runs no shell command sent in name", async () => {
  rmSync(MARKER, { force: true });
  let answered = true;
  try {
    const attack = await fetch(`${BASE_URL}/todos/export`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ "name": PAYLOAD }) });
    // The handler answers once its command has finished, so the marker exists by then if it ran.
    await attack.text();
  } catch {
    answered = false;
  }
  // Expected: the injected command (in `$(...)` or after `;`) never runs (`/tmp/rugged-as-exytz7ad-marker` is not created).
  const ran = existsSync(MARKER);
  rmSync(MARKER, { force: true });
  assert.equal(ran, false, "the injected command ran" + (answered ? '' : ' (and the server gave no answer: it may have crashed after running it)'));
  assert.ok(answered, 'the server gave no answer to the request: it crashed or dropped the connection, so the fix is not proven');
});
