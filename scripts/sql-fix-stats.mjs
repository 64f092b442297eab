// Counts the SQL quick fixes Rugged offers and withholds, per driver, over every invalid case of
// the SQL rule tests and over the files of examples/ and test/fixtures/. Run it before and after a
// change to the rewrites: `node --import tsx scripts/sql-fix-stats.mjs [--json]`.
// The driver of a finding is read from the modules its file imports (the first SQL one).
import Module from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The rule tests import test/ruleTester, which would run them under node:test; here that import
// gives a collector that only keeps their invalid cases.
const cases = [];
const collector = {
  runRuleTests(rule, tests) {
    for (const c of tests.invalid) cases.push({ ruleId: rule.id, code: c.code, filename: c.filename ?? 'file.js', options: c.options });
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/(^|\/)test\/ruleTester(\.ts)?$/.test(request)) return collector;
  return load.call(this, request, ...rest);
};

const { analyze } = await import('../server/src/engine/run.ts');
const { defaultEngineConfig } = await import('../server/src/engine/config.ts');
const { driverOfModule } = await import('../rules/util/sqlDrivers.ts');
const { allRules } = await import('../rules/index.ts');

const SQL_RULES = allRules.filter((r) => r.id.startsWith('sql/') && !r.id.includes('mongo') && r.meta.fix);

const testFiles = [
  ...readdirSync('rules/sql').filter((n) => n.endsWith('.test.ts')).sort().map((n) => `../rules/sql/${n}`),
  // The fix-correctness cases of issue 15, when present.
  ...readdirSync('rules/util').filter((n) => n === 'sqlRewrites.test.ts').map((n) => `../rules/util/${n}`),
];
for (const file of testFiles) await import(file);

function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(m?js|ts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}
const files = [...sourceFiles('examples'), ...sourceFiles('test/fixtures')].sort();
const inputs = [
  ...cases.map((c) => ({ code: c.code, filename: c.filename, ruleIds: [c.ruleId], options: c.options, from: 'tests' })),
  ...files.map((f) => ({ code: readFileSync(f, 'utf8'), filename: f, ruleIds: SQL_RULES.map((r) => r.id), from: 'examples' })),
];

function driverOf(code) {
  for (const match of code.matchAll(/(?:require\(\s*|from\s+)['"]([^'"]+)['"]/g)) {
    const driver = driverOfModule(match[1]);
    if (driver) return driver;
  }
  return 'unknown';
}

const table = new Map();
const row = (from, driver) => {
  const key = `${from}\u0000${driver}`;
  if (!table.has(key)) table.set(key, { from, driver, findings: 0, offered: 0, withheld: 0, none: 0 });
  return table.get(key);
};
for (const input of inputs) {
  const rules = SQL_RULES.filter((r) => input.ruleIds.includes(r.id));
  const config = defaultEngineConfig();
  for (const rule of rules) if (input.options) config.rules[rule.id] = { options: input.options };
  const result = analyze(input.code, input.filename, { rules, config, today: '2026-01-01' });
  const driver = driverOf(input.code);
  for (const finding of result.findings.filter((f) => f.ruleId.startsWith('sql/'))) {
    const r = row(input.from, driver);
    r.findings++;
    if (finding.fixes.length > 0) r.offered++;
    else if (finding.fixWithheld) r.withheld++;
    else r.none++;
  }
}

const rows = [...table.values()].sort((a, b) => a.from.localeCompare(b.from) || a.driver.localeCompare(b.driver));
const total = rows.reduce((t, r) => ({ findings: t.findings + r.findings, offered: t.offered + r.offered, withheld: t.withheld + r.withheld, none: t.none + r.none }), { findings: 0, offered: 0, withheld: 0, none: 0 });
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ rows, total }, null, 2));
} else {
  console.log(`${cases.length} test cases, ${files.length} example/fixture files`);
  console.log('source    driver          findings  offered  withheld  no-fix');
  for (const r of [...rows, { from: 'all', driver: '', ...total }]) {
    console.log(`${r.from.padEnd(9)} ${r.driver.padEnd(15)} ${String(r.findings).padStart(8)} ${String(r.offered).padStart(8)} ${String(r.withheld).padStart(9)} ${String(r.none).padStart(7)}`);
  }
}
