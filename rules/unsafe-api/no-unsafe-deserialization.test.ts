import { runRuleTests } from '../../test/ruleTester';
import rule from './no-unsafe-deserialization';

/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.post('/profile', (req, res) => {\n  ${body}\n});\n`;
const serialize = "const serialize = require('node-serialize');\n";
const yaml3 = "const yaml = require('js-yaml');\n";

runRuleTests(rule, {
  valid: [
    // The safe versions: JSON, js-yaml's safe loaders and default schema.
    route('res.json(JSON.parse(req.cookies.profile));'),
    yaml3 + route('res.json(yaml.safeLoad(req.body.yaml));'),
    yaml3 + route('res.json(yaml.load(req.body.yaml, { schema: yaml.DEFAULT_SAFE_SCHEMA }));'),
    // js-yaml 4: `load` builds only data, and nothing in the file says it is js-yaml 3.
    "import yaml from 'js-yaml';\n" + route('res.json(yaml.load(req.body.yaml));'),
    // Serializing is not the problem.
    serialize + route('res.cookie("profile", serialize.serialize({ name: req.body.name }));'),
    // A constant payload.
    serialize + "const DEFAULTS = serialize.unserialize('{\"theme\":\"dark\"}');\n",
    // A method of the same name on something else.
    "const parser = makeParser();\n" + route('res.json(parser.unserialize(req.body.data));'),
    // A payload picked from a constant table by a request key.
    serialize + "const PRESETS = { a: '{}', b: '{\"x\":1}' };\n" + route('res.json(serialize.unserialize(PRESETS[req.query.preset]));'),
  ],
  invalid: [
    {
      name: 'node-serialize unserialize of a cookie, with JSON.parse offered',
      code: serialize + route('const profile = serialize.unserialize(req.cookies.profile);\n  res.json(profile);'),
      errors: [
        {
          messageId: 'inputPayload',
          line: 3,
          column: 41,
          severity: 'error',
          confidence: 'high',
          data: { what: 'node-serialize `unserialize`', source: 'req.cookies.profile' },
          suggestions: [{ title: 'Parse the payload with `JSON.parse` (data only, no functions)', output: serialize + route('const profile = JSON.parse(req.cookies.profile);\n  res.json(profile);') }],
        },
      ],
    },
    {
      name: 'a base64 cookie decoded first is still input; unserialize imported by name',
      code: "import { unserialize } from 'node-serialize';\n" + route("const text = Buffer.from(req.cookies.session, 'base64').toString();\n  res.json(unserialize(text));"),
      errors: [{ messageId: 'inputPayload', line: 4, column: 24, severity: 'error', confidence: 'high', data: { source: 'req.cookies.session' }, relatedLines: [3], suggestions: [{ output: "import { unserialize } from 'node-serialize';\n" + route("const text = Buffer.from(req.cookies.session, 'base64').toString();\n  res.json(JSON.parse(text));") }] }],
    },
    {
      name: 'serialize-to-js deserialize: no fix (its format is JavaScript, not JSON)',
      code: "const { deserialize } = require('serialize-to-js');\n" + route('res.json(deserialize(req.body.state));'),
      errors: [{ messageId: 'inputPayload', line: 3, column: 24, suggestions: [] }],
    },
    {
      name: 'funcster and cryo',
      code: "const funcster = require('funcster');\nconst Cryo = require('cryo');\n" + route('const job = funcster.deepDeserialize(req.body.job);\n  const state = Cryo.parse(req.body.state);'),
      errors: [
        { messageId: 'inputPayload', line: 4, column: 40, suggestions: [] },
        { messageId: 'inputPayload', line: 5, column: 28, suggestions: [{ output: "const funcster = require('funcster');\nconst Cryo = require('cryo');\n" + route('const job = funcster.deepDeserialize(req.body.job);\n  const state = JSON.parse(req.body.state);') }] },
      ],
    },
    {
      name: 'js-yaml with DEFAULT_FULL_SCHEMA, fixed to the safe schema',
      code: yaml3 + route('res.json(yaml.load(req.body.yaml, { schema: yaml.DEFAULT_FULL_SCHEMA }));'),
      errors: [
        {
          messageId: 'inputPayload',
          line: 3,
          column: 39,
          suggestions: [{ title: 'Use `DEFAULT_SAFE_SCHEMA` (no JavaScript types)', output: yaml3 + route('res.json(yaml.load(req.body.yaml, { schema: yaml.DEFAULT_SAFE_SCHEMA }));') }],
        },
      ],
    },
    {
      name: 'js-yaml 3 load without a schema, in a file that also calls safeLoad',
      code: yaml3 + "const defaults = yaml.safeLoad('a: 1');\n" + route('res.json(yaml.load(req.body.yaml));'),
      errors: [
        {
          messageId: 'inputPayload',
          line: 4,
          column: 22,
          data: { what: 'js-yaml 3 `yaml.load` (full schema by default)', advice: 'use `safeLoad` or upgrade to js-yaml 4', source: 'req.body.yaml' },
          suggestions: [{ title: "Call `safeLoad` (js-yaml 3's data-only loader)", output: yaml3 + "const defaults = yaml.safeLoad('a: 1');\n" + route('res.json(yaml.safeLoad(req.body.yaml));') }],
        },
      ],
    },
    {
      name: 'js-yaml 4 with js-yaml-js-types added to the schema',
      code: "const yaml = require('js-yaml');\nconst types = require('js-yaml-js-types');\nconst SCHEMA = yaml.DEFAULT_SCHEMA.extend([types.function, types.regexp]);\n" + route('res.json(yaml.load(req.body.yaml, { schema: SCHEMA }));'),
      errors: [{ messageId: 'inputPayload', line: 5, column: 39, suggestions: [] }],
    },
    {
      name: 'a payload of unknown origin for node-serialize: warning',
      code: serialize + 'function restore(text) {\n  return serialize.unserialize(text);\n}\n',
      errors: [{ messageId: 'unknownPayload', line: 3, column: 32, severity: 'warning', confidence: 'medium', suggestions: [{ output: serialize + 'function restore(text) {\n  return JSON.parse(text);\n}\n' }] }],
    },
    {
      name: 'js-yaml full schema on a file of unknown origin: audit profile only',
      profile: 'audit',
      code: yaml3 + 'function readConfig(text) {\n  return yaml.load(text, { schema: yaml.DEFAULT_FULL_SCHEMA });\n}\n',
      errors: [{ messageId: 'unknownPayload', line: 3, column: 28, severity: 'warning', confidence: 'low', suggestions: [{ output: yaml3 + 'function readConfig(text) {\n  return yaml.load(text, { schema: yaml.DEFAULT_SAFE_SCHEMA });\n}\n' }] }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'js-yaml 3 `load` without a schema is safe or not depending on the installed version, which the file does not show unless it also uses a js-yaml 3 name',
      code: yaml3 + route('res.json(yaml.load(req.body.yaml));'),
    },
  ],
});
