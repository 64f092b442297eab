// AS-DPNAHYQN: only an authenticated administrator reaches POST /admin/bulk-close
// Fails while the route answers anyone, passes once it requires a login. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
// Method and path of each route, path parameters filled with a harmless value.
const ROUTES = [
  ["POST", "/admin/bulk-close"],
];

test("AS-DPNAHYQN: an anonymous request is refused before the handler runs", async () => {
  for (const [method, path] of ROUTES) {
    const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
    const anonymous = await fetch(`${BASE_URL}${path}`, { method, redirect: 'manual', ...(body ? { headers: { 'content-type': 'application/json' }, body } : {}) });
    // Expected: 401 or 403, since only an authenticated administrator may reach it.
    assert.ok(anonymous.status === 401 || anonymous.status === 403, `${method} ${path} answered ${anonymous.status} to a request with no login`);
  }
});
