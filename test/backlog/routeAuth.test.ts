// A route's authentication is read from its whole chain: the mount and the app-wide middleware
// before it, `router.use` before the route, the route's own middleware and a check in its handler.
// Three answers: guarded (which guard, where), unguarded (nothing anywhere), unknown (a middleware
// Rugged cannot see into), so a story never calls a route open when it may not be.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeAuthentication, routesIn, type RouteAuthentication, type SourceFile } from '../../server/src/backlog/story/routeAuth';

const ROUTER_PATH = 'src/routes/admin.js';
const APP_PATH = 'src/app.js';

function router(...lines: string[]): string {
  return ["const express = require('express');", 'const router = express.Router();', ...lines, 'module.exports = router;', ''].join('\n');
}

function app(...uses: string[]): SourceFile & { prefix: string } {
  const text = ["const express = require('express');", "const admin = require('./routes/admin');", 'const app = express();', ...uses, 'app.listen(3000);', ''].join('\n');
  return { path: APP_PATH, text, prefix: '/admin' };
}

const PLAIN_MOUNT = app('app.use(express.json());', "app.use(require('cookie-parser')());", "app.use('/admin', admin);");

/** The authentication of the route declared on the line holding `marker`. */
function authOf(text: string, marker: string, mount: (SourceFile & { prefix: string }) | null = PLAIN_MOUNT, path = ROUTER_PATH): RouteAuthentication {
  const route = routesIn({ path, text }).find((r) => text.split('\n')[r.line - 1].includes(marker));
  assert.ok(route, `no route after ${marker}`);
  return routeAuthentication({ file: { path, text }, handler: route.handler, ...(mount ? { mount } : {}) });
}

describe('route authentication', () => {
  it('finds nothing on a router mounted without middleware: unguarded, saying what it read', () => {
    const text = router("router.post('/exports', (req, res) => { res.json({ ok: req.body.month }); });");
    const auth = authOf(text, "'/exports'");
    assert.equal(auth.state, 'unguarded');
    assert.deepEqual(auth.state === 'unguarded' && auth.checked.map((c) => c.split(' ')[0]), [APP_PATH, ROUTER_PATH]);
  });

  it('names a middleware argument of the route and its line', () => {
    const text = router("const { requireStaff } = require('../auth');", "router.post('/exports', requireStaff, (req, res) => res.end());");
    assert.deepEqual(authOf(text, "'/exports'"), { state: 'guarded', guard: '`requireStaff`', where: `${ROUTER_PATH}:4` });
  });

  it('counts router.use(auth) before the route, not after it', () => {
    const before = router("router.use(passport.authenticate('jwt', { session: false }));", "router.get('/users', (req, res) => res.end());");
    assert.deepEqual(authOf(before, "'/users'"), { state: 'guarded', guard: '`passport.authenticate`', where: `${ROUTER_PATH}:3` });
    const after = router("router.get('/users', (req, res) => res.end());", "router.use(passport.authenticate('jwt'));");
    assert.equal(authOf(after, "'/users'").state, 'unguarded');
  });

  it('reads the mount chain: a guard in app.use before the mount, or between the prefix and the router', () => {
    const text = router("router.get('/users', (req, res) => res.end());");
    const inMount = app("const { expressjwt } = require('express-jwt');", "app.use('/admin', expressjwt({ secret: process.env.KEY, algorithms: ['HS256'] }), admin);");
    assert.deepEqual(authOf(text, "'/users'", inMount), { state: 'guarded', guard: '`expressjwt`', where: `${APP_PATH}:5` });
    const appWide = app("app.use('/admin', ensureLoggedIn());", "app.use('/admin', admin);");
    assert.deepEqual(authOf(text, "'/users'", appWide), { state: 'guarded', guard: '`ensureLoggedIn`', where: `${APP_PATH}:4` });
    // A guard on another prefix, or after the mount, does not reach this router.
    const elsewhere = app("app.use('/account', requireAuth);", "app.use('/admin', admin);", 'app.use(requireAuth);');
    assert.equal(authOf(text, "'/users'", elsewhere).state, 'unguarded');
  });

  it('sees jwt.verify inside a middleware the file defines, and ignores one that refuses nobody', () => {
    const guarded = router(
      'function staffOnly(req, res, next) {',
      '  try { req.staff = jwt.verify(req.headers.authorization, KEY); } catch { return res.sendStatus(401); }',
      '  next();',
      '}',
      "router.post('/bulk', staffOnly, (req, res) => res.end());",
    );
    assert.deepEqual(authOf(guarded, "'/bulk'"), { state: 'guarded', guard: '`staffOnly`', where: `${ROUTER_PATH}:4` });
    const timing = router('function timed(req, res, next) { req.started = Date.now(); next(); }', "router.post('/bulk', timed, (req, res) => res.end());");
    assert.equal(authOf(timing, "'/bulk'").state, 'unguarded');
  });

  it('counts a check of req.session.user or req.isAuthenticated() in the handler that answers 401/403', () => {
    const session = router("router.get('/orders', (req, res) => {", '  if (!req.session.user) return res.status(401).end();', '  res.json([]);', '});');
    assert.deepEqual(authOf(session, "'/orders'"), { state: 'guarded', guard: 'a check in the handler that answers 401/403', where: `${ROUTER_PATH}:4` });
    const passportCheck = router("router.get('/orders', (req, res) => {", '  if (!req.isAuthenticated()) return res.sendStatus(403);', '  res.json([]);', '});');
    assert.equal(authOf(passportCheck, "'/orders'").state, 'guarded');
  });

  it('does not take a login that sets the session for a guard', () => {
    const login = router("router.post('/login', (req, res) => {", '  if (!req.body.name) return res.status(401).end();', '  req.session.userId = 42;', '  res.end();', '});');
    assert.equal(authOf(login, "'/login'").state, 'unguarded');
  });

  it('answers unknown for a middleware it cannot see into, a spread list, or a router whose mount was not found', () => {
    const imported = router("const audit = require('../audit');", "router.post('/exports', audit, (req, res) => res.end());");
    assert.deepEqual(authOf(imported, "'/exports'"), { state: 'unknown', reason: `middleware \`audit\` from \`../audit\` in ${ROUTER_PATH} could not be read` });
    const spread = router("router.post('/exports', ...chain, (req, res) => res.end());");
    assert.equal(authOf(spread, "'/exports'").state, 'unknown');
    const unmounted = authOf(router("router.get('/x', (req, res) => res.end());"), "'/x'", null);
    assert.equal(unmounted.state, 'unknown');
  });

  it('ignores parsers, cookies and sessions, which check nobody', () => {
    const text = router("router.post('/import', express.text({ type: 'application/xml' }), (req, res) => res.end());");
    const mount = app("app.use(session({ secret: 's' }));", 'app.use(helmet());', "app.use('/admin', admin);");
    assert.equal(authOf(text, "'/import'", mount).state, 'unguarded');
  });

  it('reads routes declared on the app itself without a mount', () => {
    const text = ["const express = require('express');", 'const app = express();', 'app.use(requireLogin);', "app.get('/admin/stats', (req, res) => res.end());", ''].join('\n');
    assert.deepEqual(authOf(text, "'/admin/stats'", null, APP_PATH), { state: 'guarded', guard: '`requireLogin`', where: `${APP_PATH}:3` });
  });
});
