// Contract tests: every request the GitHub adapter makes is checked by Prism against GitHub's own
// OpenAPI description. A proxy sends each request to Prism (which validates it and answers with a
// static example) and to the stateful stand-in (whose answer the adapter gets, so the flows are
// real); a request Prism finds invalid carries an `sl-violations` header or a 4xx status.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { openBacklog } from '../../../server/src/backlog/adapters/registry';
import type { Backlog } from '../../../server/src/backlog/backlog';
import { GitHubStandIn } from './githubStandIn';
import { preparedGitHubSpec, rewriteNullable, startPrism, type RunningPrism } from './prism';
import { shopStory } from './trackerFixtures';

const TOKEN = 'ghp_contractToken0123456789abcdefghijklm';

interface Checked {
  request: string;
  status: number;
  violations?: string;
}

/** Sends every request to Prism and to the stand-in; the adapter gets the stand-in's answer. */
class ContractProxy {
  readonly checked: Checked[] = [];
  private server?: Server;
  url = '';
  standIn?: GitHubStandIn;

  constructor(private readonly prismUrl: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
        const headers: Record<string, string> = {};
        for (const name of ['accept', 'content-type', 'authorization', 'x-github-api-version', 'user-agent']) {
          const value = req.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        const forward = (base: string, extra: Record<string, string> = {}) => fetch(`${base}${req.url}`, { method: req.method, headers: { ...headers, ...extra }, ...(body ? { body } : {}) });
        // GitHub answers its own media type (application/vnd.github+json) as JSON; the spec lists
        // only application/json, so Prism would refuse the negotiation (406) before validating.
        const prism = await forward(this.prismUrl, { accept: 'application/json' });
        const violations = requestViolations(prism.headers.get('sl-violations'));
        this.checked.push({ request: `${req.method} ${req.url}`, status: prism.status, ...(violations ? { violations } : {}) });
        await prism.arrayBuffer();
        const answer = await forward(this.standIn!.url);
        const text = await answer.text();
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Requests Prism refused or flagged, for the assertion message. */
  problems(): Checked[] {
    return this.checked.filter((c) => c.violations !== undefined || c.status >= 400);
  }
}

/**
 * The violations of the request. Prism also reports where GitHub's own example responses break
 * GitHub's schema (location "response"); those say nothing about the adapter.
 */
function requestViolations(header: string | null): string | undefined {
  if (!header) return undefined;
  const all = JSON.parse(header) as { location?: string[]; message?: string }[];
  const ours = all.filter((v) => v.location?.[0] === 'request');
  return ours.length > 0 ? JSON.stringify(ours) : undefined;
}

let prism: RunningPrism;
let proxy: ContractProxy;

function backlogOn(standIn: GitHubStandIn): Backlog {
  proxy.standIn = standIn;
  return openBacklog({ root: '/project', settings: { directory: 'backlog', tracker: 'github', repository: 'acme/shop', apiUrl: proxy.url, labels: ['security'] }, access: { githubToken: TOKEN } });
}

describe('GitHub adapter against GitHub\'s OpenAPI description (Prism)', () => {
  before(async () => {
    prism = await startPrism(preparedGitHubSpec());
    proxy = new ContractProxy(prism.url);
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
      const requests = proxy.checked.map((c) => c.request.replace(/\?.*/, ''));
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
      const requests = proxy.checked.map((c) => c.request.replace(/\?.*/, ''));
      assert.ok(requests.includes('POST /repos/acme/shop/security-advisories'), requests.join(', '));
      assert.ok(!requests.includes('POST /repos/acme/shop/issues'));
      assert.deepEqual(proxy.problems(), []);
    } finally {
      await standIn.stop();
    }
  });
});
