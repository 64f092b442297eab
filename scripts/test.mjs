// Runs every test with node's built-in runner: rule tests beside the rules, then test/**.
// `node scripts/test.mjs [pattern...]` runs only files whose path contains one of the patterns.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = [...findTests('rules'), ...findTests('test')]
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

// The whole suite needs Neovim, the SARIF validator and a real VS Code; a filtered run is for a
// developer iterating on one area and skips the (quick, idempotent) check.
if (filters.length === 0) {
  const setup = spawnSync('bash', ['scripts/setup-test-deps.sh'], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
}

// esbuild and tsx strip types without checking them: the strict tsconfig is enforced here, before
// any test runs, so a type error fails the suite instead of surfacing in a user's editor.
const typecheck = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.', '--noEmit'], { stdio: 'inherit' });
if (typecheck.status !== 0) {
  console.error('Type check failed (tsc -p . --noEmit).');
  process.exit(typecheck.status ?? 1);
}

// Lint with typescript-eslint's type-checked recommended set (eslint.config.mjs); a finding fails the
// suite here too, so CI and a developer's filtered run agree on what is acceptable.
const lint = spawnSync(process.execPath, ['node_modules/eslint/bin/eslint.js', '.'], { stdio: 'inherit' });
if (lint.status !== 0) {
  console.error('Lint failed (npx eslint .): fix the findings above, or see eslint.config.mjs.');
  process.exit(lint.status ?? 1);
}

const buildResult = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (buildResult.status !== 0) process.exit(buildResult.status ?? 1);

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } },
);
process.exit(result.status ?? 1);
