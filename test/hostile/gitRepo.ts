// A repository an attacker prepared for the git tests: its .git/config (and a file it includes)
// sets every configuration key whose value is a program to a script that leaves a marker file,
// every hook is such a script, .gitattributes sends every file through hostile drivers, and the
// newest commits carry signatures (OpenPGP, SSH, X.509) that `git log --show-signature` would hand
// to those programs. The markers live outside the workspace, so scanning it cannot create them.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHOP_TEXT } from '../backlog/helpers';
import { hostileWorkspace } from './harness';

/** Keys whose value git runs as a program (git-config(1)); `!` marks shell-command values. */
const PROGRAM_KEYS: readonly string[] = [
  'gpg.program',
  'gpg.openpgp.program',
  'gpg.x509.program',
  'gpg.ssh.program',
  'gpg.ssh.defaultKeyCommand',
  'core.pager',
  'pager.log',
  'pager.rev-list',
  'pager.rev-parse',
  'pager.cat-file',
  'pager.remote',
  'core.editor',
  'sequence.editor',
  'core.askPass',
  'core.sshCommand',
  'core.gitProxy',
  'core.alternateRefsCommand',
  'core.fsmonitor',
  'credential.helper',
  'credential.https://github.com.helper',
  'diff.external',
  'diff.evil.command',
  'diff.evil.textconv',
  'filter.evil.clean',
  'filter.evil.smudge',
  'filter.evil.process',
  'merge.evil.driver',
  'mergetool.evil.cmd',
  'difftool.evil.cmd',
  'remote.origin.uploadpack',
  'remote.origin.receivepack',
  'uploadpack.packObjectsHook',
  'browser.evil.cmd',
  'man.evil.cmd',
  'trailer.evil.command',
  'hook.evil.command',
  'sendemail.smtpServer',
];
/** Values that git runs through the shell when they start with `!`. */
const SHELL_KEYS: readonly string[] = ['alias.rev-parse', 'alias.cat-file', 'alias.rev-list', 'alias.remote', 'alias.log', 'submodule.evil.update'];
/** Keys set in a file the repository's config includes, so an include cannot bring a program in. */
const INCLUDED_KEYS: readonly string[] = ['pager.rev-list', 'gpg.program', 'core.fsmonitor', 'diff.evil.textconv'];

const HOOKS = [
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg',
  'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive',
  'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate',
  'fsmonitor-watchman', 'post-index-change',
];

export interface HostileRepo {
  root: string;
  /** The signed commits, newest first. */
  signed: string[];
  /** Names of the markers left by whatever ran. */
  markers: () => string[];
  remove: () => void;
}

/** Runs the test's own git with no repository config in play (the hostile one is written last). */
function setupGit(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

const SIGNATURES = [
  ['-----BEGIN PGP SIGNATURE-----', 'iQEzBAABCAAdFiEEcGVybWlzc2lvbnMgYXJlIG5vdCBjaGVja2Vk', '-----END PGP SIGNATURE-----'],
  ['-----BEGIN SSH SIGNATURE-----', 'U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg', '-----END SSH SIGNATURE-----'],
  ['-----BEGIN SIGNED MESSAGE-----', 'MIAGCSqGSIb3DQEHAqCAMIACAQExDTALBglghkgBZQMEAgEw', '-----END SIGNED MESSAGE-----'],
];

export function hostileRepo(extraFiles: Record<string, string> = {}): HostileRepo {
  const markerDir = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-markers-')));
  const workspace = hostileWorkspace({
    'src/products.js': SHOP_TEXT,
    '.gitattributes': '* diff=evil filter=evil merge=evil\n',
    ...extraFiles,
  });
  const root = workspace.root;
  setupGit(root, ['init', '-q', '-b', 'main']);
  setupGit(root, ['config', 'user.name', 'Rugged Test']);
  setupGit(root, ['config', 'user.email', 'test@example.invalid']);
  setupGit(root, ['config', 'commit.gpgsign', 'false']);
  setupGit(root, ['remote', 'add', 'origin', 'https://github.com/acme/shop.git']);
  setupGit(root, ['add', '-A']);
  // A day in the past: stories carry their creation time to the minute, so a first commit made in
  // the same minute as the story would count as work done after it.
  const yesterday = `@${Math.floor(Date.now() / 1000) - 86_400} +0000`;
  execFileSync('git', ['commit', '-q', '-m', 'Shop'], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_DATE: yesterday, GIT_COMMITTER_DATE: yesterday },
  });

  // Signed commits a day in the future, so `rugged report` lists them for a story raised today.
  const signed: string[] = [];
  const when = Math.floor(Date.now() / 1000) + 86_400;
  SIGNATURES.forEach(([begin, body, end], index) => {
    writeFileSync(join(root, 'src/products.js'), `${SHOP_TEXT}// signed change ${index}\n`);
    setupGit(root, ['add', 'src/products.js']);
    const tree = setupGit(root, ['write-tree']).trim();
    const parent = setupGit(root, ['rev-parse', 'HEAD']).trim();
    const commit = [
      `tree ${tree}`,
      `parent ${parent}`,
      `author Rugged Test <test@example.invalid> ${when + index} +0000`,
      `committer Rugged Test <test@example.invalid> ${when + index} +0000`,
      `gpgsig ${begin}`,
      ' ',
      ` ${body}`,
      ` ${end}`,
      '',
      `Signed change ${index}`,
      '',
    ].join('\n');
    const hash = setupGit(root, ['hash-object', '-t', 'commit', '-w', '--stdin'], commit).trim();
    setupGit(root, ['update-ref', 'refs/heads/main', hash]);
    signed.unshift(hash);
  });

  const scripts = join(root, '.git', 'x');
  mkdirSync(scripts);
  const script = (name: string): string => {
    const path = join(scripts, `${name.replace(/[^A-Za-z0-9.-]/g, '_')}.sh`);
    writeFileSync(path, `#!/bin/sh\necho ran > '${join(markerDir, name.replace(/[^A-Za-z0-9.-]/g, '_'))}'\ncat >/dev/null 2>&1\nexit 0\n`);
    chmodSync(path, 0o755);
    return path;
  };
  // Written with --file from outside the repository, so the test's own git reads none of it.
  const setKey = (file: string, key: string, value: string) => setupGit(markerDir, ['config', '--file', file, '--add', key, value]);
  const config = join(root, '.git', 'config');
  for (const key of PROGRAM_KEYS) setKey(config, key, script(key));
  for (const key of SHELL_KEYS) setKey(config, key, `!${script(key)}`);
  setKey(config, 'log.showSignature', 'true');
  setKey(config, 'hook.evil.event', 'reference-transaction');
  setKey(config, 'submodule.evil.url', './evil');
  const included = join(root, 'evil.gitconfig');
  for (const key of INCLUDED_KEYS) setKey(included, key, script(`included-${key}`));
  setKey(config, 'include.path', included);
  setKey(config, `includeIf.gitdir:${root}/.git.path`, included);

  const hooksPath = join(root, '.git', 'evil-hooks');
  mkdirSync(hooksPath);
  setKey(config, 'core.hooksPath', hooksPath);
  for (const hook of HOOKS) {
    for (const folder of [join(root, '.git', 'hooks'), hooksPath]) {
      const path = join(folder, hook);
      writeFileSync(path, `#!/bin/sh\necho ran > '${join(markerDir, `hook-${hook}`)}'\nexit 0\n`);
      chmodSync(path, 0o755);
    }
  }
  writeFileSync(join(root, '.git', 'info', 'attributes'), '* diff=evil filter=evil merge=evil\n');

  return {
    root,
    signed,
    markers: () => readdirSync(markerDir).sort(),
    remove() {
      workspace.remove();
      rmSync(markerDir, { recursive: true, force: true });
    },
  };
}
