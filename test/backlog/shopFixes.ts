// The fix each shop story asks for, written as a developer following its acceptance criteria would
// write it into examples/express-shop, and the honest request the fixed shop must still serve. Each
// edit replaces text that must occur exactly once in the shop, so a change to the shop breaks the
// test that uses it instead of silently leaving a copy unfixed.
import assert from 'node:assert/strict';
import type { Edit } from './exerciseAppRun';

/** What the honest checks need: where the fixed shop listens, and the seeded accounts. */
export interface Honest {
  base: string;
  /** Signs in through POST /account/login and returns the Cookie header that carries the login. */
  signIn: (email: string, password: string) => Promise<string>;
}

export interface ShopFix {
  /** The proposed test this fix must make pass. */
  test: string;
  edits: Edit[];
  /** The legitimate request the story's feature serves, still served after the fix. */
  honest(shop: Honest): Promise<void>;
}

/** The seeded accounts (db/postgres.sql): Ada has orders 1 and 2, Grace order 3, and Grace is staff in the fixed copies. */
export const CUSTOMER = { email: 'ada@example.com', password: 'correct horse battery' };
export const STAFF = { email: 'grace@example.com', password: 'hunter2' };
/** Read by the login checks below; the harness sets it for every copy. */
export const STAFF_EMAILS = STAFF.email;

const ACCOUNT = 'src/routes/account.js';

/** An order archive the export routes serve, written into each copy's export folder. */
export const ARCHIVE = { name: 'orders-2024-01.tgz', text: 'the orders of January 2024' };

/**
 * The login checks the access stories ask for, in the one file that knows the sessions: a signed-in
 * customer, and a member of staff (named by STAFF_EMAILS, as the shop has no roles yet).
 */
const LOGIN_CHECKS: Edit = {
  file: ACCOUNT,
  from: 'module.exports = router;',
  to: [
    'router.requireCustomer = (req, res, next) => {',
    '  req.session = sessions[req.cookies.sid];',
    '  if (!req.session) return res.sendStatus(401);',
    '  next();',
    '};',
    'router.requireStaff = (req, res, next) =>',
    "  router.requireCustomer(req, res, () => ((process.env.STAFF_EMAILS || '').split(',').includes(req.session.email) ? next() : res.sendStatus(403)));",
    '',
    'module.exports = router;',
  ].join('\n'),
};

/** Adds `check` (a middleware of account.js) in front of every route of `file`'s router. */
function guardRouter(file: string, check: 'requireCustomer' | 'requireStaff'): Edit {
  return { file, from: 'const router = express.Router();', to: `const router = express.Router();\nrouter.use(require('./account').${check});` };
}

async function json(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  assert.equal(response.status, 200, `${what} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

async function fetchOk(url: string, what: string, init?: RequestInit): Promise<unknown> {
  return json(await fetch(url, init), what);
}

export const SHOP_FIXES: readonly ShopFix[] = [
  {
    test: 'as-2derdv81.test.js',
    edits: [
      {
        file: ACCOUNT,
        from: "  const passwordHash = crypto.createHash('sha256').update(req.body.password).digest('hex');",
        to: [
          "  const salt = crypto.randomBytes(16).toString('hex');",
          "  const passwordHash = `scrypt:${salt}:${crypto.scryptSync(req.body.password, salt, 64).toString('hex')}`;",
        ].join('\n'),
      },
      {
        // Accounts registered before the fix keep their old hash until the upgrade at their next login.
        file: ACCOUNT,
        from: "  if (!customer || crypto.createHash('sha256').update(req.body.password).digest('hex') !== customer.password_hash) {",
        to: [
          "  const [kind, salt, hash] = customer ? customer.password_hash.split(':') : [];",
          "  const matches = kind === 'scrypt'",
          "    ? crypto.timingSafeEqual(Buffer.from(hash, 'hex'), crypto.scryptSync(req.body.password, salt, 64))",
          "    : customer && crypto.createHash('sha256').update(req.body.password).digest('hex') === customer.password_hash;",
          '  if (!matches) {',
        ].join('\n'),
      },
    ],
    async honest({ base, signIn }) {
      const account = { email: 'new-customer@example.com', password: 'a long new passphrase' };
      const registered = await fetch(`${base}/account/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
      assert.equal(registered.status, 201, 'registering a new customer');
      const cookie = await signIn(account.email, account.password);
      const me = (await fetchOk(`${base}/account/me`, 'the new customer reading their account', { headers: { cookie } })) as { email: string };
      assert.equal(me.email, account.email);
      await signIn(CUSTOMER.email, CUSTOMER.password);
    },
  },
  {
    test: 'as-44qn6ze8.test.js',
    edits: [
      { file: 'src/routes/admin.js', from: "const { exec } = require('child_process');", to: "const { execFile } = require('child_process');" },
      {
        file: 'src/routes/admin.js',
        from: '  exec(`tar czf ${EXPORT_DIR}/orders-${req.body.month}.tgz ${EXPORT_DIR}/orders`, (err) => {',
        // The story also asks for the month's shape, so `../` cannot take the archive out of the folder.
        to: "  if (!/^\\d{4}-\\d{2}$/.test(String(req.body.month))) return res.status(400).json({ error: 'month must look like 2024-05' });\n  execFile('tar', ['czf', `${EXPORT_DIR}/orders-${req.body.month}.tgz`, `${EXPORT_DIR}/orders`], (err) => {",
      },
    ],
    async honest({ base }) {
      const answer = await fetch(`${base}/admin/exports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ month: '2024-05' }) });
      assert.equal(answer.status, 201, `exporting May's orders: ${await answer.clone().text()}`);
      assert.deepEqual(await answer.json(), { file: 'orders-2024-05.tgz' });
    },
  },
  {
    test: 'as-4z714d7t-login.test.js',
    edits: [LOGIN_CHECKS, guardRouter('src/routes/reports.js', 'requireStaff')],
    async honest({ base, signIn }) {
      const staff = await signIn(STAFF.email, STAFF.password);
      const rows = await fetchOk(`${base}/reports/sales`, 'staff reading the sales report', { headers: { cookie: staff } });
      assert.equal((rows as unknown[]).length, 3);
      const customer = await signIn(CUSTOMER.email, CUSTOMER.password);
      assert.equal((await fetch(`${base}/reports/sales`, { headers: { cookie: customer } })).status, 403, 'a customer who is not staff');
    },
  },
  {
    test: 'as-991fgb6h.test.js',
    edits: [
      {
        file: 'src/routes/admin.js',
        from: '  res.download(path.join(EXPORT_DIR, req.params.file));',
        to: '  res.download(req.params.file, { root: EXPORT_DIR });',
      },
    ],
    async honest({ base }) {
      const answer = await fetch(`${base}/admin/exports/${ARCHIVE.name}`);
      assert.equal(answer.status, 200, `downloading an archive: ${answer.status}`);
      assert.equal(await answer.text(), ARCHIVE.text);
    },
  },
  {
    test: 'as-ax4z31wn.test.js',
    edits: [
      {
        file: 'src/routes/products.js',
        from: "  const result = await pool.query(`SELECT id, name, price FROM products WHERE name LIKE '%${term}%'`);",
        to: "  const result = await pool.query(\"SELECT id, name, price FROM products WHERE name LIKE '%' || $1 || '%'\", [term]);",
      },
    ],
    async honest({ base }) {
      assert.deepEqual(await fetchOk(`${base}/products/search?q=pear`, 'a search for pear'), [{ id: 2, name: 'pear juice', price: 4 }]);
    },
  },
  {
    test: 'as-cp5918f4.test.js',
    edits: [
      {
        file: 'src/routes/reports.js',
        from: [
          '  if (req.query.region) {',
          "    sql += \" AND region = '\" + req.query.region + \"'\";",
          '  }',
          '  if (req.query.from) {',
          "    sql += ` AND sold_at >= '${req.query.from}'`;",
          '  }',
          "  sql += ' GROUP BY region';",
          '  const result = await pool.query(sql);',
        ].join('\n'),
        to: [
          '  const params = [];',
          '  if (req.query.region) {',
          '    params.push(req.query.region);',
          '    sql += ` AND region = $${params.length}`;',
          '  }',
          '  if (req.query.from) {',
          "    if (!/^\\d{4}-\\d{2}-\\d{2}$/.test(req.query.from)) return res.status(400).json({ error: 'from is a date (YYYY-MM-DD)' });",
          '    params.push(req.query.from);',
          '    sql += ` AND sold_at >= $${params.length}`;',
          '  }',
          "  sql += ' GROUP BY region';",
          '  const result = await pool.query(sql, params);',
        ].join('\n'),
      },
    ],
    async honest({ base }) {
      assert.deepEqual(await fetchOk(`${base}/reports/sales?region=south`, 'the sales of one region'), [{ region: 'south', total: '20' }]);
      const since = (await fetchOk(`${base}/reports/sales?from=2024-02-01`, 'the sales since February')) as { region: string }[];
      assert.deepEqual(since.map((row) => row.region).sort(), ['south', 'west']);
    },
  },
  {
    test: 'as-cptccwh6.test.js',
    edits: [
      {
        file: 'src/routes/products.js',
        from: "  const result = await pool.query('SELECT * FROM products WHERE id = ' + req.params.id);",
        to: [
          "  if (!/^\\d+$/.test(req.params.id)) return res.status(400).json({ error: 'id is an integer' });",
          "  const result = await pool.query('SELECT * FROM products WHERE id = $1', [req.params.id]);",
        ].join('\n'),
      },
    ],
    async honest({ base }) {
      assert.deepEqual(await fetchOk(`${base}/products/3`, 'reading one product'), { id: 3, name: 'carrot juice', price: 5 });
    },
  },
  {
    test: 'as-d7ah3fss-login.test.js',
    edits: [LOGIN_CHECKS, guardRouter('src/routes/orders.js', 'requireCustomer')],
    async honest({ base, signIn }) {
      const cookie = await signIn(CUSTOMER.email, CUSTOMER.password);
      const rows = (await fetchOk(`${base}/orders?customer=1&sort=id`, 'a signed-in customer listing their orders', { headers: { cookie } })) as { id: number }[];
      assert.deepEqual(rows.map((row) => row.id), [1, 2]);
    },
  },
  {
    test: 'as-g03kw6m5-login.test.js',
    edits: [LOGIN_CHECKS, guardRouter('src/routes/admin.js', 'requireStaff')],
    async honest({ base, signIn }) {
      const staff = await signIn(STAFF.email, STAFF.password);
      const answer = await fetch(`${base}/admin/exports/${ARCHIVE.name}`, { headers: { cookie: staff } });
      assert.equal(answer.status, 200, 'staff downloading an archive');
      assert.equal(await answer.text(), ARCHIVE.text);
      const customer = await signIn(CUSTOMER.email, CUSTOMER.password);
      assert.equal((await fetch(`${base}/admin/exports/${ARCHIVE.name}`, { headers: { cookie: customer } })).status, 403, 'a customer who is not staff');
    },
  },
  {
    test: 'as-grfmvasv.test.js',
    edits: [{ file: ACCOUNT, from: "  res.cookie('sid', sid);", to: "  res.cookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' });" }],
    async honest({ base, signIn }) {
      const cookie = await signIn(CUSTOMER.email, CUSTOMER.password);
      assert.deepEqual(await fetchOk(`${base}/account/me`, 'a signed-in customer reading their account', { headers: { cookie } }), { customerId: 1, email: CUSTOMER.email });
    },
  },
  {
    test: 'as-kf5zxm5m.test.js',
    edits: [{ file: ACCOUNT, from: '  const sid = Math.random().toString(36).slice(2);', to: "  const sid = crypto.randomBytes(32).toString('hex');" }],
    async honest({ base, signIn }) {
      const cookie = await signIn(CUSTOMER.email, CUSTOMER.password);
      assert.deepEqual(await fetchOk(`${base}/account/me`, 'a signed-in customer reading their account', { headers: { cookie } }), { customerId: 1, email: CUSTOMER.email });
    },
  },
  {
    test: 'as-tn7fxgap.test.js',
    edits: [
      LOGIN_CHECKS,
      {
        file: 'src/routes/orders.js',
        from: [
          "router.get('/', async (req, res) => {",
          '  const { customer, sort } = req.query;',
          '  const [rows] = await db.query(',
          '    `SELECT * FROM orders WHERE customer_id = ${customer} ORDER BY ${sort}`,',
          '  );',
        ].join('\n'),
        to: [
          "const SORTS = { id: 'id', total: 'total', newest: 'id DESC' };",
          '',
          "router.get('/', require('./account').requireCustomer, async (req, res) => {",
          "  const order = SORTS[req.query.sort] || 'id';",
          '  const [rows] = await db.query(`SELECT * FROM orders WHERE customer_id = ? ORDER BY ${order}`, [req.session.customerId]);',
        ].join('\n'),
      },
    ],
    async honest({ base, signIn }) {
      const cookie = await signIn(CUSTOMER.email, CUSTOMER.password);
      const rows = (await fetchOk(`${base}/orders?sort=total`, 'a signed-in customer listing their orders by total', { headers: { cookie } })) as { id: number }[];
      assert.deepEqual(rows.map((row) => row.id), [2, 1]);
      // The proposed test's sort probes are anonymous, so on this copy the login refuses them before
      // the allow-list is reached: signed in, a name outside it falls back to the default order.
      const probed = (await fetchOk(`${base}/orders?sort=${encodeURIComponent('1 DESC')}`, 'a signed-in customer sorting by a name outside the allow-list', { headers: { cookie } })) as { id: number }[];
      assert.deepEqual(probed.map((row) => row.id), [1, 2]);
    },
  },
];
