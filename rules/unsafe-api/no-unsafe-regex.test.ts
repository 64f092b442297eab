import { runRuleTests } from '../../test/ruleTester';
import rule from './no-unsafe-regex';

/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.get('/search', (req, res) => {\n  ${body}\n});\n`;
const ESCAPE = "replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&')";

runRuleTests(rule, {
  valid: [
    // The safe versions: escaped input, plain-text matching.
    "const escapeStringRegexp = require('escape-string-regexp');\n" + route("res.json(names.filter((n) => new RegExp(escapeStringRegexp(req.query.q), 'i').test(n)));"),
    "const _ = require('lodash');\n" + route("res.json(names.filter((n) => new RegExp('^' + _.escapeRegExp(req.query.q)).test(n)));"),
    route(`const q = req.query.q.${ESCAPE};\n  res.json(names.filter((n) => new RegExp('^' + q + '$').test(n)));`),
    route('res.json(names.filter((n) => n.toLowerCase().includes(String(req.query.q).toLowerCase())));'),
    // A pattern of unknown origin (configuration, a caller's argument) is not reported.
    'function compile(pattern) {\n  return new RegExp(pattern);\n}\n',
    // A constant pattern, and a linear literal applied to input.
    route("const re = new RegExp('^[a-z]+$');\n  res.json(/^\\d{1,6}$/.test(req.query.id) && re.test(req.query.name));"),
    // An allowlist check makes the pattern one of a few constants.
    route("if (!['asc', 'desc'].includes(req.query.order)) return res.sendStatus(400);\n  res.json(new RegExp(req.query.order).source);"),
    // A backtracking literal that no request reaches: audit profile only.
    "const WORDS = /^(\\w+\\s?)*$/;\nfunction isSentence(text) {\n  return WORDS.test(text);\n}\n",
    // Methods named search or match on things that are not strings (a store, a service, the request).
    route('const stream = storage.search(req.query.startkey, { req });\n  user.search({ query: req.query.term });\n  res.json(this.index.search(req.query.q));'),
    // String#replace with a string pattern matches literally.
    route("res.send(template.replace(req.query.token, ''));"),
  ],
  invalid: [
    {
      name: 'new RegExp of a query value, with an escaping suggestion',
      code: route("const re = new RegExp(req.query.q, 'i');\n  res.json(names.filter((n) => re.test(n)));"),
      errors: [
        {
          messageId: 'inputPattern',
          line: 2,
          column: 25,
          severity: 'error',
          confidence: 'high',
          data: { call: 'new RegExp', source: 'req.query.q' },
          suggestions: [{ title: 'Escape the input so that it matches literally', output: route(`const re = new RegExp(req.query.q.${ESCAPE}, 'i');\n  res.json(names.filter((n) => re.test(n)));`) }],
        },
      ],
    },
    {
      name: 'a pattern built around unescaped input (RegExp called without new)',
      code: route("res.json(names.filter((n) => RegExp('^' + req.query.prefix).test(n)));"),
      errors: [{ messageId: 'taintedPattern', line: 2, column: 39, data: { call: 'RegExp', source: 'req.query.prefix' }, suggestions: [] }],
    },
    {
      name: 'String#match compiles its string argument',
      code: "router.get('/find', (ctx) => {\n  ctx.body = titles.filter((t) => t.match(ctx.query.term));\n});\n",
      errors: [{ messageId: 'inputPattern', line: 2, column: 43, data: { call: 'match', source: 'ctx.query.term' }, suggestions: [{ output: `router.get('/find', (ctx) => {\n  ctx.body = titles.filter((t) => t.match(ctx.query.term.${ESCAPE}));\n});\n` }] }],
    },
    {
      name: 'a substring check does not escape',
      code: route("if (req.query.q.includes('(')) return res.sendStatus(400);\n  res.json(new RegExp(req.query.q).test(text));"),
      errors: [{ messageId: 'inputPattern', line: 3, column: 23, suggestions: [{ output: route(`if (req.query.q.includes('(')) return res.sendStatus(400);\n  res.json(new RegExp(req.query.q.${ESCAPE}).test(text));`) }] }],
    },
    {
      name: 'an exponential literal run on the request body: error',
      code: "const EMAIL = /^([a-zA-Z0-9]+\\s?)*@example\\.com$/;\n" + route("res.json({ ok: EMAIL.test(req.query.email) });"),
      errors: [{ messageId: 'backtrackingOnInput', line: 1, column: 15, severity: 'error', confidence: 'high', data: { growth: 'exponentially', source: 'req.query.email' }, suggestions: [] }],
    },
    {
      name: 'a polynomial literal applied with String#replace to input: warning, with the analyser\'s equivalent pattern',
      code: route("res.send(req.query.text.replace(/\\s*#?\\s*$/, ''));"),
      errors: [{ messageId: 'backtrackingOnInput', line: 2, column: 35, severity: 'warning', data: { growth: 'polynomially' }, suggestions: [{ title: 'Use `/\\s*(?:#\\s*)?$/` (matches the same strings without the backtracking)', output: route("res.send(req.query.text.replace(/\\s*(?:#\\s*)?$/, ''));") }] }],
    },
    {
      name: 'a backtracking literal of unknown reach shows in the audit profile',
      profile: 'audit',
      code: "const WORDS = /^(\\w+\\s?)*$/;\nfunction isSentence(text) {\n  return WORDS.test(text);\n}\n",
      errors: [{ messageId: 'backtracking', line: 1, column: 15, severity: 'info', confidence: 'low', suggestions: [] }],
    },
  ],
  todo: [
    {
      kind: 'false-alarm',
      reason: 'a length bound checked before matching makes backtracking harmless, but the guard model does not read length checks',
      code: "const WORDS = /^(\\w+\\s?)*$/;\n" + route("if (req.query.q.length > 20) return res.sendStatus(400);\n  res.json(WORDS.test(req.query.q));"),
    },
  ],
});
