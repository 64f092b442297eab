// The packaged extension in a real VS Code, used as a developer would: findings in the Problems
// panel and as squiggles, the parameterised-query fix, a suppression with its reason, and a
// workspace scan that reports files nobody opened.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { bigFileWithQueryAtEnd, BIG_FILE_QUERY_LINE } from './bigFile';
import { uiTest, useVsCode } from './session';
import { eventually, DIAGNOSTIC_TIMEOUT, UI_TIMEOUT } from './ui';

const RULE = 'sql/no-string-built-query';

describe('Rugged in VS Code (trusted workspace)', () => {
  const vscode = useVsCode({ trusted: true, files: { 'src/big.js': bigFileWithQueryAtEnd() } });

  uiTest('shows a string-built query in the Problems panel and as a squiggle', vscode, async (t) => {
    const { workbench, session } = vscode;
    await workbench.focus();
    await workbench.openFile('src/users.js');
    await workbench.showProblems();
    const row = await workbench.waitForProblem([RULE, 'req.query.name', 'Ln 8']);
    assert.match(row, /pool\.query/);
    await eventually('a squiggle in users.js', async () => ((await workbench.squiggles().count()) > 0 ? true : undefined));
    const label = await workbench.waitForServerStatus(/Rugged: \d+ findings?/);
    t.diagnostic(`language status shows "${label.match(/Rugged: [^,]*/)?.[0]}" ${Date.now() - session.loadStartedAt} ms after page load`);
    const running = activationDelay(session.ruggedLog(), session.loadStartedAt);
    if (running !== undefined) t.diagnostic(`server running ${running} ms after the workbench page started loading`);
  });

  uiTest('applies the bound-parameters fix from the quick-fix menu', vscode, async () => {
    const { workbench, session } = vscode;
    await workbench.openFile('src/users.js');
    await workbench.goTo(8, 40);
    await workbench.applyQuickFix('Use bound parameters');
    await workbench.save();
    const text = await eventually('the fix saved to disk', () => {
      const saved = session.readWorkspaceFile('src/users.js');
      return saved.includes('$1') ? saved : undefined;
    });
    assert.match(text, /pool\.query\("SELECT id, name FROM users WHERE name = \$1", \[req\.query\.name\]\)/);
    assert.doesNotMatch(text, /\+ req\.query\.name \+/);
    await workbench.showProblems();
    await workbench.waitForNoProblem([RULE, 'req.query.name']);
    await eventually('no squiggle in users.js', async () => ((await workbench.squiggles().count()) === 0 ? true : undefined));
  });

  uiTest('suppresses a finding with the reason the user types', vscode, async () => {
    const { workbench, session } = vscode;
    const reason = 'ids are checked to be integers by the route pattern';
    await workbench.openFile('src/orders.js');
    await workbench.showProblems();
    await workbench.waitForProblem([RULE, 'req.params.id']);
    await workbench.goTo(8, 40);
    await workbench.applyQuickFix(`Suppress ${RULE} on this line`);
    await workbench.waitForQuickInputTitle(`Suppress ${RULE}`);
    await workbench.answerInput(reason);
    await workbench.waitForQuickInputClosed();
    await eventually('the suppression comment in the editor', async () =>
      (await workbench.activeEditor().locator('.view-lines').innerText()).includes('rugged-ignore') ? true : undefined,
    );
    await workbench.save();
    const text = await eventually('the suppression saved to disk', () => {
      const saved = session.readWorkspaceFile('src/orders.js');
      return saved.includes('rugged-ignore') ? saved : undefined;
    });
    assert.match(text, new RegExp(`rugged-ignore ${RULE}.*-- ${reason}`));
    await workbench.waitForNoProblem([RULE, 'req.params.id']);
  });

  uiTest('reports a query at the end of a 2,000-line file', vscode, async (t) => {
    const { workbench } = vscode;
    // Runs before the workspace scan, so the diagnostics come from opening the file.
    const opened = Date.now();
    await workbench.openFile('src/big.js');
    await workbench.showProblems();
    await workbench.waitForProblem([RULE, 'req.query.region', `Ln ${BIG_FILE_QUERY_LINE}`], DIAGNOSTIC_TIMEOUT);
    t.diagnostic(`2,000-line file: diagnostics ${Date.now() - opened} ms after Ctrl+P`);
  });

  uiTest('"Rugged: Scan workspace" reports files that were never opened, and not ignored ones', vscode, async () => {
    const { workbench } = vscode;
    await workbench.showProblems();
    // Scan on start-up is off in the fixture, so nothing is known about reports.js yet.
    assert.ok(!(await workbench.problemRows()).some((row) => row.includes('req.query.owner')));
    await workbench.runCommand('Rugged: Scan workspace');
    await workbench.waitForNotification('Rugged scanned');
    await workbench.showProblems();
    await workbench.waitForProblem([RULE, 'req.query.owner']);
    const rows = await workbench.problemRows();
    assert.ok(rows.some((row) => row.startsWith('reports.js')), `no reports.js row in ${rows.join(' | ')}`);
    assert.ok(!rows.some((row) => row.startsWith('legacy.js')), 'vendor/ is ignored by .rugged.json');
  });

  uiTest('raises an abuser story from the editor context menu and lists it in the Security backlog', vscode, async () => {
    const { workbench, session } = vscode;
    await workbench.openFile('src/search.js');
    await workbench.showProblems();
    await workbench.waitForProblem([RULE, 'req.query.q']);
    // The proposal comes from the finding; the user keeps each proposed answer.
    const title = await workbench.raiseStoryKeepingProposals('pool.query');
    await workbench.waitForQuickInputClosed();

    const storyFile = await eventually('a story file in backlog/tasks', () =>
      session.listWorkspaceFiles('backlog/tasks').find((name) => name.endsWith('.md')),
    );
    const story = session.readWorkspaceFile(`backlog/tasks/${storyFile}`);
    assert.match(story, /src\/search\.js/);
    assert.match(story, new RegExp(RULE));
    await session.page.locator('.tabs-container .tab.active', { hasText: storyFile.slice(0, 20) }).waitFor({ timeout: UI_TIMEOUT });

    const view = await workbench.openExplorerView('Security backlog');
    await view.locator('.monaco-list-row', { hasText: title.slice(0, 30) }).first().waitFor({ timeout: DIAGNOSTIC_TIMEOUT });
  });

  uiTest('raises one story per attacker goal from a file holding two, after one confirmation naming both', vscode, async () => {
    const { workbench, session } = vscode;
    await workbench.openFile('src/exports.js');
    await workbench.showProblems();
    await workbench.waitForProblem([RULE, 'req.body.region']);
    const before = new Set(session.listWorkspaceFiles('backlog/tasks'));
    // No selection: the whole file, whose handler both builds SQL and runs a shell command.
    const confirmation = session.page.locator('.monaco-dialog-box', { hasText: /attacker goals/ });
    await workbench.editorContextMenu('Raise abuser story', 'pool.query', confirmation);
    const text = await workbench.dialogText();
    assert.match(text, /holds 2 attacker goals/);
    assert.match(text, /orders table in POST \/exports/);
    assert.match(text, /server host in POST \/exports/);
    assert.equal(session.listWorkspaceFiles('backlog/tasks').length, before.size, 'a story was written before the user confirmed');
    await workbench.answerDialog('Raise 2 stories', { matching: /attacker goals/ });

    // Each story names the other as raised together, so neither is read without its sibling; the
    // link is written once both have their ids, so the files are read until it is there.
    const idOf = (name: string) => /^task-(\d+)/.exec(name)?.[1] ?? '';
    await eventually('two new story files in backlog/tasks, each linking the other', () => {
      const fresh = session.listWorkspaceFiles('backlog/tasks').filter((name) => !before.has(name) && name.includes('post-exports'));
      if (fresh.length !== 2) return undefined;
      const [first, second] = fresh.map((name) => session.readWorkspaceFile(`backlog/tasks/${name}`));
      const links = (text: string, other: string) => new RegExp(`Raised together with[^\\n]*TASK-${idOf(other)}\\b`).test(text);
      return links(first, fresh[1]) && links(second, fresh[0]) ? true : undefined;
    });
    // The client opens each story, then says what it raised: the raise is over only then, and a
    // story tab opening later would take the focus from whatever the next step opens.
    await workbench.waitForNotification('Raised TASK-');
  });

  uiTest('"Rugged: Restart server" starts a fresh server that reports again', vscode, async () => {
    const { workbench, session } = vscode;
    const starts = () => session.ruggedLog().split('\n').filter((line) => line.includes('language server running')).length;
    const before = starts();
    await workbench.openFile('src/big.js');
    await workbench.runCommand('Rugged: Restart server');
    await eventually('a second server start in the Rugged log', () => (starts() > before ? true : undefined), DIAGNOSTIC_TIMEOUT);
    // The status item forgets the old server's counts, so a count means the fresh server reported.
    await workbench.waitForServerStatus(/Rugged: \d+ findings?/);
    await workbench.showProblems();
    await workbench.waitForProblem([RULE, 'req.query.region']);
  });
});

/** Milliseconds from page load to the client's "server running" log line, if it was logged. */
function activationDelay(log: string, loadStartedAt: number): number | undefined {
  const line = log.split('\n').find((entry) => entry.includes('language server running'));
  const stamp = line?.match(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/);
  if (!stamp) return undefined;
  return new Date(`${stamp[1]}T${stamp[2]}`).getTime() - loadStartedAt;
}
