// AS-AFS7FH30: only an authenticated user reaches these routes
// Fails while the route answers anyone, passes once it requires a login. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
// Method and path of each route, path parameters filled with a harmless value.
const ROUTES = [
  ["GET", "/todos/search"],
  ["POST", "/todos"],
  ["POST", "/todos/export"],
  ["GET", "/todos/lists"],
];

test("AS-AFS7FH30: an anonymous request is refused before the handler runs", async () => {
  for (const [method, path] of ROUTES) {
    const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
    let anonymous;
    try {
      anonymous = await fetch(`${BASE_URL}${path}`, { method, redirect: 'manual', ...(body ? { headers: { 'content-type': 'application/json' }, body } : {}) });
    } catch (error) {
      // No answer at all: a login check would have answered before the handler, so the handler ran and the app stopped.
      assert.fail(`${method} ${path} gave no answer to a request with no login (${error.cause?.code ?? error.message}): it reached the handler, which stopped the app`);
    }
    // Expected: 401 or 403, since only an authenticated user may reach it.
    assert.ok(anonymous.status === 401 || anonymous.status === 403, `${method} ${path} answered ${anonymous.status} to a request with no login`);
  }
});
