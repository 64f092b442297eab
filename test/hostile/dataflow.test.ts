// Hostile workspace, data flow: generated files that used to make the analysis quadratic (or
// worse) run through the real CLI and the real language server. Each must finish within the
// harness's deadline and memory ceiling, still report the injection where the analysis reaches
// it, and say so when the file's data-flow budget ran out instead of freezing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { assertBounded, hostileWorkspace, runCliBounded, startBoundedServer } from './harness';
import { assignmentCycle, copyChain, joinedArray, markupEachWritten, memberChain, pathsEachRead, plusChain, reassignments, reassignmentsEachQueried, sinksAgainstTheChain, templateChain } from './dataflowInputs';

const RULE = 'sql/no-string-built-query';
const BUDGET_NOTE = 'analysis budget exhausted in app.js: findings may be incomplete';

interface JsonReport {
  findings: { path: string; ruleId: string; severity: string; message: string; range: { start: { line: number } } }[];
  notes: { path: string; kind: string; message: string }[];
  skipped: { path: string; reason: string }[];
}

async function scanJson(text: string): Promise<{ report: JsonReport; stderr: string }> {
  const workspace = hostileWorkspace({ 'app.js': text });
  try {
    const result = await runCliBounded(['scan', '.', '--format', 'json'], { cwd: workspace.root });
    assertBounded(result, [0, 1]);
    return { report: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr };
  } finally {
    workspace.remove();
  }
}

/** The line of `db.query(...)`: the last line of the handler. */
function sinkLine(text: string): number {
  return text.split('\n').findIndex((line) => line.includes('db.query(')) + 1;
}

function findingsAt(report: JsonReport, line: number) {
  return report.findings.filter((f) => f.ruleId === RULE && f.range.start.line === line);
}

describe('hostile data flow: the real CLI stays linear and keeps its findings', () => {
  test('4,000 reassignments of one variable: bounded, and the SQL injection is still found', async () => {
    const text = reassignments(4_000);
    const { report } = await scanJson(text);
    const [finding] = findingsAt(report, sinkLine(text));
    assert.ok(finding, `no finding at the sink: ${JSON.stringify(report.findings).slice(0, 500)}`);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /request input \(req\.query\.p0\)/);
    assert.deepEqual(report.notes, [], 'a linear analysis stays within its budget');
  });

  test('20,000 reassignments: bounded, found, within budget', async () => {
    const text = reassignments(20_000);
    const { report } = await scanJson(text);
    assert.equal(findingsAt(report, sinkLine(text))[0]?.severity, 'error');
    assert.deepEqual(report.notes, []);
  });

  test('4,000 reassignments each followed by a query: bounded, every query found', async () => {
    const workspace = hostileWorkspace({ 'app.js': reassignmentsEachQueried(4_000) });
    try {
      const result = await runCliBounded(['scan', 'app.js', '--format', 'json', '--output', 'report.json'], { cwd: workspace.root });
      assertBounded(result, [1]);
      const report = JSON.parse(readFileSync(join(workspace.root, 'report.json'), 'utf8')) as JsonReport;
      assert.equal(report.findings.filter((f) => f.ruleId === RULE && f.severity === 'error').length, 4_000);
      assert.deepEqual(report.notes, []);
    } finally {
      workspace.remove();
    }
  });

  test('4,000 file reads in one handler, each of a path built further: bounded, every read found', async () => {
    const workspace = hostileWorkspace({ 'app.js': pathsEachRead(4_000) });
    try {
      const result = await runCliBounded(['scan', 'app.js', '--format', 'json', '--output', 'report.json'], { cwd: workspace.root });
      assertBounded(result, [1]);
      const report = JSON.parse(readFileSync(join(workspace.root, 'report.json'), 'utf8')) as JsonReport;
      assert.equal(report.findings.filter((f) => f.ruleId === 'unsafe-api/no-path-traversal').length, 4_000);
    } finally {
      workspace.remove();
    }
  });

  test('4,000 innerHTML writes of a growing string: bounded, every write found', async () => {
    const workspace = hostileWorkspace({ 'app.js': markupEachWritten(4_000) });
    try {
      const result = await runCliBounded(['scan', 'app.js', '--format', 'json', '--output', 'report.json'], { cwd: workspace.root });
      assertBounded(result, [1]);
      const report = JSON.parse(readFileSync(join(workspace.root, 'report.json'), 'utf8')) as JsonReport;
      assert.equal(report.findings.filter((f) => f.ruleId === 'unsafe-api/no-unsafe-html-sink').length, 4_000);
    } finally {
      workspace.remove();
    }
  });

  test('`a = b; b = a;` x1000 after a took request input: bounded, and the cycle carries the taint to b', async () => {
    const text = assignmentCycle(1_000);
    const { report } = await scanJson(text);
    const [finding] = findingsAt(report, sinkLine(text));
    assert.equal(finding?.severity, 'error');
    assert.match(finding.message, /req\.query\.x/);
  });

  test('a 50,000-term `+` chain: bounded (the parser declines it with one note, nothing crashes)', async () => {
    const { report } = await scanJson(plusChain(50_000));
    assert.equal(report.skipped.length, 0, JSON.stringify(report.skipped));
    assert.ok(report.findings.every((f) => f.ruleId === RULE || f.ruleId === 'rugged/parse-error'), JSON.stringify(report.findings).slice(0, 500));
    assert.ok(!report.findings.some((f) => f.ruleId === 'rugged/internal-error'));
  });

  test('5,000 chained template literals: bounded, the query still reported', async () => {
    const text = templateChain(5_000);
    const { report } = await scanJson(text);
    assert.equal(findingsAt(report, sinkLine(text)).length, 1, JSON.stringify(report.findings).slice(0, 500));
  });

  test('10,000 variables each copied from the previous: bounded, the query still reported', async () => {
    const text = copyChain(10_000);
    const { report } = await scanJson(text);
    assert.equal(findingsAt(report, sinkLine(text)).length, 1, JSON.stringify(report.findings).slice(0, 500));
  });

  test('an array of 20,000 request fields joined: bounded and tainted', async () => {
    const text = joinedArray(20_000);
    const { report } = await scanJson(text);
    assert.equal(findingsAt(report, sinkLine(text))[0]?.severity, 'error');
  });

  test('a member chain 600 deep: bounded, the query still reported', async () => {
    const text = memberChain(600);
    const { report } = await scanJson(text);
    assert.equal(findingsAt(report, sinkLine(text)).length, 1, JSON.stringify(report.findings).slice(0, 500));
  });

  test('a member chain 5,000 deep: bounded, no internal error (past the parser, one parse note)', async () => {
    const { report } = await scanJson(memberChain(5_000));
    assert.equal(report.skipped.length, 0, JSON.stringify(report.skipped));
    assert.ok(!report.findings.some((f) => f.ruleId === 'rugged/internal-error'), JSON.stringify(report.findings).slice(0, 500));
  });

  test('a file past the data-flow budget ends with a note in text, JSON and SARIF, and keeps the findings it reached', async () => {
    const workspace = hostileWorkspace({ 'app.js': sinksAgainstTheChain(10_000) });
    try {
      // Ten thousand warnings make reports larger than the harness keeps of stdout: they go to files.
      const json = await runCliBounded(['scan', 'app.js', '--format', 'json', '--output', 'report.json'], { cwd: workspace.root });
      assertBounded(json, [1]);
      const report = JSON.parse(readFileSync(join(workspace.root, 'report.json'), 'utf8')) as JsonReport;
      assert.deepEqual(report.notes, [{ path: 'app.js', kind: 'budget-exhausted', message: BUDGET_NOTE }]);
      assert.equal(report.skipped.length, 0, 'the file was checked, not skipped');
      const first = findingsAt(report, 4)[0];
      assert.equal(first?.severity, 'error', 'the finding reached before the budget ran out stays');
      assert.match(first.message, /req\.query\.first/);

      const text = await runCliBounded(['scan', 'app.js', '--output', 'report.txt'], { cwd: workspace.root });
      assertBounded(text, [1]);
      assert.match(text.stderr, new RegExp(`rugged: note app\\.js: ${BUDGET_NOTE}`));

      const sarif = await runCliBounded(['scan', 'app.js', '--format', 'sarif', '--output', 'report.sarif'], { cwd: workspace.root });
      assertBounded(sarif, [1]);
      const notifications = (JSON.parse(readFileSync(join(workspace.root, 'report.sarif'), 'utf8')) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] })
        .runs[0].invocations[0].toolExecutionNotifications;
      assert.ok(notifications.some((n) => n.message.text === BUDGET_NOTE), JSON.stringify(notifications).slice(0, 500));
    } finally {
      workspace.remove();
    }
  });
});

describe('hostile data flow: the real language server answers every version', () => {
  const workspace = hostileWorkspace({});
  let server: Awaited<ReturnType<typeof startBoundedServer>>;

  before(async () => {
    server = await startBoundedServer({ workspaceFolders: [workspace.root], settings: () => ({ scanOnStartup: false }) });
  });

  after(async () => {
    try {
      await server.finish();
    } finally {
      workspace.remove();
    }
  });

  /** Opens `first`, then replaces it with `second`; waits for the diagnostics of each version. */
  async function openThenChange(name: string, first: string, second: string) {
    const { client } = server;
    const uri = pathToFileURL(join(workspace.root, name)).toString();
    const versionOf = (version: number) =>
      client.until(`diagnostics of ${name} version ${version}`, () => client.published.find((p) => p.uri === uri && p.version === version), 60_000);
    client.open(uri, first, 1);
    const opened = await versionOf(1);
    client.change(uri, second, 2);
    const changed = await versionOf(2);
    return { uri, opened: opened.diagnostics, changed: changed.diagnostics };
  }

  const atLine = (diagnostics: { code?: number | string; range: { start: { line: number } } }[], line: number) =>
    diagnostics.filter((d) => d.code === RULE && d.range.start.line === line - 1);

  test('4,000 then 4,001 reassignments: diagnostics for both versions, the injection in each', async () => {
    const first = reassignments(4_000);
    const second = reassignments(4_001);
    const { opened, changed } = await openThenChange('reassign.js', first, second);
    assert.equal(atLine(opened, sinkLine(first)).length, 1);
    assert.equal(atLine(changed, sinkLine(second)).length, 1);
  });

  test('a cycle, then a template chain, then a copy chain: each version answered', async () => {
    const cycle = assignmentCycle(1_000);
    const templates = templateChain(5_000);
    const { opened, changed } = await openThenChange('cycle.js', cycle, templates);
    assert.equal(atLine(opened, sinkLine(cycle)).length, 1);
    assert.equal(atLine(changed, sinkLine(templates)).length, 1);
    const copies = copyChain(10_000);
    const { changed: chained } = await openThenChange('copies.js', memberChain(5_000), copies);
    assert.equal(atLine(chained, sinkLine(copies)).length, 1);
  });

  test('a file past the budget: diagnostics published and the note in the server log', async () => {
    const { client } = server;
    const { uri } = await openThenChange('budget.js', sinksAgainstTheChain(10_000), sinksAgainstTheChain(10_001));
    await client.until('the budget note in the log', () => client.logMessages.find((m) => m.includes(uri) && m.includes('analysis budget exhausted in budget.js')), 60_000);
  });
});
