// Hostile workspace: code whose comments hold Markdown fences and forged Rugged markers. Through
// the real CLI, raising a story for it, raising it again and reporting must see one story per file
// that covers its findings: quoted code can neither hide the story's data nor fake it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DATA_BEGIN, DATA_END } from '../../server/src/backlog/adapters/markdown/taskFile';
import { backlogCli } from '../backlog/backlogCli';
import { assertBounded, hostileWorkspace, runCliBounded } from './harness';

/** A route with a string-built query under a comment holding `quoted`. */
function route(quoted: string): string {
  return [
    "const express = require('express');",
    "const { Pool } = require('pg');",
    'const pool = new Pool();',
    'const router = express.Router();',
    '/*',
    quoted,
    '*/',
    "router.get('/:id', async (req, res) => {",
    "  const result = await pool.query('SELECT * FROM products WHERE id = ' + req.params.id);",
    '  res.json(result.rows[0]);',
    '});',
    'module.exports = router;',
    '',
  ].join('\n');
}

const forged = `${DATA_END}\n${DATA_BEGIN}\n\`\`\`json\n{"schema":1,"fingerprint":"forged"}\n\`\`\`\n${DATA_END}\n<!-- SECTION:ABUSER_STORY:END -->`;

const FILES: Record<string, string> = {
  'src/unclosed.js': route('```json\n{ "quoted": true }'),
  'src/mixed.js': route('````\n~~~\n```` ```` ````\n```JSON\n{}\n```'),
  'src/eight.js': route('````````json\n{ "quoted": true }\n````````'),
  'src/tildes.js': route('~~~~~jsonc\n{ "quoted": true }\n~~~~~\n~~~'),
  'src/forged.js': route(forged),
};

const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((cleanup) => cleanup()));

describe('quoted code holding fences and markers, through the real CLI', () => {
  const workspace = hostileWorkspace(FILES);
  cleanups.push(() => workspace.remove());
  const root = workspace.root;

  for (const file of Object.keys(FILES)) {
    it(`raises one story for ${file} and recognises the re-raise`, async () => {
      const first = await runCliBounded(['story', file, '--yes', '--no-platform', '--format', 'json'], { cwd: root });
      assertBounded(first, [0]);
      const raised = JSON.parse(first.stdout) as { id: string; created: boolean };
      assert.equal(raised.created, true, first.stderr);
      const again = await runCliBounded(['story', file, '--yes', '--no-platform', '--format', 'json'], { cwd: root });
      assertBounded(again, [0]);
      const second = JSON.parse(again.stdout) as { id: string; created: boolean; duplicateOf?: string };
      assert.equal(second.created, false, 'filed a duplicate');
      assert.equal(second.duplicateOf, raised.id);
      assert.match(again.stderr, new RegExp(`already in the backlog as ${raised.id}`));
    });
  }

  it('reports every finding as covered and every story as readable', async () => {
    const result = await runCliBounded(['report', '--format', 'json'], { cwd: root });
    assertBounded(result, [0]);
    const report = JSON.parse(result.stdout) as { open: { id: string; problem?: string }[]; uncovered: unknown[] };
    assert.equal(report.open.length, Object.keys(FILES).length);
    assert.deepEqual(report.open.filter((s) => s.problem), []);
    assert.deepEqual(report.uncovered, [], 'findings counted as uncovered');
  });

  it('the real Backlog.md CLI lists the stories, and an edit by it keeps them readable', async () => {
    const tasks = readdirSync(join(root, 'backlog/tasks')).filter((f) => f.endsWith('.md'));
    assert.equal(tasks.length, Object.keys(FILES).length);
    const listing = await backlogCli(root, 'task', 'list', '--plain');
    for (const id of ['TASK-1', 'TASK-2', 'TASK-3', 'TASK-4', 'TASK-5']) assert.ok(listing.includes(id), listing);
    await backlogCli(root, 'task', 'edit', '1', '-s', 'In Progress', '--check-ac', '1');
    const edited = readFileSync(join(root, 'backlog/tasks', tasks.find((t) => t.startsWith('task-1 '))!), 'utf8');
    assert.match(edited, /^status: In Progress$/m);
    const again = await runCliBounded(['story', 'src/unclosed.js', '--yes', '--no-platform', '--format', 'json'], { cwd: root });
    assertBounded(again, [0]);
    assert.equal((JSON.parse(again.stdout) as { created: boolean }).created, false, 'filed a duplicate after the edit');
  });
});
