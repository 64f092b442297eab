// Packs the extension into rugged-<version>.vsix: minified bundles are built into a staging folder
// with exactly the files the .vsix ships, so packaging never rewrites dist/ under running tests.
// Usage: node scripts/package.mjs [--out FILE.vsix]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, `${name}-${version}.vsix`));

// The files .vscodeignore lets through; anything else would be ignored by vsce anyway.
const shipped = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'snippets', 'server/schema', 'client/walkthrough'];

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error(`package: ${[command, ...args].join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

const stage = mkdtempSync(join(tmpdir(), 'rugged-package-'));
try {
  run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--minify', `--outdir=${join(stage, 'dist')}`], root);
  for (const path of shipped) {
    try {
      cpSync(join(root, path), join(stage, path), { recursive: true });
    } catch {
      console.error(`package: ${path} is missing; the .vsix is built without it`);
    }
  }
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out],
    stage,
  );
  console.log(`${out} (${(statSync(out).size / 1024).toFixed(1)} KiB)`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
