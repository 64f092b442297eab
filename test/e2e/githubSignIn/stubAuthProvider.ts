// A test-only extension standing in for VS Code's GitHub sign-in: it registers the authentication
// provider 'github' and hands out one fixed token, so "Raise abuser story" against github.com takes
// the sign-in path (vscode.authentication.getSession) without a network. Bundled and installed by
// githubSignInStub.ts into one test's extensions folder only; it is never part of the .vsix.
import { appendFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { LOG_VARIABLE, TOKEN_VARIABLE } from './signInEnvironment';

export function activate(context: vscode.ExtensionContext): void {
  const token = process.env[TOKEN_VARIABLE];
  if (!token) throw new Error(`${TOKEN_VARIABLE} is not set; this stub only runs inside the end-to-end test`);
  const changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  // Nobody is signed in at first, so the first raise goes through VS Code's own consent prompt.
  const sessions: vscode.AuthenticationSession[] = [];
  const record = (event: string, scopes: readonly string[]) => {
    const log = process.env[LOG_VARIABLE];
    if (log) appendFileSync(log, `${JSON.stringify({ event, scopes })}\n`);
  };
  const provider: vscode.AuthenticationProvider = {
    onDidChangeSessions: changed.event,
    getSessions: (scopes?: readonly string[]) => {
      record('getSessions', scopes ?? []);
      return Promise.resolve(sessions.filter((session) => (scopes ?? []).every((scope) => session.scopes.includes(scope))));
    },
    createSession: (scopes: readonly string[]) => {
      record('createSession', scopes);
      const session: vscode.AuthenticationSession = {
        id: `stub-${sessions.length + 1}`,
        accessToken: token,
        account: { id: 'rugged-e2e', label: 'rugged-e2e' },
        scopes: [...scopes],
      };
      sessions.push(session);
      changed.fire({ added: [session], removed: [], changed: [] });
      return Promise.resolve(session);
    },
    removeSession: (id: string) => {
      const index = sessions.findIndex((session) => session.id === id);
      const removed = index >= 0 ? sessions.splice(index, 1) : [];
      changed.fire({ added: [], removed, changed: [] });
      return Promise.resolve();
    },
  };
  context.subscriptions.push(changed, vscode.authentication.registerAuthenticationProvider('github', 'GitHub', provider));
}
