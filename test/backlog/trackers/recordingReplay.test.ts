// The replay server itself: it must fail loudly on anything the recording does not hold, or the
// recorded-answer tests would pass on answers nobody recorded.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { nextPage } from '../../../server/src/backlog/adapters/github/githubPages';
import { octokitScenario } from './octokitFixtures';
import { RecordingReplay } from './recordingReplay';

const TOKEN = 'ghp_replaySelfTest0123456789abcdefghijkl';
let replay: RecordingReplay;
afterEach(() => replay.stop());

async function start(ignoredQuery?: Record<string, string>): Promise<RecordingReplay> {
  replay = new RecordingReplay({ exchanges: octokitScenario('paginate-issues'), repository: 'acme/shop', token: TOKEN, ignoredQuery });
  await replay.start();
  return replay;
}

const get = (path: string, token = TOKEN) => fetch(`${replay.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('recording replay', () => {
  it('answers a request the recording does not have with 400 and names it', async () => {
    await start();
    const response = await get('/repos/acme/shop/issues?per_page=3&page=9');
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { message: string }).message, /not in the recording: GET \/repos\/acme\/shop\/issues\?per_page=3&page=9/);
    assert.deepEqual(replay.unexpected, ['GET /repos/acme/shop/issues?per_page=3&page=9 is not in the recording']);
  });

  it('matches the query exactly, apart from the parameters a test leaves out with a reason', async () => {
    await start();
    assert.equal((await get('/repos/acme/shop/issues?per_page=100')).status, 400);
    await replay.stop();
    await start({ per_page: 'another page size' });
    const response = await get('/repos/acme/shop/issues?per_page=100');
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as unknown[]).length, 3);
    assert.deepEqual(replay.unexpected, []);
  });

  it("shows the recording's repository as the test's and api.github.com as itself, in headers and bodies", async () => {
    await start();
    const response = await get('/repos/acme/shop/issues?per_page=3');
    assert.match(response.headers.get('link') ?? '', new RegExp(`^<${replay.url}/repositories/1000/issues\\?per_page=3&page=2>; rel="next"`));
    assert.equal(response.headers.get('x-ratelimit-remaining'), '4999');
    const [first] = (await response.json()) as { html_url: string }[];
    assert.equal(first.html_url, 'https://github.com/acme/shop/issues/13');
  });

  it('lists a request without the token', async () => {
    await start();
    await (await get('/repos/acme/shop/issues?per_page=3', 'ghp_other')).arrayBuffer();
    assert.deepEqual(replay.unexpected, ['GET /repos/acme/shop/issues?per_page=3 without the token']);
  });
});

describe("GitHub's next-page link", () => {
  const api = 'https://api.github.com';
  it('is the rel="next" address, as a path under the API URL', () => {
    const link = `<${api}/repositories/1000/issues?per_page=3&page=1>; rel="prev", <${api}/repositories/1000/issues?per_page=3&page=3>; rel="next", <${api}/repositories/1000/issues?per_page=3&page=5>; rel="last"`;
    assert.deepEqual(nextPage(link, api), { path: '/repositories/1000/issues?per_page=3&page=3' });
    assert.deepEqual(nextPage(link, 'https://github.example/api/v3'), { elsewhere: 'https://api.github.com' });
  });

  it('is absent on the last page and without a Link header', () => {
    assert.deepEqual(nextPage(`<${api}/repositories/1000/issues?page=4>; rel="prev", <${api}/repositories/1000/issues?page=1>; rel="first"`, api), {});
    assert.deepEqual(nextPage(null, api), {});
  });

  it('does not take a look-alike host for the API', () => {
    assert.deepEqual(nextPage(`<https://api.github.com.evil.example/x?page=2>; rel="next"`, api), { elsewhere: 'https://api.github.com.evil.example' });
  });
});
