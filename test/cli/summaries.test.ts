// `rugged summaries` and `rugged scan --shard K/N --summaries FILE`, through the built CLI on the
// cross-module fixture projects copied into one project: the shards' logs merged by `rugged sarif
// merge` are the log of one scan, byte for byte, for 1, 2 and 3 shards; a module edited after the
// summaries still gets its findings (summarised in the scan, with a note); and a summaries file of
// another version or configuration, a broken one, or one naming paths outside the repository or
// carrying oversized fields is refused with one line and exit code 2.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repositoryUri } from '../../server/src/baseline/fileFingerprint';
import { inShard } from '../../server/src/scan/shard';
import { REPO, runBuiltCli, tempProject } from './helpers';

const { root, remove } = tempProject({});
cpSync(join(REPO, 'test', 'fixtures', 'crossmodule'), join(root, 'crossmodule'), { recursive: true });
cpSync(join(REPO, 'test', 'fixtures', 'heldout3'), join(root, 'heldout3'), { recursive: true });
after(remove);

const HELPER = 'crossmodule/express-app/db/users.js';
const ROUTE = 'crossmodule/express-app/routes/users.js';

interface Notification {
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
}
interface Log {
  runs: {
    results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[];
    invocations: { toolExecutionNotifications?: Notification[] }[];
  }[];
}
interface SummariesFile {
  ruggedVersion: string;
  fingerprint: string;
  modules: { path: string; sha256: string; summary?: { functions: Record<string, { sinks: { data: Record<string, string>; steps: { file: string }[] }[] }> } | null; omitted?: string }[];
}

const text = (name: string) => readFileSync(join(root, name), 'utf8');
const log = (name: string) => JSON.parse(text(name)) as Log;
const notesOf = (l: Log) => (l.runs[0].invocations[0].toolExecutionNotifications ?? []).map((n) => [n.locations[0].physicalLocation.artifactLocation.uri, n.message.text]);

function cli(...argv: string[]): { code: number; stderr: string } {
  return runBuiltCli(argv, root);
}

function ok(...argv: string[]): void {
  const result = cli(...argv);
  assert.equal(result.code, 0, result.stderr);
}

/** Scans the N shards with the summaries file and merges their logs into `out`. */
function shardedScan(count: number, summaries: string, out: string): void {
  const logs: string[] = [];
  for (let k = 1; k <= count; k++) {
    logs.push(`${out}.${k}.sarif`);
    ok('scan', '-f', 'sarif', '--fail-on', 'never', '--shard', `${k}/${count}`, '--summaries', summaries, '-o', `${out}.${k}.sarif`);
  }
  ok('sarif', 'merge', ...logs.reverse(), '-o', out);
}

describe('rugged summaries and sharded scans that read them', () => {
  before(() => {
    ok('scan', '-f', 'sarif', '--fail-on', 'never', '-o', 'all.sarif');
    ok('summaries', '-o', 'summaries.json');
  });

  it('writes repository paths, text hashes and the summaries of imported files', () => {
    const file = JSON.parse(text('summaries.json')) as SummariesFile;
    const helper = file.modules.find((m) => m.path === HELPER);
    assert.ok(helper?.summary, 'the helper the routes import is summarised');
    assert.match(helper.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      helper.summary.functions.findUser.sinks[0].steps.map((s) => s.file),
      [HELPER],
      'a step names its file relative to the repository',
    );
    assert.equal(file.modules.find((m) => m.path === ROUTE)?.omitted, 'not-imported', 'nothing imports the route file, so no summary of it is made');
    assert.ok(!text('summaries.json').includes(root), 'no absolute path');
  });

  for (const count of [1, 2, 3]) {
    it(`${count} shard(s) with --summaries merge into the log of one scan, byte for byte`, () => {
      shardedScan(count, 'summaries.json', `merged${count}.sarif`);
      const all = log('all.sarif');
      assert.ok(all.runs[0].results.length > 40, `cross-module findings to compare: ${all.runs[0].results.length}`);
      assert.ok(all.runs[0].results.some((r) => r.locations[0].physicalLocation.artifactLocation.uri === ROUTE), 'the route\'s cross-module finding is in the log');
      assert.equal(text(`merged${count}.sarif`), text('all.sarif'));
    });
  }

  it('gives the same file and the same shard logs on worker threads (--jobs 2)', () => {
    ok('summaries', '--jobs', '2', '-o', 'summaries-jobs.json');
    assert.equal(text('summaries-jobs.json'), text('summaries.json'));
    ok('scan', '-f', 'sarif', '--fail-on', 'never', '--jobs', '2', '--shard', '2/3', '--summaries', 'summaries.json', '-o', 'jobs-shard.sarif');
    assert.equal(text('jobs-shard.sarif'), text('merged3.sarif.2.sarif'));
  });

  it('reads the same summaries when the repository sits elsewhere on disk', () => {
    const elsewhere = tempProject({});
    try {
      cpSync(join(root, 'crossmodule'), join(elsewhere.root, 'crossmodule'), { recursive: true });
      cpSync(join(root, 'heldout3'), join(elsewhere.root, 'heldout3'), { recursive: true });
      const run = (...argv: string[]) => runBuiltCli(argv, elsewhere.root);
      assert.equal(run('scan', '-f', 'sarif', '--fail-on', 'never', '-o', 'all.sarif').code, 0);
      const shard = run('scan', '-f', 'sarif', '--fail-on', 'never', '--shard', '1/1', '--summaries', join(root, 'summaries.json'), '-o', 'one.sarif');
      assert.equal(shard.code, 0, shard.stderr);
      assert.equal(run('sarif', 'merge', 'one.sarif', '-o', 'merged.sarif').code, 0);
      assert.equal(readFileSync(join(elsewhere.root, 'merged.sarif'), 'utf8'), readFileSync(join(elsewhere.root, 'all.sarif'), 'utf8'));
    } finally {
      elsewhere.remove();
    }
  });
});

describe('a module edited after rugged summaries', () => {
  before(() => {
    ok('summaries', '-o', 'before-edit.json');
    // The safe helper starts pasting its parameter into the SQL: the route handing it request input now has a finding.
    const helper = text(HELPER);
    const edited = helper.replace("WHERE id = $1', [id]", "WHERE id = ' + id");
    assert.notEqual(edited, helper);
    writeFileSync(join(root, HELPER), edited);
    ok('scan', '-f', 'sarif', '--fail-on', 'never', '-o', 'edited-all.sarif');
    ok('scan', '-f', 'sarif', '--fail-on', 'never', '--summaries', 'before-edit.json', '-o', 'edited-one.sarif');
    shardedScan(3, 'before-edit.json', 'edited-merged.sarif');
  });

  it('gets the findings a fresh scan gives, from every shard together', () => {
    const fresh = log('edited-all.sarif').runs[0].results;
    const merged = log('edited-merged.sarif').runs[0].results;
    assert.ok(fresh.length > log('all.sarif').runs[0].results.length, 'the edit adds a finding');
    assert.ok(fresh.some((r) => r.locations[0].physicalLocation.artifactLocation.uri === ROUTE && r.locations[0].physicalLocation.region.startLine === 17), 'at the call of the helper that changed');
    assert.deepEqual(merged, fresh, 'same results, fingerprints included');
  });

  it('says in a note that the scan summarised it, in the shard that needed it, and once in the merged log', () => {
    const note = 'Cross-module summary made in this scan: the file changed since "rugged summaries" ran.';
    const routeShard = [1, 2, 3].find((k) => inShard(ROUTE, { index: k, count: 3 }));
    assert.ok(routeShard !== undefined);
    assert.deepEqual(notesOf(log(`edited-merged.sarif.${routeShard}.sarif`)).filter(([uri]) => uri === HELPER), [[HELPER, note]], 'the shard of the route analysed the helper itself');
    assert.deepEqual(notesOf(log('edited-merged.sarif')), [[HELPER, note]]);
    assert.equal(text('edited-merged.sarif'), text('edited-one.sarif'), 'the merged log is the log of one scan with the same summaries');
    assert.equal(repositoryUri(root, join(root, HELPER)), HELPER);
  });
});

describe('a summaries file the scan cannot use', () => {
  const good = () => JSON.parse(text('summaries.json')) as SummariesFile & Record<string, unknown>;
  const write = (name: string, value: unknown) => writeFileSync(join(root, name), typeof value === 'string' ? value : JSON.stringify(value));

  function refused(name: string, pattern: RegExp): void {
    const result = cli('scan', '-f', 'sarif', '--fail-on', 'never', '--shard', '1/2', '--summaries', name);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, pattern);
    assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
  }

  before(() => ok('summaries', '-o', 'summaries.json'));

  it('written by another Rugged version, or with other rules or rule options, is refused', () => {
    write('old.json', { ...good(), ruggedVersion: '0.0.1' });
    refused('old.json', /^rugged: cannot use --summaries old\.json: written by Rugged "0\.0\.1", this is Rugged \S+: run "rugged summaries" with the version that scans$/m);
    write('other.json', { ...good(), fingerprint: '0'.repeat(64) });
    refused('other.json', /made with other rules or rule options than this scan/);
    write('.rugged-off.json', '{ "rules": { "sql/no-string-built-query": "off" } }\n');
    const off = cli('scan', '--shard', '1/2', '--summaries', 'summaries.json', '--config', '.rugged-off.json');
    assert.equal(off.code, 2);
    assert.match(off.stderr, /other rules or rule options/);
  });

  it('serves a scan with another profile, since summaries do not depend on it', () => {
    const result = cli('scan', '-f', 'sarif', '--fail-on', 'never', '--profile', 'audit', '--shard', '1/1', '--summaries', 'summaries.json', '-o', 'audit-shard.sarif');
    assert.equal(result.code, 0, result.stderr);
    ok('scan', '-f', 'sarif', '--fail-on', 'never', '--profile', 'audit', '-o', 'audit-all.sarif');
    ok('sarif', 'merge', 'audit-shard.sarif', '-o', 'audit-merged.sarif');
    assert.equal(text('audit-merged.sarif'), text('audit-all.sarif'));
  });

  it('broken, missing or not a summaries file is refused', () => {
    write('cut.json', text('summaries.json').slice(0, 500));
    refused('cut.json', /cannot use --summaries cut\.json: not valid JSON/);
    write('sarif.json', text('all.sarif'));
    refused('sarif.json', /not a file written by "rugged summaries"/);
    refused('absent.json', /cannot use --summaries absent\.json: file not found/);
    const huge = good();
    huge.modules[0].sha256 = 'not a hash';
    write('hash.json', huge);
    refused('hash.json', /modules\[0\]: sha256 is not a SHA-256 in hex/);
  });

  it('naming a path outside the repository is refused, in a module or inside a summary', () => {
    for (const path of ['../outside/x.js', '/etc/passwd', 'a/../../x.js', 'a\\..\\x.js', './a.js', '']) {
      const file = good();
      file.modules[0].path = path;
      write('outside.json', file);
      refused('outside.json', /modules\[0\]: path .* is not a plain path inside the repository/);
    }
    const file = good();
    const index = file.modules.findIndex((m) => m.path === HELPER);
    file.modules[index].summary!.functions.findUser.sinks[0].steps[0].file = '../../../etc/shadow';
    write('outside-step.json', file);
    refused('outside-step.json', new RegExp(`modules\\[${index}\\]: the summary names "\\.\\./\\.\\./\\.\\./etc/shadow", not a plain path inside the repository`));
  });

  it('with an oversized field, or over the size cap, is refused', () => {
    const file = good();
    const index = file.modules.findIndex((m) => m.path === HELPER);
    file.modules[index].summary!.functions.findUser.sinks[0].data.sink = 'x'.repeat(70_000);
    write('long.json', file);
    refused('long.json', /the summary is not one Rugged writes \(a field is missing, mistyped or too large\)/);
    const many = good();
    many.modules[index].summary!.functions.findUser.sinks[0].steps = Array.from({ length: 10_001 }, () => ({ file: HELPER }));
    write('many.json', many);
    refused('many.json', /the summary is not one Rugged writes/);
    write('big.json', '');
    truncateSync(join(root, 'big.json'), 65 * 1024 * 1024);
    refused('big.json', /cannot use --summaries big\.json: too large/);
  });
});

describe('rugged summaries --previous', () => {
  before(() => ok('summaries', '-o', 'fresh.json'));

  it('gives the same file as a fresh run, before and after an edit', () => {
    ok('summaries', '--previous', 'fresh.json', '-o', 'again.json');
    assert.equal(text('again.json'), text('fresh.json'));
    const route = text(ROUTE);
    writeFileSync(join(root, HELPER), `// moved down a line\n${text(HELPER)}`);
    try {
      const result = cli('summaries', '--previous', 'fresh.json', '-o', 'after-edit.json');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /reused from fresh\.json/);
      ok('summaries', '-o', 'after-edit-fresh.json');
      assert.equal(text('after-edit.json'), text('after-edit-fresh.json'));
      assert.notEqual(text('after-edit.json'), text('fresh.json'));
    } finally {
      writeFileSync(join(root, HELPER), text(HELPER).replace('// moved down a line\n', ''));
      assert.equal(text(ROUTE), route);
    }
  });

  it('leaves aside a previous file of another version (a cache after an upgrade) or a missing one, and refuses a broken one', () => {
    writeFileSync(join(root, 'old-previous.json'), JSON.stringify({ ...(JSON.parse(text('fresh.json')) as object), ruggedVersion: '0.0.1' }));
    const old = cli('summaries', '--previous', 'old-previous.json', '-o', 'from-old.json');
    assert.equal(old.code, 0, old.stderr);
    assert.match(old.stderr, /--previous old-previous\.json not reused \(written by Rugged "0\.0\.1", this is Rugged \S+\): summarising every file/);
    assert.equal(text('from-old.json'), text('fresh.json'));
    const missing = cli('summaries', '--previous', 'no-such-cache.json', '-o', 'from-none.json');
    assert.equal(missing.code, 0, missing.stderr);
    assert.match(missing.stderr, /--previous no-such-cache\.json not found: summarising every file/);
    writeFileSync(join(root, 'cut-previous.json'), text('fresh.json').slice(0, 100));
    const cut = cli('summaries', '--previous', 'cut-previous.json');
    assert.equal(cut.code, 2);
    assert.match(cut.stderr, /cannot use --previous cut-previous\.json: not valid JSON/);
  });
});
