// Contract tests: every Jira Cloud request the adapter makes is checked by Prism against Atlassian's
// own OpenAPI description of the Jira Cloud platform REST API (jiraOpenApi.ts), through the proxy
// in contractProxy.ts that also passes it to the stateful stand-in, whose answers are checked
// against the same description's response schemas (openApiResponses.ts).
// Two things the description cannot check stay with the stand-in, on purpose:
// - The enhanced JQL search, POST /rest/api/3/search/jql, is newer than the pinned snapshot of the
//   description, so the proxy records it as not described and jiraStandIn.ts checks its body by
//   hand, from Atlassian's reference page. The first test fails once a newer pin describes it.
// - The description types an issue's `fields` as an object of anything (fields differ per project
//   and are discovered through create metadata), so project, issue type, summary, labels and the
//   security level inside it are checked by the stand-in, and the description by the ADF schema.
// Each operation also allows anonymous access in the description, so credentials are the stand-in's
// to check (jira.test.ts).
// One answer is misdescribed in the snapshot (remote links: one object, where Jira sends a list);
// JIRA_RESPONSE_QUIRKS in jiraOpenApi.ts says so and checks each item of the list instead.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBacklog } from '../../../server/src/backlog/adapters/registry';
import type { Backlog } from '../../../server/src/backlog/backlog';
import { ContractProxy } from './contractProxy';
import { ENHANCED_SEARCH, JIRA_RESPONSE_QUIRKS, jiraOpenApiFile, notInJiraOpenApi, readJiraOpenApi } from './jiraOpenApi';
import { JiraStandIn } from './jiraStandIn';
import { responseCheck } from './openApiResponses';
import { startPrism, type RunningPrism } from './prism';
import { shopStory } from './trackerFixtures';

const EMAIL = 'security@acme.example';
const API_TOKEN = 'ATATT3xFfGF0contractToken0123456789';

let prism: RunningPrism;
let proxy: ContractProxy;

function jiraOn(standIn: JiraStandIn): Backlog {
  proxy.standInUrl = standIn.url;
  return openBacklog({
    root: '/project',
    settings: { directory: 'backlog', tracker: 'jira', deployment: 'cloud', baseUrl: proxy.url, projectKey: 'SEC', issueType: 'Bug', securityLevel: 'Security team', labels: ['security'] },
    access: { jiraEmail: EMAIL, jiraApiToken: API_TOKEN },
  });
}

/** Runs one flow on a fresh stand-in and returns it, with the proxy's record cleared first. */
async function onStandIn(flow: (standIn: JiraStandIn) => Promise<void>): Promise<JiraStandIn> {
  proxy.checked.length = 0;
  const standIn = new JiraStandIn(EMAIL, API_TOKEN, 'SEC', ['Security team']);
  await standIn.start();
  try {
    await flow(standIn);
  } finally {
    await standIn.stop();
  }
  return standIn;
}

/**
 * Prism found nothing wrong with the requests, the stand-in's answers fit the description, the
 * stand-in refused nothing, and only the enhanced search went past Prism.
 */
function assertAllValid(standIn: JiraStandIn): void {
  assert.deepEqual(proxy.problems(), []);
  assert.deepEqual(standIn.invalid, []);
  const undescribed = proxy.checked.filter((c) => c.notInDescription !== undefined).map((c) => c.request);
  assert.ok(undescribed.every((r) => r === `POST ${ENHANCED_SEARCH}`), undescribed.join(', '));
}

describe('Jira Cloud adapter against Atlassian\'s OpenAPI description (Prism)', () => {
  before(async () => {
    prism = await startPrism(jiraOpenApiFile());
    proxy = new ContractProxy({
      prismUrl: prism.url,
      forwardHeaders: ['accept', 'content-type', 'authorization', 'user-agent'],
      notInDescription: notInJiraOpenApi,
      checkAnswer: responseCheck(readJiraOpenApi(), JIRA_RESPONSE_QUIRKS),
    });
    await proxy.start();
  });
  after(async () => {
    await proxy?.stop();
    prism?.stop();
  });

  it('serves Atlassian\'s Jira Cloud platform description, which has every route the adapter uses but the enhanced search', () => {
    const spec = readJiraOpenApi();
    assert.equal(spec.info.title, 'The Jira Cloud platform REST API');
    assert.deepEqual(spec.info['x-origin']?.map((o) => o.url), ['https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json']);
    const described = (path: string, method: string) => spec.paths[path]?.[method] !== undefined;
    assert.ok(described('/rest/api/3/issue', 'post'));
    assert.ok(described('/rest/api/3/issue/{issueIdOrKey}', 'get'));
    assert.ok(described('/rest/api/3/issue/{issueIdOrKey}', 'delete'));
    assert.ok(described('/rest/api/3/issue/{issueIdOrKey}/remotelink', 'get'));
    // When a newer pin describes it, drop notInJiraOpenApi and let Prism check it too.
    assert.ok(!described(ENHANCED_SEARCH, 'post'));
  });

  it('Prism flags an invalid create body and an invalid delete (the validation this suite relies on is switched on)', async () => {
    const create = await fetch(`${prism.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ fields: 'SEC', update: [] }),
    });
    await create.arrayBuffer();
    assert.equal(create.status, 400);
    assert.match(create.headers.get('sl-violations') ?? '', /Request body property fields must be object/);
    const remove = await fetch(`${prism.url}/rest/api/3/issue/SEC-1?deleteSubtasks=maybe`, { method: 'DELETE' });
    await remove.arrayBuffer();
    assert.equal(remove.status, 400);
    assert.match(remove.headers.get('sl-violations') ?? '', /deletesubtasks must be equal to one of the allowed values/);
  });

  it('creating an issue with an ADF description, labels and a security level, then reading it by key, are valid Jira requests', async () => {
    const story = shopStory();
    const standIn = await onStandIn(async (s) => {
      // The search does not list the new issue yet, so the adapter reads it by its key.
      s.searchMissesNewIssues = true;
      const result = await jiraOn(s).create(story);
      assert.deepEqual([result.created, result.story.id], [true, 'SEC-1']);
    });
    assert.deepEqual(proxy.validatedRoutes(), ['POST /rest/api/3/issue', 'GET /rest/api/3/issue/SEC-1']);
    const create = standIn.requests.find((r) => r.method === 'POST' && r.path === '/rest/api/3/issue')!;
    const fields = (create.body as { fields: { security: unknown; labels: string[]; description: { type: string } } }).fields;
    assert.deepEqual(fields.security, { name: 'Security team' });
    assert.ok(fields.labels.includes('security') && fields.labels.includes(`rugged-fp-${story.fingerprint}`));
    assert.equal(fields.description.type, 'doc');
    assertAllValid(standIn);
  });

  it('deleting the later of two issues raised at once is a valid Jira request', async () => {
    const story = shopStory();
    const standIn = await onStandIn(async (s) => {
      s.addIssue(story.title, { type: 'doc', version: 1, content: [] }, ['abuser-story', `rugged-fp-${story.fingerprint}`]).hidden = true;
      const result = await jiraOn(s).create(story);
      assert.deepEqual([result.created, result.story.id], [false, 'SEC-1']);
      assert.deepEqual(s.issues.map((i) => i.key), ['SEC-1']);
    });
    assert.deepEqual(proxy.validatedRoutes(), ['POST /rest/api/3/issue', 'DELETE /rest/api/3/issue/SEC-2']);
    assertAllValid(standIn);
  });

  it('reading back a done issue\'s remote links is a valid Jira request', async () => {
    const standIn = await onStandIn(async (s) => {
      const issue = s.addIssue('Read or change the products table', { type: 'doc', version: 1, content: [] }, ['abuser-story']);
      issue.fields.status = { name: 'Done', statusCategory: { key: 'done' } };
      issue.remoteLinks = [{ title: 'PR #7', url: 'https://github.example/acme/shop/pull/7' }];
      const [stored] = await jiraOn(s).list();
      assert.deepEqual(stored.links, [{ title: 'PR #7', url: 'https://github.example/acme/shop/pull/7' }]);
    });
    assert.deepEqual(proxy.validatedRoutes(), ['GET /rest/api/3/issue/SEC-1/remotelink']);
    assert.deepEqual(proxy.checked.map((c) => c.request.replace(/\?.*/, '')), [`POST ${ENHANCED_SEARCH}`, 'GET /rest/api/3/issue/SEC-1/remotelink']);
    assertAllValid(standIn);
  });
});
