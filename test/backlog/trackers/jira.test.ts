// The Jira Cloud adapter against a stand-in that validates the create and search bodies, and the
// description against Atlassian's ADF JSON Schema: the security level, idempotency within and across processes,
// retries, the read-back of state, assignee and remote links, and no credential in any error.
import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { openBacklog } from '../../../server/src/backlog/adapters/registry';
import { BacklogError, type Backlog } from '../../../server/src/backlog/backlog';
import { removeDir, tempDir } from '../helpers';
import { adfSchemaProblems } from './adfSchema';
import { JiraStandIn } from './jiraStandIn';
import { FAKE_SECRETS, raiseInChild, shopStory } from './trackerFixtures';

const EMAIL = 'security@acme.example';
const API_TOKEN = 'ATATT3xFfGF0standInToken0123456789';
const BASIC = Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64');
let standIn: JiraStandIn;
const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

function settings(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { directory: 'backlog', tracker: 'jira', deployment: 'cloud', baseUrl: standIn.url, projectKey: 'SEC', issueType: 'Bug', securityLevel: 'Security team', ...extra };
}

function jira(token = API_TOKEN, extra: Record<string, unknown> = {}): Backlog {
  return openBacklog({ root: '/project', settings: { directory: 'backlog', ...settings(extra) }, access: { jiraEmail: EMAIL, jiraApiToken: token } });
}

async function refusal(promise: Promise<unknown>): Promise<BacklogError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BacklogError, String(error));
    for (const secret of [API_TOKEN, BASIC]) assert.ok(!error.message.includes(secret), error.message);
    assert.ok(!error.message.includes('\n'));
    return error;
  }
  assert.fail('no error');
}

const creates = () => standIn.requests.filter((r) => r.method === 'POST' && r.path === '/rest/api/3/issue');

describe('Jira adapter', () => {
  beforeEach(async () => {
    standIn = new JiraStandIn(EMAIL, API_TOKEN, 'SEC', ['Security team']);
    await standIn.start();
  });
  afterEach(() => standIn.stop());

  it('creates one issue at the security level, with an ADF description that reads back as the story', async () => {
    const story = shopStory();
    const first = await jira().create(story);
    assert.deepEqual([first.created, first.story.id], [true, 'SEC-1']);
    assert.deepEqual(standIn.invalid, []);
    const fields = (creates()[0].body as { fields: { security: unknown; labels: string[]; issuetype: unknown; description: unknown } }).fields;
    assert.deepEqual(fields.security, { name: 'Security team' });
    assert.deepEqual(fields.issuetype, { name: 'Bug' });
    assert.ok(fields.labels.includes('abuser-story') && fields.labels.includes(`rugged-fp-${story.fingerprint}`));
    assert.deepEqual(adfSchemaProblems(fields.description), []);
    for (const secret of FAKE_SECRETS) assert.ok(!JSON.stringify(fields).includes(secret));
    assert.equal(creates()[0].headers.authorization, `Basic ${BASIC}`);
    assert.equal(first.story.story?.fingerprint, story.fingerprint);
    assert.equal(first.story.story?.excerpt.text, story.excerpt.text);
    assert.deepEqual(first.story.story?.acceptanceCriteria, story.acceptanceCriteria);
    const second = await jira().create(story);
    assert.deepEqual([second.created, second.story.id], [false, 'SEC-1']);
    assert.equal(creates().length, 1);
    assert.match(await jira().destination!(), /security level "Security team"/);
    assert.match(await jira(API_TOKEN, { securityLevel: undefined }).destination!(), /everyone who can browse the project/);
  });

  it('sends a description the published ADF schema accepts for a story with a permalink and no findings or criteria', async () => {
    const story = shopStory();
    story.entryPoint = { ...story.entryPoint, commit: '0123456789abcdef0123456789abcdef01234567', permalink: 'https://github.example/acme/shop/blob/0123456/src/search.ts#L6-L21' };
    story.findings = [];
    story.acceptanceCriteria = [];
    const result = await jira().create(story);
    assert.equal(result.story.id, 'SEC-1');
    assert.deepEqual(standIn.invalid, []);
    const description = JSON.stringify((creates()[0].body as { fields: { description: unknown } }).fields.description);
    assert.match(description, /"type":"link","attrs":\{"href":"https:\/\/github\.example\/acme\/shop\/blob\/0123456\/src\/search\.ts#L6-L21"\}/);
    assert.ok(!description.includes('taskList'));
  });

  it('keeps the description inside the ADF schema when parts of the story are empty or look like markup', async () => {
    const story = shopStory();
    story.narrative = '';
    story.risk = { ...story.risk, rationale: '' };
    const [first] = story.acceptanceCriteria;
    story.acceptanceCriteria = [{ ...first, text: '' }, { ...first, text: '[x] *bold* {code} <b>h1. not a heading</b>', done: true }];
    story.excerpt = { ...story.excerpt, text: '', language: '' };
    const result = await jira().create(story);
    assert.equal(result.story.id, 'SEC-1');
    assert.deepEqual(standIn.invalid, []);
  });

  it('answers 400 to a description the ADF schema refuses, naming the place', async () => {
    const post = (description: unknown) =>
      fetch(`${standIn.url}/rest/api/3/issue`, {
        method: 'POST',
        headers: { authorization: `Basic ${BASIC}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fields: { project: { key: 'SEC' }, issuetype: { name: 'Bug' }, summary: 'Probe', description } }),
      });
    const emptyText = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] };
    const badState = { type: 'doc', version: 1, content: [{ type: 'taskList', attrs: { localId: 'l' }, content: [{ type: 'taskItem', attrs: { localId: 'i', state: 'MAYBE' }, content: [{ type: 'text', text: 'x' }] }] }] };
    const wrongVersion = { type: 'doc', version: 2, content: [] };
    for (const description of [emptyText, badState, wrongVersion]) assert.equal((await post(description)).status, 400);
    assert.equal(standIn.issues.length, 0);
    assert.deepEqual(standIn.invalid.map((i) => i.problems), [
      ['description/content/0/content/0/text must NOT have fewer than 1 characters'],
      ['description/content/0/content/0/attrs/state must be equal to one of the allowed values ("TODO", "DONE")'],
      ['description/version must be equal to one of the allowed values (1)'],
    ]);
  });

  it('reads status category, assignee, ticked criteria and remote links back', async () => {
    const story = shopStory();
    await jira().create(story);
    const issue = standIn.issues[0];
    issue.fields.status = { name: 'In Review', statusCategory: { key: 'indeterminate' } };
    issue.fields.assignee = { displayName: 'Dana Dev' };
    let [stored] = await jira().list();
    assert.deepEqual([stored.status, stored.done, stored.assignee], ['In Review', false, ['Dana Dev']]);
    issue.fields.status = { name: 'Done', statusCategory: { key: 'done' } };
    issue.remoteLinks = [{ title: 'PR #7', url: 'https://github.example/acme/shop/pull/7' }];
    const doc = issue.fields.description as { content: { type: string; content?: { attrs: { state: string } }[] }[] };
    doc.content.find((n) => n.type === 'taskList')!.content![0].attrs.state = 'DONE';
    [stored] = await jira().list();
    assert.equal(stored.done, true);
    assert.deepEqual(stored.links, [{ title: 'PR #7', url: 'https://github.example/acme/shop/pull/7' }]);
    assert.equal(stored.story?.acceptanceCriteria[0].done, true);
  });

  it('retries a 429 after its Retry-After, and after a 500 mid-way finds the issue instead of re-sending', async () => {
    standIn.fail({ route: 'POST /rest/api/3/issue', status: 429, headers: { 'retry-after': '1' } });
    standIn.fail({ route: 'POST /rest/api/3/issue', status: 500, afterEffect: true });
    const result = await jira().create(shopStory());
    assert.equal(result.story.id, 'SEC-1');
    assert.equal(creates().length, 2);
    assert.equal(standIn.issues.length, 1);
  });

  it('refuses wrong credentials without quoting them, naming the variables', async () => {
    const error = await refusal(jira('wrong-token-0123456789abcdef').create(shopStory()));
    assert.equal(error.code, 'unauthorized');
    assert.match(error.message, /^Jira \(SEC at http:\/\/127\.0\.0\.1:\d+\): could not list abuser stories: the credentials were refused .*JIRA_EMAIL and JIRA_API_TOKEN/);
    assert.ok(!error.message.includes('wrong-token-0123456789abcdef'));
  });

  it('reports a refused create in one line with the token redacted; nothing is created', async () => {
    standIn.fail({ route: 'POST /rest/api/3/issue', status: 400, body: { errorMessages: [`Field 'security' cannot be set by ${API_TOKEN}`], errors: {} } });
    const error = await refusal(jira().create(shopStory()));
    assert.equal(error.code, 'refused');
    assert.match(error.message, /\[REDACTED\]/);
    assert.match(error.message, /Nothing was created\.$/);
    assert.equal(standIn.issues.length, 0);
  });

  it('settles a race with another machine by deleting the later issue', async () => {
    const story = shopStory();
    standIn.addIssue(story.title, { type: 'doc', version: 1, content: [] }, ['abuser-story', `rugged-fp-${story.fingerprint}`]).hidden = true;
    const result = await jira().create(story);
    assert.deepEqual([result.created, result.story.id], [false, 'SEC-1']);
    assert.deepEqual(standIn.issues.map((i) => i.key), ['SEC-1']);
  });

  it('two processes raising the same story at once make one issue', async () => {
    standIn.createDelayMs = 300;
    const dir = tempDir('jira-race');
    dirs.push(dir);
    const story = shopStory();
    const results = await Promise.all(['a', 'b'].map((label) => raiseInChild(dir, label, settings(), { jiraEmail: EMAIL, jiraApiToken: API_TOKEN }, story)));
    assert.deepEqual(results.map((r) => r.id), ['SEC-1', 'SEC-1']);
    assert.equal(standIn.issues.length, 1);
  });
});
