// `rugged scan --shard K/N` and `rugged sarif merge`, through the built CLI on a project with
// findings in many files: the shards split the files without overlap, and the merged log equals
// the log of one scan over everything (same results, fingerprints, notifications and order).
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { assertValidSarif, runBuiltCli, tempProject } from './helpers';
import { inShard, parseShard } from '../../server/src/scan/shard';

const files: Record<string, string> = { '.rugged.json': '{}\n' };
for (let i = 0; i < 24; i++) {
  files[`src/route${String(i).padStart(2, '0')}.js`] = `const { exec } = require('child_process');\nmodule.exports = (req) => exec('ls ' + req.query.dir${i});\n`;
}
files['src/clean.js'] = 'module.exports = (a, b) => a + b;\n';
// Input crosses modules: the finding in the route depends on the repository file, which may sit in another shard.
files['src/db/pool.js'] = "const { Pool } = require('pg');\nmodule.exports = new Pool();\n";
files['src/db/orders.js'] = "const pool = require('./pool');\nexports.findOrder = (id) => pool.query('SELECT * FROM orders WHERE id = ' + id);\n";
files['src/orders-route.js'] = "const { findOrder } = require('./db/orders');\nmodule.exports = (req, res) => findOrder(req.query.id).then((r) => res.json(r.rows));\n";
files['src/big.js'] = `// ${'x'.repeat(2_000_000)}\n`;
files['src/broken.js'] = 'function (\n';
const { root, remove } = tempProject(files);
after(remove);

interface Log {
  runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; partialFingerprints: Record<string, string> }[]; invocations: { properties: Record<string, unknown>; toolExecutionNotifications?: unknown[] }[] }[];
}
const read = (name: string) => JSON.parse(readFileSync(join(root, name), 'utf8')) as Log;
const uris = (log: Log) => log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri);

function scan(out: string, ...extra: string[]): void {
  const result = runBuiltCli(['scan', '-f', 'sarif', '-o', out, '--fail-on', 'never', ...extra], root);
  assert.equal(result.code, 0, result.stderr);
}

describe('sharded scans', () => {
  scan('all.sarif');
  for (const k of [1, 2, 3]) scan(`shard${k}.sarif`, '--shard', `${k}/3`);

  it('split the files without overlap or gap, each shard recording which it is', () => {
    const whole = uris(read('all.sarif'));
    assert.equal(whole.length, 26, 'a finding in each route file, the cross-module query, and the broken file\'s parse error');
    assert.ok(whole.includes('src/broken.js'));
    assert.ok(whole.includes('src/orders-route.js'), 'the query built in src/db/orders.js from the route\'s input');
    const parts = [1, 2, 3].map((k) => uris(read(`shard${k}.sarif`)));
    assert.ok(parts.every((p) => p.length > 0 && p.length < 26), `every shard has some files: ${parts.map((p) => p.length).join(', ')}`);
    assert.deepEqual(parts.flat().sort(), [...whole].sort());
    assert.deepEqual(read('shard2.sarif').runs[0].invocations[0].properties.shard, { index: 2, count: 3 });
  });

  it('merge into the log of one scan, and that log passes the SARIF validator', () => {
    const result = runBuiltCli(['sarif', 'merge', 'shard3.sarif', 'shard1.sarif', 'shard2.sarif', '-o', 'merged.sarif'], root);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(read('merged.sarif'), read('all.sarif'));
    assert.equal(read('merged.sarif').runs[0].invocations[0].toolExecutionNotifications?.length, 1, 'the file too big to check, listed once');
    assertValidSarif(join(root, 'merged.sarif'));
  });

  it('refuse a missing or repeated shard, a log that is not sharded, and bad --shard values', () => {
    const missing = runBuiltCli(['sarif', 'merge', 'shard1.sarif', 'shard2.sarif'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /shard 3\/3 missing/);
    const twice = runBuiltCli(['sarif', 'merge', 'shard1.sarif', 'shard1.sarif', 'shard2.sarif', 'shard3.sarif'], root);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /shard 1\/3 is given twice/);
    const whole = runBuiltCli(['sarif', 'merge', 'all.sarif', 'shard1.sarif'], root);
    assert.equal(whole.code, 2);
    assert.match(whole.stderr, /--shard K\/N/);
    const absent = runBuiltCli(['sarif', 'merge', 'nope.sarif'], root);
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, /cannot read nope\.sarif: file not found/);
    for (const bad of ['0/3', '4/3', '1/0', 'two/3', '1/999']) {
      const result = runBuiltCli(['scan', '--shard', bad], root);
      assert.equal(result.code, 2, bad);
      assert.match(result.stderr, /--shard: /);
    }
  });
});

describe('shard assignment', () => {
  it('is stable for a path and spreads paths evenly', () => {
    const paths = Array.from({ length: 3000 }, (_, i) => `packages/p${i % 37}/src/file${i}.ts`);
    const counts = [1, 2, 3, 4].map((index) => paths.filter((p) => inShard(p, { index, count: 4 })).length);
    assert.equal(counts.reduce((a, b) => a + b), 3000, 'every path is in exactly one shard');
    assert.ok(counts.every((c) => c > 600 && c < 900), `spread: ${counts.join(', ')}`);
    assert.equal(inShard('src/a.js', { index: 1, count: 1 }), true);
    assert.deepEqual(parseShard('2/3'), { ok: true, shard: { index: 2, count: 3 } });
  });
});
