// Rugged only reads files, so it declares support for untrusted workspaces: when the user declines
// to trust a folder, VS Code runs in Restricted Mode and Rugged must still report findings there.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { uiTest, useVsCode } from './session';
import { eventually, UI_TIMEOUT } from './ui';

describe('Rugged in Restricted Mode', () => {
  const vscode = useVsCode({ trusted: false });

  uiTest('reports findings after the user declines to trust the folder', vscode, async () => {
    const { workbench, session } = vscode;
    await workbench.declineWorkspaceTrust();
    await session.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: UI_TIMEOUT });

    await workbench.focus();
    await workbench.openFile('src/users.js');
    await workbench.showProblems();
    const row = await workbench.waitForProblem(['sql/no-string-built-query', 'req.query.name']);
    assert.match(row, /pool\.query/);
    await eventually('a squiggle in users.js', async () => ((await workbench.squiggles().count()) > 0 ? true : undefined));
  });
});
