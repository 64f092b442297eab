// Hostile workspace, summaries edition: the planted secrets of secrets.test.ts, plus a repository
// module whose exported helpers paste secrets into SQL, so a summary of it would quote them in its
// sink facts and in the rule's rewrite of the query. `rugged summaries` writes a CI artifact, so
// the file must quote none of them: such a summary is left out, and a sharded scan reading the file
// summarises that module itself and still finds what one scan finds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertBounded, hostileWorkspace, runCliBounded } from './harness';
import { needles, plantSecrets, secretFiles } from './plantedSecrets';

const planted = plantSecrets();
const value = (kind: string) => planted.find((p) => p.kind === kind)!.value;
const workspace = hostileWorkspace({
  ...secretFiles(planted),
  'src/repo.js': [
    "const { Pool } = require('pg');",
    'const pool = new Pool();',
    `exports.findByPass = (id) => pool.query("SELECT * FROM users WHERE pass = '${value('sql-pass')}' AND id = " + id);`,
    `exports.findByHook = (id) => pool.query("SELECT * FROM hooks WHERE token = '${value('github-classic')}' AND id = " + id);`,
    '',
  ].join('\n'),
  'src/plain.js': ["const { Pool } = require('pg');", 'const pool = new Pool();', "exports.findPlain = (id) => pool.query('SELECT * FROM plain WHERE id = ' + id);", ''].join('\n'),
  'src/api.js': [
    "const express = require('express');",
    "const repo = require('./repo');",
    "const { findPlain } = require('./plain');",
    'const app = express();',
    "app.get('/a', (req, res) => repo.findByPass(req.query.id));",
    "app.get('/b', (req, res) => repo.findByHook(req.query.id));",
    "app.get('/c', (req, res) => findPlain(req.query.id));",
    'module.exports = app;',
    '',
  ].join('\n'),
});
after(() => workspace.remove());

function leaks(text: string): string[] {
  return planted.filter((secret) => needles(secret).some((needle) => text.includes(needle))).map((secret) => secret.kind);
}

async function cli(argv: string[]): Promise<{ stdout: string; stderr: string }> {
  const result = await runCliBounded(argv, { cwd: workspace.root });
  // The workspace's .rugged.json has a problem on purpose (it quotes a token), which is exit 2.
  assertBounded(result, [0, 2]);
  assert.deepEqual(leaks(result.stderr), [], `stderr of rugged ${argv.join(' ')}`);
  assert.deepEqual(leaks(result.stdout), [], `stdout of rugged ${argv.join(' ')}`);
  return result;
}

interface Entry {
  path: string;
  summary?: unknown;
  omitted?: string;
}

describe('rugged summaries in a workspace full of secrets', () => {
  let file = '';
  before(async () => {
    await cli(['summaries', '-o', 'summaries.json']);
    file = readFileSync(join(workspace.root, 'summaries.json'), 'utf8');
  });

  it('writes a file that quotes none of them, nor prints one', async () => {
    assert.deepEqual(leaks(file), []);
    assert.deepEqual(leaks((await cli(['summaries'])).stdout), [], 'on stdout either');
  });

  it('leaves out the summary that would quote one, and keeps the others', () => {
    const modules = (JSON.parse(file) as { modules: Entry[] }).modules;
    assert.equal(modules.find((m) => m.path === 'src/repo.js')?.omitted, 'secret');
    assert.ok(modules.find((m) => m.path === 'src/plain.js')?.summary, 'a helper without secrets is summarised');
  });

  it('serves sharded scans that find what one scan finds, the left-out module summarised in the scan', async () => {
    await cli(['scan', '-f', 'sarif', '--fail-on', 'never', '-o', 'all.sarif']);
    for (const k of [1, 2]) await cli(['scan', '-f', 'sarif', '--fail-on', 'never', '--shard', `${k}/2`, '--summaries', 'summaries.json', '-o', `shard${k}.sarif`]);
    await cli(['sarif', 'merge', 'shard1.sarif', 'shard2.sarif', '-o', 'merged.sarif']);
    const read = (name: string) => readFileSync(join(workspace.root, name), 'utf8');
    const all = JSON.parse(read('all.sarif')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(all.runs[0].results.filter((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'src/api.js').length, 3, 'the three queries two files away');
    assert.equal(read('merged.sarif'), read('all.sarif'));
    assert.deepEqual(leaks(read('merged.sarif')), []);
  });
});
