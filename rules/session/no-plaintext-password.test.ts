import { runRuleTests } from '../../test/ruleTester';
import rule from './no-plaintext-password';

const route = (body: string) => `app.post('/users', async (req, res) => {\n  ${body}\n});\n`;

runRuleTests(rule, {
  valid: [
    // The safe versions: a slow hash stored, the library's compare used.
    "const bcrypt = require('bcrypt');\n" + route('const hash = await bcrypt.hash(req.body.password, 12);\n  await User.create({ email: req.body.email, password: hash });'),
    "const bcrypt = require('bcrypt');\n" + route('const user = await User.findOne({ email: req.body.email });\n  if (!user || !(await bcrypt.compare(req.body.password, user.password))) return res.sendStatus(401);'),
    // Confirming a password compares two request values, not a stored one.
    route("if (req.body.password !== req.body.passwordConfirmation) return res.status(400).send('mismatch');"),
    // A fast hash is session/no-fast-password-hash's finding, not this one's.
    "const crypto = require('crypto');\n" + route("await User.create({ password: crypto.createHash('sha256').update(req.body.password).digest('hex') });"),
    // Sending credentials on to an identity provider is not storing them.
    route("const answer = await axios.post(IDP_URL, { username: req.body.username, password: req.body.password });"),
    // A constant password in a seed script, a length check and a presence check.
    route("if (!req.body.password || req.body.password.length < 12) return res.sendStatus(400);"),
    "await User.create({ email: 'admin@example.test', password: adminHash });\n",
    // A parameter compared with a non-password field.
    'function sameName(user, username) {\n  return user.username === username;\n}\n',
  ],
  invalid: [
    {
      name: 'Mongoose create with the raw password',
      code: route('const user = await User.create({ email: req.body.email, password: req.body.password });\n  res.status(201).json(user);'),
      errors: [{ messageId: 'storedPlaintext', line: 2, column: 59, severity: 'error', confidence: 'high', data: { source: 'req.body.password', method: 'create' } }],
    },
    {
      name: 'Prisma create with a destructured password, nested under data',
      code: route('const { email, password } = req.body;\n  await prisma.user.create({ data: { email, password } });'),
      errors: [{ messageId: 'storedPlaintext', line: 3, column: 45 }],
    },
    {
      name: 'new Model with the raw password',
      code: route('const user = new User({ name: req.body.name, pwd: req.body.pwd });\n  await user.save();'),
      errors: [{ messageId: 'storedPlaintext', line: 2, column: 48, data: { method: 'User' } }],
    },
    {
      name: 'lookup by email and password',
      code: route('const user = await User.findOne({ where: { email: req.body.email, password: req.body.password } });'),
      errors: [{ messageId: 'lookupPlaintext', line: 2, column: 69 }],
    },
    {
      name: 'INSERT with the raw password bound',
      code: route("await db.query('INSERT INTO users (email, password) VALUES ($1, $2)', [req.body.email, req.body.password]);"),
      errors: [{ messageId: 'sqlPlaintext', line: 2, column: 90, data: { verb: 'writes', source: 'req.body.password' } }],
    },
    {
      name: 'SELECT matching the password column',
      code: route("const [rows] = await pool.execute('SELECT id FROM users WHERE email = ? AND password = ?', [req.body.email, req.body.password]);"),
      errors: [{ messageId: 'sqlPlaintext', line: 2, column: 111, data: { verb: 'matches' } }],
    },
    {
      name: 'stored password compared with the request',
      code: "router.post('/login', async (ctx) => {\n  const user = await users.byEmail(ctx.request.body.email);\n  if (!user || user.password !== ctx.request.body.password) ctx.throw(401);\n});\n",
      errors: [{ messageId: 'comparedPlaintext', line: 3, column: 16, severity: 'error', data: { stored: 'user.password', source: 'ctx.request.body.password' } }],
    },
    {
      name: 'a login helper comparing its parameter: warning',
      code: 'async function checkLogin(username, password) {\n  const user = await findUser(username);\n  return user && user.password === password;\n}\n',
      errors: [{ messageId: 'comparedPlaintext', line: 3, column: 18, severity: 'warning', confidence: 'medium' }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'the whole body spread into a model: whether it has a password field is not known',
      code: route('await db.users.insert({ ...req.body });'),
    },
  ],
});
