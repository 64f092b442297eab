// The client's trace channel masks tracker credentials in the request parameters it logs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskCredentials } from '../../../client/src/maskedTrace';

describe('masked trace', () => {
  it('masks every credential field of a logged request, escaped quotes included, and keeps the rest', () => {
    const line = `Params: ${JSON.stringify({ uri: 'file:///w/a.js', credentials: { githubToken: 'ghp_abc"def', jiraEmail: 'a@b.c', jiraApiToken: 'ATATT-x', gitlabToken: 'glpat-y' } }, null, 4)}`;
    const masked = maskCredentials(line);
    for (const secret of ['ghp_abc', 'a@b.c', 'ATATT-x', 'glpat-y']) assert.ok(!masked.includes(secret), `${secret} in ${masked}`);
    assert.match(masked, /"githubToken": "\[REDACTED\]"/);
    assert.match(masked, /"uri": "file:\/\/\/w\/a\.js"/);
  });
});
