// "Raise abuser story" with a GitHub tracker, in the packaged extension inside a real VS Code, both
// ways a user holds GitHub credentials there: a GitHub Enterprise Server token stored through
// "Rugged: Set tracker token" (VS Code's SecretStorage), and github.com through VS Code's GitHub
// sign-in (vscode.authentication.getSession), here a test-only provider handing out a fixed token.
// The story goes to a stand-in GitHub after the user confirms where it goes, and the Security
// backlog view reads it back from there. The stand-in is the stateful one the adapter tests use;
// Prism checks the same requests against GitHub's schema in githubContract.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { GitHubStandIn } from '../backlog/trackers/githubStandIn';
import { FIXTURE_WORKSPACE } from './codeServer';
import { buildGitHubSignInStub, type GitHubSignInStub } from './githubSignIn/githubSignInStub';
import { uiTest, useVsCode } from './session';
import { DIAGNOSTIC_TIMEOUT, eventually } from './ui';

const TOKEN = 'ghp_e2eStandInToken0000000000000000000000';
const SIGN_IN_TOKEN = 'gho_e2eSignInStubToken000000000000000000';
const RULE = 'sql/no-string-built-query';

describe('Rugged in VS Code with a GitHub tracker', () => {
  const standIn = new GitHubStandIn({ token: TOKEN, repository: 'acme/shop', visibility: 'private' });
  // Registered before useVsCode's hook, so the port is known when the workspace is written.
  before(() => standIn.start());
  after(() => standIn.stop());

  const vscode = useVsCode({
    trusted: true,
    files: () => ({ '.rugged.json': JSON.stringify(projectConfig(standIn.url), null, 2) }),
  });

  uiTest('raises a story into the stand-in GitHub and lists it in the Security backlog', vscode, async () => {
    const { workbench, session } = vscode;
    const host = new URL(standIn.url).host;
    await workbench.focus();
    // The finding shows the extension is running, so its commands are in the palette.
    await workbench.openFile('src/search.js');
    await workbench.showProblems();
    await workbench.waitForProblem([RULE, 'req.query.q']);

    await workbench.runCommand('Rugged: Set tracker token');
    await workbench.waitForQuickInputTitle('Rugged: tracker token');
    await workbench.answerInput('GitHub Enterprise Server');
    await workbench.waitForQuickInputTitle('GitHub Enterprise Server token');
    await workbench.answerInput(host);
    await workbench.waitForQuickInputTitle(`token for ${host}`);
    await workbench.answerInput(TOKEN);
    await workbench.waitForNotification(`stored the GitHub Enterprise Server token for ${host}`);

    await workbench.openFile('src/search.js');
    const title = await workbench.raiseStoryKeepingProposals('pool.query');

    // Nothing is sent before the user has read where the story goes and who can see it.
    const question = await workbench.dialogText();
    assert.match(question, /acme\/shop/);
    assert.match(question, new RegExp(host.replace(/[.]/g, '\\.')));
    assert.equal(standIn.requests.filter((r) => r.method === 'POST').length, 0, 'a request was sent before the user confirmed');
    await workbench.answerDialog('Send');

    const issue = await eventually('an issue in the stand-in GitHub', () => standIn.issues[0], DIAGNOSTIC_TIMEOUT);
    assert.equal(issue.title, title);
    assert.match(issue.body, /src\/search\.js/);
    assert.match(issue.body, new RegExp(RULE));
    for (const request of standIn.requests) {
      assert.doesNotMatch(JSON.stringify(request.body ?? ''), new RegExp(TOKEN), `the token travelled in the body of ${request.method} ${request.path}`);
    }
    assert.equal(session.listWorkspaceFiles('backlog/tasks').length, 0, 'the story went to GitHub, not to Backlog.md files');
    // The item opens in the browser; code-server may ask first. Either way the workbench goes on.
    await workbench.answerDialog('Cancel', { matching: /external website|open the external/i, required: false });

    const view = await workbench.openExplorerView('Security backlog');
    await view.locator('.monaco-list-row', { hasText: title.slice(0, 30) }).first().waitFor({ timeout: DIAGNOSTIC_TIMEOUT });
    const reads = standIn.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/repos/acme/shop/issues'));
    assert.ok(reads.length > 0, 'the view did not read the issues back from the tracker');
  });
});

describe('Rugged in VS Code signed in to GitHub', () => {
  const standIn = new GitHubStandIn({ token: SIGN_IN_TOKEN, repository: 'acme/shop', visibility: 'private' });
  const scratch = mkdtempSync(join(tmpdir(), 'rugged-e2e-sign-in-'));
  const signInLog = join(scratch, 'sign-in.jsonl');
  let stub: GitHubSignInStub | undefined;
  // Registered before useVsCode's hook: the stub and the stand-in's port go into code-server's start.
  before(async () => {
    stub = buildGitHubSignInStub(scratch);
    await standIn.start();
  });
  after(async () => {
    await standIn.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  // No apiUrl: the project's stories go to github.com, so the client asks VS Code's GitHub sign-in.
  const vscode = useVsCode({
    trusted: true,
    files: () => ({ '.rugged.json': JSON.stringify(projectConfig(), null, 2) }),
    extraExtensions: () => [stub!.extensionFolder],
    env: () => stub!.environment({ token: SIGN_IN_TOKEN, standInUrl: standIn.url, log: signInLog }),
  });

  uiTest('raises a story to github.com with the token of the GitHub sign-in', vscode, async () => {
    const { workbench, session } = vscode;
    await workbench.focus();
    await workbench.openFile('src/search.js');
    await workbench.showProblems();
    await workbench.waitForProblem([RULE, 'req.query.q']);

    // Nobody has signed in yet: VS Code asks the user to let Rugged sign in with GitHub first.
    const title = await workbench.raiseStoryKeepingProposals('pool.query', { matching: /wants to sign in using GitHub/i, answer: 'Allow' });
    const question = await workbench.dialogText();
    assert.match(question, /acme\/shop/);
    assert.match(question, /api\.github\.com/);
    assert.equal(standIn.requests.filter((r) => r.method === 'POST').length, 0, 'a request was sent before the user confirmed');
    await workbench.answerDialog('Send');

    const issue = await eventually('an issue in the stand-in GitHub', () => standIn.issues[0], DIAGNOSTIC_TIMEOUT);
    assert.equal(issue.title, title);
    assert.match(issue.body, new RegExp(RULE));
    // The stand-in accepts only the stub's token, so the issue proves it came from the sign-in.
    const created = readFileSync(signInLog, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { event: string; scopes: string[] });
    assert.deepEqual(created.filter((entry) => entry.event === 'createSession'), [{ event: 'createSession', scopes: ['repo'] }]);
    assert.equal(session.listWorkspaceFiles('backlog/tasks').length, 0, 'the story went to GitHub, not to Backlog.md files');
    await workbench.answerDialog('Cancel', { matching: /external website|open the external/i, required: false });

    // The view asks the sign-in silently, and now gets the session the user allowed.
    const view = await workbench.openExplorerView('Security backlog');
    await view.locator('.monaco-list-row', { hasText: title.slice(0, 30) }).first().waitFor({ timeout: DIAGNOSTIC_TIMEOUT });
  });
});

/**
 * The fixture's own configuration (its ignore list) plus a GitHub backlog, at `apiUrl` or, without
 * one, at github.com.
 */
function projectConfig(apiUrl?: string): Record<string, unknown> {
  const fixture = readFileSync(join(FIXTURE_WORKSPACE, '.rugged.json'), 'utf8');
  const ignore = /"ignore":\s*(\[[^\]]*\])/.exec(fixture)?.[1];
  return {
    ...(ignore ? { ignore: JSON.parse(ignore) as unknown } : {}),
    backlog: { tracker: 'github', repository: 'acme/shop', ...(apiUrl ? { apiUrl } : {}) },
  };
}
