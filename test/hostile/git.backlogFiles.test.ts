// Hostile workspace: a backlog whose config.yml or task files are FIFOs, links to /dev/zero or huge.
// Reading the backlog must neither hang nor exhaust memory: the CLI answers within the harness's
// bounds, a bad config.yml is named in one line, and bad task files are skipped.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { assertBounded, hostileWorkspace, runCliBounded } from './harness';

const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((cleanup) => cleanup()));

const TASK = '---\nid: TASK-1\ntitle: Plain task\nstatus: To Do\n---\n\nA task written by hand.\n';

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

describe('backlog files that are not regular files', () => {
  it('a config.yml that is a FIFO or /dev/zero is refused in one line, without hanging', async () => {
    for (const entry of ['fifo', { symlink: '/dev/zero' }] as const) {
      const ws = hostileWorkspace({
        'src/app.js': 'module.exports = 1;\n',
        'backlog/tasks/task-1 - plain-task.md': TASK,
        ...(entry === 'fifo' ? {} : { 'backlog/config.yml': entry }),
      });
      cleanups.push(() => ws.remove());
      if (entry === 'fifo') mkfifo(join(ws.root, 'backlog/config.yml'));
      const result = await runCliBounded(['report', '--format', 'json'], { cwd: ws.root });
      assertBounded(result, [2]);
      assert.match(result.stderr, /^rugged: .*config\.yml cannot be used as Backlog\.md configuration: not a regular file: a (FIFO|device)\.\n$/);
    }
  });

  it('task files that are FIFOs, links to /dev/zero or too large are skipped', async () => {
    const ws = hostileWorkspace({
      'src/app.js': 'module.exports = 1;\n',
      'backlog/config.yml': 'task_prefix: "task"\n',
      'backlog/tasks/task-1 - plain-task.md': TASK,
      'backlog/tasks/task-3 - zero.md': { symlink: '/dev/zero' },
    });
    cleanups.push(() => ws.remove());
    mkfifo(join(ws.root, 'backlog/tasks/task-2 - fifo.md'));
    writeFileSync(join(ws.root, 'backlog/tasks/task-4 - huge.md'), `${TASK}${'x'.repeat(2 * 1024 * 1024)}\n`);
    const result = await runCliBounded(['report', '--format', 'json'], { cwd: ws.root });
    assertBounded(result, [0]);
    const report = JSON.parse(result.stdout) as { summary: { identified: { stories: number } } };
    assert.equal(report.summary.identified.stories, 0, 'a hand-written task is not an abuser story');
    const story = await runCliBounded(['story', 'src/app.js', '--yes', '--stride', 'T'], { cwd: ws.root });
    assertBounded(story, [0]);
    assert.match(story.stdout, /^backlog\/tasks\/task-5 - /, 'numbering still counts every task name');
  });
});
