// A path traversal read with nothing worth more in reach keeps the rule's medium impact, and says
// why instead of "as rule rates it": no key, environment or database file was found to name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory } from '../../server/src/backlog/story/story';
import { FIXED_NOW, findingsOf } from './helpers';

const PATH = 'src/routes/admin.js';
const TEXT = [
  "const express = require('express');",
  "const path = require('path');",
  'const router = express.Router();',
  "router.get('/exports/:file', (req, res) => {",
  "  res.download(path.join(__dirname, '..', '..', 'exports', req.params.file));",
  '});',
  'module.exports = router;',
  '',
].join('\n');

describe('the impact of a path traversal read with nothing named in reach', () => {
  it('is medium, with the reason that no key, environment or database file was found', () => {
    const s = buildStory({ text: TEXT, path: PATH, findings: findingsOf(TEXT, PATH), rules: allRules, workspace: { filesWorthReading: [], appRoot: '' }, now: FIXED_NOW, toolVersion: 't' });
    assert.equal(s.findings[0].ruleId, 'unsafe-api/no-path-traversal');
    assert.equal(s.risk.impact, 2, s.risk.rationale);
    assert.match(s.risk.rationale, /impact 2 \(medium\): rule unsafe-api\/no-path-traversal rates it 2, kept because no environment file, private key, database file or committed key was found in the workspace/);
    assert.doesNotMatch(s.risk.rationale, /impact 2 \(medium\) as rule/);
    // The "so that" says what reading the code costs, not the read again.
    assert.match(s.narrative, /so that I learn from the application's own source code where its other weaknesses are/);
  });
});
