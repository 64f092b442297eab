// AS-QY61ATS2: get into the deluxe membership API without the secret
// Loads the app in this process: fails while the code is vulnerable, passes once the fix is in.
// Run it from the project root (or set PROJECT_ROOT; APP_ENTRY names the file that starts the app).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createRequire } = require('node:module');
const { Server } = require('node:http');

const ROOT = process.env.PROJECT_ROOT || process.cwd();
const FILE = "src/routes/users.js";
const COMPARISON = "req.headers['x-api-key'] === process.env.DELUXE_API_KEY";

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

test("AS-QY61ATS2: src/routes/users.js compares the secret with crypto.timingSafeEqual", async () => {
  const source = readFileSync(join(ROOT, FILE), 'utf8').replace(/\s+/g, ' ');
  // Expected: src/routes/users.js no longer compares with req.headers['x-api-key'] === process.env.DELUXE_API_KEY and calls crypto.timingSafeEqual (a check of how the comparison is written: a network timing test would be flaky).
  assert.ok(!source.includes(COMPARISON), "the timing-unsafe comparison is still there");
  assert.match(source, /timingSafeEqual\(/);
});

test("AS-QY61ATS2: GET /rest/user/deluxe lets no request without the x-api-key header in while DELUXE_API_KEY is unset", async () => {
  delete process.env["DELUXE_API_KEY"];
  const exit = process.exit;
  // A start-up check that exits instead of throwing is a refusal too.
  process.exit = (code) => { throw new Error(`the app exited (${code})`); };
  let server;
  try {
    server = await startApp();
  } catch {
    return; // Expected: with DELUXE_API_KEY unset the app refuses to start, or answers a request to GET /rest/user/deluxe without the x-api-key header with 401 or 403.
  } finally {
    process.exit = exit;
  }
  try {
    const BASE_URL = `http://127.0.0.1:${server.address().port}`;
    const answer = await fetch(`${BASE_URL}/rest/user/deluxe`, { method: 'GET' });
    assert.ok(answer.status === 401 || answer.status === 403, "a request without the x-api-key header got in while DELUXE_API_KEY is unset" + ` (answered ${answer.status})`);
  } finally {
    await stopApp(server);
  }
});
