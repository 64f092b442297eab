// The identity of a finding across scans: the engine's fingerprint (rule, folded snippet,
// occurrence; no line numbers) joined with the file's path in the repository. SARIF writes it as
// a partial fingerprint, JSON beside each finding, and a baseline is a set of them, so a report
// made from another folder or another checkout of the same repository still matches.
import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';

/** The path as SARIF writes it: relative to the source root, forward slashes, each segment percent-encoded. */
export function repositoryUri(sourceRoot: string, path: string): string {
  const rel = relative(sourceRoot, path);
  const posix = sep === '/' ? rel : rel.split(sep).join('/');
  return (posix || '.').split('/').map(encodeURIComponent).join('/');
}

/**
 * Two files with the same snippet must not share an identity, so the path joins the hash. The
 * recipe is frozen: SARIF's `ruggedFingerprint/v1` and every stored baseline depend on it.
 */
export function fileFingerprint(uri: string, fingerprint: string): string {
  return createHash('sha256').update(`${uri}\u0000${fingerprint}`).digest('hex').slice(0, 32);
}
