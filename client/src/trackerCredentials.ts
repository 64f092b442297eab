// Credentials for the tracker a project's stories go to, fetched per request and never written to
// disk: GitHub.com through VS Code's GitHub sign-in, GitHub Enterprise Server, GitLab and Jira
// tokens from SecretStorage (the "Rugged: Set tracker token" command stores them, per host). The
// token of github.com is only ever sent to api.github.com: a workspace naming another apiUrl gets
// the token stored for that host, so a cloned repository cannot redirect the user's sign-in.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { BacklogTargetRequest, type TrackerCredentials } from '../../server/src/shared/protocol';

const GITHUB_COM_API = 'api.github.com';
type SecretTracker = 'github' | 'gitlab' | 'jira';

function secretKey(tracker: SecretTracker, host: string, part = 'token'): string {
  return `rugged.tracker.${tracker}.${host}.${part}`;
}

/**
 * The credentials the project's tracker needs, or undefined for Backlog.md. `interactive` lets the
 * GitHub sign-in prompt appear (a raise); the backlog view asks silently.
 */
export async function credentialsFor(
  client: LanguageClient,
  secrets: vscode.SecretStorage,
  uri: string,
  interactive: boolean,
): Promise<{ credentials?: TrackerCredentials; tracker: string; host?: string }> {
  const target = await client.sendRequest(BacklogTargetRequest.type, { uri });
  const { tracker, host } = target;
  if (tracker === 'github' && host) {
    if (host === GITHUB_COM_API) {
      const session = await vscode.authentication.getSession('github', ['repo'], interactive ? { createIfNone: true } : { silent: true });
      return { tracker, host, ...(session ? { credentials: { githubToken: session.accessToken } } : {}) };
    }
    const token = await secrets.get(secretKey('github', host));
    return { tracker, host, ...(token ? { credentials: { githubToken: token } } : {}) };
  }
  if (tracker === 'gitlab' && host) {
    const token = await secrets.get(secretKey('gitlab', host));
    return { tracker, host, ...(token ? { credentials: { gitlabToken: token } } : {}) };
  }
  if (tracker === 'jira' && host) {
    const [email, token] = await Promise.all([secrets.get(secretKey('jira', host, 'email')), secrets.get(secretKey('jira', host))]);
    return { tracker, host, ...(token ? { credentials: { jiraApiToken: token, ...(email ? { jiraEmail: email } : {}) } } : {}) };
  }
  return { tracker, ...(host ? { host } : {}) };
}

/** "Rugged: Set tracker token": stores a GitLab, Jira or GitHub Enterprise token for one host. */
export async function setTrackerToken(secrets: vscode.SecretStorage): Promise<void> {
  const kinds: { label: string; tracker: SecretTracker; detail: string }[] = [
    { label: 'GitLab', tracker: 'gitlab', detail: 'A personal, group or project access token with the api scope' },
    { label: 'Jira', tracker: 'jira', detail: 'Cloud: your Atlassian email and an API token. Data Center: a personal access token' },
    { label: 'GitHub Enterprise Server', tracker: 'github', detail: 'A token with Issues: read and write (github.com uses your VS Code GitHub sign-in instead)' },
  ];
  const kind = await vscode.window.showQuickPick(kinds, { title: 'Rugged: tracker token', placeHolder: 'Which tracker?', ignoreFocusOut: true });
  if (!kind) return;
  const host = (
    await vscode.window.showInputBox({
      title: `Rugged: ${kind.label} token`,
      prompt: 'Host the token is for, as in backlog.apiUrl or backlog.baseUrl (e.g. gitlab.com, acme.atlassian.net)',
      ignoreFocusOut: true,
      validateInput: (value) => (/^[A-Za-z0-9.-]+(:\d+)?$/.test(value.trim()) ? undefined : 'A host name, optionally with a port.'),
    })
  )?.trim();
  if (!host) return;
  if (kind.tracker === 'jira') {
    const email = await vscode.window.showInputBox({ title: 'Rugged: Jira account email (leave empty for a Data Center personal access token)', ignoreFocusOut: true });
    if (email === undefined) return;
    if (email.trim()) await secrets.store(secretKey('jira', host, 'email'), email.trim());
    else await secrets.delete(secretKey('jira', host, 'email'));
  }
  const token = await vscode.window.showInputBox({ title: `Rugged: ${kind.label} token for ${host}`, password: true, ignoreFocusOut: true, prompt: kind.detail });
  if (!token?.trim()) return;
  await secrets.store(secretKey(kind.tracker, host), token.trim());
  void vscode.window.showInformationMessage(`Rugged stored the ${kind.label} token for ${host} in VS Code's secret storage.`);
}

/** What to say when a remote tracker has no credentials yet. */
export function missingCredentialsHint(tracker: string, host: string | undefined): string {
  if (tracker === 'github' && host === GITHUB_COM_API) return 'Sign in to GitHub in VS Code (Accounts menu) and allow Rugged access.';
  return `Run "Rugged: Set tracker token" to store the ${tracker} token for ${host ?? 'the configured host'}.`;
}
