// The evidence report quotes texts the workspace wrote: task titles (hand-written items too),
// finding messages and suppression reasons. None of its formats may repeat a token in them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReport } from '../../server/src/backlog/story/reportRender';
import { buildEvidenceReport } from '../../server/src/backlog/useCases/evidenceReport';
import { computeResidualRisk } from '../../server/src/backlog/story/residualRisk';
import type { StoredStory } from '../../server/src/backlog/story/types';
import type { Finding } from '../../server/src/engine/finding';

// Assembled at run time so that this file never holds a whole token.
const TOKEN = ['gh', 'p_', 'Zr8Vb7Nw2Kd5Tf9Hs1Jm4Pc6Gy0Xq3Lw5Ea2Rt'].join('');

const manual: StoredStory = {
  id: 'TASK-9',
  title: `Rotate ${TOKEN} before the audit`,
  status: 'To Do',
  done: false,
  labels: ['abuser-story'],
  location: '/backlog/tasks/task-9.md',
  acceptanceCriteria: [],
};

const suppressed: Finding = {
  ruleId: 'session/no-hardcoded-secret',
  severity: 'error',
  confidence: 'high',
  message: 'A GitHub token is written in the source code.',
  range: { start: { line: 3, column: 0, offset: 40 }, end: { line: 3, column: 10, offset: 50 } },
  fixes: [],
  related: [],
  fingerprint: 'a'.repeat(32),
  suppression: { justification: `revoked; it was ${TOKEN}`, line: 2 },
};

describe('evidence report', () => {
  for (const format of ['md', 'json', 'html'] as const) {
    it(`in ${format}, quotes titles and suppression reasons without the token`, async () => {
      const risk = computeResidualRisk({ stories: [manual], files: [{ path: 'src/a.js', findings: [suppressed] }], today: '2025-03-01' });
      const text = renderReport(await buildEvidenceReport({ risk, projectName: 'shop', notChecked: [] }), format);
      assert.ok(!text.includes(TOKEN) && !text.includes(TOKEN.slice(8, 28)), text);
      assert.match(text, /Rotate \\?\[REDACTED:github-token\\?\] before the audit/);
      assert.match(text, /revoked; it was \\?\[REDACTED:github-token\\?\]/);
    });
  }
});
