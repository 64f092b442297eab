// Stories name the full route: a router's paths get the prefix it is mounted under, in the same
// file or in the file that requires it, and titles are never cut inside a phrase.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory } from '../../server/src/backlog/story/story';
import { joinRoute, mountsIn } from '../../server/src/backlog/story/routes';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { FIXED_NOW, findingsOf, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

const APP_TEXT = [
  "const express = require('express');",
  "const products = require('./routes/products');",
  'const app = express();',
  "app.use('/api/products', products);",
  'app.listen(3000);',
  '',
].join('\n');

describe('mount prefixes', () => {
  it('reads app.use mounts of local routers and required modules', () => {
    assert.deepEqual(mountsIn(APP_TEXT, 'src/app.js'), [{ prefix: '/api/products', local: 'products', module: './routes/products', owner: 'app' }]);
    assert.deepEqual(mountsIn("app.use('/admin', require('./admin'));", 'a.js'), [{ prefix: '/admin', module: './admin', owner: 'app' }]);
    assert.equal(joinRoute('/products', '/search'), '/products/search');
    assert.equal(joinRoute('/products/', '/'), '/products');
  });

  it('prefixes a route with a mount in the same file, keeping the fingerprint of the bare route', () => {
    const text = SHOP_TEXT.replace('module.exports = router;', "const app = express();\napp.use('/products', router);");
    const story = buildStory({ text, path: SHOP_PATH, selection: { startLine: 6, endLine: 10 }, findings: findingsOf(text, SHOP_PATH), rules: allRules, now: FIXED_NOW, toolVersion: 't' });
    assert.equal(story.entryPoint.symbol, 'GET /products/search');
    assert.match(story.title, / in GET \/products\/search$/);
    const bare = buildStory({ text: SHOP_TEXT, path: SHOP_PATH, selection: { startLine: 6, endLine: 10 }, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, now: FIXED_NOW, toolVersion: 't' });
    assert.equal(story.fingerprint, bare.fingerprint);
  });

  it('never cuts a title inside a phrase', () => {
    const story = buildStory({ text: SHOP_TEXT, path: SHOP_PATH, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, now: FIXED_NOW, toolVersion: 't', mountPrefix: '/a-rather-long-mount-prefix/for-the-catalogue' });
    assert.ok(story.title.length <= 80, story.title);
    assert.ok(!story.title.includes('…'), story.title);
  });
});

describe('rugged story in a workspace that mounts the router elsewhere', () => {
  const root = tempDir('mount');
  after(() => removeDir(root));
  mkdirSync(join(root, 'src/routes'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}\n');
  writeFileSync(join(root, 'src/app.js'), APP_TEXT);
  writeFileSync(join(root, SHOP_PATH), SHOP_TEXT);

  it('names the route with the prefix from the requiring file', async () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
    const code = await run(['story', SHOP_PATH, '--lines', '12-15', '--yes', '--format', 'json'], io, { today: '2025-06-01' });
    assert.equal(code, 0, stderr);
    const story = (JSON.parse(stdout) as { story: Story }).story;
    assert.equal(story.entryPoint.symbol, 'GET /api/products/:id');
  });
});
