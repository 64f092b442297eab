import { runRuleTests } from '../../test/ruleTester';
import rule from './no-session-fixation';

const bcrypt = "const bcrypt = require('bcrypt');\n";

runRuleTests(rule, {
  valid: [
    // A login helper that regenerates first; a helper named for something else that sets a preference.
    "exports.signIn = (req, user, done) => {\n  req.session.regenerate((err) => {\n    if (err) return done(err);\n    req.session.userId = user.id;\n    done();\n  });\n};\n",
    "function rememberTheme(req, theme) {\n  req.session.theme = theme;\n}\n",
    // A session value that is not who logged in, set with session.set; the same write after regenerate.
    "app.post('/login', async (request, reply) => {\n  if (!(await argon2.verify(user.hash, request.body.password))) return reply.code(401).send();\n  request.session.set('theme', 'dark');\n  await request.session.regenerate();\n  request.session.set('userId', user.id);\n});\n",
    // The safe version: a new session id, then the user.
    bcrypt +
      "app.post('/login', async (req, res, next) => {\n  const user = await User.findOne({ email: req.body.email });\n  if (!user || !(await bcrypt.compare(req.body.password, user.passwordHash))) return res.sendStatus(401);\n  req.session.regenerate((err) => {\n    if (err) return next(err);\n    req.session.userId = user.id;\n    res.redirect('/');\n  });\n});\n",
    // Session writes that do not log anyone in.
    "app.post('/cart', (req, res) => {\n  req.session.cart = req.body.items;\n  req.session.returnTo = req.originalUrl;\n  res.sendStatus(204);\n});\n",
    // The user stored without any credential check here (set after sign-up confirmation elsewhere).
    "app.get('/impersonate/stop', (req, res) => {\n  req.session.user = req.session.originalUser;\n  res.redirect('/');\n});\n",
    // A flag about logging in is not the user.
    "app.use(async (req, res, next) => {\n  const ok = await checkPassword(req.body.password);\n  req.session.forceLogin = 1;\n  next();\n});\n",
    // Koa: replacing the whole session object gives it a new key.
    "router.post('/login', async (ctx) => {\n  const user = await users.verifyPassword(ctx.request.body.email, ctx.request.body.password);\n  ctx.session = null;\n  ctx.session = { userId: user.id };\n});\n",
    // A sealed cookie session has no id to fix.
    "import { getIronSession } from 'iron-session';\nexport async function POST(request) {\n  const { email, password } = await request.json();\n  const session = await getIronSession(cookies(), options);\n  const user = await checkPassword(email, password);\n  session.user = user;\n  await session.save();\n}\n",
    // A CSRF token checks the form, not who is there: an account edit stays quiet.
    "app.post('/profile', (req, res) => {\n  if (req.body._csrf !== req.session.csrfToken) return res.sendStatus(403);\n  req.session.username = req.body.username;\n  res.redirect('/profile');\n});\n",
    // An API key login with a new session id first.
    "app.post('/api-login', async (req, res, next) => {\n  const account = await accounts.byKey(req.get('x-api-key'));\n  req.session.regenerate(() => {\n    req.session.accountId = account.id;\n    res.sendStatus(204);\n  });\n});\n",
    // Passport's login with a regenerate before it.
    "app.post('/login', (req, res, next) => {\n  req.session.regenerate(() => {\n    req.login(user, () => res.redirect('/'));\n  });\n});\n",
  ],
  invalid: [
    {
      name: 'a login helper, called after a password check in another module, writes the user into the kept session',
      code: "exports.signIn = (req, user) => {\n  req.session.userId = user.id;\n};\n",
      errors: [{ messageId: 'loginHelperFixation', line: 2, column: 3, confidence: 'medium' }],
    },
    {
      name: 'a helper that starts the session for a user, by its name',
      code: "function startSession(req, user) {\n  req.session.userId = user.id;\n}\napp.post('/login', async (req, res) => {\n  const user = await auth.check(req.body.email, req.body.password);\n  startSession(req, user);\n});\n",
      errors: [{ messageId: 'loginHelperFixation', line: 2, column: 3, confidence: 'medium' }],
    },
    {
      name: "@fastify/session's session.set after a password check, and a staff member's id in a Koa session",
      code: "app.post('/login', async (request, reply) => {\n  if (!(await argon2.verify(user.hash, request.body.password))) return reply.code(401).send();\n  request.session.set('userId', user.id);\n});\nrouter.post('/staff/login', async (ctx) => {\n  if (!bcrypt.compareSync(ctx.request.body.password, staff.hash)) ctx.throw(401);\n  ctx.session!.staffId = staff.id;\n});\n",
      filename: 'login.ts',
      errors: [
        { messageId: 'fixation', line: 3, column: 3, data: { target: "request.session.set('userId', …)" } },
        { messageId: 'koaFixation', line: 7, column: 3 },
      ],
    },
    {
      name: 'a login by API key header that stores the account in the same session',
      code: "app.post('/api-login', async (req, res) => {\n  const account = await accounts.byKey(req.get('x-api-key'));\n  req.session.accountId = account.id;\n  res.sendStatus(204);\n});\n",
      errors: [{ messageId: 'fixation', line: 3, column: 3, data: { target: 'req.session.accountId' } }],
    },
    {
      name: 'a one-time code login (Koa) that keeps the session key',
      code: "router.post('/otp', async (ctx) => {\n  const user = await users.byOneTimeCode(ctx.request.body.email, ctx.request.body.otp);\n  ctx.session.userId = user.id;\n});\n",
      errors: [{ messageId: 'koaFixation', line: 3, column: 3 }],
    },
    {
      name: 'Express login storing the user after bcrypt.compare',
      code:
        bcrypt +
        "app.post('/login', async (req, res) => {\n  const user = await User.findOne({ email: req.body.email });\n  if (!user || !(await bcrypt.compare(req.body.password, user.passwordHash))) return res.sendStatus(401);\n  req.session.userId = user.id;\n  res.redirect('/');\n});\n",
      errors: [{ messageId: 'fixation', line: 5, column: 3, severity: 'error', confidence: 'medium', data: { target: 'req.session.userId' } }],
    },
    {
      name: 'a lookup by credentials in a nested callback',
      code: "app.post('/login', function (req, res) {\n  db.users.findOne({ username: req.body.username, password: hash(req.body.password) }, function (err, user) {\n    if (user) {\n      req.session.user = user;\n      req.session.authenticated = true;\n    }\n    res.redirect('/');\n  });\n});\n",
      errors: [
        { messageId: 'fixation', line: 4, column: 7 },
        { messageId: 'fixation', line: 5, column: 7 },
      ],
    },
    {
      name: 'Koa: a field written on the old session key',
      code: "const session = require('koa-session');\nrouter.post('/login', async (ctx) => {\n  const { email, password } = ctx.request.body;\n  const account = await Account.authenticate(email, password);\n  ctx.session.accountId = account.id;\n});\n",
      errors: [{ messageId: 'koaFixation', line: 5, column: 3 }],
    },
    {
      name: 'Fastify session after argon2.verify',
      code: "import argon2 from 'argon2';\nfastify.post('/login', async (request, reply) => {\n  const user = await findUser(request.body.email);\n  if (!(await argon2.verify(user.hash, request.body.password))) return reply.code(401).send();\n  request.session.user = { id: user.id, role: user.role };\n  return { ok: true };\n});\n",
      errors: [{ messageId: 'fixation', line: 5, column: 3 }],
    },
    {
      name: 'passport req.login without a regenerate: the version decides',
      code: "app.post('/login', async (req, res, next) => {\n  const user = await verifyCredentials(req.body.email, req.body.password);\n  req.login(user, (err) => (err ? next(err) : res.redirect('/')));\n});\n",
      errors: [{ messageId: 'passportVersion', line: 3, column: 3, severity: 'warning', confidence: 'low' }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'the session is written by a helper whose name says nothing of a login; the credential check in its caller is not seen from there',
      code: "function remember(req, user) {\n  req.session.userId = user.id;\n}\napp.post('/login', async (req, res) => {\n  const user = await auth.check(req.body.email, req.body.password);\n  remember(req, user);\n});\n",
    },
  ],
});
