import rule from './no-mongo-where-from-input';
import { runRuleTests } from '../../test/ruleTester';

const head = "const mongoose = require('mongoose');\nconst User = mongoose.model('User');\n";

runRuleTests(rule, {
  valid: [
    // The safe versions of the invalid cases below.
    `${head}app.get('/u', async (req, res) => { res.json(await User.find({ name: { $eq: req.query.name } })); });`,
    `${head}app.get('/u', async (req, res) => { res.json(await User.find().where({ name: { $eq: req.query.name } })); });`,
    `${head}app.get('/u', async (req, res) => { res.json(await User.find({ $expr: { $gt: ['$spent', '$budget'] } })); });`,
    `${head}app.get('/u', async (req, res) => { res.json(await User.aggregate([{ $match: { city: { $eq: req.query.city } } }, { $group: { _id: '$city', n: { $sum: 1 } } }])); });`,
    // Constant code and code made only of numbers is not injectable.
    `${head}app.get('/u', async (req, res) => { res.json(await User.find({ $where: 'this.spent > this.budget' })); });`,
    `${head}app.get('/u', async (req, res) => { res.json(await User.find({ $where: 'this.age > ' + parseInt(req.query.age, 10) })); });`,
    `${head}const LIMIT = 10;\nUser.find({ $where: \`this.items.length > \${LIMIT}\` });`,
    // Functions cannot carry request values: MongoDB serialises their source, not their closure.
    `${head}User.find({ $where: function () { return this.a > this.b; } });`,
    `const { MongoClient } = require('mongodb');\nasync function stats(orders) { return orders.mapReduce(function () { emit(this.sku, 1); }, function (k, v) { return Array.sum(v); }, { out: { inline: 1 } }); }`,
    // A plain value of unknown origin that is not assembled here.
    `${head}async function run(code) { return User.find({ $where: code }); }`,
    // An anchored digits-only pattern checked before the query (the engine's guard model).
    `${head}app.get('/u', async (req, res) => {\n  const age = req.query.age;\n  if (!/^\\d+$/.test(age)) return res.sendStatus(400);\n  res.json(await User.find({ $where: 'this.age > ' + age }));\n});`,
  ],
  invalid: [
    {
      name: 'template with a request value, fixed to $eq',
      code: `${head}app.get('/u', async (req, res) => {\n  res.json(await User.find({ $where: \`this.name == '\${req.query.name}'\` }));\n});`,
      errors: [
        {
          messageId: 'taintedCode',
          line: 4,
          column: 38,
          severity: 'error',
          confidence: 'high',
          data: { operator: '$where', source: 'req.query.name' },
          suggestions: [
            { title: 'Replace with `name: { $eq: … }`', output: `${head}app.get('/u', async (req, res) => {\n  res.json(await User.find({ name: { $eq: req.query.name } }));\n});` },
          ],
        },
      ],
    },
    {
      name: 'concatenation with double quotes and ===',
      code: `const { MongoClient } = require('mongodb');\napp.get('/u', async (req, res) => {\n  const docs = await db.collection('users').find({ active: true, $where: 'this.email === "' + req.body.email + '"' }).toArray();\n});`,
      errors: [
        {
          messageId: 'taintedCode',
          line: 3,
          column: 74,
          suggestions: [
            { output: `const { MongoClient } = require('mongodb');\napp.get('/u', async (req, res) => {\n  const docs = await db.collection('users').find({ active: true, email: { $eq: req.body.email } }).toArray();\n});` },
          ],
        },
      ],
    },
    {
      name: 'code assembled in a variable first: no rewrite',
      code: `${head}app.get('/u', async (req, res) => {\n  let js = 'this.role == "user"';\n  if (req.query.team) js += ' && this.team == "' + req.query.team + '"';\n  res.json(await User.find({ $where: js }));\n});`,
      errors: [{ messageId: 'taintedCode', line: 6, column: 38, data: { source: 'req.query.team' }, suggestions: [] }],
    },
    {
      name: 'the request value is the whole code',
      code: `${head}app.post('/search', async (req, res) => {\n  res.json(await User.find({ $where: req.body.filter }));\n});`,
      errors: [{ messageId: 'taintedCode', line: 4, column: 38, suggestions: [] }],
    },
    {
      name: 'unknown origin, built: warning',
      code: `${head}function olderThan(age) {\n  return User.find({ $where: 'this.age > ' + age });\n}`,
      errors: [{ messageId: 'builtCode', line: 4, column: 30, severity: 'warning', confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'Mongoose Model.$where, rewritten to where()',
      code: `${head}app.get('/u', async (req, res) => {\n  res.json(await User.$where(\`this.slug === "\${req.params.slug}"\`).exec());\n});`,
      errors: [
        {
          messageId: 'taintedCode',
          line: 4,
          column: 30,
          suggestions: [{ output: `${head}app.get('/u', async (req, res) => {\n  res.json(await User.where({ slug: { $eq: req.params.slug } }).exec());\n});` }],
        },
      ],
    },
    {
      name: 'a rewrite that would duplicate a key is not offered',
      code: `${head}app.get('/u', async (req, res) => {\n  res.json(await User.find({ name: /a/, $where: \`this.name == '\${req.query.name}'\` }));\n});`,
      errors: [{ messageId: 'taintedCode', line: 4, column: 49, suggestions: [] }],
    },
    {
      name: 'mapReduce, $function and $accumulator code strings',
      code: [
        "const { MongoClient } = require('mongodb');",
        "app.get('/r', async (req, res) => {",
        "  await orders.mapReduce('function () { emit(this.' + req.query.key + ', 1); }', 'function (k, v) { return v.length; }', { out: { inline: 1 } });",
        "  await orders.aggregate([{ $addFields: { x: { $function: { body: `function (a) { return a + ${req.query.n}; }`, args: ['$a'], lang: 'js' } } } }]);",
        "  await orders.aggregate([{ $group: { _id: 1, s: { $accumulator: { init: 'function () { return ' + req.query.init + '; }', accumulate: 'function (s) { return s; }', accumulateArgs: [], merge: 'function (a) { return a; }', lang: 'js' } } } }]);",
        "  await db.command({ mapReduce: 'orders', map: req.body.map, reduce: 'function (k, v) { return 1; }', out: { inline: 1 } });",
        '});',
      ].join('\n'),
      errors: [
        { messageId: 'taintedCode', line: 3, column: 26, data: { operator: 'mapReduce' } },
        { messageId: 'taintedCode', line: 4, column: 67, data: { operator: '$function' } },
        { messageId: 'taintedCode', line: 5, column: 74, data: { operator: '$accumulator' } },
        { messageId: 'taintedCode', line: 6, column: 48, data: { operator: 'mapReduce' } },
      ],
    },
    {
      name: 'Mongoose mapReduce options object',
      code: `${head}app.get('/r', async (req, res) => {\n  await User.mapReduce({ map: 'function () { emit(this.' + req.query.field + ', 1); }', reduce: 'function (k, v) { return v.length; }' });\n});`,
      errors: [{ messageId: 'taintedCode', line: 4, column: 31, data: { operator: 'mapReduce' } }],
    },
    {
      name: 'an unanchored pattern is no guard',
      code: `${head}app.get('/u', async (req, res) => {\n  const age = req.query.age;\n  if (!/\\d+/.test(age)) return res.sendStatus(400);\n  res.json(await User.find({ $where: 'this.age > ' + age }));\n});`,
      errors: [{ messageId: 'taintedCode', line: 6, column: 38, severity: 'error', confidence: 'high' }],
    },
    {
      name: 'code built in a helper of the same file and returned is followed across the call',
      code: `${head}function byName(n) { return \`this.name == '\${n}'\`; }\napp.get('/u', async (req, res) => { res.json(await User.find({ $where: byName(req.query.name) })); });`,
      errors: [{ messageId: 'taintedCode', line: 4, column: 72, severity: 'error', confidence: 'high' }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a filter object filled in after creation (`filter.$where = ...`) is not checked',
      code: `${head}app.get('/u', async (req, res) => { const filter = {}; filter.$where = 'this.name == "' + req.query.name + '"'; res.json(await User.find(filter)); });`,
    },
  ],
});
