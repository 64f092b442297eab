// AS-GHEQJ89S: turn a session id I learned elsewhere into a cookie the app accepts
// Reads the project's files: fails while the weakness is in the code, passes once it is fixed.
// Run it from the project root (or set PROJECT_ROOT).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createHash } = require('node:crypto');

// SHA-256 of the committed value, so this file does not repeat the secret it looks for.
const SECRET_SHA256 = ["5b91a1161c6459d3b473679c933334a3358a1aa1398b27d029565808812c2d9c"];
const ROOT = process.env.PROJECT_ROOT || process.cwd();

/** Source and configuration files of the project, without dependencies and Git. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.(?:[cm]?[jt]sx?|json|ya?ml)$/.test(entry.name) ? [path] : [];
  });
}

test("AS-GHEQJ89S: src/app.js holds no committed secret", async () => {
  const found = files(ROOT).filter((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g)]
      .some((m) => SECRET_SHA256.includes(createHash('sha256').update(m[2]).digest('hex'))),
  );
  // Expected: no string in the project's source and configuration files is the committed secret (it is read from the environment, and rotated).
  assert.deepEqual(found, []);
});
