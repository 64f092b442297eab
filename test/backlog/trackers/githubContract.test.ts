// Contract tests: every request the GitHub adapter makes is checked by Prism against GitHub's own
// OpenAPI description, through the proxy in contractProxy.ts that also passes it to the stateful
// stand-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openBacklog } from '../../../server/src/backlog/adapters/registry';
import type { Backlog } from '../../../server/src/backlog/backlog';
import { ContractProxy } from './contractProxy';
import { GitHubStandIn } from './githubStandIn';
import { preparedGitHubSpec, rewriteNullable, startPrism, type RunningPrism } from './prism';
import { shopStory } from './trackerFixtures';

const TOKEN = 'ghp_contractToken0123456789abcdefghijklm';

let prism: RunningPrism;
let proxy: ContractProxy;

function backlogOn(standIn: GitHubStandIn): Backlog {
  proxy.standInUrl = standIn.url;
  return openBacklog({ root: '/project', settings: { directory: 'backlog', tracker: 'github', repository: 'acme/shop', apiUrl: proxy.url, labels: ['security'] }, access: { githubToken: TOKEN } });
}

describe('GitHub adapter against GitHub\'s OpenAPI description (Prism)', () => {
  before(async () => {
    prism = await startPrism(preparedGitHubSpec());
    proxy = new ContractProxy({
      prismUrl: prism.url,
      forwardHeaders: ['accept', 'content-type', 'authorization', 'x-github-api-version', 'user-agent'],
      // GitHub answers its own media type (application/vnd.github+json) as JSON; the spec lists
      // only application/json, so Prism would refuse the negotiation (406) before validating.
      prismHeaders: { accept: 'application/json' },
    });
    await proxy.start();
  });
  after(async () => {
    await proxy?.stop();
    prism?.stop();
  });

  it('rewrites nullable schemas without a type so Ajv validates them', () => {
    const spec = { a: { nullable: true, allOf: [{ $ref: '#/x' }] }, b: { type: 'string', nullable: true } };
    assert.equal(rewriteNullable(spec), 1);
    assert.deepEqual(spec.a, { anyOf: [{ allOf: [{ $ref: '#/x' }] }, { type: 'null' }] });
    assert.deepEqual(spec.b, { type: 'string', nullable: true });
  });

  it('Prism flags an invalid issue body (the validation this suite relies on is switched on)', async () => {
    const response = await fetch(`${prism.url}/repos/acme/shop/issues`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/vnd.github+json' },
      body: JSON.stringify({ title: 7, labels: 'security', milestone: { bad: true } }),
    });
    await response.arrayBuffer();
    assert.ok(response.status === 422 || response.headers.get('sl-violations'), `status ${response.status}`);
  });

  it('private repository: listing, creating an issue, settling a duplicate and reading timelines are valid GitHub requests', async () => {
    const standIn = new GitHubStandIn({ token: TOKEN, repository: 'acme/shop', visibility: 'private' });
    await standIn.start();
    try {
      const story = shopStory();
      standIn.addIssue({ title: story.title, body: `<!-- rugged:fingerprint ${story.fingerprint} -->\n`, hidden: true });
      const result = await backlogOn(standIn).create(story);
      assert.equal(result.story.id, '#1');
      standIn.issues[0].state = 'closed';
      standIn.issues[0].state_reason = 'completed';
      await backlogOn(standIn).list();
      const requests = proxy.validatedRoutes();
      for (const expected of ['GET /repos/acme/shop', 'GET /repos/acme/shop/issues', 'POST /repos/acme/shop/issues', 'PATCH /repos/acme/shop/issues/2', 'GET /repos/acme/shop/issues/1/timeline']) {
        assert.ok(requests.includes(expected), `${expected} not made: ${requests.join(', ')}`);
      }
      assert.deepEqual(proxy.problems(), []);
    } finally {
      await standIn.stop();
    }
  });

  it('public repository: creating and listing draft security advisories are valid GitHub requests', async () => {
    proxy.checked.length = 0;
    const standIn = new GitHubStandIn({ token: TOKEN, repository: 'acme/shop', visibility: 'public' });
    await standIn.start();
    try {
      const result = await backlogOn(standIn).create(shopStory());
      assert.match(result.story.id, /^GHSA-/);
      const requests = proxy.validatedRoutes();
      assert.ok(requests.includes('POST /repos/acme/shop/security-advisories'), requests.join(', '));
      assert.ok(!requests.includes('POST /repos/acme/shop/issues'));
      assert.deepEqual(proxy.problems(), []);
    } finally {
      await standIn.stop();
    }
  });
});
