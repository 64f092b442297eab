// The prefilter skips a rule in a file without the text the rule needs (`RuleMeta.requiresText`).
// It must be lossless: every fixture, every cross-module fixture project and the tricky shapes of
// naming a module (aliases, re-exports, computed members, a specifier in a variable) give exactly
// the same findings and summaries with the prefilter on and off. The rules' own test cases are
// checked the same way by test/ruleTester.ts whenever the prefilter would skip the rule.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { isSupportedFile } from '../../server/src/engine/parse';
import { ruleMayReport } from '../../server/src/engine/prefilter';
import { analyze } from '../../server/src/engine/run';
import { fileSystemHost } from '../../server/src/scan/fileSystemHost';
import { createModuleResolver } from '../../server/src/scan/moduleResolver';
import { analyzeProject } from '../../server/src/scan/projectAnalysis';
import { listFixtureFiles } from '../meta/ruleFiles';

const FIXTURES = join(__dirname, '..', 'fixtures');

function run(text: string, path: string, prefilter: boolean) {
  return analyze(text, path, { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', summarize: true, prefilter });
}

function assertSameOnAndOff(text: string, path: string): void {
  assert.deepEqual(run(text, path, true), run(text, path, false), `${path}: the prefilter changed the result`);
}

test('some shipped rules declare the text they need, so the prefilter has something to skip', () => {
  const gated = allRules.filter((r) => r.meta.requiresText);
  assert.ok(gated.length >= 5, `${gated.length} rules declare requiresText`);
  for (const rule of gated) assert.ok(rule.meta.requiresText!.every((piece) => piece.length >= 3), `${rule.id}: a piece too short to ever skip anything`);
});

test('the prefilter skips a gated rule in a file without its text, and only there', () => {
  const shell = allRules.find((r) => r.id === 'unsafe-api/no-shell-command-from-input');
  assert.ok(shell);
  assert.equal(ruleMayReport(shell, "const x = require('path');"), false);
  assert.equal(ruleMayReport(shell, "const { exec: run } = require('node:child_process');"), true);
});

test('every fixture file gives the same findings and summary with the prefilter on and off', () => {
  const files = listFixtureFiles(FIXTURES).filter(isSupportedFile);
  assert.ok(files.length > 80, `${files.length} fixture files`);
  for (const path of files) assertSameOnAndOff(readFileSync(path, 'utf8'), path);
});

describe('cross-module fixture projects: the same results with the prefilter on and off', () => {
  const roots = ['crossmodule', 'heldout3'].flatMap((set) => readdirSync(join(FIXTURES, set)).sort().map((project) => join(FIXTURES, set, project)));
  for (const root of roots) {
    test(relative(FIXTURES, root), () => {
      const texts = new Map(listFixtureFiles(root).map((p) => [p, readFileSync(p, 'utf8')]));
      const results = (prefilter: boolean) =>
        analyzeProject(texts, createModuleResolver(root, fileSystemHost()), (path, text, imported) =>
          analyze(text, path, { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', importedSummaries: imported, summarize: true, prefilter }),
        ).results;
      const on = results(true);
      assert.ok([...on.values()].some((r) => r.findings.length > 0), 'the project has findings');
      assert.deepEqual(on, results(false));
    });
  }
});

/** Ways of naming a gated rule's module that a text prefilter could get wrong. */
const SHAPES: [string, string][] = [
  ['an aliased ESM import', "import { exec as run } from 'node:child_process';\nexport function h(req) { run('ls ' + req.query.dir); }"],
  ['an aliased destructured require', "const { exec: run } = require('child_process');\napp.get('/', (req) => run('ls ' + req.query.dir));"],
  ['a namespace import and a computed member call', "import * as cp from 'child_process';\napp.get('/', (req) => cp['exec']('ls ' + req.query.dir));"],
  ['a computed member on a required module', "const c = require('crypto');\nc['createHash']('md5').update(password).digest('hex');"],
  ['a module specifier held in a variable', "const name = 'child_process';\nconst cp = require(name);\napp.get('/', (req) => cp.exec('ls ' + req.query.dir));"],
  ['a specifier built from parts', "const cp = require('child' + '_process');\napp.get('/', (req) => cp.exec('ls ' + req.query.dir));"],
  ['a re-export of a sink', "export { exec } from 'child_process';\nexport * from 'crypto';"],
  ['a call through a re-exporting module', "import { exec } from './proc';\napp.get('/', (req) => exec('ls ' + req.query.dir));"],
  ['a promisified function', "const { promisify } = require('util');\nconst run = promisify(require('child_process').exec);\napp.get('/', async (req) => run('ls ' + req.query.dir));"],
  ['a dynamic import', "app.get('/', async (req) => { const cp = await import('node:child_process'); cp.exec('ls ' + req.query.dir); });"],
  ['jsonwebtoken under another name', "const token = require('jsonwebtoken');\nconst claims = token.decode(req.headers.authorization);\nif (claims.admin) grant();"],
  ['TypeScript import-equals', "import cp = require('child_process');\nexport function h(req: any) { cp.exec('ls ' + req.query.dir); }"],
];

describe('shapes of naming a module: the same results with the prefilter on and off', () => {
  for (const [name, code] of SHAPES) {
    test(name, () => assertSameOnAndOff(code, name.includes('TypeScript') ? 'shape.ts' : 'shape.js'));
  }
});
