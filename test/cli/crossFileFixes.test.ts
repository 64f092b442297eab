// Cross-file fixes in the CLI's reports: a finding at a call whose input reaches a query built in
// another file carries that file's rewrite, in JSON and as a SARIF fix whose artifactChanges name
// the other file, only when the scan verified it there (the edits meet the text, the result
// parses, the rule has fewer sinks), as the language server checks it before offering it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import type { Finding, ForeignFix } from '../../server/src/engine/finding';
import { analyze } from '../../server/src/engine/run';
import { withVerifiedForeignFixes } from '../../server/src/scan/verifiedForeignFixes';
import { shellInputRule } from './cliRules';
import { assertValidSarif, runCli, tempProject } from './helpers';

const DB = "const { Pool } = require('pg');\nconst pool = new Pool();\nexports.findUser = (id) => pool.query('SELECT * FROM users WHERE id = ' + id);\n";
const ROUTES = "const { findUser } = require('./db');\napp.get('/u', async (req, res) => res.json(await findUser(req.query.id)));\n";

const { root, remove } = tempProject({ 'db.js': DB, 'routes.js': ROUTES });
after(remove);

interface JsonEdit { range: { start: { offset: number }; end: { offset: number } }; text: string }
interface JsonFinding { path: string; ruleId: string; foreignFixes: { path: string; kind: string; edits: JsonEdit[] }[]; related: { path?: string }[] }

function applyJsonEdits(text: string, edits: JsonEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset)) out = out.slice(0, edit.range.start.offset) + edit.text + out.slice(edit.range.end.offset);
  return out;
}

describe('cross-file fixes in the CLI output', () => {
  it('JSON carries the helper\'s rewrite with its path, and applying it removes the finding', async () => {
    const result = await runCli(['scan', '--format', 'json'], root, { rules: allRules });
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    const caller = findings.find((f) => f.path === 'routes.js' && f.ruleId === 'sql/no-string-built-query');
    assert.ok(caller, 'the finding at the call in routes.js');
    assert.equal(caller.foreignFixes.length, 1);
    const [fix] = caller.foreignFixes;
    assert.equal(fix.path, 'db.js');
    assert.ok(caller.related.some((r) => r.path === 'db.js'), 'a related location names the other file');
    const fixed = applyJsonEdits(DB, fix.edits);
    assert.match(fixed, /\$1/);

    const fixedProject = tempProject({ 'db.js': fixed, 'routes.js': ROUTES });
    try {
      const again = await runCli(['scan', '--format', 'json'], fixedProject.root, { rules: allRules });
      assert.deepEqual((JSON.parse(again.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.ruleId === 'sql/no-string-built-query'), []);
    } finally {
      fixedProject.remove();
    }
  });

  it('SARIF leaves out the suggestion, as it leaves out every suggestion, and passes the validator', async () => {
    const result = await runCli(['scan', '--format', 'sarif'], root, { rules: allRules });
    const log = JSON.parse(result.stdout) as { runs: { results: { ruleId: string; fixes?: unknown[] }[] }[] };
    assert.deepEqual(log.runs[0].results.filter((r) => r.fixes).map((r) => r.ruleId), []);
    const file = join(root, 'suggestions.sarif');
    writeFileSync(file, result.stdout);
    assertValidSarif(file);
  });

  it('SARIF offers a safe fix changing the helper file on the caller\'s result, and passes the validator', async () => {
    const shell = tempProject({
      'shell.js': 'exports.run = (command) => runShell(command);\n',
      'routes.js': "const { run } = require('./shell');\napp.get('/x', (req, res) => res.send(run(req.query.cmd)));\n",
    });
    after(shell.remove);
    const result = await runCli(['scan', '--format', 'sarif'], shell.root, { rules: [shellInputRule] });
    const log = JSON.parse(result.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; fixes?: { artifactChanges: { artifactLocation: { uri: string }; replacements: unknown[] }[] }[] }[] }[] };
    const caller = log.runs[0].results.find((r) => r.ruleId === 'test/shell-input' && r.locations[0].physicalLocation.artifactLocation.uri.endsWith('routes.js'));
    assert.ok(caller?.fixes, 'the routes.js result has a fix');
    assert.deepEqual(caller.fixes.map((f) => f.artifactChanges.map((c) => c.artifactLocation.uri.split('/').pop())), [['shell.js']]);
    const file = join(shell.root, 'fixes.sarif');
    writeFileSync(file, result.stdout);
    assertValidSarif(file);
  });

  it('a fix whose edits no longer meet the helper, or that leaves its sinks as they were, is dropped', () => {
    const dbPath = join(root, 'db.js');
    const text = readFileSync(dbPath, 'utf8');
    const options = { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', importedSummaries: {}, summarize: true, verifyFixes: false } as const;
    const fix = analyze(text, dbPath, options).summary?.functions.findUser?.sinks[0]?.fixes?.[0];
    assert.ok(fix, 'the summary carries the rewrite of the sink');
    const stale: ForeignFix = { ...fix, replaced: fix.replaced.map((r) => r + ' ') };
    const idle: ForeignFix = { ...fix, edits: fix.edits.map((e) => ({ ...e, text: text.slice(e.start, e.end) })) };
    const finding = { ruleId: 'sql/no-string-built-query', foreignFixes: [stale, fix, idle] } as unknown as Finding;
    const results = new Map([[join(root, 'routes.js'), { findings: [finding], notes: [] }]]);
    const verified = withVerifiedForeignFixes(results, new Map([[dbPath, text]]), (path, candidate) => analyze(candidate, path, options));
    assert.deepEqual(verified.get(join(root, 'routes.js'))?.findings[0]?.foreignFixes, [fix]);
  });
});
