// Finding git on PATH without ever picking one the workspace controls, and the environment git
// is started with.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gitEnvironment } from '../../server/src/git/command';
import { findGit, trustedPathEntries } from '../../server/src/git/executable';
import { readGitFacts } from '../../server/src/backlog/git/facts';
import { removeDir, tempDir } from './helpers';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

function folder(name: string, files: Record<string, number | 'dir'> = {}): string {
  const dir = tempDir(name);
  dirs.push(dir);
  for (const [file, mode] of Object.entries(files)) {
    if (mode === 'dir') {
      mkdirSync(join(dir, file));
    } else {
      writeFileSync(join(dir, file), '#!/bin/sh\nexit 0\n');
      chmodSync(join(dir, file), mode);
    }
  }
  return dir;
}

describe('findGit', () => {
  it('skips empty, relative and workspace entries and takes the first trusted executable', () => {
    const workspace = folder('ws', { git: 0o755 });
    mkdirSync(join(workspace, 'bin'));
    writeFileSync(join(workspace, 'bin', 'git'), '');
    chmodSync(join(workspace, 'bin', 'git'), 0o755);
    const system = folder('sys', { git: 0o755 });
    const path = ['.', '', 'bin', workspace, join(workspace, 'bin'), system].join(':');
    assert.equal(findGit({ path, platform: 'linux', untrusted: [workspace] }), join(system, 'git'));
  });

  it('skips files that are not executable regular files', () => {
    const notExecutable = folder('noexec', { git: 0o644 });
    const directory = folder('gitdir', { git: 'dir' });
    const good = folder('good', { git: 0o755 });
    assert.equal(findGit({ path: [notExecutable, directory, good].join(':'), platform: 'linux', untrusted: [] }), join(good, 'git'));
  });

  it('skips a trusted-looking entry that is a link into the workspace, and a git that links into it', () => {
    const workspace = folder('ws-link', { git: 0o755 });
    const links = folder('links');
    symlinkSync(workspace, join(links, 'to-workspace'));
    const other = folder('other');
    symlinkSync(join(workspace, 'git'), join(other, 'git'));
    const path = [join(links, 'to-workspace'), other].join(':');
    assert.equal(findGit({ path, platform: 'linux', untrusted: [workspace] }), undefined);
  });

  it('on Windows takes only what PATHEXT lists that starts without a shell', () => {
    const batchOnly = folder('win-bat', { 'git.bat': 0o644, 'git.cmd': 0o644 });
    const exe = folder('win-exe', { 'git.exe': 0o644 });
    const found = findGit({ path: `${batchOnly};${exe}`, pathext: '.COM;.EXE;.BAT;.CMD', platform: 'win32', untrusted: [] });
    assert.equal(found, join(exe, 'git.exe'));
  });

  it('gives undefined when no trusted entry holds git', () => {
    const workspace = folder('ws-only', { git: 0o755 });
    assert.equal(findGit({ path: `.::${workspace}`, platform: 'linux', untrusted: [workspace] }), undefined);
  });

  it('keeps only absolute entries outside the workspace for the PATH git runs with', () => {
    const workspace = folder('ws-path');
    assert.deepEqual(trustedPathEntries(`.::${workspace}:${join(workspace, 'x')}:/usr/bin:/usr/bin:bin`, [workspace], 'linux'), ['/usr/bin']);
  });
});

describe('gitEnvironment', () => {
  it('drops every inherited GIT_* and program variable and sets its own', () => {
    const env = gitEnvironment(
      { PATH: '/usr/bin', HOME: '/home/u', GIT_DIR: '/elsewhere', GIT_CONFIG_PARAMETERS: "'a.b'='c'", GIT_CONFIG_COUNT: '1', git_ssh: 'x', PAGER: 'x', SSH_ASKPASS: 'x', EDITOR: 'x', LANG: 'C' },
      [],
    );
    assert.equal(env.GIT_DIR, undefined);
    assert.equal(env.GIT_CONFIG_PARAMETERS, undefined);
    assert.equal(env.GIT_CONFIG_COUNT, undefined);
    assert.equal(env.git_ssh, undefined);
    assert.equal(env.PAGER, undefined);
    assert.equal(env.SSH_ASKPASS, undefined);
    assert.equal(env.EDITOR, undefined);
    assert.equal(env.LANG, 'C');
    assert.equal(env.HOME, '/home/u');
    assert.equal(env.GIT_TERMINAL_PROMPT, '0');
    assert.equal(env.GIT_NO_REPLACE_OBJECTS, '1');
    assert.equal(env.GIT_LITERAL_PATHSPECS, '1');
  });
});

describe('readGitFacts without git', () => {
  it('reports "git is not installed" instead of failing', async () => {
    const workspace = folder('nogit', { git: 0o755 });
    const saved = process.env.PATH;
    process.env.PATH = `.::${workspace}`;
    try {
      assert.deepEqual(await readGitFacts(workspace), { isRepo: false, note: 'git is not installed or not on PATH' });
    } finally {
      process.env.PATH = saved;
    }
  });
});
