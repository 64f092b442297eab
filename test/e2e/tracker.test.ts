// "Raise abuser story" with a GitHub tracker, in the packaged extension inside a real VS Code: the
// token is stored through "Rugged: Set tracker token" (VS Code's SecretStorage, as for GitHub
// Enterprise Server), the story goes to a stand-in GitHub after the user confirms where it goes,
// and the Security backlog view reads it back from there. The stand-in is the stateful one the
// adapter tests use; Prism checks the same requests against GitHub's schema in githubContract.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { GitHubStandIn } from '../backlog/trackers/githubStandIn';
import { FIXTURE_WORKSPACE } from './codeServer';
import { uiTest, useVsCode } from './session';
import { DIAGNOSTIC_TIMEOUT, eventually } from './ui';

const TOKEN = 'ghp_e2eStandInToken0000000000000000000000';
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

/** The fixture's own configuration (its ignore list) plus a GitHub backlog at the stand-in. */
function projectConfig(apiUrl: string): Record<string, unknown> {
  const fixture = readFileSync(join(FIXTURE_WORKSPACE, '.rugged.json'), 'utf8');
  const ignore = /"ignore":\s*(\[[^\]]*\])/.exec(fixture)?.[1];
  return {
    ...(ignore ? { ignore: JSON.parse(ignore) as unknown } : {}),
    backlog: { tracker: 'github', repository: 'acme/shop', apiUrl },
  };
}
