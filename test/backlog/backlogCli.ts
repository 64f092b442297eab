// Runs the real Backlog.md CLI that scripts/setup-backlog-cli.sh installs into .cache/backlog-md/
// (npm test runs that script first), so tests read Rugged's stories back the way a team would.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const BACKLOG_CLI = join(resolve(__dirname, '..', '..'), '.cache', 'backlog-md', 'node_modules', 'backlog.md', 'cli.js');

/** `backlog <args>` in `cwd`; resolves with its standard output, rejects with everything it said. */
export function backlogCli(cwd: string, ...args: string[]): Promise<string> {
  assert.ok(existsSync(BACKLOG_CLI), `the Backlog.md CLI is missing: run scripts/setup-backlog-cli.sh (npm test does it first)`);
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, [BACKLOG_CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', CI: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`backlog ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolvePromise(String(stdout));
    });
  });
}
