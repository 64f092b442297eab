// The README's rule table is generated (`rugged rules --format markdown`); this keeps it in sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { currentRulesBlock, END_MARKER, generateRulesBlock, README, START_MARKER } from '../../scripts/readme-rules';

test('README rule table matches a fresh generation', () => {
  const current = currentRulesBlock(readFileSync(README, 'utf8'));
  assert.ok(current !== undefined, `README.md needs a ${START_MARKER} ... ${END_MARKER} block`);
  assert.equal(current, generateRulesBlock(), 'The README rule table is out of date: run `npm run readme:rules` and commit README.md.');
});
