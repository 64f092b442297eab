// Residual risk from stories and findings: which story covers which finding, what counts as
// mitigated, and what remains.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import type { Finding } from '../../server/src/engine/finding';
import { computeResidualRisk } from '../../server/src/backlog/story/residualRisk';
import { buildStory } from '../../server/src/backlog/story/story';
import type { StoredStory } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf, SHOP_PATH, SHOP_TEXT } from './helpers';

const findings = findingsOf(SHOP_TEXT, SHOP_PATH);
const [searchFinding, idFinding] = findings;

function stored(id: string, status: string, selection: { startLine: number; endLine: number }, done = status === 'Done'): StoredStory {
  const story = buildStory({ text: SHOP_TEXT, path: SHOP_PATH, selection, findings, rules: allRules, now: FIXED_NOW, toolVersion: 'test' });
  return {
    id,
    title: story.title,
    status,
    done,
    labels: story.labels,
    location: `/backlog/tasks/${id}.md`,
    acceptanceCriteria: story.acceptanceCriteria.map((c, i) => ({ index: i + 1, text: c.text, checked: done })),
    story,
  };
}

/** The search story's test, as the repository holds it. */
const SEARCH_TEST = new Map([['/backlog/tasks/TASK-1.md', { files: ['test/search.test.js'] }]]);

/** Non-zero levels as `level: [risks, stories, findings]`. */
function levels(risk: ReturnType<typeof computeResidualRisk>): Record<string, [number, number, number]> {
  return Object.fromEntries(risk.residual.byLevel.filter((l) => l.risks > 0).map((l) => [l.severity, [l.risks, l.stories, l.findings]]));
}

function withFingerprint(finding: Finding, fingerprint: string): Finding {
  return { ...finding, fingerprint };
}

describe('computeResidualRisk', () => {
  it('counts open stories, uncovered findings and suppressions as residual; done and quiet stories as mitigated', () => {
    const suppressed: Finding = { ...idFinding, suppression: { justification: 'validated upstream', until: '2025-03-20', line: 12 } };
    const risk = computeResidualRisk({
      stories: [stored('TASK-1', 'Done', { startLine: 6, endLine: 10 }), stored('TASK-2', 'To Do', { startLine: 12, endLine: 15 })],
      files: [
        { path: SHOP_PATH, findings: [suppressed] },
        { path: 'src/other.js', findings: [withFingerprint(searchFinding, 'other')] },
      ],
      today: '2025-03-01',
      statuses: ['To Do', 'In Progress', 'Done'],
      rules: allRules,
      tests: SEARCH_TEST,
    });
    assert.deepEqual(risk.mitigated.map((e) => e.id), ['TASK-1']);
    assert.deepEqual(risk.open.map((e) => e.id), ['TASK-2']);
    assert.equal(risk.open[0].quiet, true, 'its finding is suppressed now, so it no longer fires');
    assert.deepEqual(risk.uncovered.map((u) => `${u.path}:${u.line}`), ['src/other.js:8']);
    assert.ok(risk.warnings.includes('1 Critical finding is in no story: src/other.js:8. Raise a story for each, or add each to the story on the same fix.'), risk.warnings.join('\n'));
    assert.deepEqual(risk.suppressions.map((s) => [s.ruleId, s.reason, s.until, s.expiresSoon]), [['sql/no-string-built-query', 'validated upstream', '2025-03-20', true]]);
    assert.deepEqual(levels(risk), { Critical: [2, 1, 1] }, 'one story and one finding no story covers, both Critical; the suppression is not a risk');
    assert.equal(risk.residual.suppressions, 1);
    assert.equal(risk.residual.openStories, 1);
    assert.equal(risk.residual.uncoveredFindings, 1);
    assert.equal(risk.residual.heatMap.cells[2][2], 2, 'likelihood high x impact high');
    assert.deepEqual(risk.identified, { stories: 2, findings: 1, suppressions: 1 });
    assert.deepEqual(risk.byStatus.map((g) => [g.status, g.stories.map((s) => s.id)]), [['To Do', ['TASK-2']], ['In Progress', []], ['Done', ['TASK-1']]]);
    assert.deepEqual(risk.byRisk.map((g) => g.severity), ['Critical']);
  });

  it('asks for an owner of every residual Critical story, and not of a mitigated or owned one', () => {
    const owned = { ...stored('TASK-3', 'To Do', { startLine: 12, endLine: 15 }), assignee: ['@ada'] };
    const risk = computeResidualRisk({
      stories: [stored('TASK-1', 'Done', { startLine: 6, endLine: 10 }), stored('TASK-2', 'To Do', { startLine: 12, endLine: 15 }), owned],
      files: [{ path: SHOP_PATH, findings: [] }],
      today: '2025-03-01',
      rules: allRules,
      tests: SEARCH_TEST,
    });
    assert.equal(risk.open.find((e) => e.id === 'TASK-2')?.severity, 'Critical');
    assert.deepEqual(risk.warnings, ['1 Critical story has no owner: TASK-2. Assign each before signing off, or record who accepts the risk.']);
  });

  it('puts a done story whose finding still fires back into the residual risk', () => {
    const risk = computeResidualRisk({ stories: [stored('TASK-1', 'Done', { startLine: 6, endLine: 10 })], files: [{ path: SHOP_PATH, findings: [searchFinding] }], today: '2025-03-01' });
    assert.deepEqual(risk.reopened.map((e) => e.id), ['TASK-1']);
    assert.equal(risk.reopened[0].stillFiring, true);
    assert.deepEqual(risk.mitigated, []);
    assert.deepEqual(risk.uncovered, []);
    assert.deepEqual(levels(risk), { Critical: [1, 1, 0] });
  });

  it('lets an open story keep covering its finding after an edit changed the fingerprint', () => {
    const risk = computeResidualRisk({ stories: [stored('TASK-2', 'In Progress', { startLine: 12, endLine: 15 })], files: [{ path: SHOP_PATH, findings: [withFingerprint(idFinding, 'changed')] }], today: '2025-03-01' });
    assert.deepEqual(risk.uncovered, []);
    assert.equal(risk.open[0].quiet, false);
  });

  it('does not let a done story claim a different finding of the same rule', () => {
    const risk = computeResidualRisk({ stories: [stored('TASK-1', 'Done', { startLine: 6, endLine: 10 })], files: [{ path: SHOP_PATH, findings: [idFinding] }], today: '2025-03-01', tests: SEARCH_TEST });
    assert.deepEqual(risk.mitigated.map((e) => e.id), ['TASK-1']);
    assert.deepEqual(risk.uncovered.map((u) => u.line), [13]);
  });

  it('lists items labelled abuser-story that Rugged did not write, unrated', () => {
    const manual: StoredStory = { id: 'TASK-9', title: 'Threat model the upload', status: 'To Do', done: false, labels: ['abuser-story'], location: '/x', acceptanceCriteria: [] };
    const risk = computeResidualRisk({ stories: [manual], files: [], today: '2025-03-01' });
    assert.deepEqual(risk.open.map((e) => [e.id, e.severity]), [['TASK-9', 'Unrated']]);
    assert.deepEqual(risk.byRisk.map((g) => g.severity), ['Unrated']);
  });

  it('ignores the engine notes (parse errors) and sorts uncovered findings by severity', () => {
    const parse: Finding = { ...searchFinding, ruleId: 'rugged/parse-error', severity: 'info' };
    const warning: Finding = { ...withFingerprint(idFinding, 'w'), severity: 'warning' };
    const risk = computeResidualRisk({ stories: [], files: [{ path: 'b.js', findings: [warning] }, { path: 'a.js', findings: [parse, searchFinding] }], today: '2025-03-01' });
    assert.deepEqual(risk.uncovered.map((u) => [u.path, u.severity]), [['a.js', 'error'], ['b.js', 'warning']]);
  });
});
