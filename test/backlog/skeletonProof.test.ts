// The security test a story proposes is a real test: written by `rugged story --write-test` for the
// shop's search route, it fails against the vulnerable code and passes once the query is
// parameterised. The shop runs on small stand-ins for express and pg (pg backed by sql.js, a real
// SQL engine), so the injection really happens.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { EXPRESS_STAND_IN } from './expressStandIn';
import { pgStandIn } from './sqlStandIns';
import { removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

const APP = "const express = require('express');\nconst app = express();\napp.use('/products', require('./src/routes/products'));\napp.listen(0, (server) => process.stdout.write(server.address().port + '\\n'));\n";
const FIXED = SHOP_TEXT.replace(`"SELECT id, name FROM products WHERE name LIKE '%" + term + "%'"`, "'SELECT id, name FROM products WHERE name LIKE $1', ['%' + term + '%']");

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function start(root: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['app.js'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePort, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolvePort({ child, port: Number(String(chunk).trim()) }));
    child.once('exit', (code) => reject(new Error(`the shop exited with ${code}`)));
  });
}

async function runSkeleton(root: string, path: string): Promise<number> {
  const { child, port } = await start(root);
  try {
    // Run as the team would, not as a subtest of this file: without the runner's context variable.
    const env: NodeJS.ProcessEnv = { ...process.env, BASE_URL: `http://127.0.0.1:${port}` };
    delete env.NODE_TEST_CONTEXT;
    return spawnSync(process.execPath, ['--test', path], { cwd: root, env, encoding: 'utf8' }).status ?? -1;
  } finally {
    child.kill();
  }
}

describe('the story\'s security test on the shop', () => {
  const root = tempDir('skeleton');
  after(() => removeDir(root));
  write(root, 'package.json', '{ "name": "shop", "private": true }\n');
  write(root, SHOP_PATH, SHOP_TEXT);
  write(root, 'app.js', APP);
  write(root, 'node_modules/express/index.js', EXPRESS_STAND_IN);
  write(root, 'node_modules/pg/index.js', pgStandIn("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO products VALUES (1, 'apple'), (2, 'pear'), (3, 'plum');"));
  let skeletonPath = '';

  it('is written by rugged story --write-test with the route, field, payload and story key', async () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
    const code = await run(['story', SHOP_PATH, '--lines', '6-10', '--yes', '--write-test', '--format', 'json'], io, { today: '2025-06-01' });
    assert.equal(code, 0, stderr);
    const story = (JSON.parse(stdout) as { story: Story }).story;
    const skeleton = story.testSkeleton!;
    assert.equal(skeleton.path, `test/security/${story.key.toLowerCase()}.test.js`);
    assert.match(stderr, /wrote the security test skeleton/);
    assert.ok(skeleton.code.includes(`${story.key}: GET /products/search refuses an injected q`), skeleton.code);
    assert.ok(story.acceptanceCriteria.some((c) => c.kind === 'test' && c.text.includes(skeleton.path)), 'the test criterion names the file');
    skeletonPath = skeleton.path;
  });

  it('fails against the vulnerable search route', async () => {
    assert.notEqual(await runSkeleton(root, skeletonPath), 0);
  });

  it('passes once the query is parameterised', async () => {
    write(root, SHOP_PATH, FIXED);
    assert.equal(await runSkeleton(root, skeletonPath), 0);
  });
});
