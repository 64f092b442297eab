// AS-DPNAHYQN: run my own code in the todo server
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { existsSync, rmSync } = require('node:fs');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
const PAYLOAD = "0, ((typeof require === 'function' ? require : process.mainModule.require)('fs').writeFileSync(\"/tmp/rugged-as-dpnahyqn-eval-marker\", ''), () => false)";

const MARKER = "/tmp/rugged-as-dpnahyqn-eval-marker";

test("AS-DPNAHYQN: POST /admin/bulk-close runs no JavaScript sent in filter", async () => {
  rmSync(MARKER, { force: true });
  let answered = true;
  try {
    const attack = await fetch(`${BASE_URL}/admin/bulk-close`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ "filter": PAYLOAD }) });
    await attack.text();
  } catch {
    answered = false;
  }
  // Expected: the expression sent is never run (`/tmp/rugged-as-dpnahyqn-eval-marker` is not created).
  const ran = existsSync(MARKER);
  rmSync(MARKER, { force: true });
  assert.equal(ran, false, "the injected JavaScript ran" + (answered ? '' : ' (and the server gave no answer: it may have crashed after running it)'));
  assert.ok(answered, 'the server gave no answer to the request: it crashed or dropped the connection, so the fix is not proven');
});
