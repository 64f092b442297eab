// The modules a case's code may `require`, each the real driver with its connection factories
// replaced by ones that hand back a connection to the harness's database. So `new Pool()` in a
// case is a real pg connection, `mysql.createConnection({})` a real mysqljs one, and so on; the
// drivers' own binding and formatting code runs unchanged. Connections are made on first use and
// kept for the whole suite.
import pg from 'pg';
import pgPromise from 'pg-promise';
import mysql from 'mysql';
import mysql2 from 'mysql2';
import knex, { type Knex } from 'knex';
import * as sequelizeModule from 'sequelize';
import type { Database as SqlJsDatabase } from 'sql.js';
import type { DatabaseFacts } from './databases';
import { mssqlModule, oracledbModule } from './emulatedDrivers';
import { taggedQuery, unsafeQuery } from './prismaParameters';
import { queryBuilder } from './typeormBuilder';
import { betterSqlite3Module, sqlite3Module } from './sqliteShims';

export interface DriverModules {
  require(specifier: string): unknown;
  close(): Promise<void>;
}

/** A constructor that returns the given object, so `new Pool(config)` yields the shared connection. */
function constructorReturning(make: (...args: unknown[]) => object): new (...args: unknown[]) => object {
  return function Shared(...args: unknown[]) {
    return make(...args);
  } as unknown as new (...args: unknown[]) => object;
}

function mysqlDialectOf(value: unknown): 'mariadb' | 'postgres' {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? {});
  return /postgres|\bpg\b/.test(text) ? 'postgres' : 'mariadb';
}

export function driverModules(facts: DatabaseFacts, pgClient: pg.Client, sqlite: SqlJsDatabase): DriverModules {
  const closers: Array<() => Promise<unknown>> = [];
  const cache = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T, close?: (value: T) => Promise<unknown>): T => {
    if (!cache.has(key)) {
      const value = make();
      cache.set(key, value);
      if (close) closers.push(() => close(value));
    }
    return cache.get(key) as T;
  };
  const maria = { ...facts.mariadb };

  const mysqljsConnection = () => once('mysql', () => mysql.createConnection(maria), (c) => new Promise((done) => c.end(done)));
  const mysql2Connection = () => once('mysql2', () => mysql2.createConnection(maria), (c) => new Promise((done) => c.end(done)));
  const knexFor = (client: string): Knex =>
    once(`knex:${client}`, () => {
      if (client === 'pg' || client === 'postgres' || client === 'postgresql') return knex({ client: 'pg', connection: facts.postgres, pool: { min: 0, max: 1 } });
      return knex({ client: client === 'mysql' ? 'mysql' : 'mysql2', connection: maria, pool: { min: 0, max: 1 } });
    }, (k) => k.destroy());
  const sequelizeFor = (dialect: 'postgres' | 'mariadb') =>
    once(`sequelize:${dialect}`, () => {
      const db = dialect === 'postgres' ? facts.postgres : maria;
      return new sequelizeModule.Sequelize(db.database, db.user, db.password, {
        host: db.host,
        port: db.port,
        // Sequelize's mysql dialect (through mysql2) is what applications use against MariaDB too.
        dialect: dialect === 'postgres' ? 'postgres' : 'mysql',
        logging: false,
        pool: { max: 1, min: 0 },
      });
    }, (s) => s.close());
  const pgpDb = () => {
    const pgp = once('pgp', () => pgPromise({ noWarnings: true }), (p) => Promise.resolve(p.end()));
    return once('pgp-db', () => pgp({ ...facts.postgres, max: 1 }));
  };

  const modules: Record<string, () => unknown> = {
    pg: () => ({ ...pg, Pool: constructorReturning(() => pgClient), Client: constructorReturning(() => pgClient) }),
    'pg-pool': () => constructorReturning(() => pgClient),
    'pg-promise': () => () => () => pgpDb(),
    mysql: () => ({ ...mysql, createConnection: mysqljsConnection, createPool: () => poolOf(mysqljsConnection()) }),
    mysql2: () => ({ ...mysql2, createConnection: mysql2Connection, createPool: () => poolOf(mysql2Connection()) }),
    'mysql2/promise': () => ({ createConnection: () => Promise.resolve(mysql2Connection().promise()), createPool: () => mysql2Connection().promise() }),
    knex: () => (config: { client?: string }) => knexFor(config.client ?? 'pg'),
    sequelize: () => ({ ...sequelizeModule, Sequelize: constructorReturning((url, options) => sequelizeFor(mysqlDialectOf(options ?? url))) }),
    'better-sqlite3': () => betterSqlite3Module(sqlite),
    sqlite3: () => sqlite3Module(sqlite),
    // TypeORM and Prisma are not installed; their raw-query calls are emulated over the real
    // connections with each library's documented binding (pass-through arrays, one parameter
    // object per TypeORM query builder (typeormBuilder.ts); $n declared with
    // the type of its JavaScript value for Prisma, prismaParameters.ts).
    typeorm: () => ({ DataSource: constructorReturning((options) => typeormDataSource(options, pgClient, mysql2Connection)) }),
    '@prisma/client': () => ({ PrismaClient: constructorReturning(() => prismaClient(pgClient)) }),
    mssql: () => mssqlModule(pgClient),
    oracledb: () => oracledbModule(pgClient),
  };

  return {
    require(specifier: string) {
      const make = modules[specifier];
      if (!make) throw new Error(`the harness offers no module "${specifier}" to cases`);
      return once(`module:${specifier}`, make);
    },
    async close() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
    },
  };
}

/** A pool of the one shared connection: its own query methods plus getConnection and release. */
function poolOf<T extends object>(connection: T): T {
  const lent = Object.assign(Object.create(connection) as T, { release: () => undefined });
  return Object.assign(Object.create(connection) as T, {
    getConnection: (callback: (error: Error | null, connection: T) => void) => setImmediate(() => callback(null, lent)),
  });
}

function typeormDataSource(options: unknown, pgClient: pg.Client, mysqlConnection: () => mysql2.Connection): object {
  const postgres = mysqlDialectOf((options as { type?: string } | undefined)?.type) === 'postgres';
  const run = async (sql: string, parameters?: unknown[]): Promise<unknown[]> => {
    if (postgres) return (await pgClient.query<Record<string, unknown>>(sql, parameters)).rows;
    const [rows] = await mysqlConnection().promise().query(sql, parameters);
    return rows as unknown[];
  };
  const target = { run, placeholder: postgres ? (index: number) => `$${index + 1}` : () => '?' };
  // An entity is named by its table here: createQueryBuilder('orders', 'o').
  const builderOf = (table: unknown, alias: string) => queryBuilder(String(table), alias, target);
  return {
    initialize: () => Promise.resolve(),
    query: run,
    createQueryBuilder: builderOf,
    getRepository: (table: unknown) => ({ createQueryBuilder: (alias: string) => builderOf(table, alias) }),
  };
}

function prismaClient(pgClient: pg.Client): object {
  // Prisma declares every parameter's type from its JavaScript value (prismaParameters.ts).
  const run = async (query: { text: string; values: unknown[] }) => pgClient.query<Record<string, unknown>>(query.text, query.values);
  return {
    $queryRawUnsafe: async (sql: string, ...values: unknown[]) => (await run(unsafeQuery(sql, values))).rows,
    $executeRawUnsafe: async (sql: string, ...values: unknown[]) => (await run(unsafeQuery(sql, values))).rowCount,
    $queryRaw: async (strings: TemplateStringsArray, ...values: unknown[]) => (await run(taggedQuery(strings, values))).rows,
    $executeRaw: async (strings: TemplateStringsArray, ...values: unknown[]) => (await run(taggedQuery(strings, values))).rowCount,
  };
}
