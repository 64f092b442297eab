// Loading .rugged.json: comments allowed, every broken value reported with file, key and position
// and replaced by its default, and the project root found from any path inside it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allRules } from '../../rules/index';
import { knownRuleIds } from '../../server/src/catalog/knownRuleIds';
import { findProjectRoot, jsonPath, loadConfig, loadConfigFile, parseConfigText } from '../../server/src/config/load';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/engine/config';
import { defaultContextSettings } from '../../server/src/engine/contexts';

const FILE = '/project/.rugged.json';
const known = { knownRuleIds: ['sql/no-string-built-query', 'sql/no-raw-identifier', 'rugged/parse-error'] };

function parse(text: string) {
  return parseConfigText(text, FILE, known);
}

describe('parseConfigText', () => {
  it('reads every key of a valid file with comments and trailing commas', () => {
    const config = parse(`{
      // severity overrides
      "rules": {
        "sql/no-string-built-query": "warning",
        "sql/no-raw-identifier": { "severity": "off", "options": { "allow": ["id"] } }, /* block */
      },
      "ignore": ["test/fixtures/**", "legacy/*.js"],
      "checklist": [
        { "id": "team/no-raw-query", "call": "legacyDb.rawQuery", "message": "Raw queries bypass the audit log.", "preferred": "db.query", "severity": "error" },
        { "id": "team/no-any-exec", "call": "*.exec", "message": "No exec." }
      ],
      "maxFileSize": 2048,
      "profile": "audit",
      "backlog": { "directory": "security/backlog", "prefix": "sec" },
    }`);
    assert.deepEqual(config.problems, []);
    assert.equal(config.file, FILE);
    assert.deepEqual(config.engine.rules, {
      'sql/no-string-built-query': { severity: 'warning' },
      'sql/no-raw-identifier': { severity: 'off', options: { allow: ['id'] } },
    });
    assert.deepEqual(config.ignore, ['test/fixtures/**', 'legacy/*.js']);
    assert.deepEqual(config.engine.checklist, [
      { id: 'team/no-raw-query', call: 'legacyDb.rawQuery', message: 'Raw queries bypass the audit log.', preferred: 'db.query', severity: 'error' },
      { id: 'team/no-any-exec', call: '*.exec', message: 'No exec.' },
    ]);
    assert.equal(config.engine.maxFileSize, 2048);
    assert.equal(config.engine.profile, 'audit');
    assert.equal(config.backlog.directory, 'security/backlog');
    assert.equal(config.backlog.prefix, 'sec', 'backlog keeps keys it does not know yet for the backlog owner');
  });

  it('gives defaults for an empty object', () => {
    const config = parse('{}');
    assert.deepEqual(config.problems, []);
    assert.deepEqual(config.engine, { rules: {}, profile: 'default', checklist: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, contexts: defaultContextSettings() });
    assert.deepEqual(config.ignore, []);
    assert.deepEqual(config.backlog, { directory: 'backlog' });
  });

  it('adds context globs from a list, replaces them from { globs, replaceDefaults }, and reads what each context does', () => {
    const config = parse(`{
      "contexts": {
        "test": ["spec-support/**"],
        "script": { "globs": ["bin/**"], "replaceDefaults": true },
        "example": { "globs": ["playground/**"] },
        "production": ["src/demo/**"]
      },
      "contextSeverity": { "test": "lower", "vendored": "off" }
    }`);
    assert.deepEqual(config.problems, []);
    const contexts = config.engine.contexts;
    const defaults = defaultContextSettings();
    assert.deepEqual(contexts.globs.test, [...defaults.globs.test, 'spec-support/**']);
    assert.deepEqual(contexts.globs.script, ['bin/**']);
    assert.deepEqual(contexts.globs.example, [...defaults.globs.example, 'playground/**']);
    assert.deepEqual(contexts.globs.fixture, defaults.globs.fixture);
    assert.deepEqual(contexts.production, ['src/demo/**']);
    assert.deepEqual(contexts.effects, { ...defaults.effects, test: 'lower', vendored: 'off' });
  });

  it('reports a broken context setting with its key and keeps the rest of the contexts', () => {
    const config = parse(`{
      "contexts": { "tests": ["x/**"], "test": ["ok/**", "", "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"], "script": "scripts/**" },
      "contextSeverity": { "test": "hide", "fixture": "off" }
    }`);
    const described = config.problems.map((p) => `${p.key}: ${p.message}`);
    assert.ok(described.some((d) => /^contexts\.tests: unknown key "tests"; did you mean "test"\?/.test(d)), described.join('\n'));
    assert.ok(described.some((d) => d.startsWith('contexts.test[1]: ')), described.join('\n'));
    assert.ok(described.some((d) => /^contexts\.test\[2\]: expands to more than/.test(d)), described.join('\n'));
    assert.ok(described.includes('contexts.script: must be a list of globs or an object { "globs": [...], "replaceDefaults": true } (got "scripts/**")'), described.join('\n'));
    assert.equal(described.filter((d) => d.startsWith('contexts.test:')).length, 0, 'a list with one bad glob is not itself wrong');
    assert.ok(described.some((d) => /^contextSeverity\.test: .*info.*lower.*off/.test(d)), described.join('\n'));
    const defaults = defaultContextSettings();
    assert.deepEqual(config.engine.contexts.globs.test, [...defaults.globs.test, 'ok/**']);
    assert.deepEqual(config.engine.contexts.globs.script, defaults.globs.script);
    assert.equal(config.engine.contexts.effects.test, defaults.effects.test);
    assert.equal(config.engine.contexts.effects.fixture, 'off');
    assert.ok(config.problems.every((p) => p.line !== undefined), 'every problem has a position');
  });

  it('reports invalid JSON once, with position, and uses all defaults', () => {
    const config = parse('{\n  "ignore": ["a"]\n  "maxFileSize": 5\n}');
    assert.equal(config.problems.length, 1);
    const [problem] = config.problems;
    assert.equal(problem.file, FILE);
    assert.equal(problem.key, '(root)');
    assert.match(problem.message, /not valid JSON: comma expected/);
    assert.equal(problem.line, 3);
    assert.deepEqual(config.ignore, []);
    assert.equal(config.engine.maxFileSize, DEFAULT_MAX_FILE_SIZE);
  });

  it('reports a top-level value that is not an object', () => {
    const config = parse('["rules"]');
    assert.deepEqual(config.problems.map((p) => p.key), ['(root)']);
    assert.match(config.problems[0].message, /must be a JSON object/);
  });

  it('reports an empty file', () => {
    const config = parse('  // nothing\n');
    assert.equal(config.problems.length, 1);
    assert.match(config.problems[0].message, /empty|not valid JSON/);
  });

  it('names an unknown top-level key with a suggestion and keeps the rest', () => {
    const config = parse('{ "ignores": ["x/**"], "maxFileSize": 10 }');
    assert.deepEqual(config.problems.map((p) => [p.key, p.line]), [['ignores', 1]]);
    assert.match(config.problems[0].message, /unknown key "ignores"; did you mean "ignore"\?/);
    assert.equal(config.engine.maxFileSize, 10);
  });

  it('names a wrong type and falls back to the default for that key only', () => {
    const config = parse('{\n  "maxFileSize": "1MB",\n  "ignore": ["dist2/**"]\n}');
    assert.deepEqual(config.problems.map((p) => [p.key, p.line, p.column]), [['maxFileSize', 2, 18]]);
    assert.match(config.problems[0].message, /must be a whole number \(got "1MB"\)/);
    assert.equal(config.engine.maxFileSize, DEFAULT_MAX_FILE_SIZE);
    assert.deepEqual(config.ignore, ['dist2/**']);
  });

  it('rejects non-positive sizes', () => {
    const config = parse('{ "maxFileSize": 0 }');
    assert.deepEqual(config.problems.map((p) => p.key), ['maxFileSize']);
    assert.match(config.problems[0].message, /at least 1/);
  });

  it('drops a non-string ignore entry but keeps the others', () => {
    const config = parse('{ "ignore": ["a/**", 3, "b/**"] }');
    assert.deepEqual(config.problems.map((p) => p.key), ['ignore[1]']);
    assert.deepEqual(config.ignore, ['a/**', 'b/**']);
  });

  it('uses no ignore globs when ignore is not an array', () => {
    const config = parse('{ "ignore": "a/**" }');
    assert.deepEqual(config.problems.map((p) => p.key), ['ignore']);
    assert.match(config.problems[0].message, /must be an array/);
    assert.deepEqual(config.ignore, []);
  });

  it('reports an unknown rule id with a suggestion and ignores only that entry', () => {
    const config = parse('{ "rules": { "sql/no-string-built-querry": "off", "sql/no-raw-identifier": "info" } }');
    assert.deepEqual(config.problems.map((p) => p.key), ['rules["sql/no-string-built-querry"]']);
    assert.match(config.problems[0].message, /unknown rule id "sql\/no-string-built-querry"; did you mean "sql\/no-string-built-query"\?/);
    assert.deepEqual(config.engine.rules, { 'sql/no-raw-identifier': { severity: 'info' } });
  });

  it('explains a bad rule severity once, whatever the shape', () => {
    const config = parse('{ "rules": { "sql/no-string-built-query": "high", "sql/no-raw-identifier": 2 } }');
    assert.deepEqual(config.problems.map((p) => p.key), ['rules["sql/no-string-built-query"]', 'rules["sql/no-raw-identifier"]']);
    assert.match(config.problems[0].message, /must be "off", "error", "warning" or "info" \(got "high"\)/);
    assert.match(config.problems[1].message, /or an object .* \(got 2\)/);
    assert.deepEqual(config.engine.rules, {});
  });

  it('reports problems inside a rule object', () => {
    const config = parse('{ "rules": { "sql/no-string-built-query": { "severity": "loud" }, "sql/no-raw-identifier": { "level": "off" } } }');
    assert.deepEqual(config.problems.map((p) => p.key), ['rules["sql/no-string-built-query"].severity', 'rules["sql/no-raw-identifier"].level']);
    assert.match(config.problems[0].message, /must be one of "off", "error", "warning", "info" \(got "loud"\)/);
    assert.match(config.problems[1].message, /unknown key "level"/);
    assert.deepEqual(config.engine.rules, {});
  });

  it('accepts team rule ids declared in the same file', () => {
    const config = parse('{ "checklist": [{ "id": "team/no-raw", "call": "db.raw", "message": "m" }], "rules": { "team/no-raw": "error" } }');
    assert.deepEqual(config.problems, []);
    assert.deepEqual(config.engine.rules, { 'team/no-raw': { severity: 'error' } });
  });

  it('validates team rules and keeps only the valid ones', () => {
    const config = parse(`{ "checklist": [
      { "id": "team/ok", "call": "legacyDb.rawQuery", "message": "m" },
      { "id": "sql/not-team", "call": "a.b", "message": "m" },
      { "id": "team/code", "call": "require('child_process').exec()", "message": "m" },
      { "id": "team/no-message", "call": "a.b" },
      { "id": "team/extra", "call": "a.b", "message": "m", "fix": "x => x" },
      { "id": "team/ok", "call": "other.call", "message": "dup" }
    ] }`);
    assert.deepEqual(config.problems.map((p) => p.key), [
      'checklist[1].id',
      'checklist[2].call',
      'checklist[3]',
      'checklist[4].fix',
      'checklist[5].id',
    ]);
    assert.match(config.problems[0].message, /team\/<name>/);
    assert.match(config.problems[1].message, /dotted callee/);
    assert.match(config.problems[2].message, /missing the required key "message"/);
    assert.match(config.problems[4].message, /duplicate team rule id "team\/ok"/);
    assert.deepEqual(config.engine.checklist.map((r) => r.id), ['team/ok']);
  });

  it('keeps backlog.directory inside the project', () => {
    for (const directory of ['/etc/backlog', '../elsewhere', 'a/../../b']) {
      const config = parse(JSON.stringify({ backlog: { directory } }));
      assert.deepEqual(config.problems.map((p) => p.key), ['backlog.directory'], directory);
      // Kept, so the backlog refuses it instead of writing to the default folder.
      assert.equal(config.backlog.directory, directory);
    }
  });

  it('reads backlog.tracker, and keeps an unknown tracker for the backlog to refuse', () => {
    assert.equal(parse('{ "backlog": { "tracker": "markdown" } }').backlog.tracker, 'markdown');
    assert.equal(parse('{}').backlog.tracker, undefined, 'absent means the default adapter');
    const unknown = parse('{ "backlog": { "tracker": "azure-boards" } }');
    assert.deepEqual(unknown.problems.map((p) => p.key), ['backlog.tracker']);
    // Kept, so no story is written to Backlog.md when the team asked for another tracker.
    assert.equal(unknown.backlog.tracker, 'azure-boards');
    const wrongType = parse('{ "backlog": { "tracker": 7 } }');
    assert.deepEqual([...new Set(wrongType.problems.map((p) => p.key))], ['backlog.tracker']);
    assert.equal(wrongType.backlog.tracker, undefined);
  });

  it('reads the remote trackers\' keys and says which one a tracker is missing, keeping the tracker', () => {
    const github = parse('{ "backlog": { "tracker": "github", "repository": "acme/shop", "labels": ["security"], "apiUrl": "https://github.example.com/api/v3" } }');
    assert.deepEqual(github.problems, []);
    assert.deepEqual(github.backlog, { directory: 'backlog', tracker: 'github', repository: 'acme/shop', labels: ['security'], apiUrl: 'https://github.example.com/api/v3' });
    const missing = parse('{ "backlog": { "tracker": "github" } }');
    assert.deepEqual(missing.problems.map((p) => `${p.key}: ${p.message}`), ['backlog.repository: is missing; backlog.tracker "github" needs it']);
    // Kept: the adapter refuses to run, rather than stories going quietly to Backlog.md.
    assert.equal(missing.backlog.tracker, 'github');
    const broken = parse('{ "backlog": { "tracker": "github", "repository": "acme shop", "apiUrl": "ftp://x", "labels": [""] } }');
    assert.deepEqual(broken.problems.map((p) => `${p.key}: ${p.message}`), [
      'backlog.repository: must be "owner/name" as in the repository URL (got "acme shop")',
      'backlog.labels[0]: must not be empty',
      'backlog.apiUrl: must be an https URL (got "ftp://x")',
    ]);
  });

  it('treats keys like __proto__ as plain data', () => {
    const config = parse('{ "__proto__": { "polluted": true } }');
    assert.deepEqual(config.problems.map((p) => p.key), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('knows the shipped rule ids and the engine\'s own ids through knownRuleIds()', () => {
    const config = parseConfigText('{ "rules": { "rugged/parse-error": "off", "nope/nope": "off" } }', FILE, { knownRuleIds: knownRuleIds(allRules) });
    assert.deepEqual(config.problems.map((p) => p.key), ['rules["nope/nope"]']);
    assert.deepEqual(config.engine.rules, { 'rugged/parse-error': { severity: 'off' } });
  });

  it('accepts a byte order mark', () => {
    assert.deepEqual(parse('\uFEFF{ "ignore": [] }').problems, []);
  });
});

describe('parseConfigText on hostile files', () => {
  it('reports each duplicate key where it is repeated and keeps the first value', () => {
    const config = parse('{\n  "ignore": ["a/**"],\n  "ignore": ["b/**"],\n  "backlog": { "directory": "x", "directory": "y" }\n}');
    assert.deepEqual(config.problems.map((p) => [p.key, p.line]), [['ignore', 3], ['backlog.directory', 4]]);
    assert.match(config.problems[0].message, /duplicate key "ignore"; only its first occurrence \(line 2\) applies/);
    assert.deepEqual(config.ignore, ['a/**']);
    assert.equal(config.backlog.directory, 'x');
  });

  it('never lets backlog keys reach a prototype', () => {
    const config = parse('{ "backlog": { "__proto__": { "directory": "/etc", "polluted": true }, "constructor": { "x": 1 }, "prototype": 1, "prefix": "sec" } }');
    assert.deepEqual(config.problems.map((p) => p.key), ['backlog.__proto__', 'backlog.constructor', 'backlog.prototype']);
    assert.match(config.problems[0].message, /key "__proto__" is reserved and ignored/);
    assert.equal(Object.getPrototypeOf(config.backlog), Object.prototype);
    assert.deepEqual(Object.keys(config.backlog), ['directory', 'prefix']);
    assert.equal(config.backlog.directory, 'backlog');
    assert.equal((config.backlog as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('drops reserved keys inside rule options too', () => {
    const config = parse('{ "rules": { "sql/no-raw-identifier": { "options": { "__proto__": { "allow": ["x"] }, "allow": ["id"] } } } }');
    assert.deepEqual(config.problems.map((p) => p.key), ['rules["sql/no-raw-identifier"].options.__proto__']);
    const options = config.engine.rules['sql/no-raw-identifier'].options ?? {};
    assert.equal(Object.getPrototypeOf(options), Object.prototype);
    assert.deepEqual(options, { allow: ['id'] });
  });

  it('reports a container over its limit once and uses its default', () => {
    const config = parse(JSON.stringify({ ignore: Array.from({ length: 100_000 }, () => 3), maxFileSize: 10 }));
    assert.deepEqual(config.problems.map((p) => [p.key, p.message]), [['ignore', 'has 100000 entries; at most 1000 are allowed, so none of them is used']]);
    assert.deepEqual(config.ignore, []);
    assert.equal(config.engine.maxFileSize, 10);
  });

  it('limits team rules, rule entries and keys per object', () => {
    const checklist = Array.from({ length: 501 }, (_, i) => ({ id: `team/r${i}`, call: 'a.b', message: 'm' }));
    assert.deepEqual(parse(JSON.stringify({ checklist })).problems.map((p) => p.key), ['checklist']);
    const rules = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`sql/r${i}`, 'off']));
    assert.deepEqual(parse(JSON.stringify({ rules })).problems.map((p) => p.key), ['rules']);
    const root = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 1]));
    assert.deepEqual(parse(JSON.stringify(root)).problems.map((p) => p.key), ['(root)']);
  });

  it('refuses long strings with their length and limit', () => {
    const config = parse(JSON.stringify({ checklist: [{ id: 'team/x', call: 'a.b', message: 'm'.repeat(3000) }], backlog: { directory: 'd'.repeat(2000) } }));
    assert.deepEqual(config.problems.map((p) => [p.key, p.message]), [
      ['checklist[0].message', 'is 3000 characters long; at most 2000 are allowed'],
      ['backlog.directory', 'is 2000 characters long; at most 1024 are allowed'],
    ]);
    assert.deepEqual(config.engine.checklist, []);
  });

  it('rejects a maxFileSize beyond what can ever be read', () => {
    const config = parse('{ "maxFileSize": 1e12 }');
    assert.deepEqual(config.problems.map((p) => p.key), ['maxFileSize']);
    assert.match(config.problems[0].message, /at most 67108864/);
  });

  it('refuses deep nesting before parsing, with the position', () => {
    const config = parse(`{ "rules": ${'['.repeat(200_000)}`);
    assert.deepEqual(config.problems.map((p) => [p.key, p.line, p.column]), [['(root)', 1, 75]]);
    assert.match(config.problems[0].message, /more than 64 levels deep; all defaults are used/);
  });

  it('refuses text over the byte cap unparsed', () => {
    const config = parse(`{ "ignore": ["${'a'.repeat(1024 * 1024)}"] }`);
    assert.deepEqual(config.problems.map((p) => p.key), ['(root)']);
    assert.match(config.problems[0].message, /too large: \d+ characters, limit 1048576/);
  });

  it('lists at most 100 problems and counts the rest', () => {
    const config = parse(JSON.stringify({ ignore: Array.from({ length: 1000 }, () => 3) }));
    assert.equal(config.problems.length, 101);
    assert.deepEqual(config.problems[100], { file: FILE, key: '(root)', message: '900 more problems are not listed; fix the ones above first' });
  });

  it('names a 100,000-character rule id shortened and without a suggestion', () => {
    const config = parse(JSON.stringify({ rules: { [`sql/${'a'.repeat(100_000)}`]: 'off' } }));
    assert.equal(config.problems.length, 1);
    assert.ok(config.problems[0].message.length < 200);
    assert.match(config.problems[0].message, /^unknown rule id "sql\/a+\.\.\." \(see/);
  });

  it('reports globs minimatch cannot take and keeps the others', () => {
    const config = parse(JSON.stringify({ ignore: ['a'.repeat(70_000), '{a,b}'.repeat(20), 'ok/**'] }));
    assert.deepEqual(config.problems.map((p) => p.key), ['ignore[0]', 'ignore[1]']);
    assert.match(config.problems[1].message, /expands to more than 256 patterns/);
    assert.deepEqual(config.ignore, ['ok/**']);
  });

  it('keeps every problem on one line whatever the keys hold', () => {
    const config = parse('{ "a\\nb\\r\\u001b]0;x\\u0007\\u2028": 1, "rules": { "x\\ny/z": "off" } }');
    assert.equal(config.problems.length, 2);
    for (const p of config.problems) assert.doesNotMatch(`${p.key}: ${p.message}`, /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });
});

describe('jsonPath', () => {
  it('spells pointers the way people read them', () => {
    assert.equal(jsonPath(''), '(root)');
    assert.equal(jsonPath('/checklist/0/call'), 'checklist[0].call');
    assert.equal(jsonPath('/rules/sql~1no-x'), 'rules["sql/no-x"]');
  });
});

describe('loading from disk', () => {
  let dir: string;
  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-config-')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('uses defaults without a problem when the project has no .rugged.json', () => {
    const config = loadConfig(dir, known);
    assert.equal(config.file, undefined);
    assert.deepEqual(config.problems, []);
  });

  it('loads .rugged.json from the project root', () => {
    const root = join(dir, 'withconfig');
    mkdirSync(root);
    writeFileSync(join(root, '.rugged.json'), '{ "maxFileSize": 99 }');
    const config = loadConfig(root, known);
    assert.equal(config.file, join(root, '.rugged.json'));
    assert.equal(config.engine.maxFileSize, 99);
  });

  it('refuses an oversized file without reading it', () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, `{ "ignore": ["${'a'.repeat(2 * 1024 * 1024)}"] }`);
    const config = loadConfigFile(file, known);
    assert.deepEqual(config.problems.map((p) => p.key), ['(root)']);
    assert.match(config.problems[0].message, /too large: \d+ bytes, limit 1048576/);
  });

  it('reports a missing explicit file', () => {
    const config = loadConfigFile(join(dir, 'missing.json'), known);
    assert.deepEqual(config.problems.map((p) => [p.key, p.message]), [['(root)', 'file not found']]);
  });

  it('refuses a .rugged.json that is a FIFO or a device, and uses the defaults', () => {
    const root = join(dir, 'special');
    mkdirSync(root);
    execFileSync('mkfifo', [join(root, '.rugged.json')]);
    const piped = loadConfig(root, known);
    assert.deepEqual(piped.problems.map((p) => [p.key, p.message]), [['(root)', 'not a regular file: a FIFO; all defaults are used']]);
    assert.equal(piped.engine.maxFileSize, DEFAULT_MAX_FILE_SIZE);
    const zero = join(dir, 'zero.json');
    symlinkSync('/dev/zero', zero);
    assert.deepEqual(loadConfigFile(zero, known).problems.map((p) => p.message), ['not a regular file: a device; all defaults are used']);
  });

  it('finds the nearest .rugged.json, else package.json, else .git', () => {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'packages', 'app', 'src', 'deep'), { recursive: true });
    writeFileSync(join(repo, 'packages', 'app', 'package.json'), '{}');
    writeFileSync(join(repo, 'packages', 'app', 'src', 'index.js'), '');
    assert.equal(findProjectRoot(join(repo, 'packages', 'app', 'src', 'deep')), join(repo, 'packages', 'app'));
    assert.equal(findProjectRoot(join(repo, 'packages', 'app', 'src', 'index.js')), join(repo, 'packages', 'app'));
    assert.equal(findProjectRoot(join(repo, 'packages')), repo);
    writeFileSync(join(repo, '.rugged.json'), '{}');
    assert.equal(findProjectRoot(join(repo, 'packages', 'app', 'src')), repo, '.rugged.json wins over a nearer package.json');
  });
});
