// The evidence report's judgements: risks by level counted once, lowered contexts apart,
// "mitigated" only with evidence, risk acceptance and its expiry, what the scan cannot see,
// the trend, and the formats that render it all.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import type { Finding } from '../../server/src/engine/finding';
import { evidenceReport, snapshotOf } from '../../server/src/backlog/story/report';
import { cell } from '../../server/src/backlog/story/reportMarkdown';
import { renderReport } from '../../server/src/backlog/story/reportRender';
import { computeResidualRisk, type ResidualRiskInput } from '../../server/src/backlog/story/residualRisk';
import { riskItems } from '../../server/src/backlog/story/riskItems';
import { scannerCoverage } from '../../server/src/backlog/story/scannerCoverage';
import { buildStory } from '../../server/src/backlog/story/story';
import { outcomeFor, parseTestResults } from '../../server/src/backlog/story/testResults';
import { compareSnapshots } from '../../server/src/backlog/story/trend';
import type { RiskTracking, StoredStory } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf, SHOP_PATH, SHOP_TEXT } from './helpers';

const findings = findingsOf(SHOP_TEXT, SHOP_PATH);
const [searchFinding, idFinding] = findings;

interface Options {
  done?: boolean;
  checked?: boolean;
  criterionText?: (text: string, index: number) => string;
  tracking?: RiskTracking;
  assignee?: string[];
}

function stored(id: string, selection: { startLine: number; endLine: number }, options: Options = {}): StoredStory {
  const story = buildStory({ text: SHOP_TEXT, path: SHOP_PATH, selection, findings, rules: allRules, now: FIXED_NOW, toolVersion: 'test' });
  const done = options.done ?? false;
  return {
    id,
    title: story.title,
    status: done ? 'Done' : 'To Do',
    done,
    labels: story.labels,
    location: `/repo/backlog/tasks/${id.toLowerCase()} - story.md`,
    acceptanceCriteria: story.acceptanceCriteria.map((c, i) => ({ index: i + 1, text: options.criterionText?.(c.text, i) ?? c.text, checked: options.checked ?? done })),
    story,
    ...(options.tracking ? { tracking: options.tracking } : {}),
    ...(options.assignee ? { assignee: options.assignee } : {}),
  };
}

const SEARCH = { startLine: 6, endLine: 10 };
const BY_ID = { startLine: 12, endLine: 15 };
const BOTH = { startLine: 6, endLine: 15 };

function risk(stories: StoredStory[], files: ResidualRiskInput['files'], extra: Partial<ResidualRiskInput> = {}) {
  return computeResidualRisk({ stories, files, today: '2025-06-01', rules: allRules, ...extra });
}

function levels(r: ReturnType<typeof risk>): Record<string, [number, number, number]> {
  return Object.fromEntries(r.residual.byLevel.filter((l) => l.risks > 0).map((l) => [l.severity, [l.risks, l.stories, l.findings]]));
}

const live = [{ path: SHOP_PATH, findings: [searchFinding, idFinding] }];

describe('residual risk by level', () => {
  it('counts overlapping stories and the findings they cover once', () => {
    const r = risk([stored('TASK-1', SEARCH), stored('TASK-2', BOTH), stored('TASK-3', BY_ID)], live);
    assert.deepEqual(levels(r), { Critical: [1, 1, 0] }, 'three stories over two findings, chained by shared findings: one risk');
    assert.deepEqual(r.risks[0].stories, ['TASK-1', 'TASK-2', 'TASK-3']);
    assert.equal(r.residual.openStories, 3, 'the stories are still listed one by one');
    assert.deepEqual(r.uncovered, []);
  });

  it('keeps separate attacks separate and rates a finding no story covers from its rule', () => {
    const r = risk([stored('TASK-1', SEARCH)], live);
    assert.deepEqual(levels(r), { Critical: [2, 1, 1] });
    assert.equal(r.uncovered[0].risk, 'Critical');
    assert.deepEqual([r.uncovered[0].likelihood, r.uncovered[0].impact], [3, 3]);
    assert.equal(r.residual.heatMap.cells[2][2], 2);
    assert.equal(r.residual.heatMap.unrated, 0);
  });

  it('counts findings and stories in tests and build scripts apart', () => {
    const inTest = (f: Finding): Finding => ({ ...f, severity: 'info', context: { kind: 'test', matched: '**/test/**', originalSeverity: f.severity } });
    const r = risk([stored('TASK-1', SEARCH)], [{ path: SHOP_PATH, findings: [inTest(searchFinding), inTest(idFinding)] }]);
    assert.deepEqual(levels(r), {}, 'nothing in product code remains');
    assert.deepEqual(r.residual.lowered, { stories: 1, findings: 1 });
    assert.deepEqual(r.lowered.map((u) => [u.line, u.context]), [[13, 'test']]);
    assert.equal(r.open[0].context, 'test');
  });

  it("counts a finding in Rugged's own story test under test/security/ apart from the product", () => {
    // The plaintext-password test hashes the password it sent to look for it in the table.
    const path = 'test/security/as-d6yc4r29.test.js';
    const text = [
      "const { createHash } = require('node:crypto');",
      'function weakForms(password) {',
      "  return ['md5', 'sha256'].map((name) => createHash(name).update(password).digest('hex'));",
      '}',
      'module.exports = { weakForms };',
      '',
    ].join('\n');
    const own = findingsOf(text, path);
    assert.ok(own.length > 0, 'the fast hash in the test is found');
    const r = risk([], [{ path, findings: own }]);
    assert.deepEqual(levels(r), {}, 'no product risk comes from it');
    assert.deepEqual(r.uncovered, []);
    assert.ok(r.lowered.length > 0 && r.lowered.every((u) => u.context === 'test'), JSON.stringify(r.lowered));
  });

  it('joins stories through a shared finding, transitively', () => {
    const items = riskItems(
      [
        { id: 'A', severity: 'High', score: 6, likelihood: 2, impact: 3, findingKeys: ['x'] },
        { id: 'B', severity: 'Critical', score: 9, likelihood: 3, impact: 3, findingKeys: ['x', 'y'] },
        { id: 'C', severity: 'Low', score: 1, likelihood: 1, impact: 1, findingKeys: ['y'] },
        { id: 'D', severity: 'Unrated', score: 0, findingKeys: [] },
      ],
      [],
    );
    assert.deepEqual(items.map((i) => [i.stories, i.severity]), [[['A', 'B', 'C'], 'Critical'], [['D'], 'Unrated']]);
  });
});

describe('mitigated only with evidence', () => {
  const quiet = [{ path: SHOP_PATH, findings: [idFinding] }];
  const withTest = (location: string, result?: 'passed' | 'failed') => new Map([[location, { files: ['test/search.test.js'], ...(result ? { result } : {}) }]]);

  it('closes a done story without a test or with unchecked criteria "without evidence", and keeps it residual', () => {
    const bare = stored('TASK-1', SEARCH, { done: true, checked: false });
    const r = risk([bare], quiet);
    assert.deepEqual(r.mitigated, []);
    assert.deepEqual(r.closedWithoutEvidence.map((e) => e.id), ['TASK-1']);
    assert.match(r.closedWithoutEvidence[0].evidence!.missing.join('; '), /acceptance criteria are neither checked nor waived; no test in the repository names the story/);
    assert.deepEqual(levels(r), { Critical: [2, 1, 1] }, 'the story is still a risk, beside the uncovered finding');
  });

  it('accepts waived criteria, and wants a passing test when a test report was given', () => {
    const waived = stored('TASK-1', SEARCH, { done: true, checked: false, criterionText: (t) => `${t} (waived: handled by the gateway, Dana)` });
    assert.deepEqual(risk([waived], quiet, { tests: withTest(waived.location) }).mitigated.map((e) => e.id), ['TASK-1']);
    const failed = risk([waived], quiet, { tests: withTest(waived.location, 'failed') });
    assert.deepEqual(failed.closedWithoutEvidence[0].evidence!.missing, ['its test failed in the test report']);
    const checked = stored('TASK-1', SEARCH, { done: true });
    const passed = risk([checked], quiet, { tests: withTest(checked.location, 'passed') });
    assert.deepEqual(passed.mitigated[0].evidence!.criteria, { checked: checked.acceptanceCriteria.length, waived: 0, total: checked.acceptanceCriteria.length, met: true });
  });

  it('reads JUnit XML and TAP, and finds the cases that name a story', () => {
    const junit = parseTestResults(
      '<testsuites><testsuite name="s"><testcase name="AS-ABCD1234 refuses a quote in q" classname="test/search.test.js"/><testcase name="AS-ZZZZ9999 x"><failure message="x"/></testcase><testcase name="other"><skipped/></testcase></testsuite></testsuites>',
    );
    assert.deepEqual(junit.map((c) => c.outcome), ['passed', 'failed', 'skipped']);
    assert.equal(outcomeFor(junit, ['AS-ABCD1234']), 'passed');
    assert.equal(outcomeFor(junit, ['AS-ZZZZ9999']), 'failed');
    assert.equal(outcomeFor(junit, ['AS-NOTHERE1']), 'not-in-report');
    const tap = parseTestResults('TAP version 13\n# Subtest: AS-ABCD1234 refuses\n    ok 1 - AS-ABCD1234 refuses a quote\nnot ok 2 - AS-QQQQ0000 rejects\nok 3 - AS-SKIP0000 later # SKIP not yet\n');
    assert.deepEqual(tap.map((c) => [c.name, c.outcome]), [['AS-ABCD1234 refuses a quote', 'passed'], ['AS-QQQQ0000 rejects', 'failed'], ['AS-SKIP0000 later', 'skipped']]);
    assert.equal(outcomeFor(tap, ['AS-SKIP0000']), 'skipped');
  });
});

describe('risk acceptance, owner, age and target date', () => {
  const acceptance = (until: string) => ({ by: 'Dana Lee, security lead', on: '2025-05-01', until, rating: 'Medium' as const, reason: 'the gateway filters quotes' });

  it('lists an accepted risk apart until it expires, and warns before and after', () => {
    const active = stored('TASK-1', SEARCH, { tracking: { acceptance: acceptance('2025-12-31') } });
    const expiring = stored('TASK-2', BY_ID, { tracking: { acceptance: acceptance('2025-06-15') } });
    const r = risk([active, expiring], live);
    assert.deepEqual(r.accepted.map((e) => [e.id, e.acceptance!.state]), [['TASK-1', 'active'], ['TASK-2', 'expiring']]);
    assert.deepEqual(levels(r), {}, 'accepted risks are not residual while the acceptance holds');
    assert.deepEqual(r.warnings, ['TASK-2: the risk acceptance by Dana Lee, security lead expires on 2025-06-15 (in 14 days).']);

    const expired = risk([stored('TASK-1', SEARCH, { tracking: { acceptance: acceptance('2025-05-31') } })], live);
    assert.deepEqual(expired.accepted, []);
    assert.deepEqual(expired.open.map((e) => [e.id, e.acceptance!.state]), [['TASK-1', 'expired']]);
    assert.match(expired.warnings[0], /expired on 2025-05-31; the story counts as residual risk again/);
  });

  it('gives the owner, the age and a passed target date', () => {
    const r = risk([stored('TASK-1', SEARCH, { assignee: ['@sam'], tracking: { targetDate: '2025-05-20' } })], live);
    assert.deepEqual([r.open[0].assignee, r.open[0].ageDays, r.open[0].overdue], [['@sam'], 89, true]);
    // Owned, the Critical story needs no owner; the other query of the file, in no story, is named too.
    assert.deepEqual(r.warnings, [
      'TASK-1: the target date 2025-05-20 has passed and the story is not done.',
      '1 Critical finding is in no story: src/routes/products.js:13. Raise a story for each, or add each to the story on the same fix.',
    ]);
  });
});

describe('what the scan can and cannot see', () => {
  it('derives the weakness classes from the rules that ran', () => {
    const all = scannerCoverage(allRules, new Set());
    const missing = all.notChecked.map((w) => w.name);
    for (const name of ['Cross-site request forgery (CSRF)', 'Server-side request forgery (SSRF)', 'Prototype pollution', 'Business logic flaws']) assert.ok(missing.includes(name), name);
    assert.ok(all.checked.some((w) => w.name === 'XML external entities (XXE)'), 'a shipped rule with CWE-611 moves XXE to checked');
    assert.ok(all.checked.some((w) => w.name === 'SQL and NoSQL injection'));
    const sqlOff = new Set(allRules.filter((r) => r.id.startsWith('sql/')).map((r) => r.id));
    const without = scannerCoverage(allRules, sqlOff);
    assert.deepEqual(without.families.find((f) => f.family === 'sql')!.ran, []);
    const sql = without.notChecked.find((w) => w.name === 'SQL and NoSQL injection')!;
    assert.ok(sql.disabledRules.includes('sql/no-string-built-query'));
  });

  it('keeps a class "not checked" when a new rule does not cover it, and moves it when one does', () => {
    const ssrfRule = { id: 'net/no-request-controlled-url', meta: { cwe: ['CWE-918'] } };
    const coverage = scannerCoverage([...allRules, ssrfRule], new Set());
    assert.ok(coverage.checked.some((w) => w.name.includes('SSRF') && w.rules.includes(ssrfRule.id)));
  });
});

describe('report model, trend and formats', () => {
  const stories = [stored('TASK-1', SEARCH, { done: true, checked: false }), stored('TASK-2', BY_ID, { assignee: ['@sam'] })];
  const r = risk(stories, [{ path: SHOP_PATH, findings: [idFinding] }]);
  const report = evidenceReport({ risk: r, projectName: 'shop', notChecked: [], coverage: scannerCoverage(allRules, new Set()), linkBase: '/repo' }, new Map());

  it('compares with the previous snapshot', () => {
    const before = snapshotOf(report);
    const fixed = stored('TASK-1', SEARCH, { done: true });
    const later = evidenceReport({ risk: risk([fixed, stories[1]], [{ path: SHOP_PATH, findings: [idFinding] }], { tests: new Map([[fixed.location, { files: ['test/a.test.js'] }]]) }), projectName: 'shop', notChecked: [] }, new Map());
    const trend = compareSnapshots(before, snapshotOf(later));
    assert.deepEqual(trend.newlyMitigated, ['TASK-1']);
    assert.deepEqual(trend.byLevel.find((l) => l.severity === 'Critical'), { severity: 'Critical', before: 2, now: 1 });
    assert.deepEqual(trend.counts.find((c) => c.name === 'closedWithoutEvidence'), { name: 'closedWithoutEvidence', before: 1, now: 0 });
  });

  it('renders Markdown with levels, the grid, links and narratives, and no grand total', () => {
    const md = renderReport(report, 'md');
    assert.match(md, /\| Critical \| 2 \| 2 \| 0 \|/);
    assert.match(md, /\| high \| 0 \| 0 \| 2 \|/, 'heat map row for high likelihood');
    assert.match(md, /## Closed without evidence\n\n### \[TASK-1\]\(backlog\/tasks\/task-1%20-%20story\.md\)/);
    assert.match(md, /> As an? /, 'the narrative is quoted');
    assert.match(md, /\| `@sam` \|/, 'the owner, as code so the mention notifies nobody');
    assert.doesNotMatch(md, /[\u200b-\u200d\u2060\ufeff]/, 'no invisible character anywhere in the report');
    assert.match(md, /Cross-site request forgery \(CSRF\)/);
    assert.doesNotMatch(md, /total/i);
  });

  it('makes workspace text inert by escaping, so a copied title or path is what was written', () => {
    const hostile = '<img src=x onerror=alert(1)> [link](https://evil.example) ![p](https://t.example/p.png) a|b <!-- SECTION:X --> @team &amp; *bold*';
    const text = cell(hostile);
    assert.doesNotMatch(text, /[\u200b-\u200d\u2060\ufeff]/);
    assert.equal(text, '\\<img src=x onerror=alert(1)\\> \\[link\\](https://evil.example) \\!\\[p\\](https://t.example/p.png) a\\|b \\<\\!-- SECTION:X --\\> `@team` \\&amp; \\*bold\\*');
    // Removing the escapes gives the original text back, character for character.
    assert.equal(text.replace(/\\(.)/g, '$1').replace(/`(@team)`/, '$1'), hostile);
  });

  it('renders HTML with severity colours and links to the task files', () => {
    const html = renderReport(report, 'html');
    assert.match(html, /<span class="sev sev-critical">Critical<\/span>/);
    assert.match(html, /<td class="cell-critical">2<\/td>/);
    assert.match(html, /<a href="backlog\/tasks\/task-1%20-%20story\.md">TASK-1<\/a>/);
    assert.match(html, /<blockquote>As an? /);
    assert.doesNotMatch(html, /<script/);
  });

  it('keeps every field in JSON', () => {
    const json = JSON.parse(renderReport(report, 'json')) as typeof report;
    assert.deepEqual(json.summary.residual.byLevel, report.summary.residual.byLevel);
    assert.equal(json.closedWithoutEvidence[0].evidence!.missing.length, 2);
    assert.ok(json.coverage!.notChecked.length > 0);
  });
});
