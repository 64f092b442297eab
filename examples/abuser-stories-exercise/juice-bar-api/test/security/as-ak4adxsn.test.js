// AS-AK4ADXSN: pass the administrator check of GET /rest/admin/users with a token I write myself, since it reads the token's claims without checking its signature
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3002).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createHmac } = require('node:crypto');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3002';

/** base64url of a JSON value, as a JWT encodes its header and claims. */
const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
// Header and claims of a token nobody signed; the signature part is empty.
const TOKEN = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'rugged-attacker', role: 'admin', admin: true })}.`;
const ROOT = process.env.PROJECT_ROOT || process.cwd();

/** The value committed as SIGNING_KEY, read where the app reads it so this file never repeats it. */
function committedKey() {
  if (process.env.COMMITTED_KEY) return process.env.COMMITTED_KEY;
  const source = readFileSync(join(ROOT, "src/security.js"), 'utf8');
  const written = /\bSIGNING_KEY\s*[=:]\s*(['"`])([^'"`]+)\1/.exec(source);
  assert.ok(written, "SIGNING_KEY is no longer written in src/security.js: set COMMITTED_KEY to the value that was committed there (git show <commit>:src/security.js) to prove the app refuses it");
  return written[2];
}

/** An HS256 token with these claims, signed with `secret`. */
function signed(claims, secret) {
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

test("AS-AK4ADXSN: GET /rest/admin/users refuses an unsigned (alg none) token", async () => {
  const attack = await fetch(`${BASE_URL}/rest/admin/users`, { method: 'GET', headers: { "authorization": `Bearer ${TOKEN}` } });
  // Expected: the request is refused (401 or 403).
  assert.ok(attack.status === 401 || attack.status === 403, `answered ${attack.status}`);
});

test("AS-AK4ADXSN: GET /rest/admin/users refuses a token signed with the committed SIGNING_KEY", async () => {
  const SIGNED = signed({ sub: 1, email: 'rugged-attacker@example.test', role: 'admin', admin: true }, committedKey());
  const attack = await fetch(`${BASE_URL}/rest/admin/users`, { method: 'GET', headers: { "authorization": `Bearer ${SIGNED}` } });
  // Expected: the request is refused (401 or 403): the key was rotated, so a token signed with the committed value is refused.
  assert.ok(attack.status === 401 || attack.status === 403, `a token signed with the committed key was accepted (answered ${attack.status})`);
});
