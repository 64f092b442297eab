// What a scan with a summaries file analyses, counted through the scan's analysis callback: the
// reported files, the modules of an import cycle holding one, and the modules whose text or
// imports changed since the summaries were made; never a module whose stored summary still holds,
// nor one no reported file imports. The findings are a full scan's either way. And what the
// summaries depend on: not the profile, severities, contexts or team rules, which only shape findings.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig, type EngineConfig } from '../../server/src/engine/config';
import { listFiles } from '../../server/src/files/walk';
import { scanFiles, type FileOutcome } from '../../server/src/scan/scanFiles';
import { StoredSummaries, type Staleness } from '../../server/src/scan/storedSummaries';
import { summarizeProject } from '../../server/src/scan/summarizeProject';
import { readSummaries, serializeSummaries, summariesFingerprint, writeSummaries } from '../../server/src/scan/summariesFile';

const REPO = join(__dirname, '..', '..');
const VERSION = '9.9.9';

function tempRoot(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-summaries-')));
  writeFileSync(join(root, 'package.json'), '{ "name": "summaries", "private": true }\n');
  return root;
}

/** A route → service → repository chain, an unrelated module, and an import cycle a second route uses. */
const PROJECT: Record<string, string> = {
  'routes/orders.js': [
    "const express = require('express');",
    "const { orderFor } = require('../services/orders');",
    'const router = express.Router();',
    "router.get('/orders/:id', async (req, res) => res.json(await orderFor(req.params.id)));",
    'module.exports = router;',
    '',
  ].join('\n'),
  'services/orders.js': ["const { findOrder } = require('../repositories/orders');", 'exports.orderFor = (id) => findOrder(id);', ''].join('\n'),
  'repositories/orders.js': [
    "const { Pool } = require('pg');",
    'const pool = new Pool();',
    "exports.findOrder = (id) => pool.query('SELECT * FROM orders WHERE id = ' + id);",
    '',
  ].join('\n'),
  'routes/tags.js': [
    "const express = require('express');",
    "const { tagged } = require('../cycle/a');",
    'const router = express.Router();',
    "router.get('/tags', async (req, res) => res.json(await tagged(req.query.tag)));",
    'module.exports = router;',
    '',
  ].join('\n'),
  'cycle/a.js': ["const b = require('./b');", 'exports.tagged = (tag) => b.byTag(tag);', 'exports.label = (x) => String(x);', ''].join('\n'),
  'cycle/b.js': [
    "const { Pool } = require('pg');",
    "const a = require('./a');",
    'const pool = new Pool();',
    "exports.byTag = (tag) => pool.query('SELECT * FROM tags WHERE name = ' + a.label(tag) + tag);",
    '',
  ].join('\n'),
  'unrelated/report.js': ["const fs = require('fs');", 'exports.read = (name) => fs.readFileSync(name);', ''].join('\n'),
};

interface Project {
  root: string;
  files: string[];
  config: EngineConfig;
}

function project(files: Record<string, string>): Project {
  const root = tempRoot();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const config = defaultEngineConfig();
  return { root, files: listFiles([root], { root, ignore: [], maxFileSize: config.maxFileSize }).files, config };
}

async function summariesOf(p: Project, config = p.config): Promise<string> {
  const settled = await summarizeProject(p.files, { rules: allRules, config, today: '2026-01-01', projectRoot: p.root });
  return serializeSummaries(writeSummaries(settled.modules, { sourceRoot: p.root, ruggedVersion: VERSION, fingerprint: summariesFingerprint(allRules, config), secrets: settled.secrets }));
}

interface Scanned {
  /** Findings of each reported file, by path relative to the project, as rule:line. */
  findings: Record<string, string[]>;
  /** Modules analysed, relative to the project. */
  analysed: string[];
  stale: Record<string, Staleness>;
}

function scan(p: Project, reported: (rel: string) => boolean, summaries?: string): Scanned {
  const rel = (path: string) => relative(p.root, path).split('\\').join('/');
  const analysed: string[] = [];
  const summarisedHere = new Map<string, Staleness>();
  let stored: StoredSummaries | undefined;
  if (summaries !== undefined) {
    const read = readSummaries(summaries, { sourceRoot: p.root, ruggedVersion: VERSION, fingerprint: summariesFingerprint(allRules, p.config) });
    assert.ok(read.ok, read.ok ? '' : read.error);
    stored = new StoredSummaries(read.modules, p.root);
  }
  const outcomes: FileOutcome[] = [
    ...scanFiles(p.files, {
      rules: allRules,
      config: p.config,
      today: '2026-01-01',
      projectRoot: p.root,
      reportOnly: (path) => reported(rel(path)),
      onAnalysed: (path) => analysed.push(rel(path)),
      ...(stored ? { summaries: { stored, summarisedHere } } : {}),
    }),
  ];
  const findings: Record<string, string[]> = {};
  for (const outcome of outcomes) if (outcome.kind === 'checked') findings[rel(outcome.path)] = outcome.findings.map((f) => `${f.ruleId}:${f.range.start.line}:${f.fingerprint}`);
  return { findings, analysed: [...new Set(analysed)].sort(), stale: Object.fromEntries([...summarisedHere].map(([path, why]) => [rel(path), why])) };
}

describe('a scan with a summaries file', () => {
  const p = project(PROJECT);
  after(() => rmSync(p.root, { recursive: true, force: true }));
  const only = (...files: string[]) => (rel: string) => files.includes(rel);

  it('analyses the reported file alone when what it imports is summarised in the file, and finds what a full scan finds', async () => {
    const summaries = await summariesOf(p);
    const full = scan(p, only('routes/orders.js'));
    assert.equal(full.analysed.length, Object.keys(PROJECT).length, 'without the file every module is analysed');
    const shard = scan(p, only('routes/orders.js'), summaries);
    assert.deepEqual(shard.analysed, ['routes/orders.js']);
    assert.deepEqual(shard.findings, full.findings);
    assert.equal(shard.findings['routes/orders.js'].length, 1, 'the query two modules away');
    assert.deepEqual(shard.stale, {});
  });

  it('takes an import cycle whole when no module of it is reported, and analyses it whole when one is', async () => {
    const summaries = await summariesOf(p);
    assert.deepEqual(scan(p, only('routes/tags.js'), summaries).analysed, ['routes/tags.js']);
    const inCycle = scan(p, only('cycle/a.js'), summaries);
    assert.deepEqual(inCycle.analysed, ['cycle/a.js', 'cycle/b.js'], 'the rounds of the cycle, as a full scan runs them');
    assert.deepEqual(inCycle.findings, scan(p, only('cycle/a.js')).findings);
  });

  it('summarises a module edited since, and the importers whose imports it changed, and nothing else', async () => {
    const summaries = await summariesOf(p);
    const repository = join(p.root, 'repositories/orders.js');
    const original = readFileSync(repository, 'utf8');
    try {
      // A comment at the end: the summary, and so what the service sees, does not move.
      writeFileSync(repository, `${original}// reviewed\n`);
      const tail = scan(p, only('routes/orders.js'), summaries);
      assert.deepEqual(tail.analysed, ['repositories/orders.js', 'routes/orders.js']);
      assert.deepEqual(tail.stale, { 'repositories/orders.js': 'changed' });
      // A line above the sink: its position in the summary moves, so the service is summarised again too.
      writeFileSync(repository, `// reviewed\n${original}`);
      const head = scan(p, only('routes/orders.js'), summaries);
      assert.deepEqual(head.analysed, ['repositories/orders.js', 'routes/orders.js', 'services/orders.js']);
      assert.deepEqual(head.findings, scan(p, only('routes/orders.js')).findings);
      // Now a safe query: the route's finding goes, as in a full scan.
      writeFileSync(repository, original.replace("'SELECT * FROM orders WHERE id = ' + id", "'SELECT * FROM orders WHERE id = $1', [id]"));
      const fixed = scan(p, only('routes/orders.js'), summaries);
      assert.deepEqual(fixed.findings, { 'routes/orders.js': [] });
      assert.deepEqual(fixed.findings, scan(p, only('routes/orders.js')).findings);
    } finally {
      writeFileSync(repository, original);
    }
  });

  it('summarises a module the file does not list, and says so', async () => {
    const summaries = JSON.parse(await summariesOf(p)) as { modules: { path: string }[] };
    summaries.modules = summaries.modules.filter((m) => m.path !== 'services/orders.js');
    const shard = scan(p, only('routes/orders.js'), JSON.stringify(summaries));
    assert.deepEqual(shard.analysed, ['routes/orders.js', 'services/orders.js']);
    assert.deepEqual(shard.stale, { 'services/orders.js': 'missing' });
  });

  it('takes no stored fix whose replaced text the file it edits no longer holds', async () => {
    const summaries = JSON.parse(await summariesOf(p)) as { modules: { path: string; summary?: { functions: Record<string, { sinks: { fixes?: { replaced: string[] }[] }[] }> } }[] };
    const repository = summaries.modules.find((m) => m.path === 'repositories/orders.js');
    const fix = repository?.summary?.functions.findOrder.sinks[0].fixes?.[0];
    assert.ok(fix, 'the repository summary carries the rule\'s rewrite of its query');
    assert.match(fix.replaced[0], /^[0-9a-f]{64}$/, 'the replaced text is written as its hash');
    fix.replaced[0] = '0'.repeat(64);
    const shard = scan(p, only('routes/orders.js'), JSON.stringify(summaries));
    assert.ok(shard.analysed.includes('repositories/orders.js'), 'analysed instead of taken');
    assert.deepEqual(shard.findings, scan(p, only('routes/orders.js')).findings);
  });
});

describe('what summaries depend on', () => {
  const root = tempRoot();
  after(() => rmSync(root, { recursive: true, force: true }));
  cpSync(join(REPO, 'test', 'fixtures', 'crossmodule'), join(root, 'crossmodule'), { recursive: true });
  cpSync(join(REPO, 'test', 'fixtures', 'heldout3'), join(root, 'heldout3'), { recursive: true });
  const base = defaultEngineConfig();
  const p: Project = { root, files: listFiles([root], { root, ignore: [], maxFileSize: base.maxFileSize }).files, config: base };

  it('not the profile, severities, contexts or team rules: the same file, under the same fingerprint', async () => {
    const reference = await summariesOf(p);
    assert.ok(reference.length > 10_000);
    const variants: EngineConfig[] = [
      { ...base, profile: 'audit' },
      { ...base, rules: { 'sql/no-string-built-query': { severity: 'info' } } },
      { ...base, contexts: { ...base.contexts, production: ['**/*.ts'] } },
      { ...base, checklist: [{ id: 'team/no-raw-query', call: '*.query', message: 'Use the repository layer.' }] },
    ];
    for (const config of variants) {
      assert.equal(summariesFingerprint(allRules, config), summariesFingerprint(allRules, base));
      assert.equal(await summariesOf(p, config), reference);
    }
  });

  it('the rules that run and their options, and the file size limit: another fingerprint', () => {
    const fingerprint = summariesFingerprint(allRules, base);
    assert.notEqual(summariesFingerprint(allRules, { ...base, rules: { 'sql/no-string-built-query': { severity: 'off' } } }), fingerprint);
    assert.notEqual(summariesFingerprint(allRules, { ...base, rules: { 'sql/no-string-built-query': { options: { extra: true } } } }), fingerprint);
    assert.notEqual(summariesFingerprint(allRules, { ...base, maxFileSize: 1000 }), fingerprint);
    assert.notEqual(summariesFingerprint(allRules.slice(1), base), fingerprint);
  });
});
