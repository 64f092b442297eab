// The code-context policy as `rugged scan` shows it: the same finding in production code, a test
// and a maintainer script, each at its severity, each saying why in text, JSON and SARIF, with
// one fingerprint; `--fail-on error` ignores the lowered ones, and `.rugged.json` can turn it off.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sinkRule } from '../engine/testRules';
import { assertValidSarif, runCli, tempProject } from './helpers';
import { parseSarif, parseScanJson } from './outputTypes';

const rules = [sinkRule];
const HANDLER = "app.get('/u', (req) => {\n  sink('id = ' + req.query.id);\n});\n";

const { root, remove } = tempProject({
  '.rugged.json': JSON.stringify({ rules: { 'test/sink': 'error' } }),
  'src/handler.js': HANDLER,
  'test/handler.test.js': HANDLER,
  'scripts/release.js': HANDLER,
});
after(remove);

describe('rugged scan and code contexts', () => {
  it('text output names the context and the severity it lowered', async () => {
    const result = await runCli(['scan', '--fail-on', 'warning'], root, { rules });
    const lines = result.stdout.split('\n');
    const headerOf = (path: string) => lines.findIndex((line) => line.startsWith(`${path}:2:`));
    const production = headerOf('src/handler.js');
    const inTest = headerOf('test/handler.test.js');
    const script = headerOf('scripts/release.js');
    assert.match(lines[production], /\berror\b/);
    assert.match(lines[inTest], /\binfo\b/);
    assert.match(lines[script], /\bwarning\b/);
    assert.ok(result.stdout.includes('  lowered from error: test file (matches **/test/**)'), result.stdout);
    assert.ok(result.stdout.includes('  lowered from error: script file (matches scripts/**)'), result.stdout);
    // The production finding's block says nothing about a context.
    assert.ok(!lines.slice(production, production + 4).some((line) => line.includes('lowered')), result.stdout);
    assert.match(result.stdout, /3 findings \(1 error, 1 warning, 1 info\)/);
    assert.equal(result.code, 1);
  });

  it('JSON output carries the context beside the lowered severity, and the fingerprint is the same everywhere', async () => {
    const json = parseScanJson((await runCli(['scan', '--format', 'json'], root, { rules })).stdout);
    const byPath = new Map(json.findings.map((f) => [f.path, f]));
    assert.equal(byPath.get('src/handler.js')?.context, null);
    assert.deepEqual(byPath.get('test/handler.test.js')?.context, { kind: 'test', matched: '**/test/**', originalSeverity: 'error' });
    assert.equal(byPath.get('test/handler.test.js')?.severity, 'info');
    assert.deepEqual(byPath.get('scripts/release.js')?.context, { kind: 'script', matched: 'scripts/**', originalSeverity: 'error' });
    assert.equal(new Set(json.findings.map((f) => f.fingerprint)).size, 1);
  });

  it('SARIF keeps the lowered level, says why in properties, and passes the validator', async () => {
    const result = await runCli(['scan', '--format', 'sarif'], root, { rules });
    const sarif = parseSarif(result.stdout);
    const results = sarif.runs[0].results ?? [];
    const byUri = new Map(results.map((r) => [r.locations?.[0]?.physicalLocation?.artifactLocation?.uri, r]));
    assert.equal(byUri.get('src/handler.js')?.level, 'error');
    assert.equal(byUri.get('src/handler.js')?.properties?.context, undefined);
    assert.equal(byUri.get('test/handler.test.js')?.level, 'note');
    assert.deepEqual(byUri.get('test/handler.test.js')?.properties?.context, { kind: 'test', matched: '**/test/**', originalLevel: 'error' });
    assert.equal(byUri.get('scripts/release.js')?.level, 'warning');
    const file = join(root, 'contexts.sarif');
    writeFileSync(file, result.stdout);
    assertValidSarif(file);
  });

  it('--fail-on error passes when the only errors left are in production-free contexts', async () => {
    const project = tempProject({ 'test/handler.test.js': HANDLER, 'scripts/release.js': HANDLER, '.rugged.json': JSON.stringify({ rules: { 'test/sink': 'error' } }) });
    try {
      const result = await runCli(['scan', '--fail-on', 'error'], project.root, { rules });
      assert.equal(result.code, 0, result.stdout);
      assert.match(result.stdout, /2 findings \(0 errors, 1 warning, 1 info\)/);
    } finally {
      project.remove();
    }
  });

  it('contextSeverity "off" and added globs come from .rugged.json', async () => {
    const project = tempProject({
      '.rugged.json': JSON.stringify({ rules: { 'test/sink': 'error' }, contexts: { test: ['qa/**'] }, contextSeverity: { script: 'off' } }),
      'qa/handler.js': HANDLER,
      'scripts/release.js': HANDLER,
    });
    try {
      const json = parseScanJson((await runCli(['scan', '--format', 'json'], project.root, { rules })).stdout);
      const byPath = new Map(json.findings.map((f) => [f.path, f]));
      assert.equal(byPath.get('qa/handler.js')?.severity, 'info');
      assert.equal(byPath.get('qa/handler.js')?.context?.matched, 'qa/**');
      assert.equal(byPath.get('scripts/release.js')?.severity, 'error');
      assert.equal(byPath.get('scripts/release.js')?.context, null);
    } finally {
      project.remove();
    }
  });

  it('a broken contexts value is a configuration error naming the key', async () => {
    const project = tempProject({ '.rugged.json': JSON.stringify({ contextSeverity: { test: 'hidden' } }), 'src/a.js': 'const a = 1;\n' });
    try {
      const result = await runCli(['scan'], project.root, { rules });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /contextSeverity\.test: must be one of "info", "lower", "off" \(got "hidden"\)/);
    } finally {
      project.remove();
    }
  });
});
