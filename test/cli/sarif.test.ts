// SARIF output: the shape GitHub code scanning reads, fingerprints that survive unrelated edits,
// and Microsoft's validator (spec rules and GitHub ingestion rules) reporting no errors.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sinkRule, throwingRule } from '../engine/testRules';
import { noDebuggerRule } from './cliRules';
import { assertValidSarif, runCli, tempProject } from './helpers';
import type { Notification } from 'sarif';
import { parseSarif } from './outputTypes';

const rules = [noDebuggerRule, sinkRule, throwingRule];

const { root, remove } = tempProject({
  '.rugged.json': JSON.stringify({
    maxFileSize: 400,
    ignore: ['fixtures/**'],
    checklist: [{ id: 'team/no-raw-query', call: 'legacyDb.rawQuery', message: 'Raw queries skip the audit log.', preferred: 'db.query' }],
    rules: { 'test/sink': 'error', 'test/nope': 'off' },
  }),
  'src/handler.js': [
    "app.get('/u', (req, res) => {",
    "  sink('id = ' + req.query.id);",
    '  // rugged-ignore test/sink -- the value is an allowlisted enum',
    '  sink(req.query.kind);',
    '  // rugged-ignore test/sink',
    '  sink(req.body.x);',
    '});',
    '',
  ].join('\n'),
  'src/debug file.ts': 'export function f() {\n  debugger;\n  legacyDb.rawQuery("x");\n  const boom = 1;\n}\n',
  'src/broken.js': 'const = ;\n',
  'src/huge.js': `// ${'x'.repeat(500)}\n`,
  'src/latin1.js': Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]),
});
after(remove);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number; snippet?: { text: string } } } }[];
  partialFingerprints: Record<string, string>;
  relatedLocations?: { id: number; message: { text: string } }[];
  suppressions?: { kind: string; justification: string }[];
  fixes?: { description: { text: string }; artifactChanges: { replacements: { deletedRegion: Record<string, number>; insertedContent: { text: string } }[] }[] }[];
}

async function sarifOf(projectRoot: string) {
  const result = await runCli(['scan', '--format', 'sarif'], projectRoot, { rules });
  return { code: result.code, log: parseSarif(result.stdout), text: result.stdout };
}

describe('SARIF output', () => {
  it('passes sarif-multitool validation (SARIF and GitHub rule kinds) with every feature present', async () => {
    const { text, code } = await sarifOf(root);
    assert.equal(code, 2, 'the unknown rule id in the config makes the exit code 2');
    const file = join(root, 'rugged.sarif');
    writeFileSync(file, text);
    assertValidSarif(file);
  });

  it('has the header and driver GitHub expects, with every reportable rule described', async () => {
    const { log } = await sarifOf(root);
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'rugged');
    assert.equal(run.tool.driver.informationUri, 'https://github.com/rugged-security/rugged');
    const driverRules = run.tool.driver.rules ?? [];
    const ids = driverRules.map((r) => r.id);
    assert.deepEqual(ids, ['rugged/internal-error', 'rugged/invalid-suppression', 'rugged/parse-error', 'team/no-raw-query', 'test/no-debugger', 'test/sink', 'test/throws']);
    const debug = driverRules[ids.indexOf('test/no-debugger')];
    assert.deepEqual(debug.shortDescription, { text: 'Test rule' });
    assert.deepEqual(debug.fullDescription, { text: 'Test rationale.' });
    assert.equal(debug.helpUri, 'https://github.com/rugged-security/rugged/blob/main/rules/test/no-debugger.md');
    assert.match(debug.help?.text ?? '', /^Checklist: Test checklist item\.\n\nHow to fix:\n- a test\n/);
    assert.match(debug.help?.markdown ?? '', /\*\*Checklist:\*\* Test checklist item\./);
    assert.deepEqual(debug.defaultConfiguration, { level: 'error' });
    assert.deepEqual(debug.properties?.tags, ['security', 'external/cwe/cwe-489']);
    assert.equal(debug.properties?.['security-severity'], '5.0');
    assert.equal(debug.properties?.precision, 'high');
    const team = driverRules[ids.indexOf('team/no-raw-query')];
    assert.equal(team.fullDescription?.text, 'Raw queries skip the audit log.');
    assert.ok(team.properties?.tags?.includes('team-checklist'));
  });

  it('writes results with relative %SRCROOT% locations, snippets, levels and rule indexes', async () => {
    const { log } = await sarifOf(root);
    const run = log.runs[0];
    const results = run.results as SarifResult[];
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]),
      [
        ['rugged/parse-error', 'note', 'src/broken.js', 1],
        ['test/no-debugger', 'error', 'src/debug%20file.ts', 2],
        ['team/no-raw-query', 'warning', 'src/debug%20file.ts', 3],
        ['rugged/internal-error', 'warning', 'src/debug%20file.ts', 4],
        ['test/sink', 'error', 'src/handler.js', 2],
        ['test/sink', 'error', 'src/handler.js', 4],
        ['rugged/invalid-suppression', 'warning', 'src/handler.js', 5],
        ['test/sink', 'error', 'src/handler.js', 6],
      ],
    );
    for (const result of results) {
      assert.equal(run.tool.driver.rules?.[result.ruleIndex].id, result.ruleId);
      assert.equal(result.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.match(result.partialFingerprints['ruggedFingerprint/v1'], /^[0-9a-f]{32}$/);
    }
    const tainted = results[4];
    assert.deepEqual(tainted.locations[0].physicalLocation.region, { startLine: 2, startColumn: 8, endLine: 2, endColumn: 30, snippet: { text: "'id = ' + req.query.id" } });
    assert.deepEqual(tainted.relatedLocations?.map((r) => [r.id, r.message.text]), [[1, 'source']]);
    assert.deepEqual(run.originalUriBaseIds?.['%SRCROOT%'].uri, undefined, 'no absolute path in the output');
  });

  it('marks in-source suppressions with their justification, and ignores a suppression without reason', async () => {
    const results = (await sarifOf(root)).log.runs[0].results as SarifResult[];
    const suppressed = results.filter((r) => r.suppressions);
    assert.deepEqual(suppressed.map((r) => [r.locations[0].physicalLocation.region.startLine, r.suppressions]), [
      [4, [{ kind: 'inSource', justification: 'the value is an allowlisted enum' }]],
    ]);
  });

  it('includes safe fixes only, as replacements', async () => {
    const results = (await sarifOf(root)).log.runs[0].results as SarifResult[];
    const withFixes = results.filter((r) => r.fixes);
    assert.deepEqual(withFixes.map((r) => r.ruleId), ['test/no-debugger']);
    assert.deepEqual(withFixes[0].fixes?.[0].artifactChanges[0].replacements, [
      { deletedRegion: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 12 }, insertedContent: { text: '' } },
    ]);
  });

  it('reports skipped files, repaired files and config problems as notifications', async () => {
    const invocation = (await sarifOf(root)).log.runs[0].invocations?.[0];
    assert.equal(invocation?.executionSuccessful, false);
    const uriOf = (n: Notification) => n.locations?.[0].physicalLocation?.artifactLocation?.uri;
    assert.deepEqual(invocation.toolExecutionNotifications?.map((n) => [n.descriptor?.id, uriOf(n)]), [
      ['rugged/skipped-file', 'src/huge.js'],
      ['rugged/file-note', 'src/latin1.js'],
    ]);
    assert.deepEqual(invocation.toolConfigurationNotifications?.map((n) => [uriOf(n), n.message.text]), [
      ['.rugged.json', 'rules["test/nope"]: unknown rule id "test/nope" (see `rugged rules`)'],
    ]);
  });

  it('keeps fingerprints when unrelated lines are added above a finding', async () => {
    const project = tempProject({ 'a.js': 'function f() {\n  debugger;\n}\n' });
    try {
      const before = ((await sarifOf(project.root)).log.runs[0].results as SarifResult[])[0];
      writeFileSync(join(project.root, 'a.js'), '// a new comment\nconst x = 1;\n\nfunction f() {\n  debugger;\n}\n');
      const afterEdit = ((await sarifOf(project.root)).log.runs[0].results as SarifResult[])[0];
      assert.equal(afterEdit.locations[0].physicalLocation.region.startLine, 5);
      assert.deepEqual(afterEdit.partialFingerprints, before.partialFingerprints);
    } finally {
      project.remove();
    }
  });

  it('gives different fingerprints to the same snippet in two files', async () => {
    const project = tempProject({ 'a.js': 'debugger;\n', 'b.js': 'debugger;\n' });
    try {
      const results = (await sarifOf(project.root)).log.runs[0].results as SarifResult[];
      assert.equal(results.length, 2);
      assert.notEqual(results[0].partialFingerprints['ruggedFingerprint/v1'], results[1].partialFingerprints['ruggedFingerprint/v1']);
    } finally {
      project.remove();
    }
  });
});
