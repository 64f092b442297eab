import { runRuleTests } from '../../test/ruleTester';
import rule from './no-dynamic-code-loading';

/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.post('/run', async (req, res) => {\n  ${body}\n});\n`;
const puppeteer = "const puppeteer = require('puppeteer');\n";

runRuleTests(rule, {
  valid: [
    // The safe versions: a fixed table of modules, a function given to the page with its argument.
    "const EXPORTERS = { csv: require('./exporters/csv'), pdf: require('./exporters/pdf') };\n" + route('const exporter = EXPORTERS[req.query.format];\n  res.send(exporter ? exporter(req.body) : null);'),
    puppeteer + route('const page = await browser.newPage();\n  res.json(await page.evaluate((selector) => document.querySelector(selector).textContent, req.body.selector));'),
    // Module names of unknown origin (plugin loaders, build tools) are not reported.
    "function loadPlugin(dir, name) {\n  return require(require('path').join(dir, name));\n}\n",
    'async function loadLocale(code) {\n  return import(`./locales/${code}.js`);\n}\n',
    // An allowlist check before loading.
    "const ALLOWED = new Set(['csv', 'pdf']);\n" + route("if (!ALLOWED.has(req.query.format)) return res.sendStatus(400);\n  res.send(require('./exporters/' + req.query.format)(req.body));"),
    // evaluate on something that is not a headless browser page (no browser library imported).
    "const math = require('mathjs');\n" + route('res.json(math.evaluate(req.body.expression));'),
    // A JSON file is parsed as data, never run (choosing the file is path traversal's concern).
    "const path = require('path');\n" + route("res.json(require(path.join(__dirname, 'themes', req.params.theme, 'theme.json')));"),
    // A local function called require.
    route('const require = (name) => registry[name];\n  res.json(require(req.query.name));'),
    // A vm context with constants only, and a code string that no-eval-like reports already.
    "const vm = require('vm');\nconst context = vm.createContext({ Math, limit: 10 });\n",
    "const vm = require('vm');\n" + route('res.json(vm.runInNewContext(req.body.code, { user: req.body.user }));'),
    // A require made by a local factory that is not node:module's createRequire.
    "const require = makeLoader(registry);\n" + route('res.json(require(req.query.name));'),
    // createRequire's require given a constant path.
    "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n" + route("res.json(require('./locales/en.json'));"),
    // jQuery.globalEval of a constant script.
    "$.globalEval('window.ready = true');\n",
  ],
  invalid: [
    {
      name: 'require of a path built from the query',
      code: route("const exporter = require('./exporters/' + req.query.format);\n  res.send(exporter(req.body));"),
      errors: [{ messageId: 'taintedModule', line: 2, column: 28, severity: 'error', confidence: 'high', data: { sink: '`require()`', source: 'req.query.format' } }],
    },
    {
      name: 'the require an ES module makes with createRequire, given a request value',
      code: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n" + route("const exporter = require('./exporters/' + req.query.format);"),
      errors: [{ messageId: 'taintedModule', line: 4, column: 28, data: { sink: '`require()`', source: 'req.query.format' } }],
    },
    {
      name: 'import() of a request value (Koa)',
      code: "router.get('/widgets/:name', async (ctx) => {\n  const widget = await import(ctx.params.name);\n  ctx.body = widget.render();\n});\n",
      errors: [{ messageId: 'inputModule', line: 2, column: 31, data: { sink: '`import()`', source: 'ctx.params.name' } }],
    },
    {
      name: 'a code string from input given to a puppeteer page',
      code: puppeteer + route('const page = await browser.newPage();\n  const result = await page.evaluate(req.body.script);\n  res.json(result);'),
      errors: [{ messageId: 'inputCode', line: 4, column: 38, data: { sink: '`evaluate`', source: 'req.body.script' } }],
    },
    {
      name: 'playwright addInitScript and addScriptTag content built from input',
      code: "const { chromium } = require('playwright');\n" + route("const page = await context.newPage();\n  await page.addInitScript('window.locale = \"' + req.query.locale + '\"');\n  await page.addScriptTag({ content: req.body.snippet });"),
      errors: [
        { messageId: 'taintedCode', line: 4, column: 28, data: { sink: '`addInitScript`', source: 'req.query.locale' } },
        { messageId: 'inputCode', line: 5, column: 38, data: { sink: '`addScriptTag` content', source: 'req.body.snippet' } },
      ],
    },
    {
      name: 'jQuery.globalEval of the location hash',
      code: 'jQuery.globalEval(decodeURIComponent(location.hash.slice(1)));\n',
      errors: [{ messageId: 'inputCode', line: 1, column: 19, data: { sink: '`jQuery.globalEval`', source: 'location.hash' } }],
    },
    {
      name: 'globalEval of code built from values of unknown origin: warning',
      code: "function applyTheme(name) {\n  $.globalEval('setTheme(\"' + name + '\")');\n}\n",
      errors: [{ messageId: 'builtCode', line: 2, column: 16, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'the sandbox module running request input',
      code: "const Sandbox = require('sandbox');\nconst box = new Sandbox();\n" + route('box.run(req.body.code, (output) => res.json(output));'),
      errors: [{ messageId: 'inputCode', line: 4, column: 11, data: { sink: '`sandbox` `run`', source: 'req.body.code' } }],
    },
    {
      name: 'request input placed in a vm context: warning',
      code: "const vm = require('node:vm');\n" + route("const sandbox = { order: req.body.order, total: 0 };\n  vm.createContext(sandbox);\n  vm.runInContext(PRICING_SCRIPT, sandbox);\n  res.json(sandbox.total);"),
      errors: [{ messageId: 'inputInContext', line: 4, column: 20, severity: 'warning', confidence: 'medium', data: { sink: '`vm.createContext` context', source: 'req.body.order' } }],
    },
    {
      name: 'request body in a vm2 sandbox',
      code: "const { VM } = require('vm2');\n" + route("const vm = new VM({ timeout: 100, sandbox: { input: req.body } });\n  res.json(vm.run('input.items.length'));"),
      errors: [{ messageId: 'inputInContext', line: 3, column: 55, data: { sink: 'vm2 `VM` sandbox', source: 'req.body' } }],
    },
    {
      name: 'a substring check does not protect a module name',
      code: route("if (req.query.format.includes('..')) return res.sendStatus(400);\n  res.send(require('./exporters/' + req.query.format)(req.body));"),
      errors: [{ messageId: 'taintedModule', line: 3, column: 20 }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a page object obtained in another module (no headless browser import in this file) is not recognised',
      code: route('const result = await this.page.evaluate(req.body.script);\n  res.json(result);'),
    },
  ],
});
