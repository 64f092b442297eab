// A superset selection extends the story it covers: `rugged story --extend <id>` adds the new
// findings and criteria to the existing task, keeps its key, title and ticked boxes, and the file
// still round-trips through the real Backlog.md CLI.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { backlogCli } from './backlogCli';
import { initRepo, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

async function rugged(root: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
  const code = await run(args, io, { today: '2025-06-01' });
  return { code, stdout, stderr };
}

describe('rugged story --extend', () => {
  const root = tempDir('extend');
  after(() => removeDir(root));
  initRepo(root);
  mkdirSync(dirname(join(root, SHOP_PATH)), { recursive: true });
  writeFileSync(join(root, SHOP_PATH), SHOP_TEXT);
  writeFileSync(join(root, 'package.json'), '{ "name": "shop" }\n');
  let first: Story;

  it('is offered when a superset selection covers an open story', async () => {
    const raised = await rugged(root, 'story', SHOP_PATH, '--lines', '6-10', '--yes', '--no-platform', '--format', 'json');
    assert.equal(raised.code, 0, raised.stderr);
    first = (JSON.parse(raised.stdout) as { story: Story }).story;
    await backlogCli(root, 'task', 'edit', '1', '--check-ac', '1', '-a', '@dana');
    const wider = await rugged(root, 'story', SHOP_PATH, '--lines', '6-15', '--yes', '--no-platform');
    assert.equal(wider.code, 0, wider.stderr);
    assert.match(wider.stderr, /with --extend TASK-1, or pass --separate/);
    assert.equal((await new MarkdownBacklog({ root }).list()).length, 1, 'nothing filed');
  });

  it('adds the new findings and criteria to the task, keeping its key, title, owner and ticks', async () => {
    const extended = await rugged(root, 'story', SHOP_PATH, '--lines', '6-15', '--yes', '--no-platform', '--extend', 'TASK-1', '--format', 'json');
    assert.equal(extended.code, 0, extended.stderr);
    const out = JSON.parse(extended.stdout) as { id: string; addedFindings: number; addedCriteria: number };
    assert.equal(out.id, 'TASK-1');
    assert.equal(out.addedFindings, 1);
    assert.ok(out.addedCriteria >= 1);
    assert.match(extended.stderr, /extended TASK-1 with 1 finding/);

    const stored = (await new MarkdownBacklog({ root }).get('TASK-1'))!;
    assert.ok(stored.story, stored.problem);
    assert.equal(stored.story.key, first.key);
    assert.equal(stored.title, first.title);
    assert.deepEqual(stored.assignee, ['@dana']);
    assert.equal(stored.story.findings.length, first.findings.length + 1);
    assert.ok(stored.story.findings.some((f) => f.lines[0] === 13), 'the id route joined the story');
    assert.equal(stored.acceptanceCriteria[0].checked, true, 'the ticked box stays ticked');
    assert.equal(stored.acceptanceCriteria.length, first.acceptanceCriteria.length + out.addedCriteria);
    assert.ok(stored.acceptanceCriteria.some((c) => /13/.test(c.text)), stored.acceptanceCriteria.map((c) => c.text).join('\n'));
  });

  it('still round-trips through backlog task edit (title, status, criteria) and backlog task view', async () => {
    await backlogCli(root, 'task', 'edit', '1', '-t', 'Injection through the product routes', '-s', 'In Progress', '--check-ac', '2');
    const view = await backlogCli(root, 'task', 'view', '1', '--plain');
    assert.match(view, /Injection through the product routes/);
    assert.match(view, /sql\/no-string-built-query/, 'the description names the findings');
    const stored = (await new MarkdownBacklog({ root }).get('TASK-1'))!;
    assert.ok(stored.story, stored.problem);
    assert.equal(stored.title, 'Injection through the product routes');
    assert.equal(stored.status, 'In Progress');
    assert.deepEqual(stored.acceptanceCriteria.slice(0, 2).map((c) => c.checked), [true, true]);
    assert.equal(stored.story.findings.length, first.findings.length + 1);
    assert.ok(readFileSync(stored.location, 'utf8').includes(first.key));
  });

  it('refuses a story of another file', async () => {
    writeFileSync(join(root, 'src/other.js'), "const { Pool } = require('pg');\nconst pool = new Pool();\nmodule.exports = (req) => pool.query('SELECT ' + req.query.x);\n");
    const refused = await rugged(root, 'story', 'src/other.js', '--yes', '--no-platform', '--extend', 'TASK-1');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /TASK-1 is about src\/routes\/products\.js, not src\/other\.js/);
  });
});
