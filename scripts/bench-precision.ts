// Precision on real code: npm run bench:precision [-- --check] [--offline] [--packages a,b]
//   [--write-untriaged FILE] [--no-results]
// Fetches the pinned packages of bench/precision/apps.json into a cache outside the repository,
// scans each with default settings, matches every finding with its hand verdict in
// bench/precision/triage.json, prints precision per rule, per severity and overall, and writes
// bench/precision/RESULTS.md. --check exits 1 while any finding is untriaged. It downloads, so it
// is not part of npm test; test/bench/ runs the same code on a small slice written here.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensurePackage } from './precision/fetch';
import { cacheRoot, packageSpec, readPackages } from './precision/packages';
import { renderResults, type BenchRun } from './precision/report';
import { scanPackage } from './precision/scan';
import { precisionSection, writePrecisionSection } from './precision/ruleDocs';
import { compare, readTriage, stubFor, tallyBy, type PackageFinding } from './precision/triage';
import { allRules } from '../rules/index';
import { TOOL_VERSION } from '../server/src/shared/product';

const ROOT = join(__dirname, '..');
const BENCH = join(ROOT, 'bench', 'precision');
const DEFAULT_CONFIG_NAME = '.rugged-bench-defaults.json';

function main(): number {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
      packages: { type: 'string' },
      'write-untriaged': { type: 'string' },
      'no-results': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: npm run bench:precision -- [--check] [--offline] [--packages a,b] [--write-untriaged FILE] [--no-results]\n');
    return 0;
  }
  const only = values.packages ? new Set(values.packages.split(',').map((s) => s.trim())) : undefined;
  const packages = readPackages(join(BENCH, 'apps.json')).filter((p) => !only || only.has(p.name));
  const triage = readTriage(join(BENCH, 'triage.json'));
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const cache = cacheRoot();
  const run: BenchRun = { date: new Date().toISOString().slice(0, 10), ruggedVersion: TOOL_VERSION, packages: [], comparison: { judged: [], untriaged: [], stale: [] } };
  const findings: PackageFinding[] = [];
  for (const pkg of packages) {
    process.stderr.write(`${packageSpec(pkg)}: `);
    const folder = ensurePackage(cache, pkg, { offline: values.offline });
    // The empty configuration sits in the unpack folder (ours, not the package's), so that folder is
    // the project root: paths, fingerprints and the code-context policy read from there.
    const defaults = join(folder, DEFAULT_CONFIG_NAME);
    writeFileSync(defaults, '{}\n');
    const scan = scanPackage(join(ROOT, 'dist', 'cli.js'), folder, pkg.scan, defaults);
    process.stderr.write(`${scan.files} files, ${scan.lines} lines, ${scan.findings.length} findings\n`);
    run.packages.push({ pkg, scan });
    findings.push(...scan.findings.map((f) => ({ ...f, package: pkg.name })));
  }
  run.comparison = compare(findings, triage, new Set(packages.map((p) => p.name)));
  const markdown = renderResults(run);
  process.stdout.write(markdown);
  if (!values['no-results'] && !only) {
    writeFileSync(join(BENCH, 'RESULTS.md'), markdown);
    const byRule = tallyBy(run.comparison.judged, (f) => f.ruleId);
    const lines = run.packages.reduce((sum, p) => sum + p.scan.lines, 0);
    for (const rule of allRules) {
      writePrecisionSection(ROOT, rule.id, precisionSection(byRule.get(rule.id), { packages: run.packages.length, lines, date: run.date }));
    }
  }
  if (values['write-untriaged']) {
    writeFileSync(values['write-untriaged'], `${JSON.stringify({ entries: run.comparison.untriaged.map(stubFor) }, null, 2)}\n`);
    process.stderr.write(`wrote ${run.comparison.untriaged.length} stubs to ${values['write-untriaged']}\n`);
  }
  if (values.check && run.comparison.untriaged.length > 0) {
    process.stderr.write(`${run.comparison.untriaged.length} finding(s) have no verdict in bench/precision/triage.json\n`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`bench:precision: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
