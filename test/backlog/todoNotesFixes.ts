// The fix each todo-notes story asks for, written as a developer following its acceptance criteria
// would write it into examples/todo-notes, and the honest request the fixed app must still serve.
// Each edit replaces text that must occur exactly once in the app, so a change to the app breaks
// the test that uses it instead of silently leaving a copy unfixed.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import type { Edit } from './exerciseAppRun';

/** The seeded accounts of db/seed.sql: Ada owns todos 1 and 2, Grace 3 and 4; admin is the only administrator. */
export const ADMIN = { name: 'admin', password: 'todo-admin-pass' };
export const ADA = { name: 'ada', password: 'correct horse battery' };
export const GRACE = { name: 'grace', password: 'hunter2' };

/** A file the copies' uploads folder holds (examples/todo-notes/uploads). */
export const UPLOAD = { name: 'welcome.txt', text: 'attachments you upload with a todo' };

export interface TodoFix {
  /** The proposed test this fix must make pass. */
  test: string;
  edits: Edit[];
  /** The legitimate request the story's feature serves, still served after the fix. */
  honest: (base: string) => Promise<void>;
  /** Why the honest request cannot be served on this machine, if it cannot: the fixed run is then not run. */
  requires?: () => string | undefined;
}

/** The folder the export archives, written in the app (the server's todo files). */
const TODO_FILES = '/var/todos';

/** Tests that cannot run on this machine, and why: the harness lists them as not run, never as passed. */
export const TODO_NOT_RUN: ReadonlyMap<string, string> = new Map([
  ['as-dpf6npxh.test.js', 'GET /todos/lists reads the shared lists from MongoDB, and no MongoDB server can be installed here (it is neither an npm nor a Debian package on this machine)'],
]);

/** Signs in through POST /session/login and returns the Cookie header that carries the session. */
export async function signIn(base: string, account: { name: string; password: string }): Promise<string> {
  const answer = await fetch(`${base}/session/login?next=/`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  assert.equal(answer.status, 302, `signing in as ${account.name}`);
  return answer.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

async function text(response: Response, what: string, status = 200): Promise<string> {
  const body = await response.text();
  assert.equal(response.status, status, `${what} answered ${response.status}: ${body}`);
  return body;
}

const post = (body: unknown, cookie = ''): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });

const TODOS = 'src/routes/todos.js';
const ADMIN_ROUTES = 'src/routes/admin.js';
const SESSION = 'src/routes/session.js';

export const TODO_FIXES: readonly TodoFix[] = [
  {
    test: 'as-9ejgn4yj.test.js',
    edits: [{ file: 'src/routes/files.js', from: '  res.sendFile(path.join(UPLOADS, req.query.name));', to: '  res.sendFile(String(req.query.name), { root: UPLOADS });' }],
    async honest(base) {
      assert.match(await text(await fetch(`${base}/files?name=${UPLOAD.name}`), 'downloading an attachment'), new RegExp(UPLOAD.text));
    },
  },
  {
    test: 'as-afs7fh30-login.test.js',
    edits: [
      {
        file: TODOS,
        from: 'const router = express.Router();\n',
        to: "const router = express.Router();\n// Every todo route is a signed-in user's: the login is checked once, before any of them.\nrouter.use((req, res, next) => (req.session.userId ? next() : res.sendStatus(401)));\n",
      },
    ],
    async honest(base) {
      const cookie = await signIn(base, ADA);
      assert.deepEqual(JSON.parse(await text(await fetch(`${base}/todos/search?q=milk`, { headers: { cookie } }), 'a signed-in search for milk')), [{ id: 1, text: 'Buy oat milk' }]);
    },
  },
  {
    test: 'as-ber4ggz3.test.js',
    edits: [
      {
        file: TODOS,
        from: `  db.all("SELECT id, text FROM todos WHERE text LIKE '%" + term + "%'", (err, rows) => {`,
        to: `  db.all("SELECT id, text FROM todos WHERE text LIKE '%' || ? || '%'", [term], (err, rows) => {`,
      },
    ],
    async honest(base) {
      assert.deepEqual(JSON.parse(await text(await fetch(`${base}/todos/search?q=milk`), 'a search for milk')), [{ id: 1, text: 'Buy oat milk' }]);
    },
  },
  {
    test: 'as-dpnahyqn.test.js',
    edits: [
      {
        file: ADMIN_ROUTES,
        from: "  const keep = eval('(todo) => ' + req.body.filter);",
        to: [
          '  // The filters an administrator can choose, by name: what is sent is looked up, never run.',
          '  const filters = { open: (todo) => todo.done === 0, all: () => true };',
          "  if (!Object.hasOwn(filters, req.body.filter)) return res.status(400).json({ error: 'filter must be one of: ' + Object.keys(filters).join(', ') });",
          '  const keep = filters[req.body.filter];',
        ].join('\n'),
      },
    ],
    async honest(base) {
      // Three of the four seeded todos are open.
      assert.deepEqual(JSON.parse(await text(await fetch(`${base}/admin/bulk-close`, post({ filter: 'open' })), 'closing the open todos')), { closed: 3 });
    },
  },
  {
    test: 'as-exytz7ad.test.js',
    edits: [
      { file: TODOS, from: "const { exec } = require('child_process');", to: "const { execFile } = require('child_process');" },
      {
        file: TODOS,
        from: "  exec('zip -r /tmp/' + req.body.name + '.zip /var/todos', (err) => {",
        // The story also asks for the name's shape, so `../` cannot take the archive out of /tmp.
        to: "  if (!/^[\\w-]{1,64}$/.test(String(req.body.name))) return res.status(400).json({ error: 'name may hold letters, digits, - and _' });\n  execFile('zip', ['-r', '/tmp/' + req.body.name + '.zip', '/var/todos'], (err) => {",
      },
    ],
    requires: () => (existsSync(TODO_FILES) ? undefined : `the export archives ${TODO_FILES}, which is missing (scripts/setup-example-apps.sh creates it when run as root)`),
    async honest(base) {
      const name = `rugged-todo-notes-export-${process.pid}`;
      try {
        assert.deepEqual(JSON.parse(await text(await fetch(`${base}/todos/export`, post({ name })), 'exporting the todos')), { file: `${name}.zip` });
      } finally {
        rmSync(`/tmp/${name}.zip`, { force: true });
      }
    },
  },
  {
    test: 'as-g03kw6m5-login.test.js',
    edits: [
      {
        file: ADMIN_ROUTES,
        from: 'const router = express.Router();\n',
        to: [
          'const router = express.Router();',
          '// Every admin route is an administrator\'s: checked once, before any of them.',
          'router.use((req, res, next) => {',
          '  if (!req.session.userId) return res.sendStatus(401);',
          "  db.get('SELECT role FROM users WHERE id = ?', [req.session.userId], (err, user) => (user && user.role === 'admin' ? next() : res.sendStatus(403)));",
          '});',
          '',
        ].join('\n'),
      },
    ],
    async honest(base) {
      const admin = await signIn(base, ADMIN);
      const closed = await text(await fetch(`${base}/admin/bulk-close`, post({ filter: 'todo.done === 0' }, admin)), 'the administrator closing the open todos');
      assert.deepEqual(JSON.parse(closed), { closed: 3 });
      const user = await signIn(base, ADA);
      await text(await fetch(`${base}/admin/bulk-close`, post({ filter: 'todo.done === 0' }, user)), 'a user who is not an administrator', 403);
    },
  },
  {
    test: 'as-gheqj89s.test.js',
    edits: [{ file: 'src/app.js', from: "secret: 'keyboard-cat-todo-2019'", to: 'secret: process.env.SESSION_SECRET.split(\',\')' }],
    async honest(base) {
      const cookie = await signIn(base, ADA);
      assert.match(cookie, /connect\.sid=/);
    },
  },
  {
    test: 'as-m6ek2635.test.js',
    edits: [
      { file: SESSION, from: "const serialize = require('node-serialize');\n", to: '' },
      {
        file: SESSION,
        from: "  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());",
        to: "  const profile = JSON.parse(Buffer.from(req.cookies.profile, 'base64').toString());",
      },
    ],
    async honest(base) {
      const profile = Buffer.from(JSON.stringify({ name: 'Ada' })).toString('base64');
      assert.deepEqual(JSON.parse(await text(await fetch(`${base}/session/remember`, { headers: { cookie: `profile=${profile}` } }), 'the remembered profile')), { hello: 'Ada' });
    },
  },
  {
    test: 'as-vat01tnb.test.js',
    edits: [
      {
        file: SESSION,
        from: '    res.redirect(req.query.next);',
        // A path of this site only: one leading slash, not `//` or `/\`, which browsers read as another host.
        to: "    const next = String(req.query.next || '/');\n    res.redirect(/^\\/(?![/\\\\])/.test(next) ? next : '/');",
      },
    ],
    async honest(base) {
      const answer = await fetch(`${base}/session/login?next=${encodeURIComponent('/todos/search?q=milk')}`, { ...post(ADA), redirect: 'manual' });
      assert.equal(answer.status, 302, 'signing in');
      assert.equal(answer.headers.get('location'), '/todos/search?q=milk');
    },
  },
  {
    test: 'as-vxdawe9h.test.js',
    edits: [
      {
        file: TODOS,
        from: "    res.send('<p>Added: ' + req.body.text + '</p>');",
        to: [
          "    const escaped = String(req.body.text).replace(/[&<>\"']/g, (c) => '&#' + c.charCodeAt(0) + ';');",
          "    res.send('<p>Added: ' + escaped + '</p>');",
        ].join('\n'),
      },
    ],
    async honest(base) {
      assert.equal(await text(await fetch(`${base}/todos`, post({ text: 'Water the plants & feed <the cat>' })), 'adding a todo'), '<p>Added: Water the plants &#38; feed &#60;the cat&#62;</p>');
    },
  },
];
