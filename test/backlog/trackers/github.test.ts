// The GitHub adapter against a stateful stand-in: what it sends (redacted text, labels, the
// fingerprint marker), where (an issue in a private repository, a draft advisory or a refusal in a
// public one), idempotency within and across processes, retries, and that no error shows the token.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { openBacklog } from '../../../server/src/backlog/adapters/registry';
import { BacklogError, type Backlog } from '../../../server/src/backlog/backlog';
import { removeDir, tempDir } from '../helpers';
import { GitHubStandIn, type GitHubStandInOptions } from './githubStandIn';
import { FAKE_SECRETS, raiseInChild, shopStory } from './trackerFixtures';

const TOKEN = 'ghp_standInToken0123456789abcdefghijklmn';
const REPOSITORY = 'acme/shop';

let standIn: GitHubStandIn;
const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

async function startStandIn(options: Partial<GitHubStandInOptions> = {}): Promise<void> {
  standIn = new GitHubStandIn({ token: TOKEN, repository: REPOSITORY, visibility: 'private', ...options });
  await standIn.start();
}

function settings(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { directory: 'backlog', tracker: 'github', repository: REPOSITORY, apiUrl: standIn.url, labels: ['security'], ...extra };
}

function github(token = TOKEN, extra: Record<string, unknown> = {}): Backlog {
  return openBacklog({ root: '/project', settings: { directory: 'backlog', ...settings(extra) }, access: { githubToken: token }, configFile: '/project/.rugged.json' });
}

async function refusal(promise: Promise<unknown>): Promise<BacklogError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BacklogError, String(error));
    assert.ok(!error.message.includes(TOKEN), `the token is in: ${error.message}`);
    assert.ok(!error.message.includes('\n'), 'one line');
    return error;
  }
  assert.fail('no error');
}

const posts = (path: string) => standIn.requests.filter((r) => r.method === 'POST' && r.path === path);

describe('GitHub adapter, private repository', () => {
  beforeEach(() => startStandIn());
  afterEach(() => standIn.stop());

  it('creates one issue with the redacted story, the labels and the fingerprint marker, and finds it on the second raise', async () => {
    const story = shopStory();
    const first = await github().create(story);
    assert.equal(first.created, true);
    assert.equal(first.story.id, '#1');
    assert.equal(first.story.story?.fingerprint, story.fingerprint);
    const [sent] = posts('/repos/acme/shop/issues');
    const body = sent.body as { title: string; body: string; labels: string[] };
    assert.equal(body.title, story.title);
    assert.ok(body.body.startsWith(`<!-- rugged:fingerprint ${story.fingerprint} -->`));
    assert.ok(body.labels.includes('abuser-story') && body.labels.includes('security'), body.labels.join());
    for (const secret of FAKE_SECRETS) assert.ok(!JSON.stringify(sent.body).includes(secret), `${secret} was sent`);
    assert.equal(sent.headers.authorization, `Bearer ${TOKEN}`);

    const second = await github().create(story);
    assert.equal(second.created, false);
    assert.equal(second.story.id, '#1');
    assert.equal(posts('/repos/acme/shop/issues').length, 1);
  });

  it('reads state, assignees and linked pull requests back', async () => {
    const story = shopStory();
    await github().create(story);
    const issue = standIn.issues[0];
    issue.assignees = [{ login: 'octocat' }];
    let [stored] = await github().list();
    assert.equal(stored.status, 'In Progress');
    assert.equal(stored.done, false);
    assert.deepEqual(stored.assignee, ['octocat']);
    issue.state = 'closed';
    issue.state_reason = 'completed';
    issue.linkedPullRequests = [{ number: 7, title: 'Bind the search term' }];
    [stored] = await github().list();
    assert.equal(stored.status, 'Done');
    assert.equal(stored.done, true);
    assert.deepEqual(stored.links, [{ title: '#7 Bind the search term', url: 'https://github.example/acme/shop/pull/7' }]);
    assert.equal(stored.story?.fingerprint, story.fingerprint);
    issue.state_reason = 'not_planned';
    [stored] = await github().list();
    assert.equal(stored.done, false, 'closed as not planned is not mitigated');
  });

  it('says where the story goes and who can read it', async () => {
    assert.match(await github().destination!(), /private repository acme\/shop.*read access/);
  });

  it('retries a 429 after its Retry-After and creates one issue', async () => {
    standIn.fail({ route: 'POST /repos/acme/shop/issues', status: 429, headers: { 'retry-after': '1' }, body: { message: 'API rate limit exceeded' } });
    const result = await github().create(shopStory());
    assert.equal(result.created, true);
    assert.equal(posts('/repos/acme/shop/issues').length, 2);
    assert.equal(standIn.issues.length, 1);
  });

  it('after a 500 whose create went through, finds the issue instead of sending it again', async () => {
    standIn.fail({ route: 'POST /repos/acme/shop/issues', status: 500, afterEffect: true });
    const result = await github().create(shopStory());
    assert.equal(result.story.id, '#1');
    assert.equal(posts('/repos/acme/shop/issues').length, 1, 'not re-sent blindly');
    assert.equal(standIn.issues.length, 1);
  });

  it('reports a tracker that keeps failing in one line naming GitHub and what was not done; nothing is created', async () => {
    for (let i = 0; i < 4; i++) standIn.fail({ route: 'GET /repos/acme/shop/issues', status: 502, body: { message: `upstream failed for ${TOKEN}` } });
    const error = await refusal(github().create(shopStory()));
    assert.equal(error.code, 'unreachable');
    assert.match(error.message, /^GitHub \(acme\/shop at http:\/\/127\.0\.0\.1:\d+\): could not list abuser stories: the tracker failed \(HTTP 502: upstream failed for \[REDACTED\]\)\. Nothing was created\.$/);
    assert.equal(standIn.issues.length, 0);
  });

  it('refuses a wrong token with the variable to set, without quoting it', async () => {
    const wrong = 'ghp_wrongToken0123456789abcdefghijklmnop';
    const error = await refusal(github(wrong).create(shopStory()));
    assert.equal(error.code, 'unauthorized');
    assert.ok(!error.message.includes(wrong));
    assert.match(error.message, /credentials were refused \(HTTP 401: Bad credentials\); set GITHUB_TOKEN/);
    assert.equal(standIn.issues.length, 0);
  });

  it('refuses without a token before sending anything', async () => {
    const error = await refusal(github('').create(shopStory()));
    assert.equal(error.code, 'unauthorized');
    assert.equal(standIn.requests.length, 0);
  });

  it('redacts the token when the tracker echoes it in a refusal of the create', async () => {
    standIn.fail({ route: 'POST /repos/acme/shop/issues', status: 422, body: { message: `Validation failed for token ${TOKEN}` } });
    const error = await refusal(github().create(shopStory()));
    assert.equal(error.code, 'refused');
    assert.match(error.message, /\[REDACTED\]/);
    assert.match(error.message, /Nothing was created\.$/);
  });

  it('settles a race with another machine: the later issue is closed as a duplicate of the earlier one', async () => {
    const story = shopStory();
    // Filed by another machine a moment before, and not yet seen by our search.
    standIn.addIssue({ title: story.title, body: `<!-- rugged:fingerprint ${story.fingerprint} -->\n`, hidden: true });
    const result = await github().create(story);
    assert.equal(result.created, false);
    assert.equal(result.story.id, '#1');
    assert.equal(standIn.issues[1].state, 'closed');
    assert.equal(standIn.issues[1].state_reason, 'duplicate');
    assert.equal(standIn.issues.filter((i) => i.state === 'open').length, 1);
  });

  it('two processes raising the same story at once make one issue', async () => {
    standIn.options.createDelayMs = 300;
    const dir = tempDir('gh-race');
    dirs.push(dir);
    const story = shopStory();
    const results = await Promise.all(['a', 'b'].map((label) => raiseInChild(dir, label, settings(), { githubToken: TOKEN }, story)));
    assert.deepEqual(results.map((r) => r.id), ['#1', '#1']);
    assert.deepEqual(results.map((r) => r.created).sort(), [false, true]);
    assert.equal(standIn.issues.length, 1);
  });
});

describe('GitHub adapter, public repository', () => {
  afterEach(() => standIn.stop());

  it('creates a draft security advisory, never an issue', async () => {
    await startStandIn({ visibility: 'public' });
    const story = shopStory();
    const result = await github().create(story);
    assert.equal(result.created, true);
    assert.match(result.story.id, /^GHSA-/);
    assert.equal(result.story.status, 'Draft');
    assert.equal(posts('/repos/acme/shop/issues').length, 0);
    const [sent] = posts('/repos/acme/shop/security-advisories');
    const body = sent.body as { summary: string; description: string; severity: string; cwe_ids?: string[]; vulnerabilities: unknown[] };
    assert.equal(body.summary, story.title);
    assert.equal(body.severity, story.risk.severity.toLowerCase());
    assert.ok(body.cwe_ids?.includes('CWE-89'), String(body.cwe_ids));
    for (const secret of FAKE_SECRETS) assert.ok(!body.description.includes(secret));
    assert.equal((await github().create(story)).created, false);
    assert.match(await github().destination!(), /draft security advisory.*administrators/);
  });

  it('refuses, explaining why, when the token cannot create an advisory; no public issue is created', async () => {
    await startStandIn({ visibility: 'public', advisoriesForbidden: true });
    const error = await refusal(github().create(shopStory()));
    assert.equal(error.code, 'refused');
    assert.match(error.message, /acme\/shop is public, so the story must go to a draft security advisory, but the token cannot create one/);
    assert.match(error.message, /No public issue was created/);
    assert.equal(posts('/repos/acme/shop/issues').length, 0);
    assert.equal(standIn.issues.length, 0);
  });
});

describe('GitHub adapter configuration', () => {
  before(() => startStandIn());
  after(() => standIn.stop());

  const refused = (extra: Record<string, unknown>): BacklogError => {
    try {
      github(TOKEN, extra);
    } catch (error) {
      assert.ok(error instanceof BacklogError);
      assert.equal(error.code, 'invalid-config');
      return error;
    }
    assert.fail('accepted');
  };

  it('refuses a missing or malformed repository, naming the key and the file', () => {
    assert.match(refused({ repository: undefined }).message, /^backlog\.repository in \/project\/\.rugged\.json must be set for backlog\.tracker "github"/);
    assert.match(refused({ repository: '../etc' }).message, /must be "owner\/name"/);
  });

  it('never sends a token in clear or to a URL with credentials', () => {
    assert.match(refused({ apiUrl: 'http://github.example.com/api/v3' }).message, /must be an https URL/);
    assert.match(refused({ apiUrl: 'https://user:pw@github.example.com/api/v3' }).message, /must not contain a user name or password/);
  });

  it('uses GITHUB_API_URL when the configuration names no apiUrl', async () => {
    const backlog = openBacklog({ root: '/project', settings: { directory: 'backlog', tracker: 'github', repository: REPOSITORY }, access: { githubToken: TOKEN, githubApiUrl: standIn.url } });
    assert.deepEqual(await backlog.list(), []);
    assert.ok(standIn.requests.length > 0);
  });
});
