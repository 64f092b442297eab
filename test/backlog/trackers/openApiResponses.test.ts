// The check of a stand-in's answers against an OpenAPI description's response schemas, on
// Atlassian's Jira description: it refuses answers Jira would not give, and reads the one answer
// the pinned snapshot misdescribes the way Jira sends it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JIRA_RESPONSE_QUIRKS, readJiraOpenApi } from './jiraOpenApi';
import { responseCheck } from './openApiResponses';

const check = responseCheck(readJiraOpenApi(), JIRA_RESPONSE_QUIRKS);
const link = { id: 1, object: { title: 'PR #7', url: 'https://github.example/acme/shop/pull/7' } };

describe('responseCheck on the Jira Cloud description', () => {
  it('accepts answers shaped like Jira\'s', () => {
    assert.deepEqual(check('POST', '/rest/api/3/issue', 201, { id: '10001', key: 'SEC-1', self: 'https://acme.atlassian.net/rest/api/3/issue/10001' }), []);
    assert.deepEqual(check('GET', '/rest/api/3/issue/SEC-1', 200, { id: '10001', key: 'SEC-1', fields: { summary: 'x' } }), []);
    assert.deepEqual(check('DELETE', '/rest/api/3/issue/SEC-1', 204, undefined), []);
    assert.deepEqual(check('GET', '/rest/api/3/issue/SEC-1/remotelink', 200, [link, link]), []);
  });

  it('refuses a key Jira\'s issue has not, naming the route template and the key', () => {
    assert.deepEqual(check('GET', '/rest/api/3/issue/SEC-1', 200, { id: '10001', key: 'SEC-1', fields: {}, hidden: true }), [
      'GET /rest/api/3/issue/{issueIdOrKey} 200: / must NOT have additional properties (hidden)',
    ]);
  });

  it('refuses a status the operation does not list, and a body where none is described', () => {
    assert.match(check('POST', '/rest/api/3/issue', 500, {}).join(), /^POST \/rest\/api\/3\/issue 500: the description lists no such answer \(201, 400, 401, 403\)$/);
    assert.deepEqual(check('DELETE', '/rest/api/3/issue/SEC-1', 204, { deleted: true }), ['DELETE /rest/api/3/issue/{issueIdOrKey} 204: the description describes no body, but one was sent']);
  });

  it('reads remote links as a list of the described item, checking each', () => {
    assert.match(check('GET', '/rest/api/3/issue/SEC-1/remotelink', 200, link).join(), /expected a list \(the schema is one RemoteIssueLink/);
    assert.deepEqual(check('GET', '/rest/api/3/issue/SEC-1/remotelink', 200, [link, { id: 2, object: { url: 'https://x.example' } }]), [
      "GET /rest/api/3/issue/{issueIdOrKey}/remotelink 200: /1/object must have required property 'title'",
    ]);
  });

  it('prefers a literal route over a template that would also match', () => {
    // /issue/createmeta is its own operation, with its own schema, though {issueIdOrKey} matches it too.
    assert.match(check('GET', '/rest/api/3/issue/createmeta', 200, { hidden: true }).join(), /^GET \/rest\/api\/3\/issue\/createmeta 200/);
  });

  it('leaves a route the description lacks to the request check', () => {
    assert.deepEqual(check('POST', '/rest/api/3/search/jql', 200, { anything: true }), []);
  });
});
