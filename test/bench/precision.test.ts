// The precision benchmark's own code on a slice written here (the real run downloads third-party
// packages, so it stays out of npm test): the scan the benchmark runs, the matching with a triage
// file, the arithmetic, the results table, and the committed pin and triage files themselves.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, REPO, tempProject } from '../cli/helpers';
import { ensurePackage, integrityOf } from '../../scripts/precision/fetch';
import { cacheRoot, packageFolder, readPackages } from '../../scripts/precision/packages';
import { gateVerdict, renderResults } from '../../scripts/precision/report';
import { scanPackage } from '../../scripts/precision/scan';
import { compare, precision, readTriage, strictPrecision, tallyBy, type PackageFinding, type TriageEntry } from '../../scripts/precision/triage';

const SLICE: Record<string, string> = {
  'package/src/orders.js': [
    "const express = require('express');",
    "const { Pool } = require('pg');",
    'const pool = new Pool();',
    'const router = express.Router();',
    "router.get('/orders', async (req, res) => {",
    `  const rows = await pool.query("SELECT * FROM orders WHERE customer = '" + req.query.customer + "'");`,
    '  res.json(rows.rows);',
    '});',
    "router.get('/orders/by-status', async (req, res) => {",
    "  const status = req.query.status === 'open' ? 'open' : 'closed';",
    "  const rows = await pool.query(`SELECT * FROM orders WHERE status = '${status}'`);",
    '  res.json(rows.rows);',
    '});',
    'module.exports = router;',
    '',
  ].join('\n'),
  'package/src/ids.js': ['function sessionToken() {', '  return Math.random().toString(36).slice(2);', '}', 'module.exports = { sessionToken };', ''].join('\n'),
  'package/test/orders.test.js': [
    "const { Pool } = require('pg');",
    'const pool = new Pool();',
    'async function seed(name) {',
    `  await pool.query("INSERT INTO customers (name) VALUES ('" + name + "')");`,
    '}',
    'module.exports = { seed };',
    '',
  ].join('\n'),
};

/** The slice's hand triage. Fingerprints are the engine's: if they change, every team's triage and baseline break too. */
const SLICE_TRIAGE: TriageEntry[] = [
  { package: 'slice', path: 'package/src/orders.js', rule: 'sql/no-string-built-query', line: 6, severity: 'error', fingerprint: '038f7e5e37655a4e0a832669f881b475', verdict: 'true', reason: 'req.query.customer is concatenated into the WHERE clause' },
  { package: 'slice', path: 'package/src/ids.js', rule: 'session/no-predictable-token', line: 2, severity: 'error', fingerprint: '6416f12b58eac500712602918e7a013f', verdict: 'true', reason: 'a session token from Math.random' },
  { package: 'slice', path: 'package/test/orders.test.js', rule: 'sql/no-string-built-query', line: 4, severity: 'warning', fingerprint: 'dca01635df919a90a321419d60407aca', verdict: 'false', reason: 'test seeding with constant names' },
];

function writeJson(value: unknown): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rugged-bench-test-'));
  const file = join(dir, 'data.json');
  writeFileSync(file, JSON.stringify(value));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function scanSlice(extra: Record<string, string> = {}): PackageFinding[] {
  const project = tempProject({ ...SLICE, ...extra, 'empty.rugged.json': '{}' });
  try {
    const scan = scanPackage(CLI, project.root, ['package'], join(project.root, 'empty.rugged.json'));
    assert.equal(scan.files, 3 + Object.keys(extra).length);
    const expectedLines = Object.values({ ...SLICE, ...extra }).reduce((sum, text) => sum + text.split('\n').length - 1, 0);
    assert.equal(scan.lines, expectedLines);
    return scan.findings.map((f) => ({ ...f, package: 'slice' }));
  } finally {
    project.remove();
  }
}

describe('precision benchmark on a committed slice', () => {
  it('matches every finding of the slice with its verdict and computes precision', () => {
    const findings = scanSlice();
    const result = compare(findings, SLICE_TRIAGE, new Set(['slice']));
    assert.deepEqual(result.untriaged, []);
    assert.deepEqual(result.stale, []);
    const overall = tallyBy(result.judged, () => 'all').get('all')!;
    assert.deepEqual(overall, { true: 2, false: 1, debatable: 0, untriaged: 0 });
    assert.equal(precision(overall), 2 / 3);
    // The constant-picking ternary on /orders/by-status is not a finding at all.
    assert.ok(!findings.some((f) => f.path === 'package/src/orders.js' && f.line === 11));
  });

  it('lists a new finding as untriaged and an entry no finding matches as stale', () => {
    const findings = scanSlice({ 'package/src/run.js': "const cp = require('child_process');\nmodule.exports = (req) => cp.exec('ls ' + req.query.dir);\n" });
    const stale: TriageEntry = { ...SLICE_TRIAGE[0], fingerprint: '00000000000000000000000000000000' };
    const result = compare(findings, [...SLICE_TRIAGE.slice(1), stale], new Set(['slice']));
    assert.deepEqual(result.untriaged.map((f) => `${f.path} ${f.ruleId}`).sort(), ['package/src/orders.js sql/no-string-built-query', 'package/src/run.js unsafe-api/no-shell-command-from-input']);
    assert.deepEqual(result.stale, [stale]);
    const markdown = renderResults({ date: '2026-01-01', ruggedVersion: 'test', packages: [], comparison: result });
    assert.match(markdown, /## Untriaged \(2\)/);
    assert.match(markdown, /## Triage entries no finding matches \(1\)/);
  });
});

describe('precision arithmetic and verdicts', () => {
  it('leaves debatable findings out of precision and counts them as false in strict precision', () => {
    const tally = { true: 3, false: 1, debatable: 4, untriaged: 0 };
    assert.equal(precision(tally), 0.75);
    assert.equal(strictPrecision(tally), 3 / 8);
    assert.equal(precision({ true: 0, false: 0, debatable: 2, untriaged: 1 }), undefined);
  });

  it('says when --fail-on error would fail a project without a true error', () => {
    assert.equal(gateVerdict({ true: 0, false: 0, debatable: 0, untriaged: 0 }), 'exit 0');
    assert.equal(gateVerdict({ true: 1, false: 3, debatable: 0, untriaged: 0 }), 'exit 1 (1 true error)');
    assert.match(gateVerdict({ true: 0, false: 2, debatable: 1, untriaged: 0 }), /without a true error/);
  });

  it('rejects a triage file with a bad verdict, a missing reason, a multi-line reason or a duplicate', () => {
    const bad = writeJson({
      entries: [
        { ...SLICE_TRIAGE[0], verdict: 'maybe' },
        { ...SLICE_TRIAGE[1], reason: '' },
        { ...SLICE_TRIAGE[2], reason: 'one\ntwo' },
        { ...SLICE_TRIAGE[2], reason: 'again' },
      ],
    });
    try {
      assert.throws(() => readTriage(bad.file), (error: Error) => {
        assert.match(error.message, /entries\[0\]: verdict must be true, false or debatable/);
        assert.match(error.message, /entries\[1\]: "reason" must be a non-empty string/);
        assert.match(error.message, /entries\[2\]: the reason is one line/);
        assert.match(error.message, /entries\[3\]: a second entry/);
        return true;
      });
    } finally {
      bad.remove();
    }
  });
});

describe('committed benchmark files', () => {
  it('pins at least six packages by registry integrity, scanning folders inside each', () => {
    const packages = readPackages(join(REPO, 'bench', 'precision', 'apps.json'));
    assert.ok(packages.length >= 6);
    assert.equal(new Set(packages.map((p) => p.name)).size, packages.length);
    for (const p of packages) assert.match(p.integrity, /^sha512-[A-Za-z0-9+/]{86}==$/, p.name);
    assert.ok(packages.filter((p) => p.kind !== 'library').length >= 6, 'at least six applications or servers');
  });

  it('has a valid triage whose every entry belongs to a pinned package', () => {
    const names = new Set(readPackages(join(REPO, 'bench', 'precision', 'apps.json')).map((p) => p.name));
    for (const entry of readTriage(join(REPO, 'bench', 'precision', 'triage.json'))) assert.ok(names.has(entry.package), `${entry.package} is not pinned`);
  });

  it('keeps the cache outside the repository and refuses to download offline', () => {
    assert.ok(!cacheRoot({ HOME: '/home/u', XDG_CACHE_HOME: '/x' }).startsWith(REPO));
    assert.equal(cacheRoot({ RUGGED_BENCH_CACHE: '/c' }), '/c');
    assert.equal(packageFolder('/c', { name: '@scope/pkg', version: '1.0.0' }), join('/c', 'scope_pkg_1.0.0'));
    const cache = mkdtempSync(join(tmpdir(), 'rugged-bench-cache-'));
    try {
      assert.throws(() => ensurePackage(cache, { name: 'left-pad', version: '1.3.0', kind: 'library', scan: ['package'], integrity: 'sha512-x' }, { offline: true }), /not in the cache .* --offline/);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
    assert.equal(integrityOf(Buffer.from('abc')), 'sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==');
  });
});
