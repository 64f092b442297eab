// The Backlog.md backlog on disk: layout, numbering under concurrency, duplicates, path safety and
// file systems that refuse to write.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { allRules } from '../../rules/index';
import { BacklogError } from '../../server/src/backlog/backlog';
import type { FileSystem } from '../../server/src/backlog/adapters/markdown/fileSystem';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import { buildStory } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

function workspace(name: string): string {
  const dir = tempDir(name);
  dirs.push(dir);
  return dir;
}

function shopStory(selection?: { startLine: number; endLine: number }, text = SHOP_TEXT, title?: string): Story {
  return buildStory({
    text,
    path: SHOP_PATH,
    selection,
    findings: findingsOf(text, SHOP_PATH),
    rules: allRules,
    now: FIXED_NOW,
    toolVersion: 'test',
    ...(title ? { choices: { title } } : {}),
  });
}

function plainStory(label: string, title = `Story ${label}`): Story {
  return buildStory({
    text: `function f_${label}() {\n  return '${label}';\n}\n`,
    path: `src/${label}.js`,
    selection: { startLine: 1, endLine: 3 },
    findings: [],
    rules: allRules,
    choices: { stride: ['T'], title },
    now: FIXED_NOW,
    toolVersion: 'test',
  });
}

function taskFiles(root: string, dir = 'backlog/tasks'): string[] {
  return readdirSync(join(root, dir)).sort();
}

describe('a workspace without a backlog', () => {
  const root = workspace('init');

  it('gets the layout backlog init makes, and the story as task-1', async () => {
    const backlog = new MarkdownBacklog({ root, now: () => FIXED_NOW });
    assert.deepEqual(await backlog.list(), []);
    const result = await backlog.create(shopStory({ startLine: 12, endLine: 15 }));
    assert.equal(result.created, true);
    assert.equal(result.story.id, 'TASK-1');
    for (const folder of ['tasks', 'drafts', 'completed', 'archive', 'docs', 'decisions', 'milestones']) {
      assert.ok(existsSync(join(root, 'backlog', folder)), folder);
    }
    const config = parseYaml(readFileSync(join(root, 'backlog/config.yml'), 'utf8')) as Record<string, unknown>;
    assert.equal(config.task_prefix, 'task');
    assert.deepEqual(config.statuses, ['To Do', 'In Progress', 'Done']);
    const files = taskFiles(root);
    assert.equal(files.length, 1);
    assert.match(files[0], /^task-1 - [a-z0-9-]+\.md$/);
    assert.equal(result.story.location, join(root, 'backlog/tasks', files[0]));
  });

  it('writes only Backlog.md keys in the front matter', () => {
    const text = readFileSync(join(root, 'backlog/tasks', taskFiles(root)[0]), 'utf8');
    const front = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(text)![1]) as Record<string, unknown>;
    assert.deepEqual(Object.keys(front), ['id', 'title', 'status', 'assignee', 'created_date', 'labels', 'priority', 'ordinal', 'dependencies']);
    assert.equal(front.status, 'To Do');
    assert.deepEqual(front.assignee, []);
    assert.equal(front.priority, 'high');
    assert.match(String(front.created_date), /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  });

  it('lists, gets and finds the story by fingerprint', async () => {
    const backlog = new MarkdownBacklog({ root });
    const [stored] = await backlog.list();
    assert.equal(stored.story?.entryPoint.symbol, 'GET /:id');
    assert.equal((await backlog.get('task-1'))?.id, 'TASK-1');
    assert.equal((await backlog.findByFingerprint(stored.story.fingerprint))?.id, 'TASK-1');
    assert.equal(await backlog.get('TASK-99'), undefined);
  });
});

describe('an existing Backlog.md configuration', () => {
  it('is followed: prefix, zero padding, statuses and the first status', async () => {
    const root = workspace('config');
    mkdirSync(join(root, 'backlog/tasks'), { recursive: true });
    writeFileSync(join(root, 'backlog/config.yml'), 'project_name: "x"\nstatuses: ["Backlog", "Doing", "Shipped"]\ntask_prefix: "sec"\nzero_padded_ids: 3\n');
    writeFileSync(join(root, 'backlog/tasks/sec-004 - older-task.md'), '---\nid: SEC-004\ntitle: Older\nstatus: Doing\n---\n');
    const backlog = new MarkdownBacklog({ root });
    const result = await backlog.create(plainStory('a'));
    assert.equal(result.story.id, 'SEC-005');
    assert.equal(result.story.status, 'Backlog');
    assert.ok(existsSync(join(root, 'backlog/tasks/sec-005 - story-a.md')));
    const done = readFileSync(result.story.location, 'utf8').replace('status: Backlog', 'status: Shipped');
    writeFileSync(result.story.location, done);
    assert.equal((await backlog.get('SEC-005'))?.done, true);
  });

  it('is found through a root backlog.config.yml naming another folder', async () => {
    const root = workspace('rootconfig');
    mkdirSync(join(root, '.backlog/tasks'), { recursive: true });
    writeFileSync(join(root, 'backlog.config.yml'), 'backlog_directory: ".backlog"\ntask_prefix: "abuse"\n');
    const result = await new MarkdownBacklog({ root }).create(plainStory('b'));
    assert.equal(result.story.id, 'ABUSE-1');
    assert.ok(result.story.location.startsWith(join(root, '.backlog/tasks/')));
    assert.equal(existsSync(join(root, 'backlog')), false);
  });

  it('recreates a deleted tasks folder', async () => {
    const root = workspace('notasks');
    mkdirSync(join(root, 'backlog'));
    writeFileSync(join(root, 'backlog/config.yml'), 'task_prefix: "task"\n');
    const result = await new MarkdownBacklog({ root }).create(plainStory('n'));
    assert.equal(result.story.id, 'TASK-1');
    assert.deepEqual(taskFiles(root), ['task-1 - story-n.md']);
  });

  it('counts completed and archived tasks so numbers are never reused', async () => {
    const root = workspace('numbers');
    await new MarkdownBacklog({ root }).create(plainStory('first'));
    writeFileSync(join(root, 'backlog/completed/task-7 - done-long-ago.md'), '---\nid: TASK-7\ntitle: x\nstatus: Done\n---\n');
    writeFileSync(join(root, 'backlog/archive/tasks/task-9 - archived.md'), '---\nid: TASK-9\ntitle: x\nstatus: To Do\n---\n');
    const result = await new MarkdownBacklog({ root }).create(plainStory('second'));
    assert.equal(result.story.id, 'TASK-10');
  });
});

describe('concurrent raises', () => {
  it('give distinct numbers to stories raised by promises at the same moment', async () => {
    const root = workspace('promises');
    const backlog = new MarkdownBacklog({ root });
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((l) => backlog.create(plainStory(l))));
    const ids = results.map((r) => r.story.id).sort();
    assert.equal(new Set(ids).size, 6);
    assert.deepEqual(ids.map((id) => Number(id.split('-')[1])).sort((x, y) => x - y), [1, 2, 3, 4, 5, 6]);
    assert.equal(taskFiles(root).filter((f) => f.endsWith('.md')).length, 6);
    assert.deepEqual(taskFiles(root).filter((f) => !f.endsWith('.md')), [], 'no lock or temporary file left');
  });

  it('give distinct numbers to stories raised by separate processes', async () => {
    const root = workspace('processes');
    const storiesDir = workspace('processes-input');
    const run = (label: string) =>
      new Promise<string[]>((resolve, reject) => {
        const file = join(storiesDir, `${label}.json`);
        writeFileSync(file, JSON.stringify([plainStory(`${label}1`), plainStory(`${label}2`)]));
        execFile(process.execPath, ['--import', 'tsx', join(__dirname, 'raiseWorker.ts'), root, file], { cwd: join(__dirname, '../..') }, (error, stdout, stderr) => {
          if (error) reject(new Error(`${error.message}\n${stderr}`));
          else resolve(JSON.parse(stdout) as string[]);
        });
      });
    const ids = (await Promise.all([run('p'), run('q'), run('r')])).flat();
    assert.equal(ids.length, 6);
    assert.equal(new Set(ids).size, 6, ids.join());
    assert.equal(taskFiles(root).filter((f) => f.endsWith('.md')).length, 6);
  });

  it('of the same story make one story', async () => {
    const root = workspace('same');
    const backlog = new MarkdownBacklog({ root });
    const results = await Promise.all([1, 2, 3].map(() => backlog.create(shopStory())));
    assert.equal(results.filter((r) => r.created).length, 1);
    assert.equal(new Set(results.map((r) => r.story.id)).size, 1);
    assert.equal(taskFiles(root).length, 1);
  });
});

describe('duplicates', () => {
  const root = workspace('dupes');
  const backlog = new MarkdownBacklog({ root });

  it('raising the same finding twice returns the first story', async () => {
    const first = await backlog.create(shopStory({ startLine: 12, endLine: 15 }));
    const again = await backlog.create(shopStory({ startLine: 12, endLine: 15 }));
    assert.equal(again.created, false);
    assert.equal(again.story.id, first.story.id);
    assert.equal(again.story.location, first.story.location);
    assert.equal(taskFiles(root).length, 1);
  });

  it('is recognised after the code moved and with another title', async () => {
    const moved = shopStory({ startLine: 14, endLine: 17 }, '// new header\n\n' + SHOP_TEXT, 'A different title');
    const result = await backlog.create(moved);
    assert.equal(result.created, false);
    assert.equal(result.story.id, 'TASK-1');
  });

  it('a finding already covered by a wider story is not filed again', async () => {
    const wide = await backlog.create(shopStory());
    assert.equal(wide.created, true, 'the whole-file story links more findings, so it is new');
    const narrow = await backlog.create(shopStory({ startLine: 6, endLine: 10 }));
    assert.equal(narrow.created, false);
    assert.equal(narrow.story.id, wide.story.id);
  });
});

describe('path safety', () => {
  it('keeps a title with traversal and separators out of the file name', async () => {
    const root = workspace('traversal');
    const result = await new MarkdownBacklog({ root }).create(plainStory('t', '../../../../tmp/pwned\\..\\x'));
    const files = taskFiles(root);
    assert.deepEqual(files, ['task-1 - tmp-pwned-x.md']);
    assert.equal(result.story.title, '../../../../tmp/pwned\\..\\x');
  });

  it('rejects a backlog folder outside the workspace, absolute or relative', async () => {
    const root = workspace('outside');
    for (const directory of ['../elsewhere', '/tmp/rugged-backlog-abs']) {
      await assert.rejects(new MarkdownBacklog({ root, directory }).create(plainStory('o')), (error: unknown) => {
        assert.ok(error instanceof BacklogError);
        assert.equal(error.code, 'outside-workspace');
        assert.match(error.message, new RegExp(directory.replace(/[./]/g, '\\$&')));
        return true;
      });
    }
    assert.equal(existsSync(join(root, '../elsewhere')), false);
  });

  it('rejects a symlinked backlog folder that points outside, naming the path', async () => {
    const root = workspace('symlink');
    const outside = workspace('symlink-target');
    mkdirSync(join(outside, 'tasks'));
    writeFileSync(join(outside, 'config.yml'), 'task_prefix: "task"\n');
    symlinkSync(outside, join(root, 'backlog'));
    await assert.rejects(new MarkdownBacklog({ root }).create(plainStory('s')), (error: unknown) => {
      assert.ok(error instanceof BacklogError);
      assert.equal(error.code, 'outside-workspace');
      assert.ok(error.message.includes(join(root, 'backlog')), error.message);
      assert.ok(error.message.includes(outside), error.message);
      return true;
    });
    assert.deepEqual(readdirSync(join(outside, 'tasks')), []);
  });

  it('rejects a symlinked tasks folder that points outside', async () => {
    const root = workspace('symlink-tasks');
    const outside = workspace('symlink-tasks-target');
    mkdirSync(join(root, 'backlog'));
    writeFileSync(join(root, 'backlog/config.yml'), 'task_prefix: "task"\n');
    symlinkSync(outside, join(root, 'backlog/tasks'));
    await assert.rejects(new MarkdownBacklog({ root }).create(plainStory('s')), /outside/);
    assert.deepEqual(readdirSync(outside), []);
  });
});

describe('special files in the backlog', () => {
  it('lists past a FIFO and a link to /dev/zero among the task files, without reading them', async () => {
    const root = workspace('special-tasks');
    const backlog = new MarkdownBacklog({ root });
    const first = await backlog.create(plainStory('a'));
    execFileSync('mkfifo', [join(root, 'backlog/tasks/task-7 - Pipe.md')]);
    symlinkSync('/dev/zero', join(root, 'backlog/tasks/task-8 - Zero.md'));
    assert.deepEqual((await backlog.list()).map((s) => s.id), [first.story.id]);
  });

  it('refuses a config.yml that is a FIFO, naming it and the reason', async () => {
    const root = workspace('special-config');
    mkdirSync(join(root, 'backlog'), { recursive: true });
    execFileSync('mkfifo', [join(root, 'backlog/config.yml')]);
    await assert.rejects(new MarkdownBacklog({ root }).list(), (error: unknown) => {
      assert.ok(error instanceof BacklogError);
      assert.equal(error.code, 'invalid-config');
      assert.match(error.message, /backlog\/config\.yml cannot be used as Backlog\.md configuration: not a regular file: a FIFO/);
      return true;
    });
  });
});

describe('a file system that refuses', () => {
  function failing(code: string, when: (path: string) => boolean): FileSystem {
    const open = (async (path: string, flags: string, mode?: number) => {
      const handle = await fsp.open(path, flags, mode);
      if (!when(String(path))) return handle;
      return {
        writeFile: async () => {
          // Part of the content reaches the disk before the device fills up.
          await handle.write('---\nid: TASK-');
          throw Object.assign(new Error(`${code}: simulated`), { code });
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    }) as unknown as typeof fsp.open;
    return { ...fsp, open };
  }

  for (const [code, kind] of [
    ['ENOSPC', 'no-space'],
    ['EACCES', 'permission-denied'],
    ['EROFS', 'read-only'],
  ] as const) {
    it(`(${code}) gives an error naming the target file and leaves nothing half-written`, async () => {
      const root = workspace(`refuse-${code}`);
      await new MarkdownBacklog({ root }).layout(true);
      const backlog = new MarkdownBacklog({ root, fs: failing(code, (p) => p.endsWith('.tmp')) });
      await assert.rejects(backlog.create(plainStory('x')), (error: unknown) => {
        assert.ok(error instanceof BacklogError, String(error));
        assert.equal(error.code, kind);
        assert.ok(error.message.includes(join(root, 'backlog/tasks/task-1 - story-x.md')), error.message);
        return true;
      });
      assert.deepEqual(taskFiles(root), []);
    });
  }

  it('reports a refused folder creation with the folder name', async () => {
    const root = workspace('refuse-mkdir');
    const mkdir = (() => Promise.reject(Object.assign(new Error('EACCES: simulated'), { code: 'EACCES' }))) as unknown as typeof fsp.mkdir;
    await assert.rejects(new MarkdownBacklog({ root, fs: { ...fsp, mkdir } }).create(plainStory('m')), (error: unknown) => {
      assert.ok(error instanceof BacklogError);
      assert.ok(error.message.includes(join(root, 'backlog')), error.message);
      return true;
    });
  });
});
