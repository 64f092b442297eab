// A finding that names a secret hides it everywhere its text is quoted: the engine carries the
// range, knownSecrets reads the values, redactFinding cleans every text the finding holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules as rules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { knownSecrets } from '../../server/src/redaction/knownSecrets';
import { redactSecrets } from '../../server/src/redaction/redact';
import { redactFinding } from '../../server/src/redaction/redactFinding';
import type { Finding } from '../../server/src/engine/finding';

// Assembled at run time so that this file never holds a whole token.
const TAIL = ['Q7W3', 'E5R1', 'T9Y2', 'U4I6'].join('');
const OPAQUE = ['plum', 'tree', '4471'].join('-');

function run(code: string) {
  const { findings } = analyze(code, '/app/src/a.js', { rules, config: defaultEngineConfig(), today: '2026-01-01' });
  return { findings, known: knownSecrets(findings, code) };
}

describe('secrets a finding identified', () => {
  it('are the value of the flagged literal, for a positional key', () => {
    const { findings, known } = run(`const jwt = require('jsonwebtoken');\nexports.issue = (p) => jwt.sign(p, '${OPAQUE}');\n`);
    const secret = findings.find((f) => f.ruleId === 'session/no-hardcoded-secret');
    assert.ok(secret?.secrets?.length === 1);
    assert.deepEqual(known, [OPAQUE]);
  });

  it('are every part of a token split across a concatenation', () => {
    const { known } = run(`const k = 'AKIA' + '${TAIL}';\n`);
    assert.ok(known.includes(TAIL), known.join(', '));
    assert.equal(redactSecrets(`the tail ${TAIL} alone`, known).text, 'the tail [REDACTED:flagged-secret] alone');
  });

  it('include those of suppressed findings', () => {
    const { known } = run(`const jwt = require('jsonwebtoken');\n// rugged-ignore session/no-hardcoded-secret -- test key\nexports.issue = (p) => jwt.sign(p, '${OPAQUE}');\n`);
    assert.ok(known.includes(OPAQUE));
  });
});

describe('redactFinding', () => {
  const finding: Finding = {
    ruleId: 'x/y',
    severity: 'error',
    confidence: 'high',
    message: `uses ${OPAQUE}`,
    range: { start: { line: 1, column: 0, offset: 0 }, end: { line: 1, column: 1, offset: 1 } },
    fixes: [{ title: `Replace ${OPAQUE}`, kind: 'safe', edits: [{ start: 0, end: 1, text: `db.query('${OPAQUE}', [id])` }] }],
    related: [{ message: `from ${OPAQUE}`, range: { start: { line: 1, column: 0, offset: 0 }, end: { line: 1, column: 1, offset: 1 } } }],
    fingerprint: 'f'.repeat(32),
    suppression: { justification: `old value ${OPAQUE}`, line: 1 },
    data: { value: OPAQUE },
  };

  it('cleans every text and keeps positions, ids and the fingerprint', () => {
    const clean = redactFinding(finding, [OPAQUE]);
    assert.ok(!JSON.stringify(clean).includes(OPAQUE), JSON.stringify(clean));
    assert.equal(clean.fingerprint, finding.fingerprint);
    assert.deepEqual(clean.range, finding.range);
    assert.equal(clean.fixes[0].edits[0].start, 0);
    assert.equal(finding.message, `uses ${OPAQUE}`, 'the input is not changed');
  });

  it('keeps the real edit text only when asked, for an edit applied in the user\'s own editor', () => {
    const local = redactFinding(finding, [OPAQUE], { keepEditText: true });
    assert.equal(local.fixes[0].edits[0].text, finding.fixes[0].edits[0].text);
    assert.ok(!local.fixes[0].title.includes(OPAQUE) && !local.message.includes(OPAQUE));
  });
});
