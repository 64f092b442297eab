// A story raised from a catalogue goal has no rule to take its controls from: the goal's own
// controls must be the fix for the weakness (CWE) it names, not another goal's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory } from '../../server/src/backlog/story/story';
import { GOAL_CATALOGUE } from '../../server/src/backlog/story/stride';
import { FIXED_NOW } from './helpers';

/** Words the fix of each weakness cannot do without. */
const FIX_WORDS: Readonly<Record<string, RegExp>> = {
  'CWE-384': /session .*random|identifier is replaced/i,
  'CWE-307': /rate-limited|multi-factor/i,
  'CWE-290': /signature|certificate/i,
  'CWE-74': /bound parameters|allow-list/i,
  'CWE-915': /allow-list of fields/i,
  'CWE-602': /server recomputes|verifies/i,
  'CWE-778': /audit entry/i,
  'CWE-117': /encoded|structured fields/i,
  'CWE-1220': /individual account/i,
  'CWE-639': /belongs to the requesting user|may see that object/i,
  'CWE-209': /generic error/i,
  'CWE-798': /secret store|environment/i,
  'CWE-770': /rate-limited|capped|timeout/i,
  'CWE-1333': /linear time|length is limited/i,
  'CWE-400': /size|depth/i,
  'CWE-862': /checks authorization|role/i,
  'CWE-94': /no input .*eval/i,
  'CWE-668': /scoped to the tenant/i,
  'CWE-79': /encoded for the html|escapes|sanitiser/i,
  'CWE-306': /requires an authenticated session/i,
  'CWE-601': /relative paths|allow-list of destinations/i,
  'CWE-256': /slow, salted hash|bcrypt/i,
  'CWE-502': /plain data|never by a deserialiser/i,
  'CWE-611': /no external entities|dtd/i,
  'CWE-95': /no input reaches eval/i,
};

const EMPTY = "const express = require('express');\nconst router = express.Router();\nrouter.post('/todos', (req, res) => {\n  todos.push(req.body.text);\n  res.status(201).end();\n});\n";

describe('the goal catalogue', () => {
  it('has ids and CWEs that are unique enough to choose by', () => {
    assert.equal(new Set(GOAL_CATALOGUE.map((g) => g.id)).size, GOAL_CATALOGUE.length);
    for (const g of GOAL_CATALOGUE) assert.match(g.cwe, /^CWE-\d+$/, g.id);
  });

  for (const goal of GOAL_CATALOGUE) {
    it(`${goal.id} (${goal.cwe}) proposes the controls that fix its weakness, and they reach the story`, () => {
      const words = FIX_WORDS[goal.cwe];
      assert.ok(words, `no fix words for ${goal.cwe}`);
      assert.ok(goal.controls.some((c) => words.test(c)), `${goal.id}: ${goal.controls.join(' | ')}`);
      const story = buildStory({ text: EMPTY, path: 'src/routes/todos.js', findings: [], rules: allRules, selection: { startLine: 3, endLine: 6 }, choices: { goalId: goal.id }, now: FIXED_NOW, toolVersion: 't' });
      const controls = story.acceptanceCriteria.filter((c) => c.kind === 'control').map((c) => c.text).join('\n');
      assert.match(controls + (story.platformControls ?? []).join('\n'), words, `${goal.id}: ${controls}`);
      assert.doesNotMatch(story.narrative, /\{asset\}/);
    });
  }

  it('gives stored XSS the output-encoding control, not the injection one', () => {
    const story = buildStory({ text: EMPTY, path: 'src/routes/todos.js', findings: [], rules: allRules, selection: { startLine: 3, endLine: 6 }, choices: { goalId: 't-stored-script' }, now: FIXED_NOW, toolVersion: 't' });
    const texts = story.acceptanceCriteria.map((c) => c.text).join('\n');
    assert.match(texts, /encoded for the HTML context/);
    assert.doesNotMatch(texts, /bound parameters/);
  });
});
