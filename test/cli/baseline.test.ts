// `rugged scan --baseline` and `--changed-since` on a real Git repository in a temporary folder,
// run through the built dist/cli.js: old findings stay quiet even when they move, new ones are
// reported and fail the build, and every way the inputs can be wrong is exit 2 with a reason.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertValidSarif, runBuiltCli, tempProject, writeFiles } from './helpers';
import { parseSarif, parseScanJson } from './outputTypes';

const SHELL_FINDING = ["const { exec } = require('child_process');", 'function list(req) {', "  exec('ls ' + req.query.dir);", '}', 'module.exports = list;', ''].join('\n');
const SHELL_RULE = 'unsafe-api/no-shell-command-from-input';
const EVAL_RULE = 'unsafe-api/no-eval-like';

const { root, remove } = tempProject({
  'src/list.js': SHELL_FINDING,
  'src/util.js': 'function add(a, b) {\n  return a + b;\n}\nmodule.exports = add;\n',
});
after(remove);

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' });
}

function scanJson(...args: string[]) {
  const result = runBuiltCli(['scan', '-f', 'json', ...args], root);
  return { code: result.code, stderr: result.stderr, report: parseScanJson(result.stdout) };
}

before(() => {
  git('init', '--quiet');
  git('add', '.');
  git('commit', '--quiet', '-m', 'first');
  // Baselines from the first state, in both formats, outside the scanned sources.
  assert.equal(runBuiltCli(['scan', '-f', 'sarif', '-o', 'baseline.sarif'], root).code, 1);
  assert.equal(runBuiltCli(['scan', '-f', 'json', '-o', 'baseline.json'], root).code, 1);
  // The old finding moves down three lines without changing; a new one appears in another file.
  writeFiles(root, {
    'src/list.js': `// Lists a folder.\n// Callers pass the folder name.\n\n${SHELL_FINDING}`,
    'src/util.js': 'function add(a, b) {\n  return a + b;\n}\nfunction run(req) {\n  eval(req.body.code);\n}\nmodule.exports = { add, run };\n',
  });
  git('add', '.');
  git('commit', '--quiet', '-m', 'second');
});

describe('rugged scan --baseline', () => {
  for (const file of ['baseline.sarif', 'baseline.json']) {
    it(`reports only the new finding against ${file}; the moved one matches by fingerprint`, () => {
      const { code, report } = scanJson('--baseline', file);
      assert.equal(code, 1, 'the new error still fails the build');
      assert.deepEqual(report.findings.map((f) => [f.path, f.ruleId, f.baselineState]), [['src/util.js', EVAL_RULE, 'new']]);
      assert.deepEqual(report.summary.baseline, { file, matched: 1, shown: false });
      assert.equal(report.summary.findings, 1);
    });
  }

  it('keeps baseline findings with --include-baseline, marked unchanged, without failing on them', () => {
    const { report } = scanJson('--baseline', 'baseline.sarif', '--include-baseline');
    assert.deepEqual(report.findings.map((f) => [f.ruleId, f.range.start.line, f.baselineState]), [[SHELL_RULE, 6, 'unchanged'], [EVAL_RULE, 5, 'new']]);
    assert.equal(report.summary.findings, 1, 'the unchanged finding is not counted as a finding');
    // Only the unchanged finding left: --fail-on ignores it.
    const current = runBuiltCli(['scan', '-f', 'json', '-o', 'current.json'], root);
    assert.equal(current.code, 1);
    const clean = runBuiltCli(['scan', '--baseline', 'current.json', '--include-baseline'], root);
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /^src\/list\.js:6:8 {2}baseline {2}unsafe-api\/no-shell-command-from-input/m);
    assert.match(clean.stdout, /^No findings \(2 files checked; 2 in the baseline\)\.$/m);
  });

  it('writes baselineState in SARIF, and the log passes the SARIF and GitHub validators', () => {
    const result = runBuiltCli(['scan', '-f', 'sarif', '--baseline', 'baseline.json', '--include-baseline', '-o', 'compared.sarif'], root);
    assert.equal(result.code, 1, result.stderr);
    const log = parseSarif(readFileSync(join(root, 'compared.sarif'), 'utf8'));
    assert.deepEqual(log.runs[0].results?.map((r) => [r.ruleId, r.baselineState]), [[SHELL_RULE, 'unchanged'], [EVAL_RULE, 'new']]);
    assert.deepEqual(log.runs[0].invocations?.[0].properties?.baseline, { matched: 1, shown: true });
    assertValidSarif(join(root, 'compared.sarif'));
  });

  it('refuses a baseline that is missing, corrupt, truncated or another tool\'s, with exit 2', () => {
    writeFileSync(join(root, 'corrupt.json'), '{ "version": 1, "tool": ');
    writeFileSync(join(root, 'other.sarif'), JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'eslint' } }, results: [] }] }));
    writeFileSync(join(root, 'plain.json'), '[1, 2, 3]');
    const sarif = parseSarif(readFileSync(join(root, 'baseline.sarif'), 'utf8'));
    delete sarif.runs[0].results?.[0].partialFingerprints;
    writeFileSync(join(root, 'unfingerprinted.sarif'), JSON.stringify(sarif));
    const cases: [string, RegExp][] = [
      ['missing.sarif', /^rugged: cannot use baseline missing\.sarif: file not found$/],
      ['corrupt.json', /^rugged: cannot use baseline corrupt\.json: not valid JSON/],
      ['other.sarif', /^rugged: cannot use baseline other\.sarif: SARIF run 0 was not made by rugged \(tool "eslint"\)$/],
      ['plain.json', /^rugged: cannot use baseline plain\.json: not a Rugged SARIF or JSON report/],
      ['unfingerprinted.sarif', /^rugged: cannot use baseline unfingerprinted\.sarif: SARIF result 0 has no "ruggedFingerprint\/v1" partial fingerprint$/],
    ];
    for (const [file, message] of cases) {
      const result = runBuiltCli(['scan', '--baseline', file], root);
      assert.equal(result.code, 2, `${file}: ${result.stdout}`);
      assert.match(result.stderr.trim(), message);
      assert.equal(result.stdout, '', `${file}: no report is written when the baseline cannot be used`);
    }
  });

  it('needs --baseline for --include-baseline', () => {
    const result = runBuiltCli(['scan', '--include-baseline'], root);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'rugged: option --include-baseline needs --baseline FILE\n');
  });
});

describe('rugged scan --changed-since', () => {
  it('reports only findings on lines changed since the ref; a finding that only moved is not one', () => {
    const { code, report } = scanJson('--changed-since', 'HEAD~1');
    assert.equal(code, 1);
    assert.deepEqual(report.findings.map((f) => [f.path, f.ruleId]), [['src/util.js', EVAL_RULE]]);
    assert.equal(report.summary.changedSince?.ref, 'HEAD~1');
    assert.equal(report.summary.changedSince?.outsideChangedLines, 1);
    assert.match(report.summary.changedSince?.commit ?? '', /^[0-9a-f]{40}$/);
  });

  it('is empty against HEAD until the working tree changes; then untracked files count whole and a pure rename counts nothing', () => {
    assert.deepEqual(scanJson('--changed-since', 'HEAD').report.findings, []);
    git('mv', 'src/util.js', 'src/helpers.js');
    writeFiles(root, { 'src/fresh.js': 'function run(req) {\n  eval(req.query.x);\n}\n' });
    try {
      const { report } = scanJson('--changed-since', 'HEAD');
      assert.deepEqual(report.findings.map((f) => [f.path, f.ruleId]), [['src/fresh.js', EVAL_RULE]]);
      assert.equal(report.summary.changedSince?.unchangedFiles, 2, 'list.js and the renamed helpers.js were not checked');
    } finally {
      git('mv', 'src/helpers.js', 'src/util.js');
      rmSync(join(root, 'src/fresh.js'));
    }
  });

  it('combines with --baseline: the baseline applies to what the changed lines leave', () => {
    const { report } = scanJson('--changed-since', 'HEAD~1', '--baseline', 'baseline.sarif');
    assert.deepEqual(report.findings.map((f) => f.ruleId), [EVAL_RULE]);
    assert.equal(report.summary.baseline?.matched, 0);
  });

  it('refuses an unknown ref, an option in its place and a folder outside Git, with exit 2', () => {
    const unknown = runBuiltCli(['scan', '--changed-since', 'no-such-branch'], root);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^rugged: --changed-since: unknown Git ref "no-such-branch"/);
    const option = runBuiltCli(['scan', '--changed-since=--output=x'], root);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /^rugged: --changed-since: not a Git ref: "--output=x"/);
    const outside = tempProject({ 'a.js': 'eval(x);\n' });
    try {
      const result = runBuiltCli(['scan', '--changed-since', 'HEAD'], outside.root);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^rugged: --changed-since: .+ is not inside a Git repository$/m);
    } finally {
      outside.remove();
    }
  });
});
