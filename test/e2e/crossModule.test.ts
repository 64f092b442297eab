// Cross-module data flow in a real VS Code: the route file and the helper it calls open in two
// tabs; editing the helper, unsaved, so its parameter no longer reaches the query withdraws the
// finding in the route file, and undoing the edit brings it back.
import { describe } from 'node:test';
import { uiTest, useVsCode } from './session';

const RULE = 'sql/no-string-built-query';

const HELPER = `const { Pool } = require('pg');
const pool = new Pool();

function findAccount(id) {
  return pool.query('SELECT owner FROM accounts WHERE id = ' + id);
}

module.exports = { findAccount };
`;

const ROUTE = `const express = require('express');
const { findAccount } = require('./db/accounts');

const router = express.Router();

router.get('/accounts/:id', async (req, res) => {
  res.json(await findAccount(req.params.accountId));
});

module.exports = router;
`;

/** Where the helper's `id` is pasted into the query (1-based line and column). */
const SINK_LINE = 5;
const ID_COLUMN = HELPER.split('\n')[SINK_LINE - 1].lastIndexOf('+ id') + 3;

describe('Rugged in VS Code: data flow across files', () => {
  const vscode = useVsCode({ trusted: true, files: { 'src/db/accounts.js': HELPER, 'src/accountRoutes.js': ROUTE } });

  uiTest('editing the helper in one tab, unsaved, updates the finding in the route file open in another', vscode, async () => {
    const { workbench } = vscode;
    await workbench.focus();
    await workbench.openFile('src/accountRoutes.js');
    await workbench.showProblems();
    await workbench.waitForProblem([RULE, 'req.params.accountId']);

    await workbench.openFile('src/db/accounts.js');
    // `+ id` becomes `+ parseInt(id,10)`: a number cannot carry SQL.
    await workbench.typeAt(SINK_LINE, ID_COLUMN + 2, ',10)', "id,10)");
    await workbench.typeAt(SINK_LINE, ID_COLUMN, 'parseInt(', 'parseInt(id,10)');
    await workbench.showProblems();
    await workbench.waitForNoProblem([RULE, 'req.params.accountId']);

    await workbench.undoUntilGone('parseInt(');
    await workbench.undoUntilGone(',10)');
    await workbench.showProblems();
    await workbench.waitForProblem([RULE, 'req.params.accountId']);
  });
});
