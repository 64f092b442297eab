// AS-D6YC4R29: read the passwords the registration stores as they were typed
// Loads the app in this process: fails while the code is vulnerable, passes once the fix is in.
// Run it from the project root (or set PROJECT_ROOT; APP_ENTRY names the file that starts the app).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createRequire } = require('node:module');
const { Server } = require('node:http');
const { randomBytes, createHash } = require('node:crypto');

const ROOT = process.env.PROJECT_ROOT || process.cwd();
const RUN = randomBytes(6).toString('hex');
const PASSWORD = `Rugged-${RUN}-pw`;
// The module that holds the database handle the route writes with, and the column it writes.
const STORE = "src/db";
const HANDLE = "sequelize";
const READ = "SELECT password FROM Users";

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

/** The first column of every row a query answers, whichever driver the handle is (sqlite3, pg, mysql2, Sequelize, better-sqlite3). */
async function values(handle, sql) {
  if (typeof handle.all === 'function') return new Promise((resolve, reject) => handle.all(sql, (err, rows) => (err ? reject(err) : resolve(rows.map(first)))));
  const result = typeof handle.query === 'function' ? await handle.query(sql) : handle.prepare(sql).all();
  const rows = Array.isArray(result) ? (Array.isArray(result[0]) ? result[0] : result) : result.rows;
  return rows.map(first);
}
const first = (row) => String(Object.values(row)[0]);

/** The password as typed and its unsalted fast hashes, in hex and base64. */
function weakForms(password) {
  const hashes = ['md5', 'sha1', 'sha256', 'sha512'].map((name) => createHash(name).update(password).digest());
  return [password, ...hashes.flatMap((digest) => [digest.toString('hex'), digest.toString('base64')])];
}

test("AS-D6YC4R29: POST /rest/user/register stores no password as typed or as a fast hash", async () => {
  const server = await startApp();
  BASE_URL = `http://127.0.0.1:${server.address().port}`;
  try {
    const store = createRequire(join(ROOT, 'package.json'))(join(ROOT, STORE));
    const handle = HANDLE ? store[HANDLE] : store;
    const before = new Set(await values(handle, READ));
    const answer = await fetch(`${BASE_URL}/rest/user/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ "email": `rugged-${RUN}@example.test`, "password": PASSWORD }) });
    assert.ok(answer.status < 400, `the registration was refused (${answer.status}): fill in what it needs`);
    const stored = (await values(handle, READ)).filter((value) => !before.has(value));
    assert.equal(stored.length, 1, 'no new stored password after registering: point READ at the column the route writes');
    // Expected: the value stored in Users.password is neither the password nor an unsalted MD5/SHA hash of it.
    assert.ok(!weakForms(PASSWORD).includes(stored[0]) && !weakForms(PASSWORD).includes(stored[0].toLowerCase()), 'the password is stored as typed or as a fast, unsalted hash');
  } finally {
    await stopApp(server);
  }
});
