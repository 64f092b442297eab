// Builds the test-only GitHub sign-in: the stub authentication provider as an unpacked extension
// folder, and the preload that points the language server's api.github.com requests at the
// stand-in. Both are bundled into a scratch folder at test time, so nothing of them is shipped.
import { buildSync } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_VARIABLE, STAND_IN_VARIABLE, TOKEN_VARIABLE } from './signInEnvironment';

const PUBLISHER = 'rugged-test';
const NAME = 'github-sign-in-stub';
const VERSION = '0.0.1';

export interface GitHubSignInStub {
  /** The unpacked extension, named publisher.name-version as an extensions folder expects. */
  extensionFolder: string;
  /** The environment code-server needs: the preload, the token, the stand-in and the log. */
  environment(options: { token: string; standInUrl: string; log: string }): Record<string, string>;
}

export function buildGitHubSignInStub(scratch: string): GitHubSignInStub {
  const extensionFolder = join(scratch, `${PUBLISHER}.${NAME}-${VERSION}`);
  mkdirSync(extensionFolder, { recursive: true });
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' } as const;
  buildSync({ ...common, entryPoints: [join(__dirname, 'stubAuthProvider.ts')], outfile: join(extensionFolder, 'extension.js'), external: ['vscode'] });
  const manifest = {
    name: NAME,
    publisher: PUBLISHER,
    version: VERSION,
    engines: { vscode: '^1.100.0' },
    main: './extension.js',
    // Registered as the window opens, before any request for a GitHub session: VS Code then asks
    // this provider and never activates its built-in GitHub sign-in (which would need the internet).
    // VS Code's --disable-extension would switch the built-in off outright, but code-server 4.100.3
    // refuses that option ("Unknown option --disable-extension").
    activationEvents: ['*'],
    extensionKind: ['workspace'],
    contributes: { authentication: [{ id: 'github', label: 'GitHub' }] },
  };
  writeFileSync(join(extensionFolder, 'package.json'), JSON.stringify(manifest, null, 2));
  const preload = join(scratch, 'apiRedirect.cjs');
  buildSync({ ...common, entryPoints: [join(__dirname, 'apiRedirect.ts')], outfile: preload });
  return {
    extensionFolder,
    environment: ({ token, standInUrl, log }) => ({
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim(),
      [TOKEN_VARIABLE]: token,
      [STAND_IN_VARIABLE]: standInUrl,
      [LOG_VARIABLE]: log,
    }),
  };
}
