// Which version of a library the project runs, read from what is installed (node_modules, else the
// lockfile) or else its package.json range. Some attacks depend on it: a story must not propose a
// test that the library already passes, nor call a version "installed" that only a range names.
// Pure: the caller reads the files.
import type { Finding } from '../../engine/finding';

/**
 * Package name to version: `9.0.2` where node_modules or the lockfile shows what is installed, else
 * the range package.json declares (`^9.0.2`; a bare `9.0.2` is written `=9.0.2`), so that a value
 * starting with a digit is always an installed version (versionText, versionNumber).
 */
export function installedVersions(packageJson: string | undefined, lockfile: string | undefined, installedManifest?: (name: string) => string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, range] of Object.entries(declaredRanges(packageJson))) {
    const written = range.trim();
    if (/\d/.test(written)) out[name] = /^\d/.test(written) ? `=${written}` : written;
  }
  // The lockfile says what `npm ci` installs, which wins over what the range allows.
  for (const [name, version] of Object.entries(lockedVersions(lockfile))) out[name] = version;
  // What node_modules holds is what runs.
  // Only real package names reach the reader: a hostile package.json must not steer it outside node_modules.
  for (const name of Object.keys(out).filter((n) => /^(?:@[a-z0-9~][\w.~-]*\/)?[a-z0-9~][\w.~-]*$/i.test(n) && !n.includes('..'))) {
    const version = parseObject(installedManifest?.(name))?.version;
    if (typeof version === 'string' && /^\d/.test(version)) out[name] = version;
  }
  return out;
}

/** "jsonwebtoken 9.0.2 (installed)", or "jsonwebtoken declared ^9.0.2" where only package.json names it. */
export function versionText(name: string, version: string): string {
  return /^\d/.test(version) ? `${name} ${version} (installed)` : `${name} declared ${version.replace(/^=/, '')}`;
}

/** The lowest version a value admits (`^9.0.2` admits 9.0.2), for comparing majors. */
export function versionNumber(version: string): string | undefined {
  return /(\d+(?:\.\d+){0,2})/.exec(version)?.[1];
}

function declaredRanges(packageJson: string | undefined): Record<string, string> {
  const pkg = parseObject(packageJson);
  const ranges: Record<string, string> = {};
  for (const key of ['devDependencies', 'dependencies'] as const) {
    const deps = pkg?.[key];
    if (!deps || typeof deps !== 'object') continue;
    for (const [name, range] of Object.entries(deps as Record<string, unknown>)) if (typeof range === 'string') ranges[name] = range;
  }
  return ranges;
}

/** npm lockfiles: v2/v3 list `packages["node_modules/<name>"]`, v1 lists `dependencies[<name>]`. */
function lockedVersions(lockfile: string | undefined): Record<string, string> {
  const lock = parseObject(lockfile);
  const out: Record<string, string> = {};
  const packages = lock?.packages;
  if (packages && typeof packages === 'object') {
    for (const [path, entry] of Object.entries(packages as Record<string, unknown>)) {
      // Only top-level installs: a nested copy serves one dependency, not the application.
      const name = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path)?.[1];
      const version = (entry as { version?: unknown } | null)?.version;
      if (name && typeof version === 'string') out[name] = version;
    }
    return out;
  }
  const deps = lock?.dependencies;
  if (deps && typeof deps === 'object') {
    for (const [name, entry] of Object.entries(deps as Record<string, unknown>)) {
      const version = (entry as { version?: unknown } | null)?.version;
      if (typeof version === 'string') out[name] = version;
    }
  }
  return out;
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * jsonwebtoken 9 (CVE-2022-23540 fixed) refuses an unsigned token in `verify` whatever key it is
 * given; earlier versions accepted one when the key was empty.
 */
export function jsonwebtokenRefusesUnsigned(version: string): boolean {
  const major = Number(/^(\d+)/.exec(versionNumber(version) ?? '')?.[1]);
  return Number.isFinite(major) && major >= 9;
}

/**
 * Why the installed jsonwebtoken already refuses the forgery a missing `algorithms` list invites (an
 * HMAC key, version 9 on), or undefined where it does not. A story on the finding is then hardening,
 * and the report rates a finding no story covers the same way.
 */
export function algorithmsListRefused(finding: Finding, version: string): string | undefined {
  if (!/has no `algorithms` list/.test(finding.message) || finding.data?.algorithm !== 'HS256' || !jsonwebtokenRefusesUnsigned(version)) return undefined;
  return `${versionText('jsonwebtoken', version)} derives the accepted algorithms from the string key (HMAC only) and refuses unsigned tokens`;
}
