// Hostile `.rugged.json` files through the real CLI and the real language server over stdio: a
// file built to be slow, to overflow the parser, to make minimatch throw or to reach a prototype
// gives its problem, one line naming the key, on `.rugged.json`, and every other file is still
// checked with the defaults.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Diagnostic } from 'vscode-languageserver-protocol';
import { assertBounded, hostileWorkspace, runCliBounded, startBoundedServer } from './harness';
import type { LspTestClient } from '../server/lspClient';

const RULE = 'sql/no-string-built-query';
const VULNERABLE_JS = `const { Pool } = require('pg');
const pool = new Pool();
exports.find = (req) => pool.query('SELECT * FROM users WHERE name = ' + req.query.name);
`;

interface HostileConfig {
  name: string;
  text: string;
  /** The key the problem names, as printed (`<key>: <message>`), and what the message says. */
  key: string;
  message: RegExp;
}

const CONFIGS: HostileConfig[] = [
  {
    name: '100,000 ignore entries',
    text: JSON.stringify({ ignore: Array.from({ length: 100_000 }, (_, i) => (i % 2 ? 3 : `x${i}/**`)) }),
    key: 'ignore',
    message: /has 100000 entries; at most 1000 are allowed/,
  },
  {
    name: '50,000 checklist entries',
    text: JSON.stringify({ checklist: Array.from({ length: 50_000 }, () => ({ id: 'x' })) }),
    key: 'checklist',
    message: /has 50000 entries; at most 500 are allowed/,
  },
  {
    name: '100,000 rule keys',
    text: `{"rules":{${Array.from({ length: 100_000 }, (_, i) => `"${i}":0`).join(',')}}}`,
    key: 'rules',
    message: /has 100000 keys; at most 1000 are allowed/,
  },
  {
    name: 'a 100,000-character rule id',
    text: JSON.stringify({ rules: { [`sql/${'q'.repeat(100_000)}`]: 'off' } }),
    key: 'rules["sql/qqqq',
    message: /unknown rule id "sql\/q+\.\.\."/,
  },
  {
    name: 'nesting 100,000 levels deep',
    text: `{ "rules": { "${RULE}": { "options": ${'['.repeat(100_000)} } } }`,
    key: '(root)',
    message: /nests objects and arrays more than 64 levels deep; all defaults are used/,
  },
  {
    name: 'a glob over 64 KB',
    text: JSON.stringify({ ignore: [`${'a'.repeat(70_000)}/**`] }),
    key: 'ignore[0]',
    message: /is 70003 characters long; at most 1024 are allowed/,
  },
  {
    name: 'a brace glob expanding to a million patterns',
    text: JSON.stringify({ ignore: ['{a,b}'.repeat(20)] }),
    key: 'ignore[0]',
    message: /expands to more than 256 patterns/,
  },
  {
    name: 'backlog.__proto__',
    text: '{ "backlog": { "__proto__": { "directory": "/etc", "polluted": true } } }',
    key: 'backlog.__proto__',
    message: /key "__proto__" is reserved and ignored/,
  },
  {
    name: 'duplicate keys',
    text: `{\n  "rules": { "${RULE}": "error" },\n  "rules": { "${RULE}": "off" }\n}`,
    key: 'rules',
    message: /duplicate key "rules"; only its first occurrence \(line 2\) applies/,
  },
  {
    name: 'a file over the byte cap',
    text: JSON.stringify({ ignore: [' '.repeat(2 * 1024 * 1024)] }),
    key: '(root)',
    message: /too large: \d+ bytes, limit 1048576/,
  },
];

function problemLine(key: string, message: RegExp): RegExp {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}[^\\n]*: ${message.source.replace(/^\^/, '')}`);
}

describe('hostile .rugged.json through the real CLI', () => {
  for (const config of CONFIGS) {
    it(`${config.name}: one problem line naming the key, findings with the defaults, exit 2`, async () => {
      const workspace = hostileWorkspace({ '.rugged.json': config.text, 'a.js': VULNERABLE_JS });
      try {
        const result = await runCliBounded(['scan', '--format', 'json'], { cwd: workspace.root });
        assertBounded(result, [2]);
        const errors = result.stderr.split('\n').filter((line) => line.startsWith('rugged: config error: '));
        assert.ok(errors.length >= 1, result.stderr.slice(0, 1000));
        const problems = errors.map((line) => line.replace(/^rugged: config error: \.rugged\.json(:\d+:\d+)?: /, ''));
        assert.ok(problems.some((p) => problemLine(config.key, config.message).test(p)), `no problem for ${config.key} matching ${config.message}:\n${problems.join('\n').slice(0, 2000)}`);
        assert.equal(result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('rugged: ')).length, 0, 'every stderr line is one rugged line');
        const report = JSON.parse(result.stdout) as { findings: { ruleId: string }[] };
        assert.ok(report.findings.some((f) => f.ruleId === RULE), `the defaults still find the injection: ${result.stdout.slice(0, 500)}`);
      } finally {
        workspace.remove();
      }
    });
  }
});

describe('hostile .rugged.json through the real language server', () => {
  const workspaces: ReturnType<typeof hostileWorkspace>[] = [];
  let server: Awaited<ReturnType<typeof startBoundedServer>>;
  let client: LspTestClient;

  before(async () => {
    for (const config of CONFIGS) workspaces.push(hostileWorkspace({ '.rugged.json': config.text, 'a.js': VULNERABLE_JS }));
    server = await startBoundedServer({ workspaceFolders: workspaces.map((w) => w.root) });
    client = server.client;
  });

  after(async () => {
    try {
      await server.finish();
    } finally {
      for (const workspace of workspaces) workspace.remove();
    }
  });

  CONFIGS.forEach((config, index) => {
    it(`${config.name}: a problem on .rugged.json and diagnostics with the defaults elsewhere`, async () => {
      const root = workspaces[index].root;
      const source = pathToFileURL(join(root, 'a.js')).toString();
      client.open(source, VULNERABLE_JS);
      const findings = await client.diagnosticsOf(source, (ds) => ds.some((d) => d.code === RULE), `the ${RULE} finding in ${config.name}`);
      assert.ok(findings.length > 0);
      const configUri = pathToFileURL(join(root, '.rugged.json')).toString();
      const matches = (d: Diagnostic) => d.code === 'rugged/config' && problemLine(config.key, config.message).test(Diagnostic.getMessageString(d));
      const problems = await client.diagnosticsOf(configUri, (ds) => ds.some(matches), `the problem of ${config.name} on .rugged.json`);
      for (const problem of problems) assert.doesNotMatch(Diagnostic.getMessageString(problem), /[\n\r]/);
      client.close(source);
    });
  });

  it('still answers afterwards', async () => {
    const hover = await client.request('textDocument/hover', { textDocument: { uri: pathToFileURL(join(workspaces[0].root, 'a.js')).toString() }, position: { line: 0, character: 0 } });
    assert.ok(hover === null || typeof hover === 'object');
    assert.ok(client.isRunning);
  });
});
