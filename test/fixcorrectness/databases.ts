// Where the harness's databases are and how it talks to them: starts them through
// scripts/setup-databases.sh (as the end-to-end suite starts code-server), reads the connection
// facts it wrote, and gives one administrative connection per dialect to reseed and inspect.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import mysql2 from 'mysql2/promise';
import initSqlJs, { type Database as SqlJsDatabase } from 'sql.js';
import { GUARDED_QUERY, recreateStatements, refillStatements, SEED_TABLES, type Dialect } from './seed';

export const REPO_ROOT = join(__dirname, '..', '..');
const INFO_FILE = join(REPO_ROOT, '.cache', 'databases.json');
const SETUP = 'bash scripts/setup-databases.sh';

export interface ConnectionFacts {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface DatabaseFacts {
  postgres: ConnectionFacts;
  mariadb: ConnectionFacts;
}

/**
 * Starts the databases when they are not running (quick when they are). A failure names the
 * script to run by hand, so a filtered run on a machine without them says what to do.
 */
export function ensureDatabases(): DatabaseFacts {
  const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'setup-databases.sh')], { stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(INFO_FILE)) {
    throw new Error(`PostgreSQL and MariaDB are not available: run \`${SETUP}\` as root (see its output above) and rerun the tests`);
  }
  return JSON.parse(readFileSync(INFO_FILE, 'utf8')) as DatabaseFacts;
}

/** The administrative side of one database: reseeding and the state an injection must not change. */
export interface SeededDatabase {
  dialect: Dialect;
  reseed(): Promise<void>;
  /** Row counts per table (or "missing") and the guarded columns, as one comparable string. */
  state(): Promise<string>;
  close(): Promise<void>;
}

export async function openPostgres(facts: ConnectionFacts): Promise<{ admin: SeededDatabase; client: pg.Client }> {
  const admin = new pg.Client({ ...facts });
  await admin.connect();
  await admin.query('SET client_min_messages = warning');
  const exists = async (table: string) => (await admin.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [table])).rows[0]?.t != null;
  const run = async (statements: string[]) => void (await admin.query(statements.join(';\n')));
  return {
    client: admin,
    admin: {
      dialect: 'postgres',
      reseed: async () => run(await allExist(exists) ? refillStatements('postgres') : recreateStatements('postgres')),
      state: async () =>
        describeState(
          await countRows(exists, async (t) => Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0].n)),
          async () => (await admin.query<Record<string, unknown>>(GUARDED_QUERY)).rows,
        ),
      close: () => admin.end(),
    },
  };
}

export async function openMariadb(facts: ConnectionFacts): Promise<SeededDatabase> {
  const admin = await mysql2.createConnection({ ...facts, multipleStatements: false });
  const exists = async (table: string) => {
    const [rows] = await admin.query('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [table]);
    return Number((rows as Array<{ n: number }>)[0].n) > 0;
  };
  const run = async (statements: string[]) => {
    for (const statement of statements) await admin.query(statement);
  };
  return {
    dialect: 'mariadb',
    reseed: async () => run(await allExist(exists) ? refillStatements('mariadb') : recreateStatements('mariadb')),
    state: async () =>
      describeState(
        await countRows(exists, async (t) => Number(((await admin.query(`SELECT COUNT(*) AS n FROM ${t}`))[0] as Array<{ n: number }>)[0].n)),
        async () => (await admin.query(GUARDED_QUERY))[0] as unknown[],
      ),
    close: () => admin.end(),
  };
}

/** SQLite in memory through sql.js (no native build); the case's driver shims share this handle. */
export async function openSqlite(): Promise<{ admin: SeededDatabase; db: SqlJsDatabase }> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  const exists = (table: string) => Promise.resolve(db.exec(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '${table}'`).length > 0);
  const rowsOf = (sql: string) => {
    const [result] = db.exec(sql);
    return result ? result.values.map((values) => Object.fromEntries(result.columns.map((c, i) => [c, values[i]]))) : [];
  };
  return {
    db,
    admin: {
      dialect: 'sqlite',
      reseed: async () => void db.exec((await allExist(exists) ? refillStatements('sqlite') : recreateStatements('sqlite')).join(';\n')),
      state: async () => describeState(await countRows(exists, (t) => Promise.resolve(Number(rowsOf(`SELECT COUNT(*) AS n FROM ${t}`)[0].n))), () => Promise.resolve(rowsOf(GUARDED_QUERY))),
      close: () => Promise.resolve(db.close()),
    },
  };
}

async function allExist(exists: (table: string) => Promise<boolean>): Promise<boolean> {
  for (const table of SEED_TABLES) if (!(await exists(table))) return false;
  return true;
}

async function countRows(exists: (table: string) => Promise<boolean>, count: (table: string) => Promise<number>): Promise<Record<string, number | 'missing'>> {
  const counts: Record<string, number | 'missing'> = {};
  for (const table of SEED_TABLES) counts[table] = (await exists(table)) ? await count(table) : 'missing';
  return counts;
}

async function describeState(counts: Record<string, number | 'missing'>, guarded: () => Promise<unknown[]>): Promise<string> {
  // Booleans come back as true, 1 or '1' depending on the driver; the comparison is within one dialect.
  const rows = counts.users === 'missing' ? 'missing' : await guarded().catch((error: Error) => `unreadable: ${error.message}`);
  return JSON.stringify({ counts, guarded: rows });
}
