// `rugged scan --jobs N`: the built CLI analyses on worker threads and writes the same report as one
// thread, byte for byte (findings, order, fingerprints, SARIF), over the fixtures and each
// cross-module fixture project, where a file needs the summaries of the files it imports.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO, runBuiltCli } from './helpers';

const FIXTURES = join(REPO, 'test', 'fixtures');

function scan(path: string, format: 'sarif' | 'json', jobs: number): string {
  const result = runBuiltCli(['scan', path, '-f', format, '--jobs', String(jobs), '--fail-on', 'never'], REPO);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

describe('rugged scan --jobs', () => {
  it('gives the same SARIF and JSON on 1, 2 and 3 threads over test/fixtures', () => {
    for (const format of ['sarif', 'json'] as const) {
      const one = scan(FIXTURES, format, 1);
      assert.match(one, /no-string-built-query/, 'the fixtures have findings');
      assert.equal(scan(FIXTURES, format, 2), one, `${format} on 2 threads`);
      assert.equal(scan(FIXTURES, format, 3), one, `${format} on 3 threads`);
    }
  });

  for (const project of readdirSync(join(FIXTURES, 'crossmodule')).sort()) {
    it(`gives the same SARIF on 1 and 3 threads for the cross-module project ${project}`, () => {
      const root = join(FIXTURES, 'crossmodule', project);
      const one = scan(root, 'sarif', 1);
      assert.match(one, /"ruleId"/, 'the project has findings');
      assert.equal(scan(root, 'sarif', 3), one);
    });
  }

  it('refuses a thread count that is not a positive whole number', () => {
    for (const bad of ['0', '-1', 'two', '1.5']) {
      const result = runBuiltCli(['scan', FIXTURES, `--jobs=${bad}`], REPO);
      assert.equal(result.code, 2, `--jobs ${bad}`);
      assert.match(result.stderr, /--jobs: expected a whole number/);
    }
  });
});
