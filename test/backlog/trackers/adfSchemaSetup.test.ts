// scripts/setup-adf-schema.sh on a machine that cannot reach the npm registry: a cached schema is
// enough, and with nothing (or something else) cached it stops with a message that says what to do.
// The script runs from a copy in a scratch folder, so the real .cache/ is never touched.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { removeDir, tempDir } from '../helpers';
import { ADF_SCHEMA_VERSION } from './adfSchema';

const REPO = join(__dirname, '../../..');
const CACHED = join(REPO, '.cache', 'adf-schema', `adf-schema-${ADF_SCHEMA_VERSION}-full.json`);
const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

/** A scratch checkout holding only the script, run with npm pointed at a closed port. */
function offlineRun(cachedFile?: (path: string) => void): { status: number | null; stderr: string; file: string } {
  const root = tempDir('adf-setup');
  dirs.push(root);
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(REPO, 'scripts', 'setup-adf-schema.sh'), join(root, 'scripts', 'setup-adf-schema.sh'));
  const file = join(root, '.cache', 'adf-schema', `adf-schema-${ADF_SCHEMA_VERSION}-full.json`);
  if (cachedFile) {
    mkdirSync(join(root, '.cache', 'adf-schema'), { recursive: true });
    cachedFile(file);
  }
  const result = spawnSync('bash', [join(root, 'scripts', 'setup-adf-schema.sh')], {
    encoding: 'utf8',
    env: { ...process.env, npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: join(root, 'npm-cache'), npm_config_fetch_retries: '0' },
  });
  return { status: result.status, stderr: result.stderr, file };
}

describe('setup-adf-schema.sh without the registry', () => {
  it('pins the version the loader reads', () => {
    const script = readFileSync(join(REPO, 'scripts', 'setup-adf-schema.sh'), 'utf8');
    assert.equal(/^VERSION=(\S+)$/m.exec(script)?.[1], ADF_SCHEMA_VERSION);
  });

  it('is satisfied by the cached schema and fetches nothing', () => {
    // The loader in adfSchema.ts (imported above) has fetched or found the real file.
    const run = offlineRun((path) => copyFileSync(CACHED, path));
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`ADF schema ${ADF_SCHEMA_VERSION.replaceAll('.', '\\.')} already in `));
    assert.doesNotMatch(run.stderr, /npm pack/);
  });

  it('stops with a message naming the missing file when nothing is cached', () => {
    const run = offlineRun();
    assert.equal(run.status, 1);
    assert.ok(run.stderr.includes(`could not fetch @atlaskit/adf-schema@${ADF_SCHEMA_VERSION} from the npm registry, and ${run.file} is not cached.`), run.stderr);
    assert.match(run.stderr, /run this script once where the registry is reachable, or copy the file to /);
    assert.ok(!existsSync(run.file));
  });

  it('does not take a cached file with other content for the pinned schema', () => {
    const run = offlineRun((path) => writeFileSync(path, '{ "$ref": "#/definitions/anything" }\n'));
    assert.equal(run.status, 1);
    assert.match(run.stderr, /npm pack @atlaskit\/adf-schema/);
    assert.ok(run.stderr.includes(`and ${run.file} is not the pinned file (SHA-256 differs).`), run.stderr);
  });
});
