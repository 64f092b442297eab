// The Jira adapter on Jira Data Center: REST v2, a wiki-markup description that reads back as the
// story, a personal access token as bearer credentials, offset paging, and workspace text that
// cannot become markup (a link, a macro, or the end of the data block).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openBacklog } from '../../../server/src/backlog/adapters/registry';
import { escapeWiki, unescapeWiki } from '../../../server/src/backlog/adapters/jira/wikiEscape';
import { storyWiki, wikiParts } from '../../../server/src/backlog/adapters/jira/wikiMarkup';
import type { Backlog } from '../../../server/src/backlog/backlog';
import { JiraStandIn } from './jiraStandIn';
import { FAKE_SECRETS, shopStory } from './trackerFixtures';

const PAT = 'NjY2OTk0MjY2OTk0OnstandInPersonalAccessToken';
let standIn: JiraStandIn;

function jira(extra: Record<string, unknown> = {}): Backlog {
  return openBacklog({
    root: '/project',
    settings: { directory: 'backlog', tracker: 'jira', baseUrl: standIn.url, projectKey: 'SEC', securityLevel: 'Security team', ...extra },
    access: { jiraApiToken: PAT },
  });
}

const posts = (path: string) => standIn.requests.filter((r) => r.method === 'POST' && r.path === path);

describe('Jira Data Center adapter', () => {
  beforeEach(async () => {
    standIn = new JiraStandIn('', PAT, 'SEC', ['Security team'], 'dataCenter');
    await standIn.start();
  });
  afterEach(() => standIn.stop());

  it('is chosen for a host that is not Atlassian Cloud, and creates a REST v2 issue in wiki markup', async () => {
    const story = shopStory();
    const backlog = jira();
    assert.match(backlog.description, /^Jira Data Center SEC$/);
    const first = await backlog.create(story);
    assert.deepEqual([first.created, first.story.id], [true, 'SEC-1']);
    assert.deepEqual(standIn.invalid, []);
    const create = posts('/rest/api/2/issue')[0];
    assert.equal(create.headers.authorization, `Bearer ${PAT}`);
    const fields = (create.body as { fields: { description: string; security: unknown; labels: string[] } }).fields;
    assert.equal(typeof fields.description, 'string');
    assert.match(fields.description, /^h3\. Acceptance criteria$/m);
    assert.deepEqual(fields.security, { name: 'Security team' });
    assert.ok(fields.labels.includes(`rugged-fp-${story.fingerprint}`));
    for (const secret of FAKE_SECRETS) assert.ok(!JSON.stringify(fields).includes(secret), `${secret} was sent`);
    assert.equal(standIn.requests.filter((r) => r.path.startsWith('/rest/api/3/')).length, 0);

    assert.equal(first.story.story?.fingerprint, story.fingerprint);
    assert.equal(first.story.story?.excerpt.text, story.excerpt.text);
    assert.deepEqual(first.story.story?.acceptanceCriteria, story.acceptanceCriteria);
    const again = await jira().create(story);
    assert.deepEqual([again.created, again.story.id], [false, 'SEC-1']);
    assert.equal(posts('/rest/api/2/issue').length, 1);
  });

  it('reads a criterion ticked in Jira ((x) changed to (/)) and the done state back', async () => {
    await jira().create(shopStory());
    const issue = standIn.issues[0];
    issue.fields.description = (issue.fields.description as string).replace(/^\* \(x\) /m, '* (/) ');
    issue.fields.status = { name: 'Closed', statusCategory: { key: 'done' } };
    const [stored] = await jira().list();
    assert.equal(stored.done, true);
    assert.equal(stored.story?.acceptanceCriteria[0].done, true);
    assert.equal(stored.story?.acceptanceCriteria[1].done, false);
  });

  it('pages through the offset search until the total is read', async () => {
    standIn.pageLimit = 2;
    for (let n = 1; n <= 5; n++) standIn.addIssue(`older story ${n}`, '', ['abuser-story']);
    const stories = await jira().list();
    assert.equal(stories.length, 5);
    assert.deepEqual(posts('/rest/api/2/search').map((r) => (r.body as { startAt: number }).startAt), [0, 2, 4]);
  });

  it('honours an explicit deployment, and refuses an unknown one', () => {
    assert.match(jira({ deployment: 'dataCenter' }).description, /Data Center/);
    assert.throws(() => jira({ deployment: 'server' }), /deployment.*"cloud" or "dataCenter"/);
    const cloudHost = openBacklog({ root: '/p', settings: { directory: 'backlog', tracker: 'jira', baseUrl: 'https://acme.atlassian.net', projectKey: 'SEC' }, access: { jiraApiToken: PAT } });
    assert.equal(cloudHost.description, 'Jira SEC');
  });
});

describe('wiki markup of a story', () => {
  it('escapes workspace text so it cannot become a link, a macro or a table', () => {
    const hostile = 'see [click|https://evil.example] {html}<script>{html} |a|b| !img.png! *bold*';
    const escaped = escapeWiki(hostile);
    assert.doesNotMatch(escaped, /(^|[^\\])[[{|!*]/);
    assert.equal(unescapeWiki(escaped), hostile);
  });

  it('keeps an excerpt holding closing tags inside its block, and the data block intact', () => {
    const story = shopStory();
    story.excerpt.text = 'const a = "{noformat}";\n{code}\nrun();';
    story.title = 'Steal orders {code} and [more|https://evil.example]';
    const wiki = storyWiki(story);
    const parts = wikiParts(wiki);
    assert.ok(parts.data);
    const data = JSON.parse(parts.data) as { title: string; fingerprint: string };
    assert.equal(data.title, story.title);
    assert.equal(data.fingerprint, story.fingerprint);
    assert.doesNotMatch(parts.data, /\{code\}/);
    assert.match(parts.excerpt ?? '', /run\(\);/);
  });
});
