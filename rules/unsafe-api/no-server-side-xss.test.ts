import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { runRuleTests } from '../../test/ruleTester';
import rule from './no-server-side-xss';

/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.get('/search', (req, res) => {\n  ${body}\n});\n`;
const ESCAPE_HTML = "const escapeHtml = require('escape-html');\n";
const BUILT = route('res.send(`<h1>Results for ${req.query.q}</h1>`);');
const CHECKED = (failing: string) => route(`const q = req.query.q;\n  if (${failing}) return res.sendStatus(400);\n  res.send('<p>' + q + '</p>');`);
const KOA = "router.get('/hello', (ctx) => {\n  ctx.body = `<p>Hello ${ctx.query.name}</p>`;\n});\n";
const LAMBDA = "exports.handler = async (event) => ({\n  statusCode: 200,\n  headers: { 'Content-Type': 'text/html' },\n  body: '<p>' + event.queryStringParameters.name + '</p>',\n});\n";

runRuleTests(rule, {
  valid: [
    // Fastify route objects name the path `url` and answer a returned string as text/plain.
    "fastify.route({ method: 'GET', url: '/hi', handler: async (request) => `<p>${request.query.name}</p>` });\n",
    // A Hapi handler that returns an object is answered as JSON.
    "server.route({ method: 'GET', path: '/hi', handler: (request) => ({ greeting: `<p>${request.query.name}</p>` }) });\n",
    // The safe versions: escaped with escape-html, he, lodash, validator, a project escaper, a number.
    ESCAPE_HTML + route('res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);'),
    "const he = require('he');\n" + route("res.send('<p>' + he.encode(req.query.q) + '</p>');"),
    "const _ = require('lodash');\n" + route('res.send(`<p>${_.escape(req.body.comment)}</p>`);'),
    "const validator = require('validator');\n" + route('res.write(`<p>${validator.escape(req.query.q)}</p>`);'),
    "function esc(s) {\n  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');\n}\n" + route('res.send(`<p>${esc(req.query.q)}</p>`);'),
    route("res.send('<p>Page ' + Number(req.query.page) + '</p>');"),
    route('res.send(`<a href="/s?q=${encodeURIComponent(req.query.q)}">again</a>`);'),
    // Input encoded for a URL, then serialised into a script: the encoding is followed through JSON.stringify.
    route("const next = `/gift/${encodeURIComponent(req.params.token)}`;\n  res.send(`<script>location.replace(${JSON.stringify(next)});</script>`);"),
    // JSON and plain text are not read as HTML.
    route('res.json({ q: req.query.q });'),
    route('res.send({ q: req.query.q });'),
    route('res.send(req.body);'),
    route("res.type('text/plain').send('You searched for ' + req.query.q);"),
    route("res.set('Content-Type', 'application/json');\n  res.send(JSON.stringify({ q: req.query.q }));"),
    route("res.setHeader('Content-Type', 'text/plain; charset=utf-8');\n  res.end('<p>' + req.query.q + '</p>');"),
    route("res.attachment('report.html').send('<p>' + req.query.q + '</p>');"),
    // Constant markup, and a value of unknown origin.
    route("res.send('<h1>Search</h1>');"),
    'function page(res, title) {\n  res.send(`<h1>${title}</h1>`);\n}\n',
    // Node's write/end without a type: only markup is sniffed as HTML.
    route('res.end(req.query.q);'),
    // Koa sends strings that do not start with `<` as text/plain; Fastify sends strings as text/plain.
    "router.get('/hello', (ctx) => {\n  ctx.body = 'Hello ' + ctx.query.name;\n});\n",
    "fastify.get('/hi', async (request, reply) => {\n  return reply.send('<p>' + request.query.name + '</p>');\n});\n",
    // Objects reach ctx.body through variables: Koa answers them as JSON.
    "router.post('/layouts', async (ctx) => {\n  let layout = ctx.request.body;\n  if (!layout.props) layout = { ...EMPTY_LAYOUT, ...layout };\n  await db.put(layout);\n  ctx.body = layout;\n});\n",
    "router.put('/apps/:id/agent', async (ctx) => {\n  const { agentId } = ctx.request.body;\n  const found = agents.find((a) => a.agentId === agentId);\n  const next = found ? { ...found, enabled: true } : { agentId, enabled: true };\n  ctx.body = next;\n});\n",
    // A helper of the file that answers with an object on every path: Koa sends it as JSON.
    "async function saveNote(id, fields) {\n  const note = { id, ...fields, savedAt: Date.now() };\n  await db.put(note);\n  return note;\n}\nrouter.post('/notes/:id', async (ctx) => {\n  ctx.body = await saveNote(ctx.params.id, ctx.request.body);\n});\n",
    "const describeTag = (tag) => (tag.pinned ? { tag, pinned: true } : [tag]);\nrouter.get('/tags/:tag', (ctx) => {\n  ctx.body = describeTag(ctx.params.tag);\n});\n",
    // Koa's ctx.body read back by a middleware is the answer a later handler set, not request input.
    "async function addFooter(ctx, next) {\n  await next();\n  ctx.body = ctx.body + '<footer>v2</footer>';\n}\n",
    // An allowlist or a numeric check makes the value constant.
    "const SORTS = ['name', 'date'];\n" + CHECKED('!SORTS.includes(q)'),
    CHECKED('!/^[a-z0-9]+$/i.test(q)'),
    // A template engine escapes what it prints; its source from input is no-template-injection's.
    route("res.render('search', { q: req.query.q });"),
    // Escaping switched on, or an escape function that escapes.
    "const nunjucks = require('nunjucks');\nnunjucks.configure('views', { autoescape: true });\n",
    "const Mustache = require('mustache');\nMustache.escape = (s) => String(s).replace(/</g, '&lt;');\n",
    "const Handlebars = require('handlebars');\nconst t = Handlebars.compile(source, { strict: true });\n",
    "const Handlebars = require('handlebars');\nHandlebars.registerHelper('b', (text) => new Handlebars.SafeString('<b>' + Handlebars.escapeExpression(text) + '</b>'));\n",
    // noEscape in a file that uses no Handlebars is something else.
    'const opts = { noEscape: true };\n',
    // A serverless result without an HTML type is JSON for API Gateway.
    "exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ name: event.queryStringParameters.name }) });\n",
  ],
  invalid: [
    {
      name: 'a Hapi handler that returns markup built from the query (Hapi sends a returned string as HTML)',
      code: "server.route({ method: 'GET', path: '/hi', handler: (request) => `<p>${request.query.name}</p>` });\nserver.route({ method: 'GET', path: '/bye', handler(request, h) {\n  return '<p>Bye ' + request.query.name + '</p>';\n} });\n",
      errors: [
        { messageId: 'taintedHtml', line: 1, column: 66, data: { sink: 'the Hapi handler result', source: 'request.query.name' } },
        { messageId: 'taintedHtml', line: 3, column: 10, data: { sink: 'the Hapi handler result' } },
      ],
    },
    {
      name: 'Express res.send of markup built from the query',
      code: BUILT,
      errors: [{ messageId: 'taintedHtml', line: 2, column: 12, severity: 'error', confidence: 'high', data: { sink: 'res.send', source: 'req.query.q' }, suggestions: [] }],
    },
    {
      name: 'with escape-html imported, the fix escapes the input',
      code: ESCAPE_HTML + BUILT,
      errors: [{ messageId: 'taintedHtml', line: 3, suggestions: [{ title: 'Escape the input with `escapeHtml`', output: ESCAPE_HTML + route('res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);') }] }],
    },
    {
      name: 'a bare value is reflected XSS in Express, but may be an object: a warning',
      code: route('res.send(req.query.q);'),
      errors: [{ messageId: 'inputAsHtml', line: 2, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'text without markup is still sent as text/html by Express',
      code: route("res.status(404).send('No results for ' + req.query.q);"),
      errors: [{ messageId: 'taintedHtml', line: 2, severity: 'error', data: { sink: 'res.send', source: 'req.query.q' } }],
    },
    {
      name: 'Node res.end of markup, and an explicit HTML type makes a bare write certain',
      code: "http.createServer((req, res) => {\n  res.writeHead(200, { 'Content-Type': 'text/html' });\n  res.write(new URL(req.url, 'http://x').searchParams.get('q'));\n  res.end('<p>' + req.url + '</p>');\n});\n",
      errors: [
        { messageId: 'inputAsHtml', line: 3, severity: 'error' },
        { messageId: 'taintedHtml', line: 4, severity: 'error' },
      ],
    },
    {
      name: 'trimming or serialising the input does not escape it',
      code: route("res.send('<p>' + JSON.stringify(req.query.q.trim()) + '</p>');"),
      errors: [{ messageId: 'taintedHtml', line: 2 }],
    },
    {
      name: 'a substring check does not protect',
      code: CHECKED("q.includes('<script')"),
      errors: [{ messageId: 'taintedHtml', line: 4 }],
    },
    {
      name: 'a validator Rugged cannot read lowers it to a warning pointing at the check',
      code: CHECKED('!isDisplayName(q)'),
      errors: [{ messageId: 'taintedHtml', line: 4, severity: 'warning', confidence: 'medium', relatedLines: [2, 3] }],
    },
    {
      name: 'an HTML type set in another branch does not make a JSON answer HTML, and a plain type there does not hide this one',
      code: route("if (req.accepts('json')) {\n    res.type('json');\n    return res.send(JSON.stringify({ q: req.query.q }));\n  }\n  res.send('<p>' + req.query.q + '</p>');"),
      errors: [{ messageId: 'taintedHtml', line: 6 }],
    },
    {
      name: 'a check on a different variable does not protect',
      code: route("const { q, page } = req.query;\n  if (!/^\\d+$/.test(page)) return res.sendStatus(400);\n  res.send(`<p>${q}</p>`);"),
      errors: [{ messageId: 'taintedHtml', line: 4 }],
    },
    {
      name: 'markup assembled in a variable',
      code: route("let html = '<ul>';\n  html += '<li>' + req.query.item + '</li>';\n  html += '</ul>';\n  res.send(html);"),
      errors: [{ messageId: 'taintedHtml', line: 5 }],
    },
    {
      name: 'Koa ctx.body starting with markup',
      code: KOA,
      errors: [{ messageId: 'taintedHtml', line: 2, data: { sink: 'ctx.body', source: 'ctx.query.name' } }],
    },
    {
      name: 'Koa ctx.body of a bare value: HTML when the input starts with <',
      code: "router.get('/echo', (ctx) => {\n  ctx.body = ctx.query.text;\n});\n",
      errors: [{ messageId: 'inputAsHtml', line: 2, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'Koa ctx.body of a variable that may hold a string from the input',
      code: "router.get('/greet', (ctx) => {\n  const answer = ctx.query.raw ? ctx.query.text : { text: ctx.query.text };\n  ctx.body = answer;\n});\n",
      errors: [{ messageId: 'inputAsHtml', line: 3, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'Koa ctx.body from a helper of the file that builds a string from its argument',
      code: "function banner(title) {\n  return '<h2>' + title + '</h2>';\n}\nrouter.get('/banner', (ctx) => {\n  ctx.body = banner(ctx.query.title);\n});\n",
      errors: [{ messageId: 'taintedHtml', line: 5, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'Koa ctx.body from a helper that returns an object on one path only',
      code: "function lookup(name) {\n  if (known.has(name)) return { name };\n  return name;\n}\nrouter.get('/who', (ctx) => {\n  ctx.body = lookup(ctx.query.name);\n});\n",
      errors: [{ messageId: 'inputAsHtml', line: 6, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'Fastify reply.send with an HTML type',
      code: "fastify.get('/hi', async (request, reply) => {\n  reply.type('text/html');\n  return reply.send('<p>' + request.query.name + '</p>');\n});\n",
      errors: [{ messageId: 'taintedHtml', line: 3, data: { sink: 'reply.send', source: 'request.query.name' } }],
    },
    {
      name: 'Hapi h.response sends strings as text/html',
      code: "server.route({ method: 'GET', path: '/hi', handler: (request, h) => h.response(`<p>${request.query.name}</p>`) });\n",
      errors: [{ messageId: 'taintedHtml', line: 1, data: { sink: 'h.response', source: 'request.query.name' } }],
    },
    {
      name: 'a Lambda result with an HTML Content-Type',
      code: LAMBDA,
      errors: [{ messageId: 'taintedHtml', line: 4, data: { sink: 'the handler result', source: 'event.queryStringParameters.name' } }],
    },
    {
      name: 'a fetch-style Response with an HTML Content-Type',
      code: "export async function GET(request) {\n  const q = request.nextUrl.searchParams.get('q');\n  return new Response(`<p>${q}</p>`, { headers: { 'content-type': 'text/html' } });\n}\n",
      errors: [{ messageId: 'taintedHtml', line: 3, data: { sink: 'new Response' } }],
    },
    {
      name: 'NestJS handler returning markup with an HTML header',
      code: "import { Controller, Get, Header, Query } from '@nestjs/common';\n@Controller('greet')\nexport class GreetController {\n  @Get()\n  @Header('Content-Type', 'text/html')\n  greet(@Query('name') name: string) {\n    return `<h1>Hello ${name}</h1>`;\n  }\n}\n",
      filename: 'greet.controller.ts',
      errors: [{ messageId: 'taintedHtml', line: 7, column: 25, data: { sink: 'greet()', source: "@Query('name')" } }],
    },
    {
      name: 'Handlebars SafeString of request input',
      code: "const Handlebars = require('handlebars');\n" + route("res.send(page({ bio: new Handlebars.SafeString(req.body.bio) }));"),
      errors: [{ messageId: 'trustedInput', line: 3, severity: 'error' }],
    },
    {
      name: 'a Handlebars helper pasting its arguments into trusted markup',
      code: "const Handlebars = require('handlebars');\nHandlebars.registerHelper('link', (text, url) => new Handlebars.SafeString('<a href=\"' + url + '\">' + text + '</a>'));\n",
      errors: [{ messageId: 'vouchedMarkup', line: 2, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'Handlebars noEscape in a file that serves pages: an error, with the fix that turns escaping back on',
      code: "const express = require('express');\nconst Handlebars = require('handlebars');\nconst t = Handlebars.compile(source, { noEscape: true });\n",
      errors: [{ messageId: 'escapingOff', line: 3, column: 40, severity: 'error', confidence: 'medium', suggestions: [{ title: 'Turn escaping back on', output: "const express = require('express');\nconst Handlebars = require('handlebars');\nconst t = Handlebars.compile(source, { noEscape: false });\n" }] }],
    },
    {
      name: "a static-site generator's own template environment without escaping: a warning, since no visitor's value is in sight",
      code: "const nunjucks = require('nunjucks');\nclass Tag {\n  constructor() {\n    this.env = new nunjucks.Environment(null, { autoescape: false });\n  }\n}\n",
      errors: [{ messageId: 'escapingOff', line: 4, severity: 'warning', confidence: 'medium', suggestions: [{ output: "const nunjucks = require('nunjucks');\nclass Tag {\n  constructor() {\n    this.env = new nunjucks.Environment(null, { autoescape: true });\n  }\n}\n" }] }],
    },
    {
      name: 'the same environment handed an Express app is an error (near miss of the generator)',
      code: "const nunjucks = require('nunjucks');\nmodule.exports = (app) => nunjucks.configure('views', { autoescape: false, express: app });\n",
      errors: [{ messageId: 'escapingOff', line: 2, severity: 'error', confidence: 'medium', suggestions: [{ output: "const nunjucks = require('nunjucks');\nmodule.exports = (app) => nunjucks.configure('views', { autoescape: true, express: app });\n" }] }],
    },
    {
      name: 'escaping replaced in a file of a Koa server is an error (near miss of the generator)',
      code: "import Koa from 'koa';\nimport Mustache from 'mustache';\nMustache.escape = (text) => text;\nexport const app = new Koa();\n",
      errors: [{ messageId: 'escapingOff', line: 3, severity: 'error' }],
    },
    {
      name: 'Nunjucks autoescape off, in configure and in an Environment',
      code: "const nunjucks = require('nunjucks');\nnunjucks.configure('views', { autoescape: false });\nconst env = new nunjucks.Environment(loader, { autoescape: false });\n",
      errors: [
        { messageId: 'escapingOff', line: 2, suggestions: [{ output: "const nunjucks = require('nunjucks');\nnunjucks.configure('views', { autoescape: true });\nconst env = new nunjucks.Environment(loader, { autoescape: false });\n" }] },
        { messageId: 'escapingOff', line: 3, suggestions: [{ output: "const nunjucks = require('nunjucks');\nnunjucks.configure('views', { autoescape: false });\nconst env = new nunjucks.Environment(loader, { autoescape: true });\n" }] },
      ],
    },
    {
      name: "Mustache's escape replaced by the identity, and EJS's escape option",
      code: "const Mustache = require('mustache');\nconst ejs = require('ejs');\nMustache.escape = function (text) { return text; };\nconst html = ejs.render(tpl, data, { escape: (s) => s });\n",
      errors: [
        { messageId: 'escapingOff', line: 3, suggestions: [] },
        { messageId: 'escapingOff', line: 4, suggestions: [] },
      ],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'HTML escaping in a URL attribute does not stop a javascript: URL, but any escaped value counts as safe',
      code: ESCAPE_HTML + route('res.send(`<a href="${escapeHtml(req.query.url)}">next</a>`);'),
    },
  ],
});

/** The helpers' module, summarised as the project scan does, then the handlers' file with that summary. */
function linesReportedAcrossModules(helpers: string, handlers: string): number[] {
  const options = { rules: [rule], config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false };
  const summary = analyze(helpers, '/app/users.js', { ...options, summarize: true }).summary;
  assert.ok(summary);
  const result = analyze(handlers, '/app/routes.js', { ...options, importedSummaries: { './users': summary.functions } });
  return result.findings.map((f) => f.range.start.line);
}

test("Koa's ctx.body given what an imported helper returns: JSON when its module's summary says every return is an object, reported otherwise", () => {
  const helpers = [
    'export async function getFullUser(id) {',
    '  const user = await db.get(id);',
    "  return { ...user, fullName: user.first + ' ' + user.last };",
    '}',
    'async function updateEntity(id, update) {',
    '  const doc = update(await db.tryGet(id));',
    '  return found(doc) ? { ...doc, _id: id } : [doc];',
    '}',
    'export async function saveMetadata(id, metadata) {',
    '  return updateEntity(id, () => metadata);',
    '}',
    'export function greeting(name) {',
    "  return '<p>Hello ' + name + '</p>';",
    '}',
    'export function lookup(name) {',
    '  if (known.has(name)) return { name };',
    '  return name;',
    '}',
  ].join('\n');
  const handlers = [
    "import { getFullUser, saveMetadata, greeting, lookup } from './users';",
    "router.get('/users/:id', async (ctx) => { ctx.body = await getFullUser(ctx.params.id); });",
    "router.post('/meta/:id', async (ctx) => { ctx.body = await saveMetadata(ctx.params.id, ctx.request.body); });",
    "router.get('/hello', (ctx) => { ctx.body = greeting(ctx.query.name); });",
    "router.get('/who', (ctx) => { ctx.body = lookup(ctx.query.name); });",
  ].join('\n');
  assert.deepEqual(linesReportedAcrossModules(helpers, handlers), [4, 5]);
});
