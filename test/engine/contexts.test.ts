// The code-context policy: which paths are tests, fixtures, scripts... (one table for every rule),
// what each context does to a severity, and that a lowered finding says why and keeps its fingerprint.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineRule } from '../../server/src/engine/api';
import { defaultEngineConfig, type EngineConfig } from '../../server/src/engine/config';
import { classifyPath, lowered } from '../../server/src/engine/contextPolicy';
import { defaultContextSettings } from '../../server/src/engine/contexts';
import { analyze } from '../../server/src/engine/run';
import { testMeta } from './testRules';

/** Reports `danger(x)` as an error, and `leak(x)` as an error that no context may lower. */
const errorRule = defineRule({
  id: 'test/danger',
  meta: { ...testMeta({ danger: 'danger', leak: 'leak' }), severity: 'error' },
  create(context) {
    return {
      CallExpression(call) {
        if (call.callee.type !== 'Identifier') return;
        if (call.callee.name === 'danger') context.report({ node: call, messageId: 'danger' });
        if (call.callee.name === 'leak') context.report({ node: call, messageId: 'leak', sameInEveryContext: true });
      },
    };
  },
});

const CODE = 'danger(1);\nleak(2);\n';

function run(path: string, config: EngineConfig = defaultEngineConfig(), projectPath?: string) {
  return analyze(CODE, path, { rules: [errorRule], config, today: '2026-06-01', projectPath });
}

describe('classifyPath', () => {
  const settings = defaultContextSettings();
  const cases: [string, string | undefined][] = [
    ['src/server.js', undefined],
    ['lib/db/query.ts', undefined],
    ['test/db.js', 'test'],
    ['packages/api/__tests__/db.ts', 'test'],
    ['src/db.test.ts', 'test'],
    ['src/db.spec.js', 'test'],
    ['e2e/login.ts', 'test'],
    ['cypress/support/commands.js', 'test'],
    // The story tests Rugged writes hold attack payloads on purpose; the evidence report counts them apart.
    ['test/security/as-2derdv81.test.js', 'test'],
    ['services/api/test/security/as-d6yc4r29.test.js', 'test'],
    ['test/fixtures/injection.js', 'fixture'],
    ['transforms/__testfixtures__/sql.input.js', 'fixture'],
    ['src/__mocks__/pg.js', 'mock'],
    ['db/migrations/20240101-users.js', 'migration'],
    ['src/migration/1700000000000-Init.ts', 'migration'],
    ['scripts/release.js', 'script'],
    ['packages/core/scripts/build.mjs', 'script'],
    ['Gulpfile.js', 'script'],
    ['webpack.config.js', 'script'],
    ['examples/express/app.js', 'example'],
    ['vendor/jquery.js', 'vendored'],
    ['public/third_party/lib.js', 'vendored'],
    // Browser code served from a scripts folder is production: only root and package scripts are maintainers'.
    ['public/scripts/app.js', undefined],
    ['src\\test\\db.js', 'test'],
    ['./test/db.js', 'test'],
  ];
  for (const [path, kind] of cases) {
    it(`${path} is ${kind ?? 'production'}`, () => assert.equal(classifyPath(path, settings)?.kind, kind));
  }

  it('names the glob that matched', () => {
    assert.deepEqual(classifyPath('src/db.test.ts', settings), { kind: 'test', matched: '**/*.test.*', effect: 'info' });
  });

  it('never classifies by folders above the project: absolute and outside paths are production', () => {
    assert.equal(classifyPath('/home/me/tests/app/src/db.js', settings), undefined);
    assert.equal(classifyPath('C:/work/test/app.js', settings), undefined);
    assert.equal(classifyPath('../test/app.js', settings), undefined);
    assert.equal(classifyPath(undefined, settings), undefined);
  });

  it('production globs win over every context', () => {
    const custom = defaultContextSettings();
    custom.production = ['src/demo/**'];
    assert.equal(classifyPath('src/demo/app.js', custom), undefined);
    assert.equal(classifyPath('demo/app.js', custom)?.kind, 'example');
  });
});

describe('lowered', () => {
  it('info makes every severity info; lower takes one step; off keeps it', () => {
    assert.deepEqual((['error', 'warning', 'info'] as const).map((s) => lowered(s, 'info')), ['info', 'info', 'info']);
    assert.deepEqual((['error', 'warning', 'info'] as const).map((s) => lowered(s, 'lower')), ['warning', 'info', 'info']);
    assert.deepEqual((['error', 'warning', 'info'] as const).map((s) => lowered(s, 'off')), ['error', 'warning', 'info']);
  });
});

describe('analyze with the context policy', () => {
  it('lowers a finding in a test file, says from what and why, and keeps its fingerprint', () => {
    const production = run('src/app.js').findings.find((f) => f.ruleId === 'test/danger')!;
    const inTest = run('test/app.test.js').findings.find((f) => f.ruleId === 'test/danger')!;
    assert.equal(production.severity, 'error');
    assert.equal(production.context, undefined);
    assert.equal(inTest.severity, 'info');
    assert.deepEqual(inTest.context, { kind: 'test', matched: '**/test/**', originalSeverity: 'error' });
    assert.equal(inTest.fingerprint, production.fingerprint);
  });

  it('takes a script finding one step down', () => {
    const [finding] = run('scripts/release.js').findings;
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.context?.kind, 'script');
  });

  it('keeps the severity of a finding the rule marks as the same in every context', () => {
    const leak = run('test/app.test.js').findings.find((f) => f.ruleId === 'test/danger' && f.message === 'leak')!;
    assert.equal(leak.severity, 'error');
    assert.equal(leak.context, undefined);
  });

  it('classifies the project path when the caller gives one, not the absolute file path', () => {
    assert.equal(run('/repo/test/app.js').findings[0].severity, 'error');
    assert.equal(run('/repo/test/app.js', defaultEngineConfig(), 'test/app.js').findings[0].severity, 'info');
  });

  it('lowers a configured severity too: the configuration sets the base, the context lowers it', () => {
    const config = defaultEngineConfig();
    config.rules['test/danger'] = { severity: 'warning' };
    const [finding] = run('scripts/seed.js', config).findings;
    assert.equal(finding.severity, 'info');
    assert.equal(finding.context?.originalSeverity, 'warning');
  });

  it('an effect of off lowers nothing and adds no context', () => {
    const config = defaultEngineConfig();
    config.contexts.effects.test = 'off';
    const [finding] = run('test/app.js', config).findings;
    assert.equal(finding.severity, 'error');
    assert.equal(finding.context, undefined);
  });

  it("lowers the engine's own findings too: a fixture that does not parse on purpose is information", () => {
    const result = analyze('const = ;\n', 'test/fixtures/broken.js', { rules: [errorRule], config: defaultEngineConfig() });
    assert.equal(result.findings[0].ruleId, 'rugged/parse-error');
    assert.equal(result.findings[0].context?.kind, 'fixture');
  });

  it('reports every finding in a test file: none disappears', () => {
    assert.equal(run('test/app.js').findings.length, run('src/app.js').findings.length);
  });
});
