import { runRuleTests } from '../../test/ruleTester';
import rule from './no-eval-like';

/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.post('/run', (req, res) => {\n  ${body}\n});\n`;

runRuleTests(rule, {
  valid: [
    // The safe versions: data parsed as data, functions instead of strings.
    route('res.json(JSON.parse(req.body.settings));'),
    'function schedule(id) {\n  setTimeout(() => refresh(id), 1000);\n}\n',
    "const OPERATIONS = { add: (a, b) => a + b, sub: (a, b) => a - b };\n" + route('res.json(OPERATIONS[req.body.op]?.(req.body.a, req.body.b));'),
    // Constant code.
    "eval('1 + 1');\nconst globalObject = new Function('return this')();\nsetTimeout('tick()', 1000);\n",
    "const vm = require('vm');\nnew vm.Script('globalThis.ready = true').runInThisContext();\n",
    // A timer given a function value, not a string.
    'function later(callback, ms) {\n  setTimeout(callback, ms);\n  setInterval(callback, ms * 2);\n}\n',
    // The vm module runs code a program loads on purpose (a plugin loader): without input traced to it, audit profile only.
    "const vm = require('vm');\nconst context = vm.createContext({ require });\nexports.loadPlugin = (file, name) => new vm.Script(`new (require('${file}').${name})()`).runInContext(context);\n",
    // Functions called eval or run that are not JavaScript evaluation.
    "const redis = require('redis');\nconst client = redis.createClient();\n" + route("client.eval('return redis.call(\"GET\", KEYS[1])', { keys: ['user:' + req.body.id] });"),
    "const math = require('mathjs');\n" + route('res.json(math.evaluate(req.body.expression));'),
    'function run(eval2, code) {\n  return eval2(code);\n}\n',
    // A numeric check that leaves on failure (the engine's guard model).
    route("const n = req.body.n;\n  if (!Number.isInteger(n)) return res.sendStatus(400);\n  res.json(eval('1 + ' + n));"),
  ],
  invalid: [
    {
      name: 'eval of a request field',
      code: route('res.json({ result: eval(req.body.expression) });'),
      errors: [
        {
          messageId: 'inputAsCode',
          line: 2,
          column: 27,
          severity: 'error',
          confidence: 'high',
          data: { sink: 'eval', source: 'req.body.expression' },
          suggestions: [],
        },
      ],
    },
    {
      name: "eval('(' + text + ')') is JSON parsing",
      code: route("const settings = eval('(' + req.body.settings + ')');\n  res.json(settings);"),
      errors: [
        {
          messageId: 'taintedCode',
          line: 2,
          column: 25,
          suggestions: [{ title: 'Parse the value with `JSON.parse` (reads data, never runs code)', output: route('const settings = JSON.parse(req.body.settings);\n  res.json(settings);') }],
        },
      ],
    },
    {
      name: 'eval of a value named like data, of unknown origin: low-confidence warning',
      code: 'function loadConfig(configText) {\n  return eval(configText);\n}\n',
      errors: [
        {
          messageId: 'dynamicCode',
          line: 2,
          column: 15,
          severity: 'warning',
          confidence: 'low',
          suggestions: [{ output: 'function loadConfig(configText) {\n  return JSON.parse(configText);\n}\n' }],
        },
      ],
    },
    {
      name: 'new Function with a body built from the query',
      code: route("const filter = new Function('row', 'return ' + req.query.filter);\n  res.json(rows.filter(filter));"),
      errors: [{ messageId: 'taintedCode', line: 2, column: 38, data: { sink: 'new Function', source: 'req.query.filter' }, suggestions: [] }],
    },
    {
      name: 'string timer calling one function becomes an arrow function',
      code: "function schedule(id) {\n  setTimeout('refresh(' + id + ')', 1000);\n}\n",
      errors: [
        {
          messageId: 'builtCode',
          line: 2,
          column: 14,
          severity: 'warning',
          confidence: 'medium',
          suggestions: [{ title: 'Pass an arrow function that makes the same call', output: 'function schedule(id) {\n  setTimeout(() => refresh(id), 1000);\n}\n' }],
        },
      ],
    },
    {
      name: 'string interval with a quoted value from the URL and a constant argument',
      code: "const channel = location.hash.slice(1);\nwindow.setInterval(`chat.poll('${channel}', 20)`, 5000);\n",
      errors: [
        {
          messageId: 'taintedCode',
          line: 2,
          column: 20,
          data: { sink: 'setInterval', source: 'location.hash' },
          suggestions: [{ output: "const channel = location.hash.slice(1);\nwindow.setInterval(() => chat.poll(channel, 20), 5000);\n" }],
        },
      ],
    },
    {
      name: 'a value read through a loop variable may change before the timer runs: no arrow rewrite',
      code: "function flash(items) {\n  for (var i = 0; i < items.length; i++) setTimeout('show(' + items[i] + ')', i * 100);\n}\n",
      errors: [{ messageId: 'builtCode', line: 2, column: 53, suggestions: [] }],
    },
    {
      name: 'a string timer with more than a call: no rewrite',
      code: "function later(name) {\n  setTimeout('counter++; greet(\"' + name + '\")', 10);\n}\n",
      errors: [{ messageId: 'builtCode', line: 2, column: 14, suggestions: [] }],
    },
    {
      name: 'audit profile: vm.Script of code built from parameters',
      profile: 'audit',
      code: "const vm = require('vm');\nexports.loadPlugin = (file, name) => new vm.Script(`new (require('${file}').${name})()`).runInThisContext();\n",
      errors: [{ messageId: 'builtCode', line: 2, severity: 'warning', confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'the same loader handed request input by a route of the file is an error',
      code: "const vm = require('vm');\nconst loadPlugin = (file, name) => new vm.Script(`new (require('${file}').${name})()`).runInThisContext();\n" + route('res.json(loadPlugin(req.query.file, req.query.name));'),
      errors: [{ messageId: 'taintedCode', line: 2, severity: 'error', suggestions: [] }],
    },
    {
      name: 'vm.runInNewContext of request code',
      code: "const vm = require('node:vm');\n" + route('res.json(vm.runInNewContext(req.body.code, { Math }));'),
      errors: [{ messageId: 'inputAsCode', line: 3, column: 31, data: { sink: 'vm.runInNewContext' }, suggestions: [] }],
    },
    {
      name: 'vm.Script from an ESM named import, built from input',
      code: "import { Script } from 'vm';\nexport default function handler(req, res) {\n  res.json(new Script(`(${req.query.expr})`).runInNewContext({}));\n}\n",
      errors: [{ messageId: 'taintedCode', line: 3, column: 23, data: { sink: 'new vm.Script' }, suggestions: [] }],
    },
    {
      name: 'vm2 sandbox running request code',
      code: "const { VM } = require('vm2');\nconst sandbox = new VM({ timeout: 100 });\n" + route('res.json(sandbox.run(req.body.code));'),
      errors: [{ messageId: 'inputAsCode', line: 4, column: 24, data: { sink: 'vm2 run' }, suggestions: [] }],
    },
    {
      name: 'window.eval of the URL fragment',
      code: 'window.eval(decodeURIComponent(location.hash.slice(1)));\n',
      errors: [{ messageId: 'inputAsCode', line: 1, column: 13, data: { source: 'location.hash' }, suggestions: [] }],
    },
    {
      name: 'a numeric check on another field is no guard',
      code: route("const n = req.body.n;\n  if (!Number.isInteger(req.body.m)) return res.sendStatus(400);\n  res.json(eval('1 + ' + n));"),
      errors: [{ messageId: 'taintedCode', line: 4, column: 17, severity: 'error', confidence: 'high' }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'indirect eval through a comma expression or an alias is not recognised',
      code: route('res.json((0, eval)(req.body.expression));'),
    },
  ],
});
