// How Rugged runs git on a repository it does not trust yet. The repository's own configuration
// (.git/config and whatever it includes) can name programs that git runs: signature verifiers,
// pagers, editors, diff and filter drivers, credential helpers, hooks. Three layers keep them
// from running: Rugged only asks git plumbing questions that start no program (rev-parse,
// cat-file blob, rev-list), every configuration key whose value is a program is overridden on the
// command line (which wins over every file), and the environment is cleared of variables that
// name programs or inject configuration. git itself is found by absolute path (executable.ts).
// It lives outside the backlog because stories and `rugged scan --changed-since` both ask git.
import { execFile } from 'node:child_process';
import { findGit, trustedPathEntries } from './executable';

export interface GitResult {
  ok: boolean;
  stdout: string;
  /** Short reason when not ok: "git is not installed", the first line of stderr, ... */
  error?: string;
}

export const GIT_MISSING = 'git is not installed or not on PATH';

const NULL_DEVICE = process.platform === 'win32' ? 'NUL' : '/dev/null';

/**
 * Program-valued keys (git-config(1)) set to values that run nothing: empty resets a helper list
 * or turns a feature off, `:` is git's "no editor", `cat` its "no pager".
 */
const OVERRIDES: readonly (readonly [string, string])[] = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', NULL_DEVICE],
  ['core.pager', 'cat'],
  ['core.editor', ':'],
  ['sequence.editor', ':'],
  ['core.askPass', ''],
  ['core.sshCommand', ''],
  ['core.gitProxy', ''],
  ['core.alternateRefsCommand', ''],
  ['credential.helper', ''],
  ['diff.external', ''],
  ['log.showSignature', 'false'],
  ['gpg.program', ''],
  ['gpg.openpgp.program', ''],
  ['gpg.x509.program', ''],
  ['gpg.ssh.program', ''],
  ['gpg.ssh.defaultKeyCommand', ''],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
  ['core.useReplaceRefs', 'false'],
  // A workspace that is itself a bare repository would otherwise have its `config` read as git's.
  ['safe.bareRepository', 'explicit'],
];

const CONFIG_ARGS = OVERRIDES.flatMap(([key, value]) => ['-c', `${key}=${value}`]);

/** Variables that name a program git would run, or feed it configuration and repository paths. */
const DROPPED_VARIABLES = /^(GIT_.*|PAGER|LESSOPEN|LESSCLOSE|EDITOR|VISUAL|SSH_ASKPASS|SSH_ASKPASS_REQUIRE|DISPLAY_ASKPASS)$/i;

const TIMEOUT_MS = 10_000;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** The environment git runs in: no inherited GIT_* at all, and a PATH without the workspace. */
export function gitEnvironment(base: NodeJS.ProcessEnv, untrusted: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !DROPPED_VARIABLES.test(key) && !/^path$/i.test(key)) env[key] = value;
  }
  env.PATH = trustedPathEntries(pathOf(base), untrusted).join(process.platform === 'win32' ? ';' : ':');
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_NO_REPLACE_OBJECTS = '1';
  env.GIT_LITERAL_PATHSPECS = '1';
  env.GIT_PAGER = 'cat';
  env.GIT_EDITOR = ':';
  return env;
}

function pathOf(env: NodeJS.ProcessEnv): string {
  const key = Object.keys(env).find((k) => /^path$/i.test(k));
  return (key && env[key]) || '';
}

const resolved = new Map<string, string | undefined>();

/** git's absolute path for a command run in `cwd`, looked up once per PATH and folder. */
export function gitFor(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = pathOf(env);
  const key = `${path}\0${cwd}`;
  if (!resolved.has(key)) resolved.set(key, findGit({ path, pathext: env.PATHEXT, untrusted: [cwd] }));
  return resolved.get(key);
}

/** Program-valued keys a caller found in the repository's configuration and turns off for one command. */
export type ConfigOverride = readonly [key: string, value: string];

/** Runs `git <args>` in `cwd`; never throws. */
export function runGit(cwd: string, args: readonly string[], extraOverrides: readonly ConfigOverride[] = []): Promise<GitResult> {
  const git = gitFor(cwd);
  if (!git) return Promise.resolve({ ok: false, stdout: '', error: GIT_MISSING });
  return new Promise((resolvePromise) => {
    execFile(
      git,
      ['--no-pager', ...CONFIG_ARGS, ...extraOverrides.flatMap(([key, value]) => ['-c', `${key}=${value}`]), ...args],
      { cwd, timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, env: gitEnvironment(process.env, [cwd]) },
      (error, stdout, stderr) => {
        if (!error) return resolvePromise({ ok: true, stdout: String(stdout) });
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? GIT_MISSING : (String(stderr).split('\n').find((l) => l.trim()) ?? error.message.split('\n')[0]);
        resolvePromise({ ok: false, stdout: String(stdout), error: reason.trim() });
      },
    );
  });
}
