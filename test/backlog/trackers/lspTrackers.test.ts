// The language server's backlog requests with a remote tracker, as the VS Code client makes them:
// rugged/backlogTarget names the tracker and host, the credentials travel with proposeStory,
// createStory and securityBacklog, the proposal says who can read the item, and a request without
// credentials is refused in one line without touching the tracker.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ResponseError } from 'vscode-languageserver';
import { allRules } from '../../../rules/index';
import { backlogTarget, createStory, proposeStory, securityBacklog } from '../../../server/src/lsp/backlogRequests';
import { WorkspaceBoundary } from '../../../server/src/lsp/workspaceBoundary';
import { FIXED_NOW, git, initRepo, removeDir, SHOP_TEXT, tempDir } from '../helpers';
import { GitHubStandIn } from './githubStandIn';

const TOKEN = 'ghp_lspToken0123456789abcdefghijklmnopqr';

describe('backlog requests with backlog.tracker "github"', () => {
  let standIn: GitHubStandIn;
  let root: string;
  let uri: string;
  let context: Parameters<typeof createStory>[1];

  before(async () => {
    standIn = new GitHubStandIn({ token: TOKEN, repository: 'acme/shop', visibility: 'public' });
    await standIn.start();
    root = tempDir('lsp-tracker');
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'package.json'), '{}\n');
    writeFileSync(join(root, '.rugged.json'), JSON.stringify({ backlog: { tracker: 'github', repository: 'acme/shop', apiUrl: standIn.url } }));
    writeFileSync(join(root, 'src/products.js'), SHOP_TEXT);
    initRepo(root);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'init');
    uri = pathToFileURL(join(root, 'src/products.js')).toString();
    const boundary = new WorkspaceBoundary(() => [{ uri: pathToFileURL(root).toString(), name: 'shop' }]);
    context = { rules: allRules, toolVersion: 'test', now: () => FIXED_NOW, inside: (pathOrUri: string, what: string) => boundary.require(pathOrUri, what) };
  });
  after(async () => {
    await standIn.stop();
    removeDir(root);
  });

  it('names the tracker and the host the credentials would go to', () => {
    assert.deepEqual(backlogTarget({ uri }, context), { tracker: 'github', host: new URL(standIn.url).host });
  });

  it('refuses a raise without credentials before any request reaches the tracker', async () => {
    await assert.rejects(proposeStory({ uri, range: { start: { line: 5, character: 0 }, end: { line: 10, character: 0 } } }, context), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.match(error.message, /^GitHub \(acme\/shop at .*\): could not .*no token/);
      return true;
    });
    assert.equal(standIn.requests.length, 0);
  });

  it('says who can read the item, files a draft advisory with the credentials of the request, and lists it in the view', async () => {
    const params = { uri, range: { start: { line: 5, character: 0 }, end: { line: 10, character: 0 } }, credentials: { githubToken: TOKEN } };
    const proposal = await proposeStory(params, context);
    assert.equal(proposal.backlog, 'GitHub acme/shop');
    assert.match(proposal.destination ?? '', /draft security advisory of the public repository acme\/shop/);
    const created = await createStory(params, context);
    assert.equal(created.created, true);
    assert.match(created.uri, /^https:\/\/github\.example\/acme\/shop\/security\/advisories\/GHSA-/);
    const view = await securityBacklog({ folder: pathToFileURL(root).toString(), credentials: { githubToken: TOKEN } }, context);
    const stories = view.byStatus.flatMap((g) => g.stories);
    assert.deepEqual(stories.map((s) => [s.id, s.status, s.uri]), [[created.id, 'Draft', created.uri]]);
    assert.equal(standIn.issues.length, 0, 'never a public issue');
  });
});
