// Starts a fixture app written by a test (its app.js prints the port it listens on), as the team
// would start theirs before running a proposed test against it.
import { spawn, type ChildProcess } from 'node:child_process';

export function startFixtureApp(root: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['app.js'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePort, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolvePort({ child, port: Number(String(chunk).trim()) }));
    child.once('exit', (code) => reject(new Error(`the fixture app exited with ${code}`)));
  });
}
