// The language server's backlog requests, called in-process as server.ts wires them:
// rugged/proposeStory, rugged/createStory and rugged/securityBacklog.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { allRules } from '../../rules/index';
import { createStory, proposeStory, securityBacklog, selectionOf } from '../../server/src/lsp/backlogRequests';
import { WorkspaceBoundary } from '../../server/src/lsp/workspaceBoundary';
import { FIXED_NOW, git, initRepo, removeDir, SHOP_TEXT, tempDir } from './helpers';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));
/** Every project made here is a workspace folder, as the server would have it. */
const workspaces: string[] = [];
const boundary = new WorkspaceBoundary(() => workspaces.map((root) => ({ uri: pathToFileURL(root).toString(), name: root })));

function project(): { root: string; uri: string } {
  const root = tempDir('lsp');
  dirs.push(root);
  workspaces.push(root);
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'package.json'), '{}\n');
  writeFileSync(join(root, 'src/products.js'), SHOP_TEXT);
  initRepo(root);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'init');
  return { root, uri: pathToFileURL(join(root, 'src/products.js')).toString() };
}

const lines = (from: number, to: number) => ({ start: { line: from - 1, character: 0 }, end: { line: to, character: 0 } });
// The rules and the version come from the server, as session.ts passes them.
const context = { rules: allRules, toolVersion: 'test', now: () => FIXED_NOW, inside: (pathOrUri: string, what: string) => boundary.require(pathOrUri, what) };

describe('rugged/proposeStory', () => {
  const { uri } = project();

  it('pre-fills the story from the findings of the selection, with LSP ranges', async () => {
    const result = await proposeStory({ uri, range: lines(12, 15) }, context);
    assert.equal(result.entryPoint.symbol, 'GET /:id');
    assert.deepEqual(result.entryPoint.lines, [12, 15]);
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.range.start.line]), [['sql/no-string-built-query', 12]]);
    assert.deepEqual(result.goals, [], 'no goal catalogue when there are findings');
    assert.match(result.narrative, /^As an anonymous internet user, I want to /);
    assert.equal(result.risk.severity, 'Critical');
    assert.ok(result.labels.includes('cwe-89'));
    assert.equal(result.strideOptions.length, 6);
    assert.ok(result.actors.length >= 5);
    assert.equal(result.duplicateOf, undefined);
  });

  it('offers the STRIDE goal catalogue for code without findings', async () => {
    const result = await proposeStory({ uri, range: lines(17, 21), choices: { stride: ['R'] } }, context);
    assert.equal(result.findings.length, 0);
    assert.ok(result.goals.length >= 3 && result.goals.every((g) => g.stride === 'R'));
    assert.deepEqual(result.stride, ['R']);
    assert.equal(result.redactions, 2);
  });

  it('quotes the unsaved editor text, not the file on disk', async () => {
    // The user fixed the query in the editor but has not saved yet.
    const edited = SHOP_TEXT.replace("'SELECT * FROM products WHERE id = ' + req.params.id", "'SELECT * FROM products WHERE id = $1', [req.params.id]");
    assert.notEqual(edited, SHOP_TEXT);
    const fromDisk = await proposeStory({ uri, range: lines(12, 15) }, context);
    const fromEditor = await proposeStory({ uri, range: lines(12, 15) }, { ...context, documentText: (u) => (u === uri ? edited : undefined) });
    assert.equal(fromDisk.findings.length, 1);
    assert.equal(fromEditor.findings.length, 0);
  });

  it('treats an empty selection as the whole file', () => {
    assert.equal(selectionOf({ start: { line: 3, character: 2 }, end: { line: 3, character: 2 } }), undefined);
    assert.deepEqual(selectionOf({ start: { line: 3, character: 2 }, end: { line: 5, character: 0 } }), { startLine: 4, endLine: 5 });
    assert.deepEqual(selectionOf({ start: { line: 3, character: 2 }, end: { line: 3, character: 9 } }), { startLine: 4, endLine: 4 });
  });
});

describe('rugged/createStory and rugged/securityBacklog', () => {
  const { root, uri } = project();

  it('writes the story, then answers with the existing one', async () => {
    const first = await createStory({ uri, range: lines(12, 15), choices: { actor: 'automated bot', platformStories: false } }, context);
    assert.equal(first.id, 'TASK-1');
    assert.equal(first.created, true);
    assert.match(readFileSync(new URL(first.uri), 'utf8'), /As an automated bot, I want to/);
    const again = await createStory({ uri, range: lines(12, 15), choices: { platformStories: false } }, context);
    assert.deepEqual([again.id, again.created, again.duplicateOf, again.uri], ['TASK-1', false, 'TASK-1', first.uri]);
    const proposal = await proposeStory({ uri, range: lines(12, 15) }, context);
    assert.deepEqual(proposal.duplicateOf, { id: 'TASK-1', title: first.title, uri: first.uri });
  });

  it('fills the view: stories by status and risk, uncovered findings with ranges', async () => {
    const view = await securityBacklog({ folder: pathToFileURL(root).toString() }, context);
    assert.equal(view.backlogDirectory, 'backlog');
    assert.deepEqual(view.byStatus.map((g) => [g.status, g.stories.map((s) => s.id)]), [['To Do', ['TASK-1']], ['In Progress', []], ['Done', []]]);
    assert.deepEqual(view.byRisk.map((g) => g.severity), ['Critical']);
    const story = view.byStatus[0].stories[0];
    assert.equal(story.entryPoint?.uri, uri);
    assert.deepEqual(story.entryPoint?.range.start, { line: 11, character: 0 });
    assert.equal(story.quiet, false);
    assert.deepEqual(view.uncovered.map((u) => [u.uri, u.range.start.line]), [[uri, 7]]);
    assert.deepEqual(view.residual.byLevel.filter((l) => l.risks > 0), [{ severity: 'Critical', risks: 2, stories: 1, findings: 1 }], 'the story and the finding it does not cover; suppressions are not risks');
    assert.equal(view.residual.suppressions, 2);
    assert.equal(view.residual.openStories, 1);
    assert.deepEqual(view.warnings, [
      '1 Critical story has no owner: TASK-1. Assign each before signing off, or record who accepts the risk.',
      '1 Critical finding is in no story: src/products.js:8. Raise a story for each, or add each to the story on the same fix.',
    ]);
  });

  it('uses the findings the server already has instead of scanning', async () => {
    const view = await securityBacklog(root, { ...context, knownFindings: () => new Map([[join(root, 'src/products.js'), []]]) });
    assert.deepEqual(view.uncovered, []);
    assert.equal(view.byStatus[0].stories[0].quiet, true, 'its finding no longer fires');
    assert.equal(view.byStatus[0].stories[0].evidenceMissing, undefined, 'not done, so no evidence is asked for yet');
  });

  it('shows a story done without evidence as still residual, and the acceptance recorded on it', async () => {
    const view = await securityBacklog({ folder: pathToFileURL(root).toString() }, context);
    const file = new URL(view.byStatus[0].stories[0].uri);
    const original = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, `${original.replace(/^status: To Do$/m, 'status: Done')}\n## Risk Tracking\n\n<!-- SECTION:RISK_TRACKING:BEGIN -->\n- Risk accepted by: Dana\n- Accepted on: 2025-01-01\n- Accepted until: 2025-01-02\n- Accepted rating: Low\n<!-- SECTION:RISK_TRACKING:END -->\n`);
      const done = await securityBacklog(root, { ...context, knownFindings: () => new Map([[join(root, 'src/products.js'), []]]) });
      const story = done.byStatus.find((g) => g.status === 'Done')!.stories[0];
      assert.match(story.evidenceMissing!.join('; '), /no test in the repository names the story/);
      assert.deepEqual(story.acceptance, { by: 'Dana', until: '2025-01-02', rating: 'Low', state: 'expired' });
      assert.equal(done.residual.closedWithoutEvidence, 1);
      assert.deepEqual(done.residual.byLevel.filter((l) => l.risks > 0).map((l) => [l.severity, l.stories]), [['Critical', 1]]);
      assert.match(done.warnings.join('\n'), /^TASK-1: the risk acceptance by Dana expired on 2025-01-02/m, 'the expired acceptance is warned about');
      assert.match(done.warnings.join('\n'), /1 Critical story has no owner: TASK-1\./, 'closed without evidence, it is still residual and still nobody\'s');
    } finally {
      writeFileSync(file, original);
    }
  });

  it('answers an unexpected failure with a one-line ResponseError and logs it', async () => {
    const logged: string[] = [];
    const failing = { ...context, log: (m: string) => logged.push(m), configFor: (): never => { throw new Error('config store is gone'); } };
    await assert.rejects(proposeStory({ uri, range: lines(12, 15) }, failing), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, ErrorCodes.InternalError);
      assert.equal(error.message, 'Proposing the abuser story failed: config store is gone');
      return true;
    });
    assert.equal(logged.length, 1);
    assert.match(logged[0], /config store is gone/);
  });

  it('answers a refusing backlog with a ResponseError naming the path', async () => {
    const other = project();
    const outside = tempDir('lsp-outside');
    dirs.push(outside);
    writeFileSync(join(outside, 'config.yml'), 'task_prefix: "task"\n');
    symlinkSync(outside, join(other.root, 'backlog'));
    await assert.rejects(createStory({ uri: other.uri, range: lines(12, 15) }, context), (error: unknown) => {
      assert.ok(error instanceof ResponseError);
      assert.ok(error.message.includes(join(other.root, 'backlog')), error.message);
      return true;
    });
  });
});

describe('rugged/createStory with choices.extend', () => {
  const { uri } = project();

  it('extends the story a superset selection overlaps instead of filing a repeat', async () => {
    const first = await createStory({ uri, range: lines(6, 10) }, context);
    const overlap = await proposeStory({ uri, range: lines(6, 15) }, context);
    assert.deepEqual(overlap.overlaps?.map((s) => s.id), [first.id]);
    const extended = await createStory({ uri, range: lines(6, 15), choices: { extend: first.id } }, context);
    assert.deepEqual([extended.id, extended.created, extended.extended?.findings], [first.id, false, 1]);
    assert.match(readFileSync(new URL(extended.uri), 'utf8'), /line 13/);
  });
});
