import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patternStrength } from '../../server/src/engine/patternGuards';

const strength = (re: RegExp) => patternStrength(re.source, re.flags);

test('an anchored pattern of letters, digits, _ and - is safe for every sink', () => {
  assert.equal(strength(/^[a-z0-9_]+$/i), 'all');
  assert.equal(strength(/^\d{1,6}$/), 'all');
  assert.equal(strength(/^[\w-]+\.(png|jpe?g)$/), 'all', 'one literal dot before an extension cannot make `..`');
  assert.equal(strength(/^(?:asc|desc)$/i), 'all');
  assert.equal(strength(/^(?=.{1,20}$)[a-z]+$/), 'all', 'a lookahead only restricts');
});

test('a pattern that admits dots a quantifier can repeat, or slashes, rules out injection but not traversal', () => {
  assert.equal(strength(/^[\w.-]+$/), 'injection');
  assert.equal(strength(/^[a-z]+(\.[a-z]+)*$/), 'injection', 'a repeated group may hold several dots');
  assert.equal(strength(/^\.[a-z]*\.$/), 'injection', 'an optional atom between two dots lets them touch');
  assert.equal(strength(/^(\.|a)(b|\.)$/), 'injection', 'alternatives can put dots side by side');
  assert.equal(strength(/^[0-9a-f-]{36}$/), 'all');
});

test('unanchored, half-anchored, multiline or permissive patterns prove nothing', () => {
  assert.equal(strength(/[a-z]+/), undefined);
  assert.equal(strength(/^[a-z]+/), undefined);
  assert.equal(strength(/[a-z]+$/), undefined);
  assert.equal(strength(/^a|b$/), undefined, 'each alternative is anchored at one end only');
  assert.equal(strength(/^[a-z]+$/m), undefined, 'with m, ^ and $ match at every line');
  assert.equal(strength(/^.+$/), undefined);
  assert.equal(strength(/^[^<>]+$/), undefined, 'a negated class admits quotes and separators');
  assert.equal(strength(/^[\w ]+$/), undefined, 'a space separates shell words and SQL tokens');
  assert.equal(strength(/^[\w']+$/), undefined);
  assert.equal(strength(/^\S+$/), undefined);
});
