// Loading .rugged.json: comments allowed, every broken value reported with file, key and position
// and replaced by its default, and the project root found from any path inside it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProjectRoot, jsonPath, loadConfig, loadConfigFile, parseConfigText } from '../../server/src/config/load';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/engine/config';

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
    assert.equal(config.backlog.directory, 'security/backlog');
    assert.equal(config.backlog.prefix, 'sec', 'backlog keeps keys it does not know yet for the backlog owner');
  });

  it('gives defaults for an empty object', () => {
    const config = parse('{}');
    assert.deepEqual(config.problems, []);
    assert.deepEqual(config.engine, { rules: {}, checklist: [], maxFileSize: DEFAULT_MAX_FILE_SIZE });
    assert.deepEqual(config.ignore, []);
    assert.deepEqual(config.backlog, { directory: 'backlog' });
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

  it('treats keys like __proto__ as plain data', () => {
    const config = parse('{ "__proto__": { "polluted": true } }');
    assert.deepEqual(config.problems.map((p) => p.key), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('knows the shipped rule ids by default', () => {
    const config = parseConfigText('{ "rules": { "rugged/parse-error": "off", "nope/nope": "off" } }', FILE);
    assert.deepEqual(config.problems.map((p) => p.key), ['rules["nope/nope"]']);
    assert.deepEqual(config.engine.rules, { 'rugged/parse-error': { severity: 'off' } });
  });

  it('accepts a byte order mark', () => {
    assert.deepEqual(parse('\uFEFF{ "ignore": [] }').problems, []);
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
    const config = loadConfig(dir);
    assert.equal(config.file, undefined);
    assert.deepEqual(config.problems, []);
  });

  it('loads .rugged.json from the project root', () => {
    const root = join(dir, 'withconfig');
    mkdirSync(root);
    writeFileSync(join(root, '.rugged.json'), '{ "maxFileSize": 99 }');
    const config = loadConfig(root);
    assert.equal(config.file, join(root, '.rugged.json'));
    assert.equal(config.engine.maxFileSize, 99);
  });

  it('reports a missing explicit file', () => {
    const config = loadConfigFile(join(dir, 'missing.json'));
    assert.deepEqual(config.problems.map((p) => [p.key, p.message]), [['(root)', 'file not found']]);
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
