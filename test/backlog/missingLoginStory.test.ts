// A missing-login story lists every route of its router that does something with data and checks
// no login, each by what it does, and is rated from those facts: anonymous reach sets the
// likelihood, the worst route the impact. Its title is never cut inside a phrase.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { missingLoginTitle } from '../../server/src/backlog/story/missingLoginStory';
import { routeAction } from '../../server/src/backlog/story/routeActions';
import { buildStories, TITLE_MAX, type StoryInput } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf } from './helpers';

const TODOS_PATH = 'src/routes/todos.js';
const APP_PATH = 'src/app.js';
const APP = ["const express = require('express');", 'const app = express();', "app.use('/todos', require('./routes/todos'));", 'app.listen(3000);', ''].join('\n');

/** A todo router: every route but the health check, the login and the guarded one is open. */
function todos(extra: string[] = []): string {
  return [
    "const express = require('express');",
    "const { exec } = require('child_process');",
    "const { db, List } = require('../db');",
    "const requireAuth = require('../auth');",
    'const router = express.Router();',
    '',
    "router.get('/search', (req, res) => {",
    "  db.all(\"SELECT id, text FROM todos WHERE text LIKE '%\" + req.query.q + \"%'\", (err, rows) => res.json(rows));",
    '});',
    '',
    "router.post('/export', (req, res) => {",
    "  exec('zip -r /tmp/' + req.body.name + '.zip /var/todos', () => res.end());",
    '});',
    '',
    "router.get('/health', (req, res) => res.json({ ok: true }));",
    '',
    "router.post('/login', (req, res) => {",
    "  db.get('SELECT id FROM users WHERE name = ?', [req.body.name], (err, row) => res.json(row));",
    '});',
    '',
    "router.delete('/:id', requireAuth, (req, res) => {",
    "  db.run('DELETE FROM todos WHERE id = ?', [req.params.id], () => res.status(204).end());",
    '});',
    '',
    "router.get('/lists', async (req, res) => {",
    '  res.json(await List.find({ owner: req.query.owner }));',
    '});',
    ...extra,
    '',
    'module.exports = router;',
    '',
  ].join('\n');
}

function stories(text: string, selection = { startLine: 11, endLine: 13 }): Story[] {
  const input: StoryInput = {
    text,
    path: TODOS_PATH,
    findings: findingsOf(text, TODOS_PATH),
    rules: allRules,
    selection,
    mountPrefix: '/todos',
    mount: { path: APP_PATH, text: APP },
    choices: { prerequisites: 'with any user account' },
    now: FIXED_NOW,
    toolVersion: 't',
  };
  return buildStories(input);
}

function missingOf(list: Story[]): Story {
  const found = list.find((s) => s.missingLogin);
  assert.ok(found, list.map((s) => s.title).join('\n'));
  return found;
}

describe('the routes a missing-login story lists', () => {
  const missing = missingOf(stories(todos()));

  it('are every open route of the router that reads or changes data, with its full path and what it does', () => {
    assert.deepEqual(
      missing.missingLogin?.routes.map((r) => `${r.method} ${r.path}: ${r.does}`),
      ['GET /todos/search: reads todos', 'POST /todos/export: runs `zip` on the server', 'GET /todos/lists: reads lists'],
    );
  });

  it('leave out the login itself, a route that touches no data, and a route with its own guard', () => {
    const listed = missing.missingLogin?.routes.map((r) => r.path) ?? [];
    for (const path of ['/todos/login', '/todos/health', '/todos/:id']) assert.ok(!listed.includes(path), `${path} in ${listed.join(', ')}`);
  });

  it('are all sent anonymously by the story test and named in the login criterion', () => {
    const code = missing.testSkeleton?.code ?? '';
    for (const route of ['["GET", "/todos/search"]', '["POST", "/todos/export"]', '["GET", "/todos/lists"]']) assert.ok(code.includes(route), code);
    assert.ok(missing.acceptanceCriteria.some((c) => c.text.includes('`GET /todos/search`, `POST /todos/export`, `GET /todos/lists`')));
  });

  it('are named with what an anonymous caller gains in the narrative', () => {
    assert.match(missing.narrative, /I want to read todos \(GET \/todos\/search\), run zip on the server \(POST \/todos\/export\) and read lists \(GET \/todos\/lists\) without logging in, so that I copy logged-in users' todos, and no account stands behind my requests for the app to refuse, lock or trace\.$/);
  });

  it('include a route that changes data without a data call the code shows, from its method and path', () => {
    const patched = missingOf(stories(todos(['', "router.patch('/notes/:id', (req, res) => res.json(req.body));"])));
    assert.ok(patched.missingLogin?.routes.some((r) => r.path === '/todos/notes/:id' && r.does === 'changes a note'));
  });
});

describe('the rating of a missing-login story', () => {
  it('takes its likelihood from the anonymous reach and its impact from the worst route, naming it', () => {
    const missing = missingOf(stories(todos()));
    assert.equal(missing.risk.likelihood, 3);
    // Three routes of impact 2: reading personal data (todos, lists) and starting `zip`, whose
    // injection is rated by its own story. A read of personal data leads, as shown by the handler.
    assert.equal(missing.risk.impact, 2);
    assert.match(missing.risk.rationale, /anyone on the internet can call these 3 routes, since nothing on them, their router or where it is mounted checks a login \(read src\/app\.js and src\/routes\/todos\.js\)/);
    assert.match(missing.risk.rationale, /the worst of them, `GET \/todos\/search`, reads todos, a read of personal data/);
    assert.doesNotMatch(missing.risk.rationale, /catalogue goal/);
  });

  it('rates a deletion of other people\'s records above a read of personal data, and that above a read of other data', () => {
    const open = (handler: string, path = '/export/:id', method = 'delete') =>
      missingOf(stories([...todos().split('\n').slice(0, 6), `router.${method}('${path}', (req, res) => {`, `  ${handler}`, '});', '', 'module.exports = router;', ''].join('\n'), { startLine: 7, endLine: 9 }));
    const deletes = open("db.run('DELETE FROM orders WHERE id = ' + req.params.id, () => res.end());");
    assert.equal(deletes.risk.impact, 3);
    assert.match(deletes.risk.rationale, /it deletes an order, so other people's data can be deleted/);
    const personal = open("db.all('SELECT * FROM customers WHERE id = ' + req.query.id, (e, rows) => res.json(rows));", '/export', 'get');
    assert.equal(personal.risk.impact, 2);
    assert.equal(personal.risk.severity, 'High');
    assert.match(personal.risk.rationale, /it reads customers, a read of personal data/);
    const figures = open("db.all('SELECT region, SUM(total) FROM sales WHERE region = ' + req.query.region, (e, rows) => res.json(rows));", '/export', 'get');
    assert.equal(figures.risk.impact, 1);
    assert.equal(figures.risk.severity, 'Medium');
    assert.match(figures.risk.rationale, /it reads sales, a read of data that is not about people/);
  });
});

describe('the title of a missing-login story', () => {
  it('leads with the worst thing anyone can do there and fits the board without a cut', () => {
    const missing = missingOf(stories(todos()));
    assert.equal(missing.title, 'Read todos under /todos without logging in (3 routes)');
  });

  it('drops whole parts, never a word, when the place is long', () => {
    const where = '/a-rather-long-mount-prefix/for-the-todos';
    const title = missingLoginTitle('run zip on the server', where, 4);
    assert.ok(title.length <= TITLE_MAX, title);
    assert.doesNotMatch(title, /…/);
    assert.equal(title, `Use 4 routes under ${where} without logging in`);
    const longer = `${where}/${'x'.repeat(60)}`;
    assert.equal(missingLoginTitle('run zip on the server', longer, 4), 'Run zip on the server without logging in (4 routes)');
  });
});

describe('what a route does', () => {
  it('reads it from the data calls of the handler', () => {
    const cases: [string, string, string, string][] = [
      ['DELETE', '/orders/:id', "await db.execute('DELETE FROM orders WHERE id = ' + req.params.id);", 'deletes an order'],
      ['GET', '/orders', 'const [rows] = await db.query(`SELECT * FROM orders WHERE customer_id = ${customer}`);', 'reads orders'],
      ['PATCH', '/reviews/:id', "await sequelize.query('UPDATE Reviews SET message = ? WHERE id = ?');", 'changes a review'],
      ['POST', '/', "db.run('INSERT INTO todos (text) VALUES (?)', [req.body.text]);", 'adds a todo'],
      ['DELETE', '/users/:id', "await db.execute('DELETE FROM users WHERE id = ?', [req.params.id]);", 'deletes a user'],
      ['GET', '/', 'res.sendFile(path.join(UPLOADS, req.query.name));', 'sends back a file from the server'],
      // The folder the path names says what the files are; a generic one says nothing.
      ['GET', '/exports/:file', 'res.download(path.join(EXPORT_DIR, req.params.file));', 'sends back an export'],
      ['GET', '/uploads/:file', 'res.sendFile(path.join(UPLOADS, req.params.file));', 'sends back a file from the server'],
      ['POST', '/files', 'fs.writeFileSync(target, req.file.buffer);', 'stores an uploaded file on the server'],
      // The evaluated filter is the injection's loss, told by its own story: the route changes todos.
      ['POST', '/bulk', "const keep = eval('(t) => ' + req.body.filter); await Todo.updateMany({}, {});", 'changes todos'],
      ['POST', '/run', "res.json(eval(req.body.expression));", 'runs code from the request on the server'],
    ];
    for (const [method, path, handler, does] of cases) assert.equal(routeAction(method, path, `(req, res) => { ${handler} }`)?.does, does, `${method} ${path}`);
  });

  it('leaves out a read of public catalogue data and a GET that reads nothing, unless it is the story\'s own route', () => {
    assert.equal(routeAction('GET', '/search', "(req, res) => db.all('SELECT * FROM products', cb)"), undefined);
    assert.equal(routeAction('GET', '/ping', '(req, res) => res.end()'), undefined);
    assert.equal(routeAction('GET', '/ping', '(req, res) => res.end()', true)?.does, 'reads pings');
  });
});

describe('a router a story assumed needs a login, though it is no back office', () => {
  const ORDERS = [
    "const express = require('express');",
    "const mysql = require('mysql2/promise');",
    'const db = mysql.createPool({});',
    'const router = express.Router();',
    '',
    "router.get('/', async (req, res) => {",
    '  const [rows] = await db.query(`SELECT * FROM orders WHERE customer_id = ${req.query.customer}`);',
    '  res.json(rows);',
    '});',
    '',
    "router.delete('/:id', async (req, res) => {",
    "  await db.execute('DELETE FROM orders WHERE id = ' + req.params.id);",
    '  res.status(204).end();',
    '});',
    '',
    'module.exports = router;',
    '',
  ].join('\n');
  const ORDERS_APP = ["const express = require('express');", 'const app = express();', "app.use('/orders', require('./routes/orders'));", ''].join('\n');
  const raised = (prerequisites: string | undefined) =>
    buildStories({
      text: ORDERS,
      path: 'src/routes/orders.js',
      findings: findingsOf(ORDERS, 'src/routes/orders.js'),
      rules: allRules,
      selection: { startLine: 6, endLine: 9 },
      mountPrefix: '/orders',
      mount: { path: APP_PATH, text: ORDERS_APP },
      choices: prerequisites ? { prerequisites } : {},
      now: FIXED_NOW,
      toolVersion: 't',
    });

  it('gets the missing-login story, listing the deletion no story was raised on, and the route story leaves the login to it', () => {
    const [route, missing] = raised('with a customer account');
    assert.deepEqual(missing?.missingLogin?.routes.map((r) => `${r.method} ${r.path}: ${r.does}`), ['GET /orders: reads orders', 'DELETE /orders/:id: deletes an order']);
    assert.equal(missing.title, 'Delete an order under /orders without logging in (2 routes)');
    assert.match(missing.narrative, /I want to read orders \(GET \/orders\) and delete an order \(DELETE \/orders\/:id\) without logging in, so that customers' orders are gone, and no account stands behind/);
    assert.equal(route.loginTest, undefined);
    assert.deepEqual(route.raisedWith?.map((s) => s.key), [missing.key]);
  });

  it('is not raised when no story assumed a login there', () => {
    assert.ok(!raised(undefined).some((s) => s.missingLogin));
  });
});

describe('the routes other files add under the same prefix', () => {
  const ADMIN = [
    "const express = require('express');",
    "const { exec } = require('child_process');",
    'const router = express.Router();',
    '',
    "router.post('/exports', (req, res) => {",
    "  exec('tar czf /tmp/' + req.body.name + '.tgz /var/orders', () => res.end());",
    '});',
    "router.use('/archive', require('./adminArchive'));",
    'module.exports = router;',
    '',
  ].join('\n');
  /** Adds a route to the router admin.js exports. */
  const ADMIN_USERS = [
    "const { db } = require('../db');",
    "const router = require('./admin');",
    '',
    "router.delete('/users/:id', (req, res) => {",
    "  db.run('DELETE FROM users WHERE id = ?', [req.params.id], () => res.status(204).end());",
    '});',
    '',
  ].join('\n');
  /** A router mounted below the admin router, in a file of its own. */
  const ADMIN_ARCHIVE = [
    "const router = require('express').Router();",
    "const { db } = require('../db');",
    "router.delete('/:id', (req, res) => db.run('DELETE FROM archive WHERE id = ?', [req.params.id], () => res.end()));",
    'module.exports = router;',
    '',
  ].join('\n');
  /** A second router mounted at /admin: one open route, one behind its own guard. */
  const ADMIN_REPORTS = [
    "const express = require('express');",
    "const { db } = require('../db');",
    "const requireStaff = require('../auth');",
    'const router = express.Router();',
    '',
    "router.get('/sales', (req, res) => {",
    "  db.all('SELECT total FROM orders', (err, rows) => res.json(rows));",
    '});',
    '',
    "router.get('/audit', requireStaff, (req, res) => {",
    "  db.all('SELECT * FROM audit', (err, rows) => res.json(rows));",
    '});',
    '',
    'module.exports = router;',
    '',
  ].join('\n');
  const APP_ADMIN = [
    "const express = require('express');",
    "const { db } = require('./db');",
    'const app = express();',
    "app.use('/admin', require('./routes/admin'));",
    "app.use('/admin', require('./routes/adminReports'));",
    "require('./routes/adminUsers');",
    "app.post('/admin/settings', (req, res) => {",
    "  db.run('UPDATE settings SET value = ? WHERE name = ?', [req.body.value, req.body.name], () => res.end());",
    '});',
    "app.get('/health', (req, res) => res.json({ ok: true }));",
    'app.listen(3000);',
    '',
  ].join('\n');
  const sources = [
    { path: APP_PATH, text: APP_ADMIN },
    { path: 'src/routes/admin.js', text: ADMIN },
    { path: 'src/routes/adminUsers.js', text: ADMIN_USERS },
    { path: 'src/routes/adminReports.js', text: ADMIN_REPORTS },
    { path: 'src/routes/adminArchive.js', text: ADMIN_ARCHIVE },
  ];
  const raised = (routeSources?: typeof sources) =>
    missingOf(
      buildStories({
        text: ADMIN,
        path: 'src/routes/admin.js',
        findings: findingsOf(ADMIN, 'src/routes/admin.js'),
        rules: allRules,
        selection: { startLine: 5, endLine: 7 },
        mountPrefix: '/admin',
        mount: { path: APP_PATH, text: APP_ADMIN },
        ...(routeSources ? { workspace: { routeSources } } : {}),
        now: FIXED_NOW,
        toolVersion: 't',
      }),
    );

  it('lists the routes of a router extended in another file, of another router mounted there, of one mounted below it and of the app itself, each with its file', () => {
    const story = raised(sources);
    assert.deepEqual(
      story.missingLogin?.routes.map((r) => `${r.method} ${r.path} ${r.file ?? 'own'}:${r.line}`),
      ['POST /admin/exports own:5', 'POST /admin/settings src/app.js:7', 'DELETE /admin/users/:id src/routes/adminUsers.js:4', 'GET /admin/sales src/routes/adminReports.js:6', 'DELETE /admin/archive/:id src/routes/adminArchive.js:3'],
    );
    assert.match(story.acceptanceCriteria[0].text, /^Every route under `\/admin` \(declared in `src\/routes\/admin\.js`, `src\/app\.js`, `src\/routes\/adminUsers\.js`, `src\/routes\/adminReports\.js` and `src\/routes\/adminArchive\.js`\) requires/);
    assert.match(story.testSkeleton?.code ?? '', /\/admin\/users\/:id|\/admin\/users\/1/);
  });

  it('counts a guard the exporting file puts on its router for the routes another file adds', () => {
    const guarded = ADMIN.replace('const router = express.Router();', "const router = express.Router();\nrouter.use(require('../auth'));");
    const story = buildStories({
      text: ADMIN_REPORTS,
      path: 'src/routes/adminReports.js',
      findings: findingsOf(ADMIN_REPORTS, 'src/routes/adminReports.js'),
      rules: allRules,
      selection: { startLine: 6, endLine: 8 },
      mountPrefix: '/admin',
      mount: { path: APP_PATH, text: APP_ADMIN },
      choices: { prerequisites: 'with a staff account' },
      workspace: { routeSources: sources.map((s) => (s.path === 'src/routes/admin.js' ? { ...s, text: guarded } : s)) },
      now: FIXED_NOW,
      toolVersion: 't',
    }).find((s) => s.missingLogin);
    // The guard on the admin router covers the router mounted below it too.
    assert.deepEqual(story?.missingLogin?.routes.map((r) => `${r.method} ${r.path}`), ['GET /admin/sales', 'POST /admin/settings']);
  });

  it("without the app's files it lists its own router's routes only", () => {
    assert.deepEqual(raised().missingLogin?.routes.map((r) => `${r.method} ${r.path}`), ['POST /admin/exports']);
  });
});

/** The stories raised on a selection of a router file mounted by an app of one line's worth. */
function routerStories(path: string, text: string, lines: [number, number], mountPrefix: string, appText: string, choices?: StoryInput['choices']): Story[] {
  return buildStories({
    text,
    path,
    findings: findingsOf(text, path),
    rules: allRules,
    selection: { startLine: lines[0], endLine: lines[1] },
    mountPrefix,
    mount: { path: APP_PATH, text: appText },
    ...(choices ? { choices } : {}),
    now: FIXED_NOW,
    toolVersion: 't',
  });
}

describe('the rating of a missing login on routes that run commands or code', () => {
  const router = (handler: string) =>
    ["const express = require('express');", "const { exec } = require('child_process');", 'const router = express.Router();', '', "router.post('/exports', (req, res) => {", handler, '});', 'module.exports = router;', ''].join('\n');
  const app = ["const express = require('express');", 'const app = express();', "app.use('/admin', require('./routes/admin'));", 'app.listen(3000);', ''].join('\n');
  const raiseAll = (text: string) => routerStories('src/routes/admin.js', text, [5, 7], '/admin', app);
  const raise = (text: string) => missingOf(raiseAll(text));

  it('rates starting a program by what the route is for, leaving the injected command to its own story', () => {
    const list = raiseAll(router("  exec('tar czf /tmp/' + req.body.name + '.tgz /var/orders', () => res.end());"));
    const missing = missingOf(list);
    assert.equal(missing.risk.impact, 2, missing.risk.rationale);
    assert.equal(missing.risk.severity, 'High');
    assert.match(missing.risk.rationale, /runs `tar` on the server, a command on the server that anyone can start \(what an injected command could do is rated by its own story\)/);
    // The injection itself keeps its own, higher rating.
    const injection = list.find((s) => !s.missingLogin && s.findings.some((f) => /command|exec/.test(f.ruleId)));
    assert.ok(injection, list.map((s) => s.title).join('\n'));
    assert.equal(injection.risk.severity, 'Critical');
  });

  it('rates a route that changes records by the change, never by the code it evaluates', () => {
    const missing = raise(router("  eval(req.body.filter);\n  db.run('UPDATE todos SET done = 1', () => res.end());"));
    // Marking todos done can be put right: impact 2, High, not the Critical of the injection.
    assert.equal(missing.risk.impact, 2, missing.risk.rationale);
    assert.equal(missing.risk.severity, 'High');
    assert.match(missing.risk.rationale, /changes todos, so other people's records can be changed, a loss that can be put right, unlike a deletion/);
    assert.doesNotMatch(missing.risk.rationale, /runs code|eval/);
    assert.doesNotMatch(missing.title, /code/i);
  });

  it('rates a change to accounts as a takeover, as high as a deletion', () => {
    const missing = raise(router("  db.run('UPDATE users SET role = ? WHERE id = ?', [req.body.role, req.body.id], () => res.end());"));
    assert.equal(missing.risk.impact, 3, missing.risk.rationale);
    assert.match(missing.risk.rationale, /changes a user|changes users/);
    assert.match(missing.risk.rationale, /take them over/);
  });
});

describe('the routes a missing-login story leaves open', () => {
  const PRODUCTS = [
    "const express = require('express');",
    "const { sequelize } = require('../db');",
    'const router = express.Router();',
    "router.get('/search', async (req, res) => {",
    "  const [rows] = await sequelize.query('SELECT id, name FROM Products WHERE name LIKE ?', { replacements: ['%' + req.query.q + '%'] });",
    '  res.json(rows);',
    '});',
    "router.patch('/reviews/:id', async (req, res) => {",
    "  await sequelize.query('UPDATE Reviews SET message = ? WHERE id = ?', { replacements: [req.body.message, req.params.id] });",
    '  res.json({ updated: true });',
    '});',
    'module.exports = router;',
    '',
  ].join('\n');
  const app = ["const express = require('express');", 'const app = express();', "app.use('/rest/products', require('./routes/products'));", 'app.listen(3000);', ''].join('\n');

  it('names the public catalogue search as staying open, so the fix does not lock it', () => {
    const missing = missingOf(routerStories('src/routes/products.js', PRODUCTS, [8, 11], '/rest/products', app, { prerequisites: 'with a customer account' }));
    assert.deepEqual(missing.missingLogin?.routes.map((r) => `${r.method} ${r.path}`), ['PATCH /rest/products/reviews/:id']);
    assert.match(missing.acceptanceCriteria[0].text, /^Apart from `GET \/rest\/products\/search`, which serves everyone and stays open \(registered before the check, or on a router of its own\), every other route of `src\/routes\/products\.js` \(mounted at `\/rest\/products`\) requires an authenticated customer/);
  });

  it("rates the review edit with the impact the story on changing another person's record gives it", () => {
    const list = routerStories('src/routes/products.js', PRODUCTS, [8, 11], '/rest/products', app, { prerequisites: 'with a customer account', goalId: 't-others-record' });
    const missing = missingOf(list);
    const edit = list.find((s) => !s.missingLogin);
    assert.ok(edit, list.map((s) => s.title).join('\n'));
    assert.equal(missing.risk.impact, edit.risk.impact, `${missing.risk.rationale}\n${edit.risk.rationale}`);
    assert.equal(missing.risk.severity, 'High');
  });
});

describe("a missing-login story on routes that change one person's record", () => {
  it("asks that a signed-in customer acts only on their own records, since a login alone lets any customer delete anyone's", () => {
    const missing = missingOf(stories(todos(["router.delete('/items/:id', (req, res) => {", "  db.run('DELETE FROM todos WHERE id = ?', [req.params.id], () => res.end());", '});'])));
    const texts = missing.acceptanceCriteria.map((c) => c.text);
    assert.ok(
      texts.some((t) => t.startsWith("`DELETE /todos/items/:id` acts only on the signed-in user's own records: a request naming another user's record answers 403 or 404 and changes nothing")),
      texts.join('\n'),
    );
    assert.ok(!texts.some((t) => /reviewer confirms/.test(t)), texts.join('\n'));
  });

  it('asks nothing of the kind on staff routes, which are the staff to use', () => {
    const text = ["const express = require('express');", 'const router = express.Router();', '', "router.delete('/users/:id', (req, res) => {", "  db.run('DELETE FROM users WHERE id = ?', [req.params.id], () => res.end());", '});', 'module.exports = router;', ''].join('\n');
    const app = ["const express = require('express');", 'const app = express();', "app.use('/admin', require('./routes/admin'));", 'app.listen(3000);', ''].join('\n');
    const missing = missingOf(routerStories('src/routes/admin.js', text, [4, 6], '/admin', app));
    assert.ok(!missing.acceptanceCriteria.some((c) => /own records/.test(c.text)), missing.acceptanceCriteria.map((c) => c.text).join('\n'));
  });
});
