// ProjectConfigs, the server's view of `.rugged.json` plus editor settings: a broken or hostile
// configuration reports its problems and yields the defaults; it never makes a file unanswerable.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { knownRuleIds } from '../../server/src/catalog/knownRuleIds';
import type { ConfigProblem } from '../../server/src/config/load';
import { ProjectConfigs } from '../../server/src/lsp/projectConfig';
import { DEFAULT_SETTINGS } from '../../server/src/shared/protocol';

describe('ProjectConfigs with hostile input', () => {
  let root: string;
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-projects-')));
    writeFileSync(join(root, 'package.json'), '{}');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('reports a .rugged.json the parser could not take and answers with the defaults', () => {
    writeFileSync(join(root, '.rugged.json'), `{ "ignore": ${'['.repeat(100_000)}`);
    const reported: [string, readonly ConfigProblem[]][] = [];
    const projects = new ProjectConfigs((file, problems) => reported.push([file, problems]), knownRuleIds(allRules));
    const config = projects.forFile(join(root, 'a.js'), { ...DEFAULT_SETTINGS });
    assert.deepEqual(config.ignore, []);
    assert.deepEqual(config.engine.rules, {});
    assert.equal(projects.ignoreReason(join(root, 'a.js'), config), undefined);
    assert.equal(reported.length, 1);
    assert.equal(reported[0][0], join(root, '.rugged.json'));
    assert.deepEqual(reported[0][1].map((p) => p.key), ['(root)']);
  });

  it('leaves out setting globs minimatch cannot take and setting ids that name object machinery', () => {
    writeFileSync(join(root, '.rugged.json'), '{ "ignore": ["legacy/**"] }');
    const projects = new ProjectConfigs(() => undefined, knownRuleIds(allRules));
    const rules = JSON.parse('{ "__proto__": "off", "constructor": "off", "prototype": "info", "sql/no-string-built-query": "warning" }') as Record<string, 'off'>;
    const config = projects.forFile(join(root, 'a.js'), { ...DEFAULT_SETTINGS, rules, ignore: ['a'.repeat(70_000), '{a,b}'.repeat(20), 'generated/**'] });
    assert.deepEqual(config.ignore, ['legacy/**', 'generated/**']);
    assert.deepEqual(Object.keys(config.engine.rules), ['sql/no-string-built-query']);
    assert.equal(Object.getPrototypeOf(config.engine.rules), Object.prototype);
    assert.match(projects.ignoreReason(join(root, 'generated', 'x.js'), config) ?? '', /generated/);
  });
});
