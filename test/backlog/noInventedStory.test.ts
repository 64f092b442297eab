// Rugged never invents a story: raising code without findings and without a chosen goal files an
// unrated "needs triage" draft, which the residual risk does not count; naming a goal raises the
// rated story.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import type { Story } from '../../server/src/backlog/story/types';
import { workspaceRisk } from '../../server/src/backlog/useCases/workspaceRisk';
import { createStory, proposeStory } from '../../server/src/lsp/backlogRequests';
import { WorkspaceBoundary } from '../../server/src/lsp/workspaceBoundary';
import { pathToFileURL } from 'node:url';
import { run } from '../../server/src/cli/main';
import { backlogCli } from './backlogCli';
import { removeDir, tempDir } from './helpers';

const SAFE_ROUTE = [
  "const express = require('express');",
  'const router = express.Router();',
  '',
  "router.get('/health', (req, res) => {",
  "  res.json({ status: 'ok' });",
  '});',
  '',
  'module.exports = router;',
  '',
].join('\n');

async function rugged(cwd: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, cwd, env: {} };
  const code = await run(argv, io, { today: '2025-06-01' });
  return { code, stdout, stderr };
}

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

function workspace(): string {
  const root = tempDir('triage');
  dirs.push(root);
  mkdirSync(join(root, 'src/routes'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "name": "shop", "private": true }\n');
  writeFileSync(join(root, 'src/routes/health.js'), SAFE_ROUTE);
  return root;
}

describe('no invented story', () => {
  const root = workspace();

  it('files an unrated "needs triage" draft for --yes without a finding or a goal', async () => {
    const result = await rugged(root, ['story', 'src/routes/health.js', '--lines', '4-6', '--yes', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /unrated "needs triage" draft, not a story/);
    const out = JSON.parse(result.stdout) as { id: string; path: string; created: boolean; needsTriage: boolean; story?: Story };
    assert.equal(out.needsTriage, true);
    assert.equal(out.created, true);
    assert.equal(out.story, undefined);
    const text = readFileSync(join(root, out.path), 'utf8');
    assert.match(text, /^labels:\n {2}- security\n {2}- needs-triage\n/m);
    assert.ok(!/risk-|priority:|abuser-story|SECTION:ABUSER_STORY/.test(text), 'no rating, no story data');
    assert.match(text, /Needs triage: which attack threatens GET \/health\?/);
    assert.match(text, /`rugged story src\/routes\/health\.js --lines 4-6 --goal <id>`/);
    assert.match(text, /`e-missing-authorization`: /, 'the goals to choose from are listed');
  });

  it('does not count the draft as residual risk', async () => {
    const { risk } = await workspaceRisk(root, { rules: allRules, today: '2025-06-01' });
    assert.equal(risk.identified.stories, 0);
    assert.equal(risk.residual.openStories, 0);
    assert.equal(risk.residual.byLevel.reduce((n, level) => n + level.risks, 0), 0, 'no risk at any level');
  });

  it('finds the same draft on a second raise instead of filing another', async () => {
    const again = await rugged(root, ['story', 'src/routes/health.js', '--lines', '4-6', '--yes']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /already in the backlog as TASK-1/);
    assert.match(again.stdout, /task-1 - /);
  });

  it('shows on the Backlog.md board as an ordinary task', async () => {
    const listing = await backlogCli(root, 'task', 'list', '--plain');
    assert.match(listing, /TASK-1 - Needs triage: which attack threatens GET \/health\?/);
  });

  it('raises the rated story once a goal is named', async () => {
    const result = await rugged(root, ['story', 'src/routes/health.js', '--lines', '4-6', '--yes', '--goal', 'd-expensive-request', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { created: boolean; story: Story };
    assert.equal(out.created, true);
    assert.deepEqual(out.story.stride, ['D']);
    assert.ok(out.story.risk.severity);
  });

  it('tells the editor the proposal is unrated, and files a draft if it creates without a goal', async () => {
    const other = workspace();
    const uri = pathToFileURL(join(other, 'src/routes/health.js')).toString();
    const boundary = new WorkspaceBoundary(() => [{ uri: pathToFileURL(other).toString(), name: other }]);
    const context = { rules: allRules, toolVersion: 'test', inside: (pathOrUri: string, what: string) => boundary.require(pathOrUri, what) };
    const range = { start: { line: 3, character: 0 }, end: { line: 5, character: 3 } };
    const proposal = await proposeStory({ uri, range }, context);
    assert.equal(proposal.needsTriage, true);
    assert.ok(proposal.goals.length > 0, 'the editor asks for a goal');
    const created = await createStory({ uri, range }, context);
    assert.equal(created.needsTriage, true);
    assert.match(created.title, /^Needs triage/);
    const picked = await proposeStory({ uri, range, choices: { goalId: 'e-missing-authorization' } }, context);
    assert.equal(picked.needsTriage, undefined);
  });
});
