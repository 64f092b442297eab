// Regenerates examples/abuser-stories-exercise/: 27 abuser stories raised with `rugged story --yes`
// on the example shop and the two deliberately vulnerable example apps, as a product owner and a
// security lead would (realistic selections, goals, prerequisites and assets), then the evidence
// report in Markdown and HTML. Each app is copied to a temporary folder first, so the examples stay
// as they are and the stories quote paths relative to the app.
// Run: node --import tsx scripts/abuser-stories-exercise.ts [--out <folder>] [--test-runs <folder>]
// (--out writes elsewhere, so a change can be tried without touching the committed example;
// --test-runs reads each app's recorded test run, <app>.tap, from elsewhere than the example's test-runs)
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../server/src/cli/main';

const REPO = resolve(__dirname, '..');
const outFlag = process.argv.indexOf('--out');
const OUT = outFlag > 0 && process.argv[outFlag + 1] ? resolve(process.argv[outFlag + 1]) : join(REPO, 'examples', 'abuser-stories-exercise');
const runsFlag = process.argv.indexOf('--test-runs');
const TEST_RUNS = runsFlag > 0 && process.argv[runsFlag + 1] ? resolve(process.argv[runsFlag + 1]) : join(REPO, 'examples', 'abuser-stories-exercise', 'test-runs');
/** One clock for the run: the reports are dated the day the stories are raised (UTC, as both record it). */
const TODAY = new Date().toISOString().slice(0, 10);

interface Spec {
  /** File relative to the app. */
  file: string;
  /** The selection: from the line holding `from` to the route's closing `});` (or `to` lines more). */
  from: string;
  to?: number;
  args?: string[];
}

const APPS: Record<string, Spec[]> = {
  'express-shop': [
    { file: 'src/routes/products.js', from: "router.get('/search'", args: ['--asset', 'the product catalogue and the customer tables in the same database'] },
    { file: 'src/routes/products.js', from: "router.get('/:id'", args: ['--asset', 'the product catalogue and the customer tables in the same database'] },
    { file: 'src/routes/orders.js', from: "router.get('/'", args: ['--prerequisites', 'with a customer account', '--asset', "customers' orders"] },
    { file: 'src/routes/reports.js', from: "router.get('/sales'", args: ['--prerequisites', 'with a staff account', '--asset', 'sales figures and customer records'] },
    { file: 'src/routes/admin.js', from: "router.post('/exports'", args: ['--prerequisites', 'with a staff account or a stolen staff session', '--asset', 'the shop server and its database credentials'] },
    { file: 'src/routes/admin.js', from: "router.get('/exports/:file'", args: ['--asset', 'order archives and the server configuration files'] },
    { file: 'src/routes/account.js', from: "router.post('/login'", args: ['--rule', 'session/no-predictable-token', '--asset', 'customer accounts'] },
    { file: 'src/routes/account.js', from: "router.post('/login'", args: ['--rule', 'session/no-insecure-session-cookie', '--asset', 'customer sessions'] },
    { file: 'src/routes/account.js', from: "router.post('/register'", args: ['--asset', "customers' passwords, reused on their mail and bank accounts"] },
  ],
  'todo-notes': [
    { file: 'src/routes/todos.js', from: "router.get('/search'", args: ['--asset', "every user's todos"] },
    // The answer echoes the todo's text, and no route shows stored todos as HTML: the rule's reflected
    // story, not a stored-script goal, is what this code holds.
    { file: 'src/routes/todos.js', from: "router.post('/'", args: ['--asset', "users' sessions and todos"] },
    { file: 'src/routes/todos.js', from: "router.post('/export'", args: ['--prerequisites', 'with any user account', '--asset', 'the todo server and its files'] },
    { file: 'src/routes/todos.js', from: "router.get('/lists'", args: ['--asset', "every user's shared lists"] },
    { file: 'src/routes/files.js', from: "router.get('/'", args: ['--asset', 'attachments and the server configuration files'] },
    { file: 'src/routes/session.js', from: "router.post('/login'", args: ['--rule', 'unsafe-api/no-open-redirect', '--asset', 'user accounts'] },
    { file: 'src/routes/session.js', from: "router.get('/remember'", args: ['--asset', 'the todo server'] },
    { file: 'src/routes/admin.js', from: "router.post('/bulk-close'", args: ['--prerequisites', 'with any user account (the route checks no role)', '--asset', 'the todo server'] },
    { file: 'src/app.js', from: 'app.use(session(', to: 0, args: ['--rule', 'session/no-hardcoded-secret', '--asset', 'every user session'] },
  ],
  'juice-bar-api': [
    { file: 'src/routes/users.js', from: "router.post('/login'", args: ['--asset', 'every account, administrators included'] },
    { file: 'src/routes/products.js', from: "router.get('/search'", args: ['--asset', 'the user table, reachable through the product search'] },
    {
      file: 'src/routes/users.js',
      from: "router.post('/register'",
      args: ['--goal', 'i-plaintext-password', '--actor', 'attacker holding a copy of the database (a leaked backup or an injection elsewhere)', '--goal-text', 'read the passwords the registration stores as they were typed', '--harm', 'I log in as every customer and try their passwords on other sites', '--asset', "customers' passwords", '--stride', 'I'],
    },
    { file: 'src/routes/users.js', from: "router.get('/deluxe'", args: ['--asset', 'the deluxe membership API'] },
    {
      file: 'src/routes/products.js',
      from: "router.patch('/reviews/:id'",
      args: ['--goal', 't-others-record', '--goal-text', "change another customer's product review by sending its id", '--harm', 'I put words in their name and ruin a product\'s rating', '--prerequisites', 'with a customer account', '--asset', 'product reviews', '--stride', 'T'],
    },
    { file: 'src/routes/admin.js', from: "router.get('/users'", args: ['--asset', 'the user list'] },
    { file: 'src/routes/admin.js', from: "router.get('/partner/orders'", args: ['--asset', "partners' orders"] },
    { file: 'src/routes/files.js', from: "router.get('/ftp/:file'", args: ['--asset', 'confidential documents and the server configuration'] },
    { file: 'src/routes/files.js', from: "router.post('/orders/import'", args: ['--asset', 'server files and internal services reachable from the API'] },
  ],
};

/** `A-B` for a spec: the line holding `from`, to the route's closing line (or `to` lines further). */
function linesOf(text: string, spec: Spec): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(spec.from));
  if (start < 0) throw new Error(`${spec.file}: no line holds ${spec.from}`);
  if (spec.to !== undefined) return `${start + 1}-${start + 1 + spec.to}`;
  const end = lines.findIndex((l, i) => i > start && l.trimEnd() === '});');
  return `${start + 1}-${(end < 0 ? start : end) + 1}`;
}

async function cli(cwd: string, argv: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd, env: {} };
  const code = await run(argv, io, { today: TODAY });
  if (code > 1) throw new Error(`rugged ${argv.join(' ')} failed (${code}): ${stderr}`);
  return stdout;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'rugged-exercise-'));
  try {
    let count = 0;
    for (const [app, specs] of Object.entries(APPS)) {
      const root = join(work, app);
      cpSync(join(REPO, 'examples', app), root, { recursive: true });
      for (const spec of specs) {
        const lines = linesOf(readFileSync(join(root, spec.file), 'utf8'), spec);
        await cli(root, ['story', spec.file, '--lines', lines, '--yes', '--write-test', ...(spec.args ?? [])]);
        count += 1;
      }
      const out = join(OUT, app);
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      cpSync(join(root, 'backlog'), join(out, 'backlog'), { recursive: true });
      if (existsSync(join(root, 'test'))) cpSync(join(root, 'test'), join(out, 'test'), { recursive: true });
      // The reports' snapshots carry the run's date: the committed report is the point, not its history.
      rmSync(join(out, 'backlog', 'reports'), { recursive: true, force: true });
      // The last run of the app's proposed tests against the app itself, where one was recorded
      // (test/backlog/exerciseShopTests.test.ts and exerciseAppTests.test.ts with
      // RUGGED_EXERCISE_TAP_DIR set to the test-runs folder): the report's evidence.
      const results = join(TEST_RUNS, `${app}.tap`);
      // Copied to where it sits beside the app in the committed example, so the report names the file a
      // reader finds there (`../test-runs/<app>.tap`), not this machine's path.
      if (existsSync(results)) {
        mkdirSync(join(work, 'test-runs'), { recursive: true });
        cpSync(results, join(work, 'test-runs', `${app}.tap`));
      }
      const evidence = existsSync(results) ? ['--test-results', `../test-runs/${app}.tap`] : [];
      writeFileSync(join(out, 'report.md'), await cli(root, ['report', '--format', 'md', ...evidence]));
      writeFileSync(join(out, 'report.html'), await cli(root, ['report', '--format', 'html', ...evidence]));
    }
    process.stdout.write(`raised ${count} abuser stories into ${OUT}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
