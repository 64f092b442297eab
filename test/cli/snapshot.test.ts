// Snapshots of `rugged scan` over test/fixtures/cli-scan with the shipped rules: the text report
// (stdout and stderr) and the SARIF file. They change whenever a rule reports differently there:
// run `UPDATE_SNAPSHOTS=1 node scripts/test.mjs test/cli/snapshot` and review the diff.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOOL_VERSION } from '../../server/src/shared/product';
import { assertValidSarif, matchSnapshot, REPO, runCli } from './helpers';

// Copied out of the repository so the SARIF root is the fixture itself, not this git checkout
// (whose location differs between clones and exports).
let root: string;
before(() => {
  root = join(realpathSync(mkdtempSync(join(tmpdir(), 'rugged-snapshot-'))), 'cli-scan');
  cpSync(join(REPO, 'test', 'fixtures', 'cli-scan'), root, { recursive: true });
});
after(() => rmSync(join(root, '..'), { recursive: true, force: true }));

/** The version changes on every release; the snapshot should not. */
function withoutVersion(text: string): string {
  return text.split(`"${TOOL_VERSION}"`).join('"<version>"');
}

describe('CLI snapshots over test/fixtures/cli-scan', () => {
  it('text output', async () => {
    const result = await runCli(['scan'], root);
    assert.equal(result.code, 1);
    matchSnapshot('scan-text', `exit code: ${result.code}\n--- stdout ---\n${result.stdout}--- stderr ---\n${result.stderr}`);
  });

  it('SARIF output, which also passes the validator', async () => {
    const result = await runCli(['scan', '--format', 'sarif'], root);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, '');
    matchSnapshot('scan-sarif', withoutVersion(result.stdout));
    const file = join(root, '..', 'snapshot.sarif');
    writeFileSync(file, result.stdout);
    assertValidSarif(file);
  });
});
