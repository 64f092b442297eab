// Hostile workspace: a backlog folder setting that points at Git's own folder, the workspace root,
// or out of the workspace (absolute, `..`, symbolic links), from .rugged.json or from --backlog.
// Through the real CLI, each is refused in one line naming the setting and the value, and nothing
// is created anywhere.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { assertBounded, hostileWorkspace, runCliBounded } from './harness';

const APP = [
  "const express = require('express');",
  "const { Pool } = require('pg');",
  'const pool = new Pool();',
  'const router = express.Router();',
  "router.get('/:id', async (req, res) => {",
  "  const result = await pool.query('SELECT * FROM products WHERE id = ' + req.params.id);",
  '  res.json(result.rows[0]);',
  '});',
  '',
].join('\n');

/** Every entry under `dir` with its kind and size, to prove nothing was created or changed. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string, rel: string) => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      const stats = lstatSync(full);
      out.push(`${rel}${name} ${stats.isDirectory() ? 'dir' : stats.isSymbolicLink() ? 'link' : stats.size}`);
      if (stats.isDirectory()) walk(full, `${rel}${name}/`);
    }
  };
  walk(dir, '');
  return out;
}

const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((cleanup) => cleanup()));

/** A Git repository with an app, a folder outside it, and links out of it, to .git and to itself. */
function workspace(): { root: string; outside: string } {
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-outside-')));
  const ws = hostileWorkspace({
    'src/app.js': APP,
    'link-out': { symlink: outside },
    'link-git': { symlink: '.git' },
    'link-hooks': { symlink: '.git/hooks' },
    'link-root': { symlink: '.' },
    // A folder that Git uses as its own through a `.git` file elsewhere; it has Git's shape.
    'meta/HEAD': 'ref: refs/heads/main\n',
    'meta/objects/.keep': '',
    'meta/refs/.keep': '',
  });
  execFileSync('git', ['init', '-q'], { cwd: ws.root });
  cleanups.push(() => {
    ws.remove();
    rmSync(outside, { recursive: true, force: true });
  });
  return { root: ws.root, outside };
}

function assertRefused(result: Awaited<ReturnType<typeof runCliBounded>>, setting: string, value: string): void {
  assertBounded(result, [2]);
  const lines = result.stderr.trimEnd().split('\n');
  const refusal = lines.at(-1) ?? '';
  assert.ok(refusal.startsWith(`rugged: ${setting} "${value}" is refused: `), result.stderr);
  assert.ok(lines.every((line) => line.startsWith('rugged: ')), `one line per message, no stack trace:\n${result.stderr}`);
  assert.equal(result.stdout, '');
}

describe('backlog.directory in .rugged.json', () => {
  const { root, outside } = workspace();
  const values = ['.git/hooks', '.git', '.GIT/hooks', '.', './', 'src/..', outside, join(outside, 'backlog'), '../outside', 'a/../../b', 'link-out', 'link-out/backlog', 'link-git', 'link-hooks/tasks', 'link-root', 'meta', 'meta/hooks'];

  for (const value of values) {
    it(`refuses ${JSON.stringify(value)} for story and report, creating nothing`, async () => {
      writeFileSync(join(root, '.rugged.json'), JSON.stringify({ backlog: { directory: value } }));
      const before = [snapshot(root), snapshot(outside)];
      assertRefused(await runCliBounded(['story', 'src/app.js', '--yes'], { cwd: root }), 'backlog.directory (.rugged.json)', value);
      assertRefused(await runCliBounded(['report'], { cwd: root }), 'backlog.directory (.rugged.json)', value);
      assert.deepEqual([snapshot(root), snapshot(outside)], before, 'something was created');
    });
  }

  it('accepts a folder of its own inside the workspace', async () => {
    writeFileSync(join(root, '.rugged.json'), JSON.stringify({ backlog: { directory: 'security/backlog' } }));
    const result = await runCliBounded(['story', 'src/app.js', '--yes'], { cwd: root });
    assertBounded(result, [0]);
    assert.match(result.stdout, /^security\/backlog\/tasks\/task-1 - .*\.md\n$/);
  });
});

describe('--backlog', () => {
  const { root, outside } = workspace();

  for (const value of ['.git', '.git/hooks', '.', outside, '../elsewhere', 'link-git', 'link-out']) {
    it(`refuses ${JSON.stringify(value)} for story and report, creating nothing`, async () => {
      const before = [snapshot(root), snapshot(outside)];
      assertRefused(await runCliBounded(['story', 'src/app.js', '--yes', '--backlog', value], { cwd: root }), '--backlog', value);
      assertRefused(await runCliBounded(['report', '--backlog', value], { cwd: root }), '--backlog', value);
      assert.deepEqual([snapshot(root), snapshot(outside)], before, 'something was created');
    });
  }

  it('also when the folder already looks like a backlog', async () => {
    mkdirSync(join(root, '.git', 'tasks'), { recursive: true });
    writeFileSync(join(root, '.git', 'config.yml'), 'task_prefix: "task"\n');
    const before = snapshot(root);
    assertRefused(await runCliBounded(['story', 'src/app.js', '--yes', '--backlog', '.git'], { cwd: root }), '--backlog', '.git');
    // And a default-named link to it is refused as well, though nobody configured it.
    symlinkSync('.git', join(root, 'backlog'));
    const linked = await runCliBounded(['story', 'src/app.js', '--yes'], { cwd: root });
    assertBounded(linked, [2]);
    assert.match(linked.stderr, /"backlog" is refused: .* inside Git's own folder/);
    rmSync(join(root, 'backlog'));
    assert.deepEqual(snapshot(root), before);
  });
});
