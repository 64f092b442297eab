// AS-QY61ATS2: get into the deluxe membership API without the secret
// Reads the project's files: fails while the weakness is in the code, passes once it is fixed.
// Run it from the project root (or set PROJECT_ROOT).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = process.env.PROJECT_ROOT || process.cwd();
const FILE = "src/routes/users.js";
const COMPARISON = "req.headers['x-api-key'] === process.env.DELUXE_API_KEY";

test("AS-QY61ATS2: src/routes/users.js compares the secret with crypto.timingSafeEqual", async () => {
  const source = readFileSync(join(ROOT, FILE), 'utf8').replace(/\s+/g, ' ');
  // Expected: src/routes/users.js no longer compares with req.headers['x-api-key'] === process.env.DELUXE_API_KEY and calls crypto.timingSafeEqual (a check of how the comparison is written: a network timing test would be flaky).
  assert.ok(!source.includes(COMPARISON), "the timing-unsafe comparison is still there");
  assert.match(source, /timingSafeEqual\(/);
});
