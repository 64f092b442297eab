// AS-KF5ZXM5M: take over customer accounts
// Loads the app in this process: fails while the code is vulnerable, passes once the fix is in.
// Run it from the project root (or set PROJECT_ROOT; APP_ENTRY names the file that starts the app).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createRequire } = require('node:module');
const { Server } = require('node:http');

const ROOT = process.env.PROJECT_ROOT || process.cwd();
const COOKIE = "sid";

// Frozen before the app loads, so every token it draws from them is the same.
const FROZEN = Date.parse('2025-01-01T00:00:00Z');
Math.random = () => 0.5;
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(FROZEN);
    else super(...args);
  }
  static now() {
    return FROZEN;
  }
};

/** The file that starts the app: APP_ENTRY, else package.json `main`, else the file `npm start` runs, else app.js. */
function appEntry() {
  if (process.env.APP_ENTRY) return process.env.APP_ENTRY;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return pkg.main || /\bnode\s+(\S+)/.exec(pkg.scripts?.start ?? '')?.[1] || 'app.js';
}

/** Loads the app here and resolves with the first server it starts, on a free port. */
function startApp() {
  return new Promise((resolve) => {
    const listen = Server.prototype.listen;
    Server.prototype.listen = function (...args) {
      Server.prototype.listen = listen;
      // A free port, so a copy of the app already running on its usual port does not clash.
      if (typeof args[0] === 'number' || /^\d+$/.test(String(args[0]))) args[0] = 0;
      this.once('listening', () => resolve(this));
      return listen.apply(this, args);
    };
    createRequire(join(ROOT, 'package.json'))(join(ROOT, appEntry()));
  });
}

/** Stops the app loaded here: its server, and the database pools its own modules export (pg, mysql2, Sequelize), whose idle connections keep this process alive. */
async function stopApp(server) {
  server.closeAllConnections();
  server.close();
  const own = Object.values(require.cache).filter((m) => m && !/[\\/]node_modules[\\/]/.test(m.filename));
  const exported = new Set(own.flatMap((m) => [m.exports, ...(m.exports && typeof m.exports === 'object' ? Object.values(m.exports) : [])]));
  for (const handle of exported) {
    if (!handle || typeof handle.query !== 'function') continue;
    const stop = typeof handle.end === 'function' ? 'end' : typeof handle.close === 'function' ? 'close' : undefined;
    if (stop) await Promise.resolve().then(() => handle[stop]()).catch(() => {});
  }
}

let BASE_URL;
// An account of your test data (`email` and `password`): the request must log in for the answer to show
// anything. Set TEST_ACCOUNT_EMAIL and TEST_ACCOUNT_PASSWORD before running it; the test fails until they are set.
const CREDENTIALS = { "email": process.env.TEST_ACCOUNT_EMAIL, "password": process.env.TEST_ACCOUNT_PASSWORD };
const REQUEST_BODY = { "email": CREDENTIALS["email"], "password": CREDENTIALS["password"] };

/** The token in the cookie the app sets. */
async function issueToken() {
  const answer = await fetch(`${BASE_URL}/account/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(REQUEST_BODY) });
  assert.ok(answer.status < 400, `the route refused the request (${answer.status}): fill in what it needs to issue a token`);
  const body = await answer.text();
  const cookies = answer.headers.getSetCookie();
  const cookie = cookies.find((c) => c.startsWith(`${COOKIE}=`));
  return cookie ? cookie.slice(COOKIE.length + 1).split(';')[0] : '';
}

test("AS-KF5ZXM5M: POST /account/login issues tokens that do not depend on Math.random or the clock", async () => {
  assert.ok(Object.values(CREDENTIALS).every(Boolean), "set TEST_ACCOUNT_EMAIL and TEST_ACCOUNT_PASSWORD first: an account of your test data");
  const server = await startApp();
  BASE_URL = `http://127.0.0.1:${server.address().port}`;
  try {
    const first = await issueToken();
    const second = await issueToken();
    assert.notEqual(first, '', 'no token was issued: point the request at the route that hands one out');
    // Expected: two `sid` cookies issued while Math.random and the clock are frozen differ (the token comes from a CSPRNG).
    assert.notEqual(second, first, 'the same token came back: it is derived from Math.random or the clock, not a CSPRNG');
  } finally {
    await stopApp(server);
  }
});
