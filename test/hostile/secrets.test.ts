// Hostile workspace: secrets of every common kind, written every way real code writes them. Every
// output Rugged produces (scan text, JSON and SARIF on stdout and in files, abuser stories, evidence
// reports, and the language server's diagnostics, hover, code actions and logs) must quote none of
// them, not even a long slice of one.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { assertBounded, hostileWorkspace, runCliBounded, startBoundedServer } from './harness';
import { needles, plantSecrets, secretFiles } from './plantedSecrets';

const planted = plantSecrets();
const files = secretFiles(planted);
const workspace = hostileWorkspace(files);
const outside = mkdtempSync(join(tmpdir(), 'rugged-secrets-out-'));
/** Every output seen, by where it came from. */
const outputs: { label: string; text: string }[] = [];

after(() => {
  workspace.remove();
  rmSync(outside, { recursive: true, force: true });
});

function leaksIn(label: string, text: string): string[] {
  const leaks: string[] = [];
  for (const secret of planted) {
    const found = needles(secret).find((needle) => text.includes(needle));
    if (found) leaks.push(`${secret.kind} in ${label}`);
  }
  return leaks;
}

function assertNoLeak(label: string, text: string): void {
  outputs.push({ label, text });
  assert.deepEqual(leaksIn(label, text), [], `secrets leaked in ${label}`);
}

async function cli(argv: string[]): Promise<string> {
  const result = await runCliBounded(argv, { cwd: workspace.root });
  assertBounded(result);
  assertNoLeak(`stderr of rugged ${argv.join(' ')}`, result.stderr);
  assertNoLeak(`stdout of rugged ${argv.join(' ')}`, result.stdout);
  return result.stdout;
}

describe('planted secrets', () => {
  it('are written in the workspace, every kind unique and distinctive', () => {
    const all = Object.values(files).join('\n');
    assert.ok(planted.length >= 30);
    assert.equal(new Set(planted.map((p) => p.value)).size, planted.length);
    // A key block inside a JSON string is written with `\n` escapes: its lines are what is planted.
    for (const secret of planted) for (const needle of needles(secret).filter((n) => !n.includes('\n'))) assert.ok(all.includes(needle), `${secret.kind} is planted`);
  });
});

describe('rugged scan', () => {
  it('text output quotes none of them', async () => {
    const text = await cli(['scan', '.', '--format', 'text', '--fail-on', 'never']);
    assert.match(text, /session\/no-hardcoded-secret/);
    assert.match(text, /sql\/no-string-built-query/);
    assert.match(text, /\[REDACTED:/, 'the flagged lines are quoted, with markers');
  });

  it('JSON output quotes none of them, fix edits included', async () => {
    const json = JSON.parse(await cli(['scan', '.', '--format', 'json', '--fail-on', 'never'])) as {
      findings: { ruleId: string; fixes: { edits: { text: string }[] }[] }[];
      configProblems: { message: string }[];
    };
    assert.match(json.configProblems[0]?.message ?? '', /got "\[REDACTED:/, 'the rejected value is quoted, redacted');
    assert.ok(json.findings.filter((f) => f.ruleId === 'session/no-hardcoded-secret').length >= 10);
    const sqlEdits = json.findings.filter((f) => f.ruleId.startsWith('sql/')).flatMap((f) => f.fixes.flatMap((x) => x.edits.map((e) => e.text)));
    assert.ok(sqlEdits.some((t) => t.includes('[REDACTED:')), 'the SQL rewrites quote the redacted lines');
  });

  it('SARIF output quotes none of them, snippets included', async () => {
    const sarif = JSON.parse(await cli(['scan', '.', '--format', 'sarif', '--fail-on', 'never'])) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { region: { snippet?: { text: string } } } }[] }[] }[];
    };
    const secretSnippets = sarif.runs[0].results
      .filter((r) => r.ruleId === 'session/no-hardcoded-secret')
      .map((r) => r.locations[0].physicalLocation.region.snippet?.text ?? '');
    assert.ok(secretSnippets.length >= 10);
    assert.ok(secretSnippets.every((t) => t.includes('[REDACTED:')), `every secret snippet is a marker: ${secretSnippets.join(' | ')}`);
  });

  for (const format of ['text', 'json', 'sarif']) {
    it(`--output writes a ${format} file that quotes none of them`, async () => {
      const file = join(outside, `scan.${format}`);
      await cli(['scan', '.', '--format', format, '--fail-on', 'never', '--output', file]);
      const written = readFileSync(file, 'utf8');
      assert.ok(written.length > 100);
      assertNoLeak(`scan --output (${format})`, written);
    });
  }
});

describe('CLI errors', () => {
  it('a one-line error that names a file does not repeat a token in its name', async () => {
    const name = `${plantSecrets().find((p) => p.kind === 'github-classic')!.value}.js`;
    const result = await runCliBounded(['story', name, '--yes'], { cwd: workspace.root });
    assertBounded(result, [2]);
    assert.match(result.stderr, /^rugged: file not found: \[REDACTED:github-token\]\.js\n$/);
  });
});

describe('rugged story and rugged report', () => {
  const written: string[] = [];

  // Each file whole; the route handler's lines, so that its route is the story's symbol.
  const sources = Object.keys(files).filter((path) => path.endsWith('.js'));
  for (const argv of sources.map((path) => (path === 'src/routes.js' ? [path, '--lines', '6-9'] : [path]))) {
    it(`a story for ${argv.join(' ')} quotes none of them`, async () => {
      const json = JSON.parse(await cli(['story', ...argv, '--yes', '--no-platform', '--format', 'json'])) as { story: { excerpt: { text: string } } };
      assert.ok(json.story.excerpt.text.length > 0);
      written.push(argv.join(' '));
    });
  }

  it('the task files written quote none of them', () => {
    const tasks = readdirSync(join(workspace.root, 'backlog', 'tasks'));
    assert.equal(tasks.length, written.length);
    const routeStory = tasks.map((name) => readFileSync(join(workspace.root, 'backlog', 'tasks', name), 'utf8')).find((t) => t.includes('/hooks/'));
    assert.ok(routeStory, 'the route handler is the symbol of a story');
    for (const name of tasks) assertNoLeak(`task file ${name}`, readFileSync(join(workspace.root, 'backlog', 'tasks', name), 'utf8'));
    // The machine data lives in sidecar files beside the tasks, and is as clean.
    const sidecars = readdirSync(join(workspace.root, 'backlog', '.rugged'));
    assert.equal(sidecars.length, written.length);
    for (const name of sidecars) assertNoLeak(`sidecar ${name}`, readFileSync(join(workspace.root, 'backlog', '.rugged', name), 'utf8'));
  });

  for (const format of ['md', 'json', 'html']) {
    it(`the ${format} report quotes none of them`, async () => {
      const text = await cli(['report', '.', '--format', format]);
      assert.match(text, /rotated; the old one was \\?\[REDACTED:/, 'the suppression reason is reported, redacted');
      assert.match(text, /\/hooks\/\\?\[REDACTED:/, 'the route symbol is reported, redacted');
    });
  }
});

describe('language server over stdio', () => {
  let server: Awaited<ReturnType<typeof startBoundedServer>>;
  const uriOf = (path: string) => pathToFileURL(join(workspace.root, path)).href;

  before(async () => {
    server = await startBoundedServer({ workspaceFolders: [workspace.root], cwd: workspace.root });
  });
  after(async () => {
    await server.finish();
  });

  it('diagnostics, hover, code action titles and logs quote none of them', async () => {
    const { client } = server;
    for (const [path, text] of Object.entries(files).filter(([p]) => p.endsWith('.js'))) {
      const uri = uriOf(path);
      client.open(uri, text);
      const diagnostics = await client.diagnosticsOf(uri, (d) => d.length > 0);
      assertNoLeak(`diagnostics of ${path}`, JSON.stringify(diagnostics));
      for (const diagnostic of diagnostics) {
        const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start });
        assertNoLeak(`hover in ${path}`, JSON.stringify(hover));
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] satisfies Diagnostic[] },
        });
        assert.ok(actions.length > 0);
        assertNoLeak(`code action titles in ${path}`, JSON.stringify(actions.map((a) => [a.title, a.command?.title, a.command?.arguments])));
      }
    }
    const published = client.published.filter((p) => p.diagnostics.length > 0);
    assert.ok(published.some((p) => p.diagnostics.some((d) => d.code === 'session/no-hardcoded-secret')));
    assertNoLeak('every publishDiagnostics', JSON.stringify(client.published));
    assertNoLeak('window/logMessage', client.logMessages.join('\n'));
    assertNoLeak('rugged/status', JSON.stringify(client.statuses));
  });
});

describe('every output together', () => {
  it('was collected and is free of every planted value', () => {
    assert.ok(outputs.length >= 20, `${outputs.length} outputs checked`);
    const leaks = outputs.flatMap((o) => leaksIn(o.label, o.text));
    assert.deepEqual(leaks, []);
  });
});
