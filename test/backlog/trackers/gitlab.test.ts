// The GitLab adapter against a stand-in that validates request bodies against GitLab's documented
// parameters: confidential issues always, idempotency within and across processes, retries, the
// read-back of state and closing merge requests, and no token in any error.
import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { openBacklog } from '../../../server/src/backlog/adapters/registry';
import { BacklogError, type Backlog } from '../../../server/src/backlog/backlog';
import { removeDir, tempDir } from '../helpers';
import { GitLabStandIn } from './gitlabStandIn';
import { FAKE_SECRETS, raiseInChild, shopStory } from './trackerFixtures';

const TOKEN = 'glpat-standInToken0123456789ab';
let standIn: GitLabStandIn;
const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

function settings(): Record<string, unknown> {
  return { directory: 'backlog', tracker: 'gitlab', project: 'acme/shop', apiUrl: `${standIn.url}/api/v4`, labels: ['security'] };
}

function gitlab(token = TOKEN): Backlog {
  return openBacklog({ root: '/project', settings: { directory: 'backlog', ...settings() }, access: { gitlabToken: token } });
}

async function refusal(promise: Promise<unknown>): Promise<BacklogError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BacklogError, String(error));
    assert.ok(!error.message.includes(TOKEN), error.message);
    assert.ok(!error.message.includes('\n'));
    return error;
  }
  assert.fail('no error');
}

const creates = () => standIn.requests.filter((r) => r.method === 'POST' && r.path === '/api/v4/projects/acme%2Fshop/issues');

describe('GitLab adapter', () => {
  beforeEach(async () => {
    standIn = new GitLabStandIn(TOKEN, 'acme%2Fshop');
    await standIn.start();
  });
  afterEach(() => standIn.stop());

  it('creates one confidential issue with valid parameters, and finds it on the second raise', async () => {
    const story = shopStory();
    const first = await gitlab().create(story);
    assert.equal(first.created, true);
    assert.equal(first.story.id, '#1');
    assert.deepEqual(standIn.invalid, []);
    const body = creates()[0].body as { confidential: boolean; labels: string; description: string };
    assert.equal(body.confidential, true);
    assert.ok(body.labels.split(',').includes('abuser-story') && body.labels.split(',').includes('security'));
    assert.ok(body.description.startsWith(`<!-- rugged:fingerprint ${story.fingerprint} -->`));
    for (const secret of FAKE_SECRETS) assert.ok(!body.description.includes(secret));
    assert.equal(creates()[0].headers['private-token'], TOKEN);
    const second = await gitlab().create(story);
    assert.deepEqual([second.created, second.story.id], [false, '#1']);
    assert.equal(creates().length, 1);
    assert.match(await gitlab().destination!(), /confidential issue of GitLab project acme\/shop/);
  });

  it('reads state, assignees and the merge requests that closed the issue', async () => {
    const story = shopStory();
    await gitlab().create(story);
    standIn.issues[0].assignees = [{ username: 'dev' }];
    assert.equal((await gitlab().list())[0].status, 'In Progress');
    standIn.issues[0].state = 'closed';
    standIn.issues[0].closedBy = [{ iid: 3, title: 'Bind the search term' }];
    const [stored] = await gitlab().list();
    assert.equal(stored.done, true);
    assert.deepEqual(stored.links, [{ title: '!3 Bind the search term', url: 'https://gitlab.example/acme/shop/-/merge_requests/3' }]);
    assert.equal(stored.story?.fingerprint, story.fingerprint);
  });

  it('retries a 429 after its Retry-After, and after a 500 mid-way finds the issue instead of re-sending', async () => {
    standIn.fail({ route: 'POST /api/v4/projects/acme%2Fshop/issues', status: 429, headers: { 'retry-after': '1' } });
    standIn.fail({ route: 'POST /api/v4/projects/acme%2Fshop/issues', status: 500, afterEffect: true });
    const result = await gitlab().create(shopStory());
    assert.equal(result.story.id, '#1');
    assert.equal(creates().length, 2, 'one rate-limited try, one that went through');
    assert.equal(standIn.issues.length, 1);
  });

  it('refuses a wrong token and a missing one without quoting them', async () => {
    const wrong = await refusal(gitlab('glpat-wrong0123456789abcdefgh').create(shopStory()));
    assert.equal(wrong.code, 'unauthorized');
    assert.ok(!wrong.message.includes('glpat-wrong0123456789abcdefgh'));
    assert.match(wrong.message, /^GitLab \(acme\/shop at http:\/\/127\.0\.0\.1:\d+\/api\/v4\): could not list abuser stories: the credentials were refused .*GITLAB_TOKEN.*Nothing was created\.$/);
    const none = await refusal(gitlab('').create(shopStory()));
    assert.equal(none.code, 'unauthorized');
    assert.equal(standIn.issues.length, 0);
  });

  it('redacts the token when GitLab echoes it', async () => {
    standIn.fail({ route: 'POST /api/v4/projects/acme%2Fshop/issues', status: 403, body: { message: `403 Forbidden for ${TOKEN}` } });
    const error = await refusal(gitlab().create(shopStory()));
    assert.equal(error.code, 'permission-denied');
    assert.match(error.message, /\[REDACTED\]/);
  });

  it('settles a race with another machine by closing the later issue', async () => {
    const story = shopStory();
    standIn.addIssue({ title: story.title, description: `<!-- rugged:fingerprint ${story.fingerprint} -->`, hidden: true });
    const result = await gitlab().create(story);
    assert.deepEqual([result.created, result.story.id], [false, '#1']);
    assert.equal(standIn.issues[1].state, 'closed');
    assert.deepEqual(standIn.invalid, []);
  });

  it('two processes raising the same story at once make one issue', async () => {
    standIn.createDelayMs = 300;
    const dir = tempDir('gl-race');
    dirs.push(dir);
    const story = shopStory();
    const results = await Promise.all(['a', 'b'].map((label) => raiseInChild(dir, label, settings(), { gitlabToken: TOKEN }, story)));
    assert.deepEqual(results.map((r) => r.id), ['#1', '#1']);
    assert.equal(standIn.issues.length, 1);
  });
});
