// The GitHub adapter against GitHub's real answers: Octokit's recordings of api.github.com
// (@octokit/fixtures), replayed by recordingReplay.ts. The stand-in and Prism check what the adapter
// sends; these check that it reads what GitHub really answers: a repository's visibility, Link
// pagination to /repositories/<id>/ addresses, issue objects with null bodies and empty labels,
// the 422 and 404 bodies and a renamed repository's 301. Where a test changes a recording (no
// private repository is recorded), the change is named in the exchange's origin and the test.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { openBacklog } from '../../../server/src/backlog/adapters/registry';
import { markdownBody } from '../../../server/src/backlog/adapters/storyText';
import { BacklogError, type Backlog } from '../../../server/src/backlog/backlog';
import { octokitScenario, type RecordedExchange } from './octokitFixtures';
import { RecordingReplay, servedFor } from './recordingReplay';
import { shopStory } from './trackerFixtures';

const TOKEN = 'ghp_replayToken0123456789abcdefghijklmnop';
const REPOSITORY = 'acme/shop';
/** The recorder listed every open issue three a page; the adapter asks for its label, all states and full pages. */
const LISTING_QUERY = {
  labels: 'the recording lists issues without a label filter; each one is read as an item the filter kept',
  state: 'the recorder listed open issues, and every recorded issue is open',
  per_page: 'the recorder asked for 3 a page to get five pages',
};

let replay: RecordingReplay | undefined;

afterEach(async () => {
  await replay?.stop();
  const unexpected = replay?.unexpected ?? [];
  replay = undefined;
  assert.deepEqual(unexpected, [], 'the adapter sent requests the recording does not have');
});

async function replaying(exchanges: RecordedExchange[]): Promise<RecordingReplay> {
  replay = new RecordingReplay({ exchanges, repository: REPOSITORY, token: TOKEN, ignoredQuery: LISTING_QUERY });
  await replay.start();
  return replay;
}

function github(server: RecordingReplay): Backlog {
  return openBacklog({
    root: '/project',
    settings: { directory: 'backlog', tracker: 'github', repository: REPOSITORY, apiUrl: server.url, labels: ['security'] },
    access: { githubToken: TOKEN },
    configFile: '/project/.rugged.json',
  });
}

/** The recorded repository (public), made private: no private repository is recorded. */
function privateRepository(): RecordedExchange {
  const [recorded] = octokitScenario('get-repository');
  return { ...recorded, response: { ...(recorded.response as object), private: true, visibility: 'private' }, origin: `${recorded.origin} with private: true and visibility "private"` };
}

/** The recorded issue listing with fields of one issue replaced. */
function listingWith(number: number, fields: Record<string, unknown>): RecordedExchange[] {
  return octokitScenario('paginate-issues').map((page) => {
    const issues = page.response as { number: number }[];
    if (!issues.some((i) => i.number === number)) return page;
    const changed = Object.keys(fields).join(', ');
    return { ...page, response: issues.map((i) => (i.number === number ? { ...i, ...fields } : i)), origin: `${page.origin} with ${changed} of #${number} replaced` };
  });
}

/** GitHub's label objects as it answered them when labels were added to an issue. */
function recordedLabels(): unknown[] {
  return octokitScenario('add-labels-to-issue')[1].response as unknown[];
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

const paths = (server: RecordingReplay) => server.requests.map((r) => `${r.method} ${r.path}`);

describe('GitHub adapter against recorded api.github.com answers', () => {
  it('reads a public repository from the real answer and sends a story only to a draft advisory', async () => {
    const server = await replaying(octokitScenario('get-repository'));
    const backlog = github(server);
    assert.match(await backlog.destination!(), /^a draft security advisory of the public repository acme\/shop: only its administrators/);
    assert.deepEqual((await backlog.overview())?.statuses, ['Draft', 'Published', 'Closed']);
    assert.deepEqual(server.requests.map((r) => r.origin), ['get-repository #0']);
  });

  it('refuses in a public repository when the token cannot create an advisory, and posts no issue', async () => {
    const unrecorded = (method: string, status: number, response: unknown): RecordedExchange => ({
      method,
      path: '/repos/acme/shop/security-advisories?per_page=100',
      body: '',
      status,
      response,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      origin: 'written here: no recording creates or lists security advisories',
    });
    const server = await replaying([
      ...octokitScenario('get-repository'),
      ...octokitScenario('paginate-issues'),
      unrecorded('get', 200, []),
      { ...unrecorded('post', 403, { message: 'Resource not accessible by personal access token' }), path: '/repos/acme/shop/security-advisories' },
    ]);
    const error = await refusal(github(server).create(shopStory()));
    assert.equal(error.code, 'refused');
    assert.match(error.message, /acme\/shop is public, so the story must go to a draft security advisory, but the token cannot create one .*No public issue was created/);
    assert.ok(!paths(server).includes('POST /repos/acme/shop/issues'), paths(server).join('\n'));
  });

  it('follows the Link header through every page and reads the real issue objects', async () => {
    const server = await replaying([privateRepository(), ...octokitScenario('paginate-issues')]);
    const stories = await github(server).list();
    assert.deepEqual(paths(server), [
      'GET /repos/acme/shop',
      'GET /repos/acme/shop/issues?labels=abuser-story&state=all&per_page=100',
      // GitHub's own next links, to the repository's id rather than its name.
      'GET /repositories/1000/issues?per_page=3&page=2',
      'GET /repositories/1000/issues?per_page=3&page=3',
      'GET /repositories/1000/issues?per_page=3&page=4',
      'GET /repositories/1000/issues?per_page=3&page=5',
    ]);
    assert.deepEqual(stories.map((s) => s.id), Array.from({ length: 13 }, (_, i) => `#${13 - i}`));
    const last = stories[12];
    assert.equal(last.title, 'Test issue 1');
    assert.equal(last.status, 'To Do');
    assert.equal(last.done, false);
    assert.deepEqual(last.labels, []);
    assert.equal(last.assignee, undefined);
    assert.deepEqual(last.links, []);
    assert.equal(last.location, 'https://github.com/acme/shop/issues/1');
    assert.equal(last.story, undefined, 'a body of null holds no story');
  });

  it('does not follow a next link to another host, where the token would go', async () => {
    const [first, ...rest] = octokitScenario('paginate-issues');
    const elsewhere = { ...first, headers: { ...first.headers, link: '<https://attacker.example/repositories/1000/issues?per_page=3&page=2>; rel="next"' }, origin: `${first.origin} with its next link on another host` };
    const server = await replaying([privateRepository(), elsewhere, ...rest]);
    const error = await refusal(github(server).list());
    assert.match(error.message, /could not list abuser stories: the request was refused \(the next page is at https:\/\/attacker\.example, outside http:\/\/127\.0\.0\.1:\d+, and the token is not sent there\)\. Nothing was created\.$/);
    assert.equal(server.requests.length, 2);
  });

  it('finds a story raised before on the last page and creates nothing', async () => {
    const story = shopStory();
    const server = await replaying([privateRepository(), ...listingWith(1, { body: markdownBody(story), labels: recordedLabels() })]);
    const result = await github(server).create(story);
    assert.equal(result.created, false);
    assert.equal(result.story.id, '#1');
    assert.equal(result.story.story?.fingerprint, story.fingerprint);
    assert.deepEqual(result.story.labels, ['Foo', 'bAr', 'baZ'], 'label objects are read by name');
    assert.ok(!paths(server).some((p) => p.startsWith('POST')), paths(server).join('\n'));
  });

  it('creates an issue in a private repository and adds the labels GitHub left off the created issue', async () => {
    // The recording creates issue #1 with no labels, then adds three; GitHub's answers to both are replayed.
    const server = await replaying([privateRepository(), ...octokitScenario('paginate-issues'), ...octokitScenario('add-labels-to-issue')]);
    const story = shopStory();
    const result = await github(server).create(story);
    assert.equal(result.created, true);
    assert.equal(result.story.id, '#1');
    assert.equal(result.story.location, 'https://github.com/acme/shop/issues/1');
    assert.equal(result.story.status, 'To Do');
    const [create, label] = server.requests.filter((r) => r.method === 'POST');
    assert.equal(create.path, '/repos/acme/shop/issues');
    const body = create.body as { title: string; body: string; labels: string[] };
    assert.equal(body.title, story.title);
    assert.ok(body.labels.includes('abuser-story') && body.labels.includes('security'), body.labels.join());
    // The created answer has no labels, as when the token's user may not label issues: they are added after.
    assert.equal(label.path, '/repos/acme/shop/issues/1/labels');
    assert.deepEqual(label.body, { labels: body.labels });
    // The issue's labels are what GitHub answered (the recorder's three), not what was asked for.
    assert.deepEqual(result.story.labels, ['Foo', 'bAr', 'baZ']);
  });

  it('says which issue lacks its label when GitHub refuses to add it', async () => {
    const [created] = octokitScenario('add-labels-to-issue');
    const [invalid] = octokitScenario('errors');
    const server = await replaying([privateRepository(), ...octokitScenario('paginate-issues'), created, servedFor(invalid, 'post', '/repos/acme/shop/issues/1/labels', 'a real validation failure')]);
    const error = await refusal(github(server).create(shopStory()));
    assert.equal(error.code, 'refused');
    assert.match(error.message, /could not label issue #1 "abuser-story" \(GitHub created it without its labels\): the request was refused \(HTTP 422: Validation Failed; Label\.color invalid\)\. Add the label to #1 by hand, or a later raise will not find it and file the story again\.$/);
  });

  it('words GitHub\'s real 422 with the field it refused, in one line naming GitHub and what was not done', async () => {
    const [invalid] = octokitScenario('errors');
    const server = await replaying([privateRepository(), ...octokitScenario('paginate-issues'), servedFor(invalid, 'post', '/repos/acme/shop/issues', 'a real validation failure')]);
    const error = await refusal(github(server).create(shopStory()));
    assert.equal(error.code, 'refused');
    assert.match(error.message, /^GitHub \(acme\/shop at http:\/\/127\.0\.0\.1:\d+\): could not create the issue: the request was refused \(HTTP 422: Validation Failed; Label\.color invalid\)\. Nothing was created\.$/);
  });

  it('words GitHub\'s real 404 as not found, with what to check', async () => {
    const [missing] = octokitScenario('branch-protection');
    const server = await replaying([servedFor(missing, 'get', '/repos/acme/shop', "GitHub's 404 body: a message and documentation_url")]);
    const error = await refusal(github(server).overview());
    assert.equal(error.code, 'not-found');
    assert.match(error.message, /^GitHub \(acme\/shop at [^)]+\): could not read the repository: not found \(HTTP 404: Branch not protected\); check the backlog settings in \.rugged\.json and that the token can see it\. Nothing was read or created\.$/);
  });

  it('reports a renamed repository\'s real 301 and does not follow it with the token', async () => {
    const [, moved] = octokitScenario('rename-repository');
    assert.equal(moved.status, 301);
    // The recording also holds GET /repositories/1000, so following the redirect would succeed here.
    const server = await replaying([servedFor(moved, 'get', '/repos/acme/shop', 'the recorded answer for a renamed repository'), ...octokitScenario('rename-repository').filter((e) => e.path === '/repositories/1000')]);
    const error = await refusal(github(server).overview());
    assert.equal(error.code, 'not-found');
    assert.match(error.message, /could not read the repository: it has moved \(HTTP 301: Moved Permanently, to http:\/\/127\.0\.0\.1:\d+\/repositories\/1000\), which is how a renamed or transferred repository/);
    assert.match(error.message, /update the backlog settings in \.rugged\.json to the new name/);
    assert.deepEqual(paths(server), ['GET /repos/acme/shop']);
  });
});
