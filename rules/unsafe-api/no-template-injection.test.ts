import { runRuleTests } from '../../test/ruleTester';
import rule from './no-template-injection';

/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.post('/preview', (req, res) => {\n  ${body}\n});\n`;

runRuleTests(rule, {
  valid: [
    // The safe versions: a constant template, input only in the data.
    "const Handlebars = require('handlebars');\nconst page = Handlebars.compile('<h1>{{title}}</h1>');\n" + route('res.send(page({ title: req.body.title }));'),
    "const ejs = require('ejs');\n" + route("res.send(ejs.render('<p><%= name %></p>', { name: req.query.name }));"),
    "const nunjucks = require('nunjucks');\n" + route("res.send(nunjucks.render('profile.njk', { bio: req.body.bio }));"),
    "const _ = require('lodash');\nconst greet = _.template('Hello <%- user %>');\n" + route('res.send(greet({ user: req.body.user }));'),
    route("res.render('profile', { name: req.query.name });"),
    // A view picked from an allowlist.
    "const VIEWS = new Set(['light', 'dark']);\n" + route("const view = req.query.theme;\n  if (!VIEWS.has(view)) return res.sendStatus(400);\n  res.render(view);"),
    // Templates of unknown origin: the application's own files read elsewhere.
    "const pug = require('pug');\nfunction build(source) {\n  return pug.compile(source);\n}\n",
    // Same names, other libraries.
    "const rules = require('./rules');\n" + route('res.json(rules.compile(req.body.rule));'),
    "const marked = require('marked');\n" + route('res.send(marked.parse(req.body.text));'),
  ],
  invalid: [
    {
      name: 'Handlebars.compile of a request field',
      code: "const Handlebars = require('handlebars');\n" + route('const template = Handlebars.compile(req.body.template);\n  res.send(template({}));'),
      errors: [{ messageId: 'inputAsTemplate', line: 3, column: 39, severity: 'error', confidence: 'high', data: { sink: 'Handlebars.compile', source: 'req.body.template' } }],
    },
    {
      name: 'pug.render of a template built from the query',
      code: "import pug from 'pug';\n" + route('res.send(pug.render(`h1 Hello ${req.query.name}`));'),
      errors: [{ messageId: 'taintedTemplate', line: 3, data: { sink: 'pug.render' } }],
    },
    {
      name: 'ejs.render, nunjucks.renderString and an Environment',
      code: "const ejs = require('ejs');\nconst nunjucks = require('nunjucks');\nconst env = new nunjucks.Environment();\n" +
        route('const a = ejs.render(req.body.page, {});\n  const b = nunjucks.renderString(req.body.page, {});\n  res.send(a + b + env.renderString(req.body.page));'),
      errors: [
        { messageId: 'inputAsTemplate', line: 5, data: { sink: 'ejs.render' } },
        { messageId: 'inputAsTemplate', line: 6, data: { sink: 'nunjucks.renderString' } },
        { messageId: 'inputAsTemplate', line: 7, data: { sink: 'nunjucks.renderString' } },
      ],
    },
    {
      name: 'lodash, doT and Mustache',
      code: "const { template } = require('lodash');\nconst doT = require('dot');\nconst Mustache = require('mustache');\n" +
        route('const a = template(req.body.t)({});\n  const b = doT.template(req.body.t)({});\n  res.send(a + b + Mustache.render(req.body.t, {}));'),
      errors: [
        { messageId: 'inputAsTemplate', line: 5, data: { sink: '_.template' } },
        { messageId: 'inputAsTemplate', line: 6, data: { sink: 'doT.template' } },
        { messageId: 'inputAsTemplate', line: 7, data: { sink: 'Mustache.render' } },
      ],
    },
    {
      name: 'a view name from the query; a substring test does not protect',
      code: route("const page = req.query.page;\n  if (page.includes('..')) return res.sendStatus(400);\n  res.render(page);"),
      errors: [{ messageId: 'taintedView', line: 4, column: 14, data: { sink: 'res.render', source: 'req.query.page' } }],
    },
    {
      name: 'a validator Rugged cannot read lowers it to a warning',
      code: "const Handlebars = require('handlebars');\n" + route('const source = req.body.template;\n  if (!isSafeTemplate(source)) return res.sendStatus(400);\n  res.send(Handlebars.compile(source)({}));'),
      errors: [{ messageId: 'inputAsTemplate', line: 5, severity: 'warning', confidence: 'medium' }],
    },
  ],
});
