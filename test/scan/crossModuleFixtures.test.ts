// The multi-file fixture projects (test/fixtures/crossmodule/<project>/ and the third held-out set,
// test/fixtures/heldout3/<app>/): each is scanned through the real project scan (module graph,
// summaries, cross-module findings) and every file's `// ruleid:` / `// ok:` annotations must agree
// with its findings exactly.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { fileSystemHost } from '../../server/src/scan/fileSystemHost';
import { createModuleResolver } from '../../server/src/scan/moduleResolver';
import { analyzeProject } from '../../server/src/scan/projectAnalysis';
import { scanFiles } from '../../server/src/scan/scanFiles';
import { compareAnnotations, readAnnotations } from '../meta/annotations';
import { listFixtureFiles, relativeToRepo } from '../meta/ruleFiles';

const PROJECTS = join(__dirname, '..', 'fixtures', 'crossmodule');
const HELD_OUT_3 = join(__dirname, '..', 'fixtures', 'heldout3');
const registered = new Set(allRules.map((r) => r.id));

function scanProject(root: string, crossModule = true) {
  return [...scanFiles(listFixtureFiles(root), { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', projectRoot: root, crossModule })];
}

/** Every disagreement between a project's annotations and its findings, file by file. */
function annotationProblems(root: string): string[] {
  const problems: string[] = [];
  for (const outcome of scanProject(root)) {
    assert.equal(outcome.kind, 'checked', `${outcome.path} was skipped`);
    if (outcome.kind !== 'checked') continue;
    const found = compareAnnotations(readAnnotations(outcome.text), outcome.findings, registered);
    problems.push(...found.map((p) => `${relativeToRepo(outcome.path)}: ${p}`));
  }
  return problems;
}

describe('test/fixtures/heldout3', () => {
  for (const app of readdirSync(HELD_OUT_3).sort()) {
    test(app, () => assert.deepEqual(annotationProblems(join(HELD_OUT_3, app)), []));
  }
});

describe('test/fixtures/crossmodule', () => {
  const projects = readdirSync(PROJECTS).sort();

  test('has the projects the issue asks for', () => {
    assert.deepEqual(projects, ['esm-cycle', 'express-app', 'monorepo', 'object-args', 'taint-cycle', 'ts-extends', 'ts-paths']);
  });

  for (const project of projects) {
    test(project, () => assert.deepEqual(annotationProblems(join(PROJECTS, project)), []));
  }

  test('each cross-module finding points at the argument and shows the way into the other file', () => {
    const routes = scanProject(join(PROJECTS, 'express-app')).find((o) => o.path.endsWith(join('routes', 'users.js')));
    assert.ok(routes && routes.kind === 'checked');
    const finding = routes.findings.find((f) => f.range.start.line === 12);
    assert.ok(finding, 'finding at users.findUser(req.params.id)');
    assert.equal(finding.ruleId, 'sql/no-string-built-query');
    assert.match(finding.message, /request input \(req\.params\.id\)/);
    assert.deepEqual(
      finding.related.map((r) => [r.message, r.file?.split(/[\\/]/).slice(-2).join('/') ?? 'here', r.range.start.line]),
      [['req.params.id enters here', 'here', 12], ['passed to `findUser` here', 'here', 12], ['reaches `pool.query` here', 'db/users.js', 6]],
    );
  });

  test('without the project scan the route file has no finding: every one needs an imported summary', () => {
    const outcomes = scanProject(join(PROJECTS, 'express-app'), false);
    const routes = outcomes.find((o) => o.path.endsWith(join('routes', 'users.js')));
    assert.ok(routes && routes.kind === 'checked');
    // Line 32 is found only through the helper's return summary, like the two calls into db/.
    assert.deepEqual(routes.findings.map((f) => f.range.start.line), []);
  });

  test('a fingerprint does not change when the module holding the sink changes', () => {
    const root = join(PROJECTS, 'express-app');
    const routes = join(root, 'routes', 'users.js');
    const users = join(root, 'db', 'users.js');
    const texts = new Map(listFixtureFiles(root).map((p) => [p, readFileSync(p, 'utf8')]));
    const fingerprints = (files: Map<string, string>) => {
      const project = analyzeProject(files, createModuleResolver(root, fileSystemHost()), (path, text, imported) =>
        analyze(text, path, { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', importedSummaries: imported, summarize: true }));
      return project.results.get(routes)?.findings.map((f) => [f.range.start.line, f.fingerprint]);
    };
    const before = fingerprints(texts);
    assert.equal(before?.length, 3);
    // Every line of the repository moves down, and a new unrelated function appears.
    texts.set(users, '// A comment that moves every line.\n\n' + (texts.get(users) ?? '') + '\nfunction unused() { return 1; }\n');
    assert.deepEqual(fingerprints(texts), before);
  });
});
