// Cross-module data flow in the built language server, over stdio: the workspace scan finds what
// `rugged scan` finds in the multi-file fixture projects, and an unsaved edit of a helper updates
// the finding in the route file that calls it; an edit that changes nothing the route can see
// leaves the route alone.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { runBuiltCli } from '../cli/helpers';
import { LspTestClient } from './lspClient';

const FIXTURES = join(__dirname, '..', 'fixtures', 'crossmodule');
const PROJECTS = readdirSync(FIXTURES).sort();
const RULE = 'sql/no-string-built-query';

interface Found {
  rule: string;
  file: string;
  line: number;
  fingerprint: string;
}

/** A copy of a fixture project with its own `.rugged.json`, so the CLI and the server agree on its root. */
function copyProject(name: string): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `rugged-flow-${name}-`)));
  cpSync(join(FIXTURES, name), root, { recursive: true });
  writeFileSync(join(root, '.rugged.json'), '{}\n');
  return root;
}

function cliFindings(root: string): Found[] {
  const result = runBuiltCli(['scan', '.', '--format', 'json', '--fail-on', 'never'], root);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { findings: { path: string; ruleId: string; range: { start: { line: number } }; fingerprint: string }[] };
  return sorted(report.findings.map((f) => ({ rule: f.ruleId, file: f.path.split('\\').join('/'), line: f.range.start.line, fingerprint: f.fingerprint })));
}

function serverFindings(client: LspTestClient, root: string): Found[] {
  const out: Found[] = [];
  for (const [uri, params] of client.diagnostics) {
    if (!uri.startsWith('file:')) continue;
    const file = relative(root, fileURLToPath(uri));
    if (file.startsWith('..')) continue;
    for (const d of params.diagnostics) {
      if (d.source !== 'rugged') continue;
      const data = d.data as { fingerprint: string };
      out.push({ rule: String(d.code), file: file.split('\\').join('/'), line: d.range.start.line + 1, fingerprint: data.fingerprint });
    }
  }
  return sorted(out);
}

function sorted(found: Found[]): Found[] {
  return found.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule) || a.fingerprint.localeCompare(b.fingerprint));
}

const onLine = (line: number) => (ds: Diagnostic[]) => ds.some((d) => d.code === RULE && d.range.start.line === line - 1);

describe('language server: cross-module data flow', () => {
  const roots = new Map<string, string>();
  let client: LspTestClient;

  before(async () => {
    for (const project of PROJECTS) roots.set(project, copyProject(project));
    client = await LspTestClient.start({ workspaceFolders: [...roots.values()] });
  });

  after(async () => {
    await client.stop();
    for (const root of roots.values()) rmSync(root, { recursive: true, force: true });
  });

  test('the workspace scan finds what rugged scan finds in every multi-file fixture project (rule, file, line, fingerprint)', async () => {
    assert.ok(PROJECTS.length >= 5);
    for (const [project, root] of roots) {
      const expected = cliFindings(root);
      assert.ok(expected.length > 0, `${project}: the CLI finds something`);
      try {
        await client.until(`${project}: the scan's diagnostics to match the CLI`, () => (JSON.stringify(serverFindings(client, root)) === JSON.stringify(expected) ? true : undefined));
      } catch {
        assert.deepEqual(serverFindings(client, root), expected, project);
      }
    }
  });

  test('an unsaved edit of the helper withdraws the finding in the open route file, and an edit back brings it again', async () => {
    const root = roots.get('express-app') ?? '';
    const routeUri = pathToFileURL(join(root, 'routes', 'users.js')).toString();
    const helperPath = join(root, 'db', 'users.js');
    const helperUri = pathToFileURL(helperPath).toString();
    const helper = readFileSync(helperPath, 'utf8');
    client.open(routeUri, readFileSync(join(root, 'routes', 'users.js'), 'utf8'));
    client.open(helperUri, helper);
    const first = await client.diagnosticsOf(routeUri, (ds, version) => version === 1 && onLine(12)(ds), 'the open route file with its cross-module finding');
    const finding = first.find((d) => d.range.start.line === 11);
    assert.ok(finding?.relatedInformation?.some((r) => r.location.uri === helperUri && r.location.range.start.line === 5), 'the way into db/users.js is related information');

    client.change(helperUri, helper.replace("'SELECT id, email FROM users WHERE id = ' + id", "'SELECT id, email FROM users WHERE id = $1', [id]"), 2);
    await client.diagnosticsOf(routeUri, (ds) => !onLine(12)(ds) && onLine(22)(ds), 'the route file without the finding the helper no longer makes');

    client.change(helperUri, helper, 3);
    await client.diagnosticsOf(routeUri, (ds) => onLine(12)(ds) && onLine(22)(ds), 'the finding back after the edit back');
  });

  test('an edit that leaves what the helper exports alone does not analyse or republish the route file', async () => {
    const root = roots.get('express-app') ?? '';
    const routeUri = pathToFileURL(join(root, 'routes', 'users.js')).toString();
    const helperPath = join(root, 'db', 'users.js');
    const helperUri = pathToFileURL(helperPath).toString();
    const helper = readFileSync(helperPath, 'utf8');
    await client.diagnosticsOf(routeUri, onLine(12), 'the route file with its finding');
    await client.diagnosticsOf(helperUri, (_ds, version) => version === 3, 'the helper at version 3');
    const publishedBefore = client.published.filter((p) => p.uri === routeUri).length;
    const logsBefore = client.logMessages.length;

    client.change(helperUri, `${helper}\nfunction unused() {\n  return 1;\n}\n`, 4);
    await client.diagnosticsOf(helperUri, (_ds, version) => version === 4, 'the helper analysed at version 4');
    // Then an edit that does change the exported summary: the route must follow it, once.
    client.change(helperUri, helper.replace("'SELECT id, email FROM users WHERE id = ' + id", "'SELECT id, email FROM users WHERE id = $1', [id]"), 5);
    await client.diagnosticsOf(routeUri, (ds) => !onLine(12)(ds), 'the route file after the summary-changing edit');

    assert.equal(client.published.filter((p) => p.uri === routeUri).length - publishedBefore, 1, 'one republish, for version 5 only');
    const again = client.logMessages.slice(logsBefore).filter((m) => m.includes('Data flow:') && m.includes(join('routes', 'users.js')));
    assert.equal(again.length, 1, again.join('\n'));
    client.change(helperUri, helper, 6);
    await client.diagnosticsOf(routeUri, onLine(12), 'the finding back');
  });

  test('a closed route file follows the open helper through the workspace scan', async () => {
    const root = roots.get('express-app') ?? '';
    const routeUri = pathToFileURL(join(root, 'routes', 'users.js')).toString();
    const helperUri = pathToFileURL(join(root, 'db', 'users.js')).toString();
    const helper = readFileSync(join(root, 'db', 'users.js'), 'utf8');
    client.close(routeUri);
    await client.diagnosticsOf(routeUri, (ds, version) => version === undefined && onLine(12)(ds), 'the closed route file showing what the scan found');
    client.change(helperUri, helper.replace("'SELECT id, email FROM users WHERE id = ' + id", "'SELECT id, email FROM users WHERE id = $1', [id]"), 7);
    await client.diagnosticsOf(routeUri, (ds, version) => version === undefined && !onLine(12)(ds) && onLine(22)(ds), 'the closed route file without the finding');
    // Closing the helper unsaved: both go back to what is on disk.
    client.close(helperUri);
    await client.diagnosticsOf(routeUri, (ds) => onLine(12)(ds), 'the closed route file with the finding of the helper on disk');
  });
});
