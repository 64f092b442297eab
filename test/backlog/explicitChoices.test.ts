// What the person raising a story chooses wins over what the rules' seeds propose: the goal, its
// words, the harm, the prerequisites and the asset, and another goal on the same code is another
// story, while a selection that repeats an open story is offered as an extension of it.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { run } from '../../server/src/cli/main';
import { allRules } from '../../rules/index';
import { buildStory, type StoryInput } from '../../server/src/backlog/story/story';
import { findCovered, findDuplicate } from '../../server/src/backlog/story/fingerprint';
import { findGoal } from '../../server/src/backlog/story/stride';
import type { Story, StoredStory } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf, removeDir, SHOP_PATH, SHOP_TEXT, tempDir } from './helpers';

function story(overrides: Partial<StoryInput> = {}): Story {
  return buildStory({ text: SHOP_TEXT, path: SHOP_PATH, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, now: FIXED_NOW, toolVersion: 't', ...overrides });
}

function stored(s: Story, id: string): StoredStory {
  return { id, title: s.title, status: 'To Do', done: false, labels: s.labels, location: `/b/${id}.md`, acceptanceCriteria: [], story: s };
}

const ID_ROUTE = { startLine: 12, endLine: 15 };

describe('explicit choices', () => {
  it('lets --goal lead the narrative where findings exist, keeping the findings as evidence', () => {
    const goal = findGoal('i-object-reference')!;
    const s = story({ selection: ID_ROUTE, choices: { goalId: goal.id } });
    assert.equal(s.goal, "read other users' records", 'the loss; the technique is in the details');
    assert.equal(`${s.goal} by ${s.technique}`, goal.goal);
    assert.equal(s.harm, goal.harm);
    assert.deepEqual(s.stride, ['I']);
    assert.equal(s.findings.length, 1, 'the SQL finding stays linked');
    assert.match(s.risk.rationale, /catalogue goal i-object-reference/);
    const control = goal.controls[0].toLowerCase();
    assert.ok(s.acceptanceCriteria.some((c) => c.text.toLowerCase().includes(control)), 'the goal\'s control, not the SQL seed\'s');
    assert.ok(!s.acceptanceCriteria.some((c) => /bound parameters/.test(c.text)), 'not the SQL seed\'s');
  });

  it('takes the goal, harm, prerequisites and asset in the user\'s words into the narrative', () => {
    const s = story({
      selection: ID_ROUTE,
      choices: { goal: 'read the wholesale price list', harm: 'competitors undercut us', prerequisites: 'with a free trial account', asset: 'wholesale prices' },
    });
    assert.equal(s.narrative, 'As an attacker with a free trial account, I want to read the wholesale price list, so that competitors undercut us.');
    assert.equal(s.asset, 'wholesale prices');
    assert.equal(s.prerequisites, 'with a free trial account');
  });

  it('titles a goal typed as a step of the attack with the loss, and keeps one that reads as a loss', () => {
    const step = story({ selection: ID_ROUTE, choices: { goal: 'send the id of another customer\'s order', asset: 'customers\' orders' } });
    assert.equal(step.title, "Read or change customers' orders in GET /:id", 'the seed\'s loss with the person\'s asset');
    assert.match(step.narrative, /I want to send the id of another customer's order,/, 'the narrative keeps the person\'s words');
    const loss = story({ selection: ID_ROUTE, choices: { goal: "read other customers' orders by changing the id", asset: "customers' orders" } });
    assert.equal(loss.title, "Read other customers' orders in GET /:id");
    assert.equal(loss.technique, 'changing the id');
  });

  it('lets a STRIDE choice no seed covers pick a goal of that letter', () => {
    const s = story({ selection: ID_ROUTE, choices: { stride: ['D'] } });
    assert.deepEqual(s.stride, ['D']);
    assert.equal(s.goal, findGoal('d-expensive-request')!.goal);
  });

  it('takes --likelihood and --impact over the proposal and says so', () => {
    const s = story({ selection: ID_ROUTE, choices: { likelihood: 1, impact: 3 } });
    assert.equal(s.risk.severity, 'Medium');
    assert.match(s.risk.rationale, /set by the person raising the story/i);
  });

  it('treats another goal on code that has a story as another story (goal-aware dedup)', () => {
    const sql = story({ selection: ID_ROUTE });
    const idor = story({ selection: ID_ROUTE, choices: { goalId: 'i-object-reference' } });
    assert.notEqual(idor.fingerprint, sql.fingerprint);
    assert.equal(findDuplicate([stored(sql, 'TASK-1')], idor), undefined);
    assert.equal(findDuplicate([stored(sql, 'TASK-1')], story({ selection: ID_ROUTE }))?.id, 'TASK-1', 'the same raise is still a duplicate');
    assert.equal(findDuplicate([stored(idor, 'TASK-2')], story({ selection: ID_ROUTE, choices: { goalId: 'i-object-reference' } }))?.id, 'TASK-2');
  });

  it('finds the open story a superset selection would repeat, so it can be extended instead', () => {
    const one = stored(story({ selection: ID_ROUTE }), 'TASK-1');
    const whole = story();
    assert.equal(findDuplicate([one], whole), undefined);
    assert.deepEqual(findCovered([one], whole).map((s) => s.id), ['TASK-1']);
    assert.deepEqual(findCovered([{ ...one, done: true }], whole), [], 'a done story is not extended');
    assert.deepEqual(findCovered([one], story({ choices: { goalId: 'd-expensive-request' } })), [], 'another goal is not a repeat');
  });
});

async function rugged(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd, env: {} };
  const code = await run(argv, io, { today: '2025-06-01' });
  return { code, stdout, stderr };
}

describe('rugged story with explicit choices', () => {
  const root = tempDir('choices');
  after(() => removeDir(root));
  mkdirSync(join(root, 'src/routes'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}\n');
  writeFileSync(join(root, SHOP_PATH), SHOP_TEXT);

  it('files a second story for another goal on the same lines, and refuses a repeat of the same one', async () => {
    const first = await rugged(root, ['story', SHOP_PATH, '--lines', '12-15', '--yes', '--no-platform']);
    assert.equal(first.code, 0, first.stderr);
    const other = await rugged(root, ['story', SHOP_PATH, '--lines', '12-15', '--yes', '--no-platform', '--goal', 'i-object-reference', '--prerequisites', 'with a customer account', '--impact', '2', '--format', 'json']);
    const out = JSON.parse(other.stdout) as { id: string; created: boolean; story: Story };
    assert.equal(out.created, true, other.stderr);
    assert.equal(out.id, 'TASK-2');
    assert.match(out.story.narrative, /^As an attacker with a customer account, I want to read other users' records/);
    assert.equal(out.story.risk.impact, 2);
    const again = await rugged(root, ['story', SHOP_PATH, '--lines', '12-15', '--yes', '--no-platform', '--goal', 'i-object-reference']);
    assert.match(again.stderr, /already in the backlog as TASK-2/);
  });

  it('offers to extend the open story instead of filing a superset selection, unless --separate', async () => {
    const whole = await rugged(root, ['story', SHOP_PATH, '--yes', '--no-platform']);
    assert.equal(whole.code, 0, whole.stderr);
    assert.match(whole.stderr, /TASK-1 already links some of these findings for the same goal; nothing written\. Extend it with the 1 other finding \(sql\/no-string-built-query line 8\)/);
    const separate = await rugged(root, ['story', SHOP_PATH, '--yes', '--no-platform', '--separate', '--format', 'json']);
    assert.equal((JSON.parse(separate.stdout) as { id: string }).id, 'TASK-3');
  });

  it('refuses a likelihood outside the grid', async () => {
    const bad = await rugged(root, ['story', SHOP_PATH, '--yes', '--no-platform', '--likelihood', '4']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--likelihood takes 1, 2 or 3/);
  });
});
