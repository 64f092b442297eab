// The audit profile end to end on the command line: `--profile` and `.rugged.json` "profile"
// decide whether strings built from the code's own values (this.*, metadata) are reported.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../rules/sql/no-string-built-query';
import { runCli, tempProject } from './helpers';
import { parseScanJson } from './outputTypes';

const rules = [rule];
const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((remove) => remove()));

function project(files: Record<string, string>): string {
  const { root, remove } = tempProject(files);
  cleanups.push(remove);
  return root;
}

/** One query built from a property of `this` (audit only) and one from a caller's parameter (always). */
const STORE = [
  "const { Pool } = require('pg');",
  'const pool = new Pool();',
  'export class Store {',
  '  purge() {',
  "    return pool.query('DELETE FROM ' + this.tableName + ' WHERE expired');",
  '  }',
  '}',
  'export function byName(name) {',
  "  return pool.query(\"SELECT * FROM users WHERE name = '\" + name + \"'\");",
  '}',
  '',
].join('\n');

async function linesFound(argv: string[], root: string): Promise<number[]> {
  const result = await runCli(['scan', '-f', 'json', '--fail-on', 'never', ...argv], root, { rules });
  assert.equal(result.code, 0, result.stderr);
  return parseScanJson(result.stdout).findings.map((f) => f.range.start.line);
}

describe('rugged scan --profile', () => {
  it('shows only the parameter-built query by default', async () => {
    assert.deepEqual(await linesFound([], project({ 'src/store.js': STORE })), [9]);
  });

  it('adds the query built from this.* with --profile audit, at low confidence', async () => {
    const root = project({ 'src/store.js': STORE });
    assert.deepEqual(await linesFound(['--profile', 'audit'], root), [5, 9]);
    const result = await runCli(['scan', '-f', 'json', '--fail-on', 'never', '--profile=audit'], root, { rules });
    const audit = parseScanJson(result.stdout).findings.find((f) => f.range.start.line === 5);
    assert.equal(audit?.confidence, 'low');
    assert.equal(audit?.severity, 'warning');
  });

  it('reads "profile" from .rugged.json, and the flag wins over it', async () => {
    const root = project({ 'src/store.js': STORE, '.rugged.json': '{ "profile": "audit" }' });
    assert.deepEqual(await linesFound([], root), [5, 9]);
    assert.deepEqual(await linesFound(['--profile', 'default'], root), [9]);
  });

  it('refuses an unknown profile on the command line and in .rugged.json', async () => {
    const root = project({ 'src/store.js': STORE });
    const flag = await runCli(['scan', '--profile', 'paranoid'], root, { rules });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /profile/);
    const configured = project({ 'src/store.js': STORE, '.rugged.json': '{ "profile": "paranoid" }' });
    const result = await runCli(['scan', '--fail-on', 'never'], configured, { rules });
    assert.equal(result.code, 2, 'a configuration problem is an error');
    assert.match(result.stderr, /profile/);
  });
});
