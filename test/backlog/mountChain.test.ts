// A router mounted in a router mounted in the app gets every level's prefix, and every level's
// middleware counts as its guard: `app.use('/api', require('./routes/api'))` over
// `v1.use('/todos', todos)` and `router.use('/v1', v1)` makes `/api/v1/todos/...`. Mutual mounts end
// the chain instead of looping.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultConfig } from '../../server/src/config/load';
import { routeAuthentication, routesIn, type MountLevel } from '../../server/src/backlog/story/routeAuth';
import { findMountChain, fullPrefix } from '../../server/src/backlog/useCases/mountPrefix';
import { mountIndex } from '../../server/src/backlog/story/mountChains';
import { appRoutes } from '../../server/src/backlog/story/appRoutes';
import { gatherWorkspaceFacts } from '../../server/src/backlog/useCases/workspaceFacts';
import { allRules } from '../../rules/index';
import { run } from '../../server/src/cli/main';
import { removeDir, tempDir } from './helpers';

const APP = (mount: string) => ["const express = require('express');", 'const app = express();', 'app.use(express.json());', mount, 'app.listen(3000);', ''].join('\n');
const API = [
  "const express = require('express');",
  "const todos = require('./todos');",
  'const router = express.Router();',
  'const v1 = express.Router();',
  "v1.use('/todos', todos);",
  "router.use('/v1', v1);",
  'module.exports = router;',
  '',
].join('\n');
/** Lines 6-11 export, 13-15 delete. */
const TODOS = [
  "const express = require('express');",
  "const { exec } = require('child_process');",
  "const { db } = require('../db');",
  'const router = express.Router();',
  '',
  "router.post('/export', (req, res) => {",
  "  exec('zip -r /tmp/' + req.body.name + '.zip /var/todos', (err) => {",
  '    if (err) return res.status(500).end();',
  '    res.json({ file: req.body.name });',
  '  });',
  '});',
  '',
  "router.delete('/:id', async (req, res) => {",
  "  await db.run('DELETE FROM todos WHERE id = ' + req.params.id);",
  '});',
  '',
  'module.exports = router;',
  '',
].join('\n');

function workspace(appMount: string): string {
  const root = tempDir('mount-chain');
  mkdirSync(join(root, 'src/routes'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}\n');
  writeFileSync(join(root, 'src/app.js'), APP(appMount));
  writeFileSync(join(root, 'src/routes/api.js'), API);
  writeFileSync(join(root, 'src/routes/todos.js'), TODOS);
  return root;
}

describe('a chain of mounts', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeDir));
  const open = workspace("app.use('/api', require('./routes/api'));");
  const guarded = workspace("app.use('/api', requireLogin, require('./routes/api'));");
  roots.push(open, guarded);

  it('is followed to the app, through routers of the same file, with every prefix', () => {
    const chain = findMountChain(open, join(open, 'src/routes/todos.js'), defaultConfig());
    assert.deepEqual(
      chain.map((l) => `${l.file.slice(open.length + 1)} ${l.prefix}${l.local ? ` (${l.local})` : ''}`),
      ['src/routes/api.js /todos', 'src/routes/api.js /v1 (v1)', 'src/app.js /api'],
    );
    assert.equal(fullPrefix(chain), '/api/v1/todos');
  });

  it('is built once over files already read, with repository-relative paths', () => {
    const files = [
      { path: 'src/app.js', text: APP("app.use('/api', require('./routes/api'));") },
      { path: 'src/routes/api.js', text: API },
      { path: 'src/routes/todos.js', text: TODOS },
    ];
    const index = mountIndex(files);
    assert.deepEqual(index.chain('src/routes/todos.js').map((l) => `${l.path} ${l.prefix}`), ['src/routes/api.js /todos', 'src/routes/api.js /v1', 'src/app.js /api']);
    assert.equal(index.prefix('src/routes/api.js'), '/api');
    assert.equal(index.prefix('src/app.js'), undefined);
    assert.deepEqual(appRoutes(files).map((r) => `${r.method} ${r.path}`), ['POST /api/v1/todos/export', 'DELETE /api/v1/todos/:id']);
  });

  it("gives the ownership tests' route list every level of a three-level mount", () => {
    const file = join(open, 'src/routes/todos.js');
    const facts = gatherWorkspaceFacts({ root: open, base: open, file, text: TODOS, findings: [], rules: allRules, config: defaultConfig() });
    assert.deepEqual(
      (facts.routes ?? []).filter((r) => r.file === 'src/routes/todos.js').map((r) => `${r.method} ${r.path}`),
      ['POST /api/v1/todos/export', 'DELETE /api/v1/todos/:id'],
    );
  });

  it('ends where a file is met again, so mutual mounts cannot loop', () => {
    const root = tempDir('mount-cycle');
    roots.push(root);
    const router = (other: string) => ["const express = require('express');", 'const router = express.Router();', `router.use('/${other}', require('./${other}'));`, 'module.exports = router;', ''].join('\n');
    writeFileSync(join(root, 'a.js'), router('b'));
    writeFileSync(join(root, 'b.js'), router('a'));
    const chain = findMountChain(root, join(root, 'a.js'), defaultConfig());
    assert.deepEqual(chain.map((l) => l.prefix), ['/a']);
  });

  it('guards a route by a middleware at any level, and reads every level when none guards it', () => {
    const authOf = (root: string) => {
      const [inner, ...outer] = findMountChain(root, join(root, 'src/routes/todos.js'), defaultConfig());
      const level = (l: typeof inner): MountLevel => ({ path: l.file.slice(root.length + 1), text: l.text, prefix: l.prefix, ...(l.local ? { local: l.local } : {}) });
      const route = routesIn({ path: 'src/routes/todos.js', text: TODOS })[0];
      return routeAuthentication({ file: { path: 'src/routes/todos.js', text: TODOS }, handler: route.handler, mount: level(inner), outer: outer.map(level) });
    };
    const shut = authOf(guarded);
    assert.equal(shut.state, 'guarded');
    assert.equal(shut.state === 'guarded' && shut.where, 'src/app.js:4');
    const wide = authOf(open);
    assert.equal(wide.state, 'unguarded');
    assert.deepEqual(wide.state === 'unguarded' && wide.checked.map((c) => c.split(' (')[0]), ['src/app.js', 'src/routes/api.js', 'src/routes/api.js', 'src/routes/todos.js']);
  });

  it('gives a missing-login story the full paths of its routes', async () => {
    let stderr = '';
    const io = { stdout: { write: () => true, isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: open, env: {} };
    const code = await run(['story', 'src/routes/todos.js', '--lines', '6-11', '--yes', '--no-platform', '--prerequisites', 'with any user account'], io, { today: '2025-06-01' });
    assert.equal(code, 0, stderr);
    const tasks = readdirSync(join(open, 'backlog', 'tasks'));
    const missing = tasks.find((t) => /without-logging/.test(t));
    assert.ok(missing, tasks.join(', '));
    const text = readFileSync(join(open, 'backlog', 'tasks', missing), 'utf8');
    assert.match(text, /- `POST \/api\/v1\/todos\/export` \(line 6\): runs `zip` on the server/);
    assert.match(text, /- `DELETE \/api\/v1\/todos\/:id` \(line 13\): deletes a todo/);
    assert.match(text, /title: Delete a todo under \/api\/v1\/todos without logging in \(2 routes\)/);
  });
});
