// The security tests the exercise's todo-notes and juice-bar-api stories propose, run as a team
// would run them: against the apps themselves (examples/todo-notes and examples/juice-bar-api, as
// committed), with their own packages (installed outside the checkout by
// scripts/setup-example-apps.sh) on SQLite databases seeded from each app's db/*.sql. Like the
// shop's (exerciseShopTests.test.ts), every proposed test must fail on the vulnerable app at its
// own assertions, then pass on a copy with the fix its story asks for (todoNotesFixes.ts,
// juiceBarFixes.ts) while the copy still serves the honest request. A test this machine cannot run
// (its app's packages are missing, or it needs a server that is not here) is listed as not run,
// with why: skipped here, and left out of the recorded TAP, so a report reads it as not run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyEdits, assertFailsAtItsAssertions, assertPasses, runProposedTest, tapOut, writePortReporter, writeTap, type Edit } from './exerciseAppRun';
import { removeDir, tempDir } from './helpers';
import { ADA as JUICE_ADA, DELUXE_API_KEY, GRACE_REVIEW, JUICE_FIXES } from './juiceBarFixes';
import { ADA, GRACE, TODO_FIXES, TODO_NOT_RUN } from './todoNotesFixes';

const REPO = resolve(__dirname, '..', '..');

/** Where scripts/setup-example-apps.sh installs each app's packages. */
const PACKAGES = process.env.RUGGED_EXAMPLE_APPS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'rugged', 'example-apps');

interface AppSpec {
  app: string;
  /** The app's own folders and files a copy needs to run. */
  parts: string[];
  /** The SQLite file, in the copy, that the app opens and the harness seeds. */
  database: string;
  fixes: readonly { test: string; edits: readonly Edit[]; honest: (base: string) => Promise<void>; requires?: () => string | undefined }[];
  notRun: ReadonlyMap<string, string>;
  /** The environment a team would set to run the app and its tests against the copy at `dir`. */
  env(dir: string): NodeJS.ProcessEnv;
}

const JUICE = join(REPO, 'examples', 'juice-bar-api');
/** The key written in the app, which the token test must see refused once the fix rotates it. */
const COMMITTED_KEY = /\bSIGNING_KEY = '([^']+)'/.exec(readFileSync(join(JUICE, 'src', 'security.js'), 'utf8'))?.[1];

const APPS: AppSpec[] = [
  {
    app: 'todo-notes',
    parts: ['src', 'db', 'uploads', 'package.json'],
    database: 'todos.db',
    fixes: TODO_FIXES,
    notRun: TODO_NOT_RUN,
    env: (dir) => ({
      TODO_DB: join(dir, 'todos.db'),
      SESSION_SECRET: 'session-secret-known-only-to-this-test',
      TEST_ACCOUNT_NAME: ADA.name,
      TEST_ACCOUNT_PASSWORD: ADA.password,
      ATTACKER_NAME: ADA.name,
      ATTACKER_PASSWORD: ADA.password,
      VICTIM_NAME: GRACE.name,
      VICTIM_PASSWORD: GRACE.password,
      PORT: '0',
    }),
  },
  {
    app: 'juice-bar-api',
    parts: ['src', 'db', 'ftp', 'package.json'],
    database: 'juice.db',
    fixes: JUICE_FIXES,
    notRun: new Map(),
    env: (dir) => ({
      DATABASE_URL: `sqlite://${join(dir, 'juice.db')}`,
      JWT_SIGNING_KEY: 'jwt-key-known-only-to-this-test',
      COMMITTED_KEY,
      DELUXE_API_KEY,
      ATTACKER_EMAIL: JUICE_ADA.email,
      ATTACKER_PASSWORD: JUICE_ADA.password,
      VICTIM_RECORD_ID: GRACE_REVIEW,
      PORT: '0',
    }),
  },
];

/**
 * Why the app's packages cannot be used, or undefined when they can: the setup script's stamp must
 * match the committed package.json and lock file, and every dependency must load (the native ones
 * are built on this machine, and a failed build leaves a package that cannot be required).
 */
function missingPackages(app: string): string | undefined {
  const source = join(REPO, 'examples', app);
  const installed = join(PACKAGES, app);
  const setup = 'run scripts/setup-example-apps.sh';
  const stamp = join(installed, '.installed');
  if (!existsSync(stamp)) return `its packages are not installed in ${installed} (${setup}; see ${join(installed, 'install.log')} if it failed)`;
  const expected = createHash('sha256')
    .update(Buffer.concat([readFileSync(join(source, 'package.json')), readFileSync(join(source, 'package-lock.json'))]))
    .digest('hex');
  if (readFileSync(stamp, 'utf8').trim() !== expected) return `the packages in ${installed} were installed from an older package.json or lock file (${setup})`;
  const names = Object.keys((JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  const check = 'for (const n of process.argv.slice(1)) { try { require(n); } catch (e) { console.log(n + ": " + e.message.split("\\n")[0]); } }';
  const result = spawnSync(process.execPath, ['-e', check, ...names], { cwd: installed, encoding: 'utf8' });
  const broken = result.stdout.trim();
  return broken ? `packages that do not load: ${broken.split('\n').join('; ')}` : undefined;
}

/** Creates the app's tables and test data afresh in `file`, with the app's own sqlite3 package. */
function seed(app: string, file: string): Promise<void> {
  const sqlite3 = createRequire(join(PACKAGES, app, 'package.json'))('sqlite3') as {
    Database: new (file: string) => { exec(sql: string, done: (error: Error | null) => void): void; close(done: (error: Error | null) => void): void };
  };
  const sql = ['schema.sql', 'seed.sql'].map((name) => readFileSync(join(REPO, 'examples', app, 'db', name), 'utf8')).join('\n');
  const db = new sqlite3.Database(file);
  return new Promise((done, fail) =>
    db.exec(sql, (error) =>
      db.close((closeError) => {
        const failed = error ?? closeError;
        if (failed) fail(failed);
        else done();
      }),
    ),
  );
}

for (const spec of APPS) {
  const source = join(REPO, 'examples', spec.app);
  const tests = join(REPO, 'examples', 'abuser-stories-exercise', spec.app, 'test', 'security');
  const files = readdirSync(tests).filter((name) => name.endsWith('.test.js'));
  const missing = missingPackages(spec.app);

  describe(`the ${spec.app} stories' proposed tests, run against the app and against its fixed copies`, () => {
    const root = tempDir(`exercise-${spec.app}`);
    after(() => removeDir(root));
    const vulnerable = join(root, 'vulnerable');
    const vulnerableTap: string[] = [];
    after(() => {
      const out = tapOut(spec.app);
      if (out && !missing) writeTap(out, { app: spec.app, copy: vulnerable, runs: vulnerableTap, notRun: spec.notRun });
    });

    /** A copy of the app at `dir` with `edits` applied, its packages and the proposed tests. */
    function copyApp(dir: string, edits: readonly Edit[]): string {
      for (const part of spec.parts) cpSync(join(source, part), join(dir, part), { recursive: true });
      applyEdits(dir, edits);
      symlinkSync(join(PACKAGES, spec.app, 'node_modules'), join(dir, 'node_modules'), 'dir');
      writePortReporter(dir);
      mkdirSync(join(dir, 'test'));
      cpSync(tests, join(dir, 'test', 'security'), { recursive: true });
      return dir;
    }

    /** Each run starts from the seeded data, so no test sees what another one wrote. */
    async function run(dir: string, file: string, honest?: (base: string) => Promise<void>) {
      await seed(spec.app, join(dir, spec.database));
      return runProposedTest({ dir, entry: 'src/app.js', file, env: spec.env(dir), honest });
    }

    before(() => {
      if (!missing) copyApp(vulnerable, []);
    });

    it('finds the proposed tests, and has a fix or a reason not to run each', () => {
      assert.ok(files.length >= 8, `expected the ${spec.app} proposed tests in ${tests}, found ${files.join(', ')}`);
      const covered = [...spec.fixes.map((f) => f.test), ...spec.notRun.keys()];
      assert.deepEqual(files.filter((file) => !covered.includes(file)), [], `no fix written: add the fix its story asks for to the app's fixes file`);
      assert.deepEqual(covered.filter((file) => !files.includes(file)), [], 'a fix or a reason for a test that is gone');
      assert.deepEqual(spec.fixes.map((f) => f.test).filter((file) => spec.notRun.has(file)), [], 'a test both fixed and not run');
    });

    for (const file of files) {
      const skip = spec.notRun.get(file) ?? (missing ? `not run: ${missing}` : false);
      it(`${file} fails on the vulnerable ${spec.app}, at its own assertions`, { skip }, async () => {
        const outcome = await run(vulnerable, file);
        vulnerableTap.push(outcome.output);
        assertFailsAtItsAssertions(outcome);
      });

      const fix = spec.fixes.find((f) => f.test === file);
      const fixedSkip = skip || (fix?.requires?.() ?? false);
      it(`${file} passes on a copy of ${spec.app} with its story's fix, which still serves the honest request`, { skip: fixedSkip }, async () => {
        assert.ok(fix, `no fix written for ${file}`);
        const dir = copyApp(join(root, `fixed-${file.replace(/\.test\.js$/, '')}`), fix.edits);
        assertPasses(await run(dir, file, fix.honest));
      });
    }
  });
}
