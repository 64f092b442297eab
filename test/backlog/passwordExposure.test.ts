// Weakly stored passwords are rated by the easiest way to their column: when another open story of
// the backlog hands that column to anonymous visitors, the likelihood is high and the reason names
// those stories; otherwise the rule's rating stands.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { passwordExposures } from '../../server/src/backlog/story/passwordExposure';
import { buildStory } from '../../server/src/backlog/story/story';
import type { Story, StoredStory } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf } from './helpers';

const REGISTER_PATH = 'src/routes/account.js';
const REGISTER = [
  "const express = require('express');",
  "const crypto = require('crypto');",
  "const { pool } = require('../db');",
  'const router = express.Router();',
  "router.post('/register', async (req, res) => {",
  "  const hash = crypto.createHash('sha256').update(req.body.password).digest('hex');",
  "  await pool.query('INSERT INTO customers (email, password_hash) VALUES ($1, $2)', [req.body.email, hash]);",
  '  res.status(201).end();',
  '});',
  'module.exports = router;',
  '',
].join('\n');

function register(exposures?: { column: string; id: string }[]): Story {
  return buildStory({
    text: REGISTER,
    path: REGISTER_PATH,
    findings: findingsOf(REGISTER, REGISTER_PATH),
    rules: allRules,
    ...(exposures ? { workspace: { passwordExposures: exposures } } : {}),
    now: FIXED_NOW,
    toolVersion: 't',
  });
}

function sqlStory(id: string, rationale: string, likelihood: 1 | 2 | 3, done = false): StoredStory {
  const story = { risk: { method: 'x', likelihood, impact: 3, score: likelihood * 3, severity: 'Critical', rationale }, findings: [] } as unknown as Story;
  return { id, title: id, status: done ? 'Done' : 'To Do', done, labels: [], location: `/b/${id}.md`, acceptanceCriteria: [], story };
}

describe('stored passwords another story hands out', () => {
  it('finds the open stories whose attack any visitor can send to read a password column', () => {
    const union = 'Likelihood 3 (high): request input was traced; a UNION added to this SELECT reads the password hashes in customers.password_hash; 3 x 3 = 9, Critical.';
    const exposures = passwordExposures([
      sqlStory('TASK-1', union, 3),
      sqlStory('TASK-3', union, 3),
      sqlStory('TASK-4', union, 3, true),
      sqlStory('TASK-5', union, 2),
      sqlStory('TASK-6', 'a UNION added to this SELECT reads the order totals in orders.total; 3 x 3 = 9', 3),
    ]);
    assert.deepEqual(exposures, [
      { column: 'customers.password_hash', id: 'TASK-1' },
      { column: 'customers.password_hash', id: 'TASK-3' },
    ]);
  });

  it('raises a fast hash to likelihood 3 and names the stories, instead of "as rule rates it"', () => {
    const alone = register();
    assert.equal(alone.risk.likelihood, 2, alone.risk.rationale);
    const exposed = register([
      { column: 'customers.password_hash', id: 'TASK-1' },
      { column: 'customers.password_hash', id: 'TASK-3' },
    ]);
    assert.equal(exposed.risk.likelihood, 3, exposed.risk.rationale);
    assert.equal(exposed.risk.impact, alone.risk.impact);
    assert.match(exposed.risk.rationale, /^Likelihood 3 \(high\): proposed 2, raised because TASK-1 and TASK-3 hand `customers\.password_hash` to anonymous visitors, so no copy of the database is needed to start cracking the hashes offline; impact 3/);
    assert.doesNotMatch(exposed.risk.rationale, /likelihood \d \(\w+\) as rule/i);
  });

  it('tells the attack from the visitor who reads the column through those stories, not from a stolen copy', () => {
    const alone = register();
    assert.match(alone.narrative, /^As an attacker holding a copy of the user table,/);
    const exposed = register([
      { column: 'customers.password_hash', id: 'TASK-1' },
      { column: 'customers.password_hash', id: 'TASK-3' },
    ]);
    assert.match(exposed.narrative, /^As an anonymous internet user who reads `customers\.password_hash` through TASK-1 and TASK-3, I want to /);
    const chosen = buildStory({ text: REGISTER, path: REGISTER_PATH, findings: findingsOf(REGISTER, REGISTER_PATH), rules: allRules, workspace: { passwordExposures: [{ column: 'customers.password_hash', id: 'TASK-1' }] }, choices: { prerequisites: 'with a backup of the database' }, now: FIXED_NOW, toolVersion: 't' });
    assert.doesNotMatch(chosen.narrative, /through TASK-1/, 'a stated prerequisite describes the actor');
  });
});
