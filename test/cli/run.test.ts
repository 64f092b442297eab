// `run(argv, io)` in-process: exit codes, --fail-on, --output, formats, errors as one line,
// suppressions, skipped files, .gitignore, help and the rules command.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RuleModule } from '../../server/src/engine/api';
import { sinkRule } from '../engine/testRules';
import { noDebuggerRule } from './cliRules';
import { runCli, tempProject } from './helpers';
import { parseRulesJson, parseScanJson, parseSarif } from './outputTypes';

const rules = [noDebuggerRule, sinkRule];
const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((remove) => remove()));

function project(files: Record<string, string | Buffer>): string {
  const made = tempProject(files);
  cleanups.push(made.remove);
  return made.root;
}

/** No stack trace, exactly one line. */
function assertOneLineError(stderr: string, pattern: RegExp): void {
  assert.equal(stderr.split('\n').filter(Boolean).length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.match(stderr.trimEnd(), pattern);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

const TAINTED = "app.get('/u', (req, res) => {\n  sink('id = ' + req.query.id);\n});\n";
const UNKNOWN = 'function f(a, b) {\n  sink(a + b);\n}\n';

describe('rugged scan exit codes', () => {
  it('exits 0 with a clean summary when nothing is found', async () => {
    const root = project({ 'src/ok.js': 'const a = 1;\n' });
    const result = await runCli(['scan'], root, { rules });
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'No findings (1 file checked).\n');
    assert.equal(result.stderr, '');
  });

  it('exits 1 when an error-level finding is reported', async () => {
    const root = project({ 'src/a.js': 'function f() {\n  debugger;\n}\n' });
    const result = await runCli(['scan'], root, { rules });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^src\/a\.js:2:3 {2}error {2}test\/no-debugger {2}Remove the debugger statement$/m);
  });

  it('applies --fail-on as a threshold', async () => {
    const root = project({ 'src/a.js': UNKNOWN });
    assert.equal((await runCli(['scan'], root, { rules })).code, 0, 'a warning does not fail by default');
    assert.equal((await runCli(['scan', '--fail-on', 'warning'], root, { rules })).code, 1);
    assert.equal((await runCli(['scan', '--fail-on=note'], root, { rules })).code, 1);
    const errors = project({ 'src/a.js': 'debugger;\n' });
    assert.equal((await runCli(['scan', '--fail-on', 'never'], errors, { rules })).code, 0);
    assert.equal((await runCli(['scan', '--fail-on', 'error'], errors, { rules })).code, 1);
  });

  it('counts info findings only with --fail-on note', async () => {
    const root = project({ 'src/broken.js': 'const = ;\n' });
    const result = await runCli(['scan', '--fail-on', 'warning'], root, { rules });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /info {2}rugged\/parse-error/);
    assert.equal((await runCli(['scan', '--fail-on', 'note'], root, { rules })).code, 1);
  });

  it('reports suppressed findings without failing on them', async () => {
    const root = project({ 'src/a.js': 'function f() {\n  // rugged-ignore test/no-debugger -- kept for the demo recording\n  debugger;\n}\n' });
    const text = await runCli(['scan', '--fail-on', 'note'], root, { rules });
    assert.equal(text.code, 0);
    assert.match(text.stdout, /src\/a\.js:3:3 {2}suppressed {2}test\/no-debugger/);
    assert.match(text.stdout, /reason: kept for the demo recording/);
    assert.match(text.stdout, /No findings \(1 file checked; 1 suppressed\)/);
    const json = parseScanJson((await runCli(['scan', '--format', 'json'], root, { rules })).stdout);
    assert.deepEqual(json.findings[0].suppression, { justification: 'kept for the demo recording', line: 2 });
    assert.equal(json.summary.suppressed, 1);
    assert.equal(json.summary.findings, 0);
  });

  it('scans the paths given and defaults to the current folder', async () => {
    const root = project({ 'a/x.js': 'debugger;\n', 'b/y.js': 'debugger;\n' });
    const onlyA = await runCli(['scan', 'a'], root, { rules });
    assert.match(onlyA.stdout, /^a\/x\.js:1:1/m);
    assert.doesNotMatch(onlyA.stdout, /b\/y\.js/);
    const fromB = await runCli(['scan'], join(root, 'b'), { rules });
    assert.match(fromB.stdout, /^y\.js:1:1/m, 'paths are shown relative to the working directory');
  });
});

describe('rugged scan errors', () => {
  const root = project({ 'src/a.js': 'debugger;\n' });

  for (const [argv, pattern] of [
    [['scan', '--formt', 'json'], /^rugged: unknown option "--formt"; did you mean "--format"\?$/m],
    [['scan', '--format', 'xml'], /^rugged: option --format must be one of text, json, sarif \(got "xml"\)$/m],
    [['scan', '--fail-on', 'critical'], /^rugged: option --fail-on must be one of error, warning, note, never/m],
    [['scan', '--output'], /^rugged: option --output needs a value$/m],
    [['scan', 'missing-folder'], /^rugged: path not found: missing-folder$/m],
    [['scan', '--config', 'nope.json'], /^rugged: config file not found: nope\.json$/m],
    [['scna'], /^rugged: unknown command "scna"; commands: scan, rules/m],
    [[], /^rugged: missing command/m],
    [['--verbose'], /^rugged: unknown option "--verbose"/m],
    [['rules', '--format', 'yaml'], /^rugged: option --format must be one of markdown, json/m],
  ] as const) {
    it(`exits 2 with one line for: rugged ${argv.join(' ')}`, async () => {
      const result = await runCli([...argv], root, { rules });
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assertOneLineError(result.stderr, pattern);
    });
  }

  it('exits 2 on a broken config, naming file, position and key, and still reports with defaults', async () => {
    const broken = project({
      '.rugged.json': '{\n  // typo below\n  "rules": { "test/no-debuger": "off" },\n  "maxFileSize": "big"\n}\n',
      'src/a.js': 'debugger;\n',
    });
    const result = await runCli(['scan'], broken, { rules });
    assert.equal(result.code, 2);
    const lines = result.stderr.trim().split('\n');
    assert.deepEqual(lines, [
      'rugged: config error: .rugged.json:4:18: maxFileSize: must be a whole number (got "big")',
      'rugged: config error: .rugged.json:3:14: rules["test/no-debuger"]: unknown rule id "test/no-debuger"; did you mean "test/no-debugger"? (see `rugged rules`)',
    ]);
    assert.match(result.stdout, /test\/no-debugger/, 'the misspelt "off" is not applied: the rule still runs');
  });

  it('exits 2 on invalid JSON in the config', async () => {
    const broken = project({ '.rugged.json': '{ "ignore": [ }', 'src/a.js': 'const a = 1;\n' });
    const result = await runCli(['scan'], broken, { rules });
    assert.equal(result.code, 2);
    assertOneLineError(result.stderr, /^rugged: config error: \.rugged\.json:1:\d+: \(root\): not valid JSON: value expected; all defaults are used$/);
  });

  it('uses --config instead of the project file', async () => {
    const root2 = project({ 'ci/strict.json': '{ "rules": { "test/no-debugger": "off" } }', 'src/a.js': 'debugger;\n' });
    const result = await runCli(['scan', '--config', 'ci/strict.json'], root2, { rules });
    assert.equal(result.code, 0);
  });

  it('turns an unexpected exception into one line and exit 2', async () => {
    const broken = { id: 'test/broken' } as unknown as RuleModule;
    const result = await runCli(['scan'], root, { rules: [broken] });
    assert.equal(result.code, 2);
    assertOneLineError(result.stderr, /^rugged: internal error: .* \(please report it at https:\/\/github\.com\/rugged-security\/rugged\/issues\)$/);
  });

  it('exits 2 when the output file cannot be written', async () => {
    const result = await runCli(['scan', '--output', 'src/a.js/out.txt'], root, { rules });
    assert.equal(result.code, 2);
    assertOneLineError(result.stderr, /^rugged: cannot write src\/a\.js\/out\.txt \(E[A-Z]+\)$/);
  });
});

describe('rugged scan output', () => {
  it('writes the report to --output, creating folders, and nothing to stdout', async () => {
    const root = project({ 'src/a.js': 'debugger;\n' });
    const result = await runCli(['scan', '--format', 'json', '--output', 'reports/rugged.json'], root, { rules });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const written = parseScanJson(readFileSync(join(root, 'reports/rugged.json'), 'utf8'));
    assert.equal(written.findings[0].ruleId, 'test/no-debugger');
  });

  it('shows a code frame with a caret underline under the flagged text', async () => {
    const root = project({ 'src/a.js': TAINTED });
    const { stdout } = await runCli(['scan'], root, { rules });
    assert.ok(
      stdout.includes(
        [
          "src/a.js:2:8  warning  test/sink  sink receives tainted (built) from req.query.id",
          "  2 |   sink('id = ' + req.query.id);",
          '    |        ^^^^^^^^^^^^^^^^^^^^^^',
          '  source at line 2:18',
        ].join('\n'),
      ),
      stdout,
    );
    assert.match(stdout, /1 finding \(0 errors, 1 warning, 0 info\); 1 file checked\.\n$/);
  });

  it('colours only a TTY without NO_COLOR', async () => {
    const root = project({ 'src/a.js': 'debugger;\n' });
    const escape = /\u001b\[/;
    assert.doesNotMatch((await runCli(['scan'], root, { rules })).stdout, escape);
    assert.match((await runCli(['scan'], root, { rules, tty: true })).stdout, escape);
    assert.doesNotMatch((await runCli(['scan'], root, { rules, tty: true, env: { NO_COLOR: '1' } })).stdout, escape);
    await runCli(['scan', '--output', 'out.txt'], root, { rules, tty: true });
    assert.doesNotMatch(readFileSync(join(root, 'out.txt'), 'utf8'), escape);
  });

  it('lists every finding in JSON with range, fixes as edits, fingerprint and related locations', async () => {
    const root = project({ 'src/a.js': TAINTED, 'src/b.js': 'function g() {\n  debugger;\n}\n' });
    const result = await runCli(['scan', '--format', 'json'], root, { rules });
    const json = parseScanJson(result.stdout);
    assert.equal(json.version, 1);
    assert.deepEqual(json.summary, { filesScanned: 2, findings: 2, errors: 1, warnings: 1, info: 0, suppressed: 0, skipped: 0, excluded: 0 });
    const [sink, debug] = json.findings;
    assert.deepEqual(
      { path: sink.path, ruleId: sink.ruleId, severity: sink.severity, confidence: sink.confidence, range: sink.range, related: sink.related },
      {
        path: 'src/a.js',
        ruleId: 'test/sink',
        severity: 'warning',
        confidence: 'high',
        range: { start: { line: 2, column: 8, offset: 37 }, end: { line: 2, column: 30, offset: 59 } },
        related: [{ message: 'source', range: { start: { line: 2, column: 18, offset: 47 }, end: { line: 2, column: 30, offset: 59 } } }],
      },
    );
    assert.match(sink.fingerprint, /^[0-9a-f]{32}$/);
    assert.equal(sink.suppression, null);
    assert.deepEqual(debug.fixes, [
      { title: 'Delete `debugger`', kind: 'safe', edits: [{ range: { start: { line: 2, column: 3, offset: 17 }, end: { line: 2, column: 12, offset: 26 } }, text: '' }] },
    ]);
  });

  it('gives the same bytes on every run and no absolute paths', async () => {
    const root = project({ 'src/a.js': TAINTED, 'src/b.js': 'debugger;\n', 'big.js': `// ${'x'.repeat(300)}\n`, '.rugged.json': '{ "maxFileSize": 200 }' });
    for (const format of ['text', 'json', 'sarif']) {
      const first = await runCli(['scan', '--format', format], root, { rules });
      const second = await runCli(['scan', '--format', format], root, { rules });
      assert.equal(first.stdout, second.stdout, format);
      assert.ok(!first.stdout.includes(root), `${format} output contains the absolute path ${root}`);
    }
  });
});

describe('rugged scan file selection', () => {
  it('lists skipped files on stderr in text mode and in JSON and SARIF output', async () => {
    const root = project({
      '.rugged.json': '{ "maxFileSize": 100 }',
      'src/big.js': `const big = '${'x'.repeat(200)}';\n`,
      'src/bin.js': Buffer.from([0x63, 0x00, 0x01]),
      'src/latin1.js': Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]),
      'src/ok.js': 'const a = 1;\n',
    });
    const text = await runCli(['scan'], root, { rules });
    assert.equal(text.code, 0);
    assert.deepEqual(text.stderr.trim().split('\n'), [
      'rugged: skipped src/big.js: too large: 216 bytes, over the maxFileSize limit of 100',
      'rugged: skipped src/bin.js: Binary content (NUL bytes); not checked.',
      'rugged: note src/latin1.js: Not valid UTF-8; invalid bytes were read as U+FFFD, so findings near them may be off.',
    ]);
    assert.match(text.stdout, /No findings \(2 files checked; 2 skipped \(listed on stderr\)\)\./);

    const json = await runCli(['scan', '--format', 'json'], root, { rules });
    assert.equal(json.stderr, '', 'JSON mode keeps stderr for errors only');
    const report = parseScanJson(json.stdout);
    assert.deepEqual(report.skipped.map((s: { path: string }) => s.path), ['src/big.js', 'src/bin.js']);
    assert.deepEqual(report.notes, [{ path: 'src/latin1.js', kind: 'invalid-utf8', message: 'Not valid UTF-8; invalid bytes were read as U+FFFD, so findings near them may be off.' }]);

    const sarif = parseSarif((await runCli(['scan', '--format', 'sarif'], root, { rules })).stdout);
    const notifications = sarif.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
    assert.deepEqual(
      notifications.map((n) => [n.descriptor?.id, n.locations?.[0].physicalLocation?.artifactLocation?.uri]),
      [['rugged/skipped-file', 'src/big.js'], ['rugged/skipped-file', 'src/bin.js'], ['rugged/file-note', 'src/latin1.js']],
    );
  });

  it('honours .gitignore, default excludes and the ignore globs', async () => {
    const root = project({
      '.gitignore': 'generated/\n',
      '.rugged.json': '{ "ignore": ["legacy/**"] }',
      'generated/a.js': 'debugger;\n',
      'node_modules/lib/index.js': 'debugger;\n',
      'public/app.min.js': 'debugger;\n',
      'legacy/old.js': 'debugger;\n',
      'src/ok.js': 'const a = 1;\n',
    });
    const result = await runCli(['scan', '--list-excluded'], root, { rules });
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.stdout, 'No findings (1 file checked; 2 folders and 2 files excluded, see --list-excluded).\n');
    // Folders are one entry each, and what is inside them is not walked.
    assert.deepEqual(result.stderr.trim().split('\n'), [
      'rugged: excluded folder generated/: ignored by .gitignore:1',
      'rugged: excluded file legacy/old.js: ignored by .rugged.json "ignore": "legacy/**"',
      'rugged: excluded folder node_modules/: default exclude "node_modules/"',
      'rugged: excluded file public/app.min.js: default exclude for generated bundles (*.min.js, *.bundle.js)',
    ]);
  });
});

describe('rugged --help, --version and rules', () => {
  it('prints the version', async () => {
    const result = await runCli(['--version'], '/', { rules });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('lists the commands and each command\'s options', async () => {
    const general = await runCli(['--help'], '/', { rules });
    assert.equal(general.code, 0);
    // Names are padded to the longest command name; the padding grows as commands are added.
    assert.match(general.stdout, /^ {2}scan {2,}Check files against the security checklist$/m);
    assert.match(general.stdout, /^ {2}rules {2,}List the checklist rules/m);
    assert.match(general.stdout, /^ {2}story {2,}Raise an abuser story/m);
    assert.match(general.stdout, /^ {2}report {2,}Evidence report/m);
    const scan = await runCli(['scan', '--help'], '/', { rules });
    assert.equal(scan.code, 0);
    for (const option of ['--format text|json|sarif', '--output FILE', '--fail-on error|warning|note|never', '--config FILE']) assert.ok(scan.stdout.includes(option), option);
    assert.equal((await runCli(['help', 'rules'], '/', { rules })).stdout, (await runCli(['rules', '-h'], '/', { rules })).stdout);
  });

  it('lists rules as JSON with their metadata and the engine ids', async () => {
    const result = await runCli(['rules', '--format', 'json'], '/', { rules });
    assert.equal(result.code, 0);
    const { rules: listed } = parseRulesJson(result.stdout);
    assert.deepEqual(listed.map((r: { id: string }) => r.id), ['rugged/internal-error', 'rugged/invalid-suppression', 'rugged/parse-error', 'test/no-debugger', 'test/sink']);
    const debug = listed.find((r: { id: string }) => r.id === 'test/no-debugger');
    assert.equal(debug?.fix, 'safe');
    assert.deepEqual(debug?.cwe, ['CWE-489']);
    assert.equal(debug?.docs, 'https://github.com/rugged-security/rugged/blob/main/rules/test/no-debugger.md');
  });

  it('lists rules as a Markdown table', async () => {
    const result = await runCli(['rules'], '/', { rules });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^\| Rule \| Title \| Severity \| CWE \| OWASP Top 10 \| Fix \|$/m);
    assert.match(result.stdout, /^\| \[`test\/no-debugger`\]\(https:\/\/github\.com\/rugged-security\/rugged\/blob\/main\/rules\/test\/no-debugger\.md\) \| Test rule \| error \| CWE-489 \| A03:2021-Injection \| automatic \|$/m);
    assert.match(result.stdout, /^\| `rugged\/parse-error` \| File could not be parsed \| info \|$/m);
  });

  it('does not create files when only asked for help', async () => {
    const root = project({});
    await runCli(['scan', '--help', '--output', 'x.txt'], root, { rules });
    assert.equal(existsSync(join(root, 'x.txt')), false);
  });
});
