// node:test glue for the end-to-end files: one packaged install per file, one VS Code per suite,
// a screenshot in test-results/ whenever a step fails, and code-server and Chromium always stopped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { ensureCodeServer, installPackagedExtension, VsCodeSession, type SessionOptions } from './codeServer';
import { Workbench } from './ui';

export interface SuiteHandle {
  /** Valid inside tests (after `before` ran). */
  readonly session: VsCodeSession;
  readonly workbench: Workbench;
}

let installed: { scratch: string; extensionsDir: string } | undefined;

function install(): string {
  if (!installed) {
    ensureCodeServer();
    const scratch = mkdtempSync(join(tmpdir(), 'rugged-e2e-install-'));
    installed = { scratch, extensionsDir: installPackagedExtension(scratch) };
    process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
  }
  return installed.extensionsDir;
}

/** Registers `before`/`after` hooks that start and always stop one VS Code for the enclosing suite. */
export function useVsCode(options: Omit<SessionOptions, 'extensionsDir'>): SuiteHandle {
  let current: { session: VsCodeSession; workbench: Workbench } | undefined;
  before(async () => {
    const session = await VsCodeSession.start({ ...options, extensionsDir: install() });
    current = { session, workbench: new Workbench(session.page) };
  });
  after(async () => {
    await current?.session.close();
    current = undefined;
  });
  return {
    get session() {
      if (!current) throw new Error('VS Code is not running (did `before` fail?)');
      return current.session;
    },
    get workbench() {
      if (!current) throw new Error('VS Code is not running (did `before` fail?)');
      return current.workbench;
    },
  };
}

/**
 * A UI test: a screenshot of the workbench if it fails, and a deadline far beyond any step's own
 * (those name what they waited for), so it only stops a test that hangs.
 */
export function uiTest(name: string, handle: SuiteHandle, body: (t: TestContext) => Promise<void>): void {
  test(name, { timeout: 600_000 }, async (t) => {
    try {
      await body(t);
    } catch (error) {
      const path = await handle.session.screenshot(name).catch(() => undefined);
      if (path) console.error(`Screenshot of the failure: ${path}`);
      throw error;
    }
  });
}
