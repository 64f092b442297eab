// Brings a pinned package from the npm registry into the benchmark cache: `npm pack` downloads the
// tarball (no install, so no script of the package runs), its SHA-512 must equal the pinned
// integrity, and tar unpacks it. A folder that was unpacked completely is reused.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchPackage, packageFolder, packageSpec } from './packages';

const DONE_MARKER = '.rugged-unpacked';

export function integrityOf(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** The unpack folder of `pkg`, fetching it first unless it is cached; throws with a readable reason. */
export function ensurePackage(root: string, pkg: BenchPackage, options: { offline: boolean }): string {
  const folder = packageFolder(root, pkg);
  if (existsSync(join(folder, DONE_MARKER))) return folder;
  if (options.offline) throw new Error(`${packageSpec(pkg)} is not in the cache (${folder}) and --offline was given`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const pack = spawnSync('npm', ['pack', packageSpec(pkg), '--ignore-scripts', '--silent', '--pack-destination', folder], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  if (pack.status !== 0) throw new Error(`npm pack ${packageSpec(pkg)} failed: ${(pack.stderr || pack.error?.message || '').trim()}`);
  const tarball = readdirSync(folder).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack ${packageSpec(pkg)} wrote no tarball`);
  const actual = integrityOf(readFileSync(join(folder, tarball)));
  if (actual !== pkg.integrity) {
    throw new Error(`${packageSpec(pkg)}: tarball integrity ${actual} differs from the pinned ${pkg.integrity}; refusing to scan it`);
  }
  // GNU tar drops leading slashes and refuses `..` members by default; ownership is not kept.
  const untar = spawnSync('tar', ['-xzf', tarball, '--no-same-owner', '--no-same-permissions'], { cwd: folder, encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`unpacking ${tarball} failed: ${untar.stderr.trim()}`);
  rmSync(join(folder, tarball));
  writeFileSync(join(folder, DONE_MARKER), `${packageSpec(pkg)} ${pkg.integrity}\n`);
  return folder;
}
