import { runRuleTests } from '../../test/ruleTester';
import rule from './no-string-built-query';

const PG = "const { Pool } = require('pg');\nconst pool = new Pool();\n";
const MYSQL = "const mysql = require('mysql2');\nconst conn = mysql.createConnection({});\n";
const SQLITE3 = "const sqlite3 = require('sqlite3').verbose();\nconst db = new sqlite3.Database(':memory:');\n";
const BETTER = "const Database = require('better-sqlite3');\nconst db = new Database('app.db');\n";
const PRISMA = "const { PrismaClient } = require('@prisma/client');\nconst prisma = new PrismaClient();\n";
const SEQUELIZE = "const { Sequelize, QueryTypes } = require('sequelize');\nconst sequelize = new Sequelize('sqlite::memory:');\n";
const MSSQL = "const sql = require('mssql');\n";
const ORACLE = "const oracledb = require('oracledb');\n";
const KNEX = "const knex = require('knex')({ client: 'pg' });\n";
const PGP = "const pgp = require('pg-promise')();\nconst db = pgp(process.env.DATABASE_URL);\n";
const TYPEORM = "import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'postgres' });\n";
const TYPEORM_MYSQL = "import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'mysql' });\n";

/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.get('/users', async (req, res) => {\n  ${body}\n});\n`;

runRuleTests(rule, {
  valid: [
    // A finished query's text (its bindings passed alongside) plus a constant statement builds nothing from input.
    MSSQL + "class Store {\n  constructor(config) { this.client = new sql.ConnectionPool(config); }\n  async runPrepared(query, returnId) {\n  const request = this.client.request();\n  query.bindings.forEach((value, i) => request.input(`p${i}`, value));\n  const text = returnId ? `${query.sql}; SELECT SCOPE_IDENTITY() AS id;` : query.sql;\n  return request.query(text);\n}\n}\n",
    // The safe version of every driver's invalid case.
    PG + route("await pool.query('SELECT * FROM users WHERE id = $1', [req.query.id]);"),
    PG + route("await pool.query({ text: 'SELECT * FROM users WHERE id = $1', values: [req.query.id] });"),
    MYSQL + route("conn.query('SELECT * FROM users WHERE name LIKE ?', [`%${req.query.q}%`], (err, rows) => res.json(rows));"),
    MYSQL + route("conn.execute('SELECT * FROM users WHERE id = ?', [req.params.id]);"),
    SQLITE3 + route("db.all('SELECT * FROM t WHERE a = ?', [req.params.a], (err, rows) => res.json(rows));"),
    BETTER + route("res.json(db.prepare('SELECT * FROM users WHERE id = ?').get(req.params.id));"),
    BETTER + "db.exec('CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT)');\n",
    PRISMA + route('res.json(await prisma.$queryRaw`SELECT * FROM "User" WHERE email = ${req.query.email}`);'),
    PRISMA + route("await prisma.$executeRawUnsafe('DELETE FROM sessions WHERE user_id = $1', req.params.id);"),
    SEQUELIZE + route("res.json(await sequelize.query('SELECT * FROM users WHERE name = :name', { replacements: { name: req.query.name }, type: QueryTypes.SELECT }));"),
    MSSQL + route("const pool = await sql.connect(config);\n  await pool.request().input('id', sql.Int, req.query.id).query('SELECT * FROM users WHERE id = @id');"),
    MSSQL + route('const pool = await sql.connect(config);\n  await pool.request().query`SELECT * FROM users WHERE id = ${req.query.id}`;'),
    ORACLE + route("const connection = await oracledb.getConnection(config);\n  await connection.execute('SELECT * FROM users WHERE id = :id', { id: req.query.id });"),
    KNEX + route("await knex.raw('SELECT * FROM users ORDER BY ?? LIMIT ?', [req.query.sort, Number(req.query.n)]);"),
    PGP + route("await db.any('SELECT * FROM users WHERE id = $1', [req.query.id]);"),
    TYPEORM + route("await dataSource.query('SELECT * FROM users WHERE name = $1', [req.query.name]);"),
    // Constant SQL, even when assembled: table names from constants, numbers from parseInt.
    PG + "const TABLE = 'users';\nconst COLUMNS = ['id', 'name'].join(', ');\n" + route('await pool.query(`SELECT ${COLUMNS} FROM ${TABLE} WHERE id = ${parseInt(req.query.id, 10)}`);'),
    PG + "let sql = 'SELECT * FROM users';\nif (process.env.ONLY_ACTIVE) sql += ' WHERE active';\npool.query(sql);\n",
    // A query that is handed in whole, without building it here, is not this rule's business.
    PG + 'function run(text, values) {\n  return pool.query(text, values);\n}\n',
    // Unknown receivers with text that is not SQL.
    'function other(db, id) {\n  return db.query(`hello ${id}`);\n}\n',
    'function cached(cache, key) {\n  return cache.get("user:" + key);\n}\n',
    // pg-format quotes %I identifiers and %L literals itself.
    PG + "const format = require('pg-format');\n" + route("await pool.query(format('SELECT * FROM %I WHERE id = %L', req.query.table, req.query.id));"),
    // A file importing pg does not make every `query` SQL: this one is GraphQL.
    "import pg from 'pg';\nexport function user(client, id) {\n  return client.query('{ user(id: ' + id + ') { name } }');\n}\n",
    // Things called query/exec that are not SQL at all.
    'function find(id) {\n  return $.query("SELECT * FROM users WHERE id = " + id);\n}\n',
    "const cp = require('child_process');\nfunction list(dir) {\n  cp.exec('select * from files where dir = ' + dir);\n}\n",
    'function match(text) {\n  return /select .* from (\\w+)/i.exec("select * from " + text);\n}\n',
    'function search(params, key) {\n  return new URLSearchParams(params).get("select * from t where a = " + key);\n}\n',
    // A prepared statement's methods take values, not SQL.
    BETTER + "const stmt = db.prepare('INSERT INTO logs (msg) VALUES (?)');\nfunction log(a, b) {\n  stmt.run(a + ': ' + b);\n}\n",
    // knex.raw inside a builder call is the query-builder rule's finding.
    KNEX + route("await knex('users').where(knex.raw(`id = ${req.query.id}`));"),
    // Checks the engine's guard model recognises: an allowlist, a numeric check, an anchored pattern, a switch, a positive branch.
    MYSQL + route("const id = req.query.id;\n  if (!/^[0-9]+$/.test(id)) return res.sendStatus(400);\n  conn.query('SELECT * FROM users WHERE id = ' + id);"),
    MYSQL + route("const n = req.query.n;\n  if (!Number.isInteger(n)) throw new Error('n');\n  conn.query('SELECT * FROM users LIMIT ' + n);"),
    MYSQL + route("const kind = req.query.kind;\n  if (!KINDS.has(kind)) return next(new Error('kind'));\n  conn.query(`SELECT * FROM users WHERE kind = '${kind}'`);").replace('app.get', "const KINDS = new Set(['a', 'b']);\napp.get").replace('(req, res)', '(req, res, next)'),
    MYSQL + route("const kind = req.query.kind;\n  switch (kind) {\n    case 'a':\n    case 'b':\n      break;\n    default:\n      return res.sendStatus(400);\n  }\n  conn.query(`SELECT * FROM users WHERE kind = '${kind}'`);"),
    MYSQL + route("const kind = req.query.kind;\n  if (['a', 'b'].includes(kind)) {\n    conn.query(`SELECT * FROM users WHERE kind = '${kind}'`);\n  }"),
    // Driver-escaped identifiers and values, and constants, concatenated: not built from input.
    MYSQL + "export function rowsOf(table, id) {\n  return conn.query('SELECT * FROM ' + conn.escapeId(table) + ' WHERE id = ' + conn.escape(id));\n}\n",
    PG + "export function count(client, table) {\n  return client.query(`SELECT count(*) FROM ${client.escapeIdentifier(table)} WHERE kind = ${client.escapeLiteral('a')}`);\n}\n",
    SEQUELIZE + "export function drop(table) {\n  return sequelize.query('DROP TABLE ' + sequelize.getQueryInterface().quoteIdentifier(table));\n}\n",
    "export class Runner {\n  async clear(tableName) {\n    await this.query(`TRUNCATE TABLE ${this.escapePath(tableName)}`);\n  }\n}\n",
    "export class Repo {\n  async exists(name) {\n    return this.driver.query('SELECT 1 FROM ' + this.driver.escape(name));\n  }\n}\n",
    KNEX + "export function columnsOf(table) {\n  return knex.raw('SELECT * FROM ?? LIMIT 1', [table]);\n}\n",
    // Sub-query text a builder produced, with its values bound as parameters.
    TYPEORM + "export async function count(repo, status) {\n  const qb = repo.createQueryBuilder('u').where('u.status = :status', { status });\n  return dataSource.query(`SELECT count(*) FROM (${qb.getQuery()}) t`, Object.values(qb.getParameters()));\n}\n",
    KNEX + "export function wrapped(builder) {\n  const { sql, bindings } = builder.toSQL();\n  return knex.raw(`SELECT * FROM (${builder.toQuery()}) AS sub`);\n}\n",
    // Placeholder lists: one constant per element, values bound.
    MYSQL + "export function byIds(ids) {\n  return conn.query('SELECT * FROM users WHERE id IN (' + ids.map(() => '?').join(', ') + ')', ids);\n}\n",
    PG + "export function byIds(ids) {\n  return pool.query(`SELECT * FROM users WHERE id IN (${ids.map((_, i) => '$' + (i + 1)).join(', ')})`, ids);\n}\n",
    // ORM metadata: table and column names derived from the entity classes in code.
    PG + "export function clear(entity, column) {\n  return pool.query(`UPDATE ${entity.metadata.tableName} SET ${column.databaseName} = NULL`);\n}\n",
    // Library plumbing (this.*, results of internal calls): audit profile only.
    PG + "export class Store {\n  purge() {\n    return pool.query('DELETE FROM ' + this.tableName + ' WHERE expired');\n  }\n}\n",
    PG + "export async function dropAll() {\n  const tables = await pool.query('SELECT name FROM tables');\n  for (const { name } of tables.rows) await pool.query(`DROP TABLE \"${name}\"`);\n}\n",
    PG + "export async function dropViews() {\n  const views = await pool.query('SELECT name FROM views');\n  await pool.query(`DROP VIEW ${views.rows.map(({ name }) => name).join(', ')}`);\n}\n",
  ],
  invalid: [
    {
      name: 'pg: template literal with request input, value and quoted value rewritten to $1, $2',
      code: PG + route("const r = await pool.query(`SELECT * FROM users WHERE id = ${req.query.id} AND name = '${req.query.name}'`);"),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 4,
          column: 30,
          severity: 'error',
          confidence: 'high',
          data: { sink: 'pool.query', source: 'req.query.id' },
          suggestions: [
            {
              title: 'Use bound parameters ($1, $2) with a values array',
              output: PG + route('const r = await pool.query(`SELECT * FROM users WHERE id = $1 AND name = $2`, [req.query.id, req.query.name]);'),
            },
          ],
        },
      ],
    },
    {
      name: 'pg: concatenation with a callback gets the values before the callback',
      code: PG + route("pool.query('SELECT * FROM users WHERE id = ' + req.params.id, (err, result) => res.json(result.rows));"),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 4,
          column: 14,
          suggestions: [{ output: PG + route("pool.query('SELECT * FROM users WHERE id = $1', [req.params.id], (err, result) => res.json(result.rows));") }],
        },
      ],
    },
    {
      name: 'pg-pool default import',
      code: "import Pool from 'pg-pool';\nconst pool = new Pool();\nexport async function byEmail(email) {\n  return pool.query(\"SELECT * FROM users WHERE email = '\" + email + \"'\");\n}\n",
      errors: [
        {
          messageId: 'builtQuery',
          line: 4,
          column: 21,
          severity: 'warning',
          confidence: 'medium',
          suggestions: [{ output: "import Pool from 'pg-pool';\nconst pool = new Pool();\nexport async function byEmail(email) {\n  return pool.query(\"SELECT * FROM users WHERE email = $1\", [email]);\n}\n" }],
        },
      ],
    },
    {
      name: 'pg: query config object is reported but not rewritten',
      code: PG + route("await pool.query({ text: 'SELECT * FROM users WHERE id = ' + req.params.id, rowMode: 'array' });"),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 28, suggestions: [] }],
    },
    {
      name: 'pg: SQL text taken whole from the request',
      code: PG + route('await pool.query(req.body.sql);'),
      errors: [{ messageId: 'requestQuery', line: 4, column: 20, severity: 'error', data: { source: 'req.body.sql' }, suggestions: [] }],
    },
    {
      name: 'mysql2: LIKE pattern becomes a bound template value, values go before the callback',
      code: MYSQL + route("conn.query(\"SELECT * FROM users WHERE name LIKE '%\" + req.query.q + \"%'\", (err, rows) => res.json(rows));"),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 4,
          column: 14,
          suggestions: [
            {
              title: 'Use `?` placeholders with a values array',
              output: MYSQL + route('conn.query("SELECT * FROM users WHERE name LIKE ?", [`%${req.query.q}%`], (err, rows) => res.json(rows));'),
            },
          ],
        },
      ],
    },
    {
      name: 'mysql2: execute',
      code: MYSQL + route('const [rows] = await conn.promise().execute(`SELECT * FROM users WHERE id = ${req.params.id}`);'),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 47, suggestions: [{ output: MYSQL + route('const [rows] = await conn.promise().execute(`SELECT * FROM users WHERE id = ?`, [req.params.id]);') }] }],
    },
    {
      name: 'mysql: pool and the { sql } options object',
      code: "const mysql = require('mysql');\nconst pool = mysql.createPool({});\n" + route("pool.query({ sql: 'SELECT * FROM users WHERE id = ' + req.query.id, timeout: 1000 }, (err, rows) => res.json(rows));"),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 21, suggestions: [] }],
    },
    {
      name: 'mysql: connection from pool.getConnection callback',
      code: "const mysql = require('mysql');\nconst pool = mysql.createPool({});\n" + route("pool.getConnection((err, connection) => {\n    connection.query(`DELETE FROM carts WHERE id = ${req.params.id}`);\n  });"),
      errors: [{ messageId: 'taintedQuery', line: 5, column: 22, suggestions: [{ output: "const mysql = require('mysql');\nconst pool = mysql.createPool({});\n" + route("pool.getConnection((err, connection) => {\n    connection.query(`DELETE FROM carts WHERE id = ?`, [String(req.params.id)]);\n  });") }] }],
    },
    {
      name: 'sqlite3: quoted interpolation loses its quotes',
      code: SQLITE3 + route("db.all(`SELECT * FROM t WHERE a = '${req.params.a}'`, (err, rows) => res.json(rows));"),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 10, suggestions: [{ output: SQLITE3 + route('db.all(`SELECT * FROM t WHERE a = ?`, [req.params.a], (err, rows) => res.json(rows));') }] }],
    },
    {
      name: 'sqlite3: run without callback',
      code: SQLITE3 + route("db.run('UPDATE users SET name = \\'' + req.body.name + '\\' WHERE id = ' + req.params.id);"),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 10, suggestions: [{ output: SQLITE3 + route("db.run('UPDATE users SET name = ? WHERE id = ?', [req.body.name, req.params.id]);") }] }],
    },
    {
      name: 'sqlite3: exec takes no parameters, so no rewrite',
      code: SQLITE3 + route('db.exec(`DELETE FROM t WHERE a = ${req.params.a}`);'),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 11, suggestions: [] }],
    },
    {
      name: 'better-sqlite3: prepare chained with get',
      code: BETTER + route('res.json(db.prepare(`SELECT * FROM users WHERE id = ${req.params.id}`).get());'),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 4,
          column: 23,
          suggestions: [
            {
              title: 'Use `?` placeholders and pass the values to the statement',
              output: BETTER + route('res.json(db.prepare(`SELECT * FROM users WHERE id = ?`).get(req.params.id));'),
            },
          ],
        },
      ],
    },
    {
      name: 'better-sqlite3: prepared statement kept in a variable is not rewritten',
      code: BETTER + route('const stmt = db.prepare(`SELECT * FROM users WHERE id = ${req.params.id}`);\n  res.json(stmt.get());'),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 27, suggestions: [] }],
    },
    {
      name: 'better-sqlite3: exec',
      code: "import Database from 'better-sqlite3';\nconst db = new Database(':memory:');\nexport function drop(table) {\n  db.exec('DROP TABLE ' + table);\n}\n",
      errors: [{ messageId: 'builtQuery', line: 4, column: 11, suggestions: [] }],
    },
    {
      name: 'Prisma: $queryRawUnsafe becomes the tagged $queryRaw',
      code: PRISMA + route("res.json(await prisma.$queryRawUnsafe(`SELECT * FROM \"User\" WHERE email = '${req.query.email}'`));"),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 4,
          column: 41,
          data: { sink: 'prisma.$queryRawUnsafe' },
          suggestions: [
            {
              title: 'Use the tagged `$queryRaw` template, which binds each value',
              output: PRISMA + route('res.json(await prisma.$queryRaw`SELECT * FROM "User" WHERE email = ${req.query.email}`);'),
            },
          ],
        },
      ],
    },
    {
      name: 'Prisma: $executeRawUnsafe with concatenation, any receiver, type arguments kept',
      code: "export async function rename(tx: any, id: string, name: string) {\n  await tx.$executeRawUnsafe<number>('UPDATE users SET name = \\'' + name + '\\' WHERE id = ' + id);\n}\n",
      filename: 'file.ts',
      errors: [
        {
          messageId: 'builtQuery',
          line: 2,
          column: 38,
          suggestions: [{ title: 'Use the tagged `$executeRaw` template, which binds each value', output: "export async function rename(tx: any, id: string, name: string) {\n  await tx.$executeRaw<number>`UPDATE users SET name = ${name} WHERE id = ${Number(id)}`;\n}\n" }],
        },
      ],
    },
    {
      // Prisma declares a string parameter as text: `id = $1` with text fails on an integer column.
      name: 'Prisma: a bare value was a number in the pasted SQL, so it is bound through Number() (BigInt() for LIMIT, where NaN would be sent as null)',
      code: PRISMA + route('res.json(await prisma.$queryRawUnsafe(`SELECT * FROM orders WHERE id = ${req.params.id} AND total > ${req.query.min} LIMIT ${req.query.n}`));'),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 4,
          column: 41,
          suggestions: [
            {
              title: 'Use the tagged `$queryRaw` template, which binds each value',
              output: PRISMA + route('res.json(await prisma.$queryRaw`SELECT * FROM orders WHERE id = ${Number(req.params.id)} AND total > ${Number(req.query.min)} LIMIT ${BigInt(req.query.n)}`);'),
            },
          ],
        },
      ],
    },
    {
      name: 'Prisma: a quoted value compared with an id column would be sent as text, which a uuid or integer column refuses',
      code: PRISMA + route("res.json(await prisma.$queryRawUnsafe(`SELECT * FROM orders WHERE customer_id = '${req.params.id}'`));"),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 41, suggestions: [], fixWithheld: /`customer_id` looks like an id, number or date column/ }],
    },
    {
      name: 'Prisma: a constant table name cannot go into a tagged template, so no rewrite',
      code: PRISMA + "const TABLE = 'User';\n" + route('await prisma.$queryRawUnsafe(`SELECT * FROM ${TABLE} WHERE id = ${req.query.id}`);'),
      errors: [{ messageId: 'taintedQuery', line: 5, column: 32, suggestions: [] }],
    },
    {
      name: 'sequelize: replacements merged into the existing options object',
      code: SEQUELIZE + route("res.json(await sequelize.query(`SELECT * FROM users WHERE name = '${req.query.name}'`, { type: QueryTypes.SELECT }));"),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 4,
          column: 34,
          suggestions: [
            {
              title: 'Use named replacements (`:name`) in the query options',
              output: SEQUELIZE + route('res.json(await sequelize.query(`SELECT * FROM users WHERE name = :name`, { replacements: { name: req.query.name }, type: QueryTypes.SELECT }));'),
            },
          ],
        },
      ],
    },
    {
      name: 'sequelize: replacements object added, shorthand for a plain variable',
      code: SEQUELIZE + 'export function byName(name) {\n  return sequelize.query("SELECT * FROM users WHERE name = \'" + name + "\'");\n}\n',
      errors: [{ messageId: 'builtQuery', line: 4, column: 26, suggestions: [{ output: SEQUELIZE + 'export function byName(name) {\n  return sequelize.query("SELECT * FROM users WHERE name = :name", { replacements: { name } });\n}\n' }] }],
    },
    {
      name: 'sequelize: options that already carry replacements are left alone',
      code: SEQUELIZE + route('await sequelize.query(`SELECT * FROM users WHERE name = :name AND org = ${req.query.org}`, { replacements: { name: req.query.name } });'),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 25, suggestions: [] }],
    },
    {
      name: 'TypeORM (postgres data source): $1 and a parameters array',
      code: TYPEORM + route('await dataSource.query(`SELECT * FROM users WHERE name = \'${req.query.name}\'`);'),
      filename: 'file.ts',
      errors: [{ messageId: 'taintedQuery', line: 4, column: 26, suggestions: [{ output: TYPEORM + route('await dataSource.query(`SELECT * FROM users WHERE name = $1`, [req.query.name]);') }] }],
    },
    {
      name: 'TypeORM (mysql data source) manager: ? and a parameters array',
      code: TYPEORM_MYSQL + route('await dataSource.manager.query(`SELECT * FROM users WHERE id = ${req.params.id}`);'),
      filename: 'file.ts',
      errors: [{ messageId: 'taintedQuery', line: 4, column: 34, suggestions: [{ output: TYPEORM_MYSQL + route('await dataSource.manager.query(`SELECT * FROM users WHERE id = ?`, [String(req.params.id)]);') }] }],
    },
    {
      name: 'TypeORM: injected EntityManager of unknown dialect is reported without a rewrite',
      code: "import { EntityManager } from 'typeorm';\nexport class Users {\n  constructor(private readonly em: EntityManager) {}\n  find(name: string) {\n    return this.em.query(`SELECT * FROM users WHERE name = '${name}'`);\n  }\n}\n",
      filename: 'file.ts',
      errors: [{ messageId: 'builtQuery', line: 5, column: 26, data: { sink: 'this.em.query' }, suggestions: [] }],
    },
    {
      name: 'mssql: pool.query goes through pool.request().input()',
      code: MSSQL + route("const pool = await sql.connect(config);\n  const r = await pool.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);"),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 4,
          column: 30,
          suggestions: [
            {
              title: 'Declare each value with `.input()` and refer to it as `@name`',
              output: MSSQL + route("const pool = await sql.connect(config);\n  const r = await pool.request().input('name', req.query.name).query(`SELECT * FROM users WHERE name = @name`);"),
            },
          ],
        },
      ],
    },
    {
      name: 'mssql: a finished query followed by a statement naming a parameter is still built SQL',
      code: MSSQL + "class Store {\n  constructor(config) { this.client = new sql.ConnectionPool(config); }\n  async runPrepared(query, table) {\n  const request = this.client.request();\n  query.bindings.forEach((value, i) => request.input(`p${i}`, value));\n  return request.query(`${query.sql}; SELECT COUNT(*) FROM ${table};`);\n}\n}\n",
      errors: [{ messageId: 'builtQuery', line: 7, severity: 'warning' }],
    },
    {
      name: 'mssql: a prepared query object taken from the request is input, constant suffix or not',
      code: MSSQL + route("const query = req.body;\n  const request = new sql.Request();\n  query.bindings.forEach((value, i) => request.input(`p${i}`, value));\n  await request.query(`${query.sql}; SELECT SCOPE_IDENTITY() AS id;`);"),
      errors: [{ messageId: 'taintedQuery', line: 6 }],
    },
    {
      name: 'mssql: request.batch',
      code: MSSQL + route('const request = new sql.Request();\n  await request.batch(`DELETE FROM carts WHERE id = ${req.params.id}`);'),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 23, suggestions: [{ output: MSSQL + route("const request = new sql.Request();\n  await request.input('id', req.params.id).batch(`DELETE FROM carts WHERE id = @id`);") }] }],
    },
    {
      // Applied together, two .input('id') on one request would throw EDUPEPARAM.
      name: 'mssql: two queries on one request name their values in order, so their fixes also apply together',
      code: MSSQL + route('const request = new sql.Request();\n  await request.query(`SELECT * FROM users WHERE id = ${req.params.id}`);\n  await request.query(`SELECT * FROM orders WHERE user_id = ${req.params.id}`);'),
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 23, suggestions: [{ output: MSSQL + route("const request = new sql.Request();\n  await request.input('id', req.params.id).query(`SELECT * FROM users WHERE id = @id`);\n  await request.query(`SELECT * FROM orders WHERE user_id = ${req.params.id}`);") }] },
        { messageId: 'taintedQuery', line: 5, column: 23, suggestions: [{ output: MSSQL + route("const request = new sql.Request();\n  await request.query(`SELECT * FROM users WHERE id = ${req.params.id}`);\n  await request.input('id2', req.params.id).query(`SELECT * FROM orders WHERE user_id = @id2`);") }] },
      ],
    },
    {
      name: 'mssql: the global sql.query becomes a new sql.Request()',
      code: MSSQL + route('await sql.query(`SELECT * FROM users WHERE id = ${req.query.id}`);'),
      errors: [{ messageId: 'taintedQuery', line: 3, column: 19, suggestions: [{ output: MSSQL + route("await new sql.Request().input('id', req.query.id).query(`SELECT * FROM users WHERE id = @id`);") }] }],
    },
    {
      name: 'oracledb: bind variables with a binds object',
      code: ORACLE + route("const connection = await oracledb.getConnection(config);\n  await connection.execute(\"SELECT * FROM users WHERE name = '\" + req.query.name + \"' AND id = \" + req.query.id);"),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 4,
          column: 28,
          suggestions: [
            {
              title: 'Use bind variables (`:name`) with a binds object',
              output: ORACLE + route('const connection = await oracledb.getConnection(config);\n  await connection.execute("SELECT * FROM users WHERE name = :name AND id = :id", { name: req.query.name, id: req.query.id });'),
            },
          ],
        },
      ],
    },
    {
      name: 'knex.raw: ?? for the ORDER BY column, ? for the LIMIT value',
      code: KNEX + route('const r = await knex.raw(`SELECT * FROM users ORDER BY ${req.query.sort} LIMIT ${req.query.n}`);'),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 3,
          column: 28,
          suggestions: [
            {
              title: 'Use knex bindings (`?` for values, `??` for identifiers)',
              output: KNEX + route('const r = await knex.raw(`SELECT * FROM users ORDER BY ?? LIMIT ?`, [req.query.sort, req.query.n]);'),
            },
          ],
        },
      ],
    },
    {
      name: 'knex: transaction callback parameter',
      code: "import knexFactory from 'knex';\nconst db = knexFactory({ client: 'mysql2' });\n" + route("await db.transaction(async (trx) => {\n    await trx.raw('DELETE FROM carts WHERE owner = \\'' + req.user.id + '\\'');\n  });"),
      errors: [{ messageId: 'builtQuery', line: 5, column: 19, suggestions: [{ output: "import knexFactory from 'knex';\nconst db = knexFactory({ client: 'mysql2' });\n" + route("await db.transaction(async (trx) => {\n    await trx.raw('DELETE FROM carts WHERE owner = ?', [String(req.user.id)]);\n  });") }] }],
    },
    {
      name: 'pg-promise: any, and one inside a task',
      code: PGP + route("await db.any('SELECT * FROM users WHERE id = ' + req.query.id);\n  await db.task(async (t) => t.oneOrNone(`SELECT * FROM carts WHERE owner = ${req.query.owner}`));"),
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 16, suggestions: [{ output: PGP + route("await db.any('SELECT * FROM users WHERE id = $1', [req.query.id]);\n  await db.task(async (t) => t.oneOrNone(`SELECT * FROM carts WHERE owner = ${req.query.owner}`));") }] },
        { messageId: 'taintedQuery', line: 5, column: 42, suggestions: [{ output: PGP + route("await db.any('SELECT * FROM users WHERE id = ' + req.query.id);\n  await db.task(async (t) => t.oneOrNone(`SELECT * FROM carts WHERE owner = $1`, [req.query.owner]));") }] },
      ],
    },
    // Assembled in a variable first: reported at the argument, with no rewrite.
    {
      name: 'assembled with += under a condition',
      code: PG + route("let sql = 'SELECT * FROM users WHERE 1 = 1';\n  if (req.query.name) sql += \" AND name = '\" + req.query.name + \"'\";\n  await pool.query(sql);"),
      errors: [{ messageId: 'taintedQuery', line: 6, column: 20, data: { source: 'req.query.name' }, suggestions: [] }],
    },
    {
      name: 'assembled with a conditional expression',
      code: PG + route("const text = req.query.admin ? 'SELECT * FROM admins WHERE id = ' + req.query.id : 'SELECT 1';\n  await pool.query(text);"),
      errors: [{ messageId: 'taintedQuery', line: 5, column: 20 }],
    },
    {
      name: 'assembled with util.format',
      code: "const util = require('util');\n" + MYSQL + route("const q = util.format('SELECT * FROM orders WHERE id = %s', req.params.id);\n  conn.query(q);"),
      errors: [{ messageId: 'taintedQuery', line: 6, column: 14 }],
    },
    {
      name: 'assembled with join',
      code: SQLITE3 + route("const parts = ['SELECT * FROM t WHERE owner =', req.query.owner];\n  db.get(parts.join(' '), (err, row) => res.json(row));"),
      errors: [{ messageId: 'taintedQuery', line: 5, column: 10 }],
    },
    {
      name: 'assembled with replace',
      code: PG + route("const text = 'SELECT * FROM t WHERE id = :id'.replace(':id', req.params.id);\n  await pool.query(text);"),
      errors: [{ messageId: 'taintedQuery', line: 5, column: 20 }],
    },
    // Driver told only by the file's imports, or not at all.
    {
      name: 'connection passed in, file imports pg: rewritten with $1',
      code: "import pg from 'pg';\nexport function byId(client, id) {\n  return client.query('SELECT * FROM users WHERE id = ' + id);\n}\n",
      errors: [{ messageId: 'builtQuery', line: 3, column: 23, confidence: 'medium', suggestions: [{ output: "import pg from 'pg';\nexport function byId(client, id) {\n  return client.query('SELECT * FROM users WHERE id = $1', [id]);\n}\n" }] }],
    },
    {
      name: 'unknown driver, SQL-looking text: low confidence, no rewrite',
      profile: 'audit',
      code: 'export function find(db, id) {\n  return db.query(`SELECT * FROM users WHERE id = ${id}`);\n}\n',
      errors: [{ messageId: 'builtQuery', line: 2, column: 19, severity: 'warning', confidence: 'low', data: { sink: 'db.query' }, suggestions: [] }],
    },
    {
      name: 'unknown driver, request input into SQL text: still an error',
      code: "const { db } = require('./db');\n" + route("db.exec('DELETE FROM sessions WHERE token = \\'' + req.cookies.token + '\\'');"),
      errors: [{ messageId: 'taintedQuery', line: 3, column: 11, severity: 'error', data: { source: 'req.cookies.token' }, suggestions: [] }],
    },
    {
      name: 'identifier position outside knex: no rewrite for pg',
      code: PG + route('await pool.query(`SELECT * FROM users ORDER BY ${req.query.sort}`);'),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 20, suggestions: [] }],
    },
    {
      name: 'mysql query(): an identifier becomes ??, which mysql escapes as a name',
      code: MYSQL + route('conn.query(`SELECT id, name FROM products ORDER BY ${req.query.sort} LIMIT 20`, (err, rows) => res.json(rows));'),
      errors: [
        {
          messageId: 'taintedQuery',
          line: 4,
          column: 14,
          suggestions: [
            {
              title: 'Use `?` for values and `??` for identifiers with a values array',
              output: MYSQL + route('conn.query(`SELECT id, name FROM products ORDER BY ?? LIMIT 20`, [String(req.query.sort)], (err, rows) => res.json(rows));'),
            },
          ],
        },
      ],
    },
    {
      name: 'mysql execute(): prepared statements have no ?? so no rewrite',
      code: MYSQL + route('conn.execute(`SELECT id FROM ${req.query.table}`);'),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 16, suggestions: [] }],
    },
    {
      name: 'IN list: no rewrite',
      code: MYSQL + route('conn.query(`SELECT * FROM users WHERE id IN (${req.query.ids})`);'),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 14, suggestions: [] }],
    },
    {
      name: 'pg-format with %s inserts the value unquoted',
      code: PG + "import format from 'pg-format';\n" + route("await pool.query(format('SELECT * FROM users WHERE id = %s', req.query.id));"),
      errors: [{ messageId: 'taintedQuery', line: 5, column: 20, suggestions: [] }],
    },
    {
      name: 'typed literal (interval \'...\'): no rewrite, since a parameter cannot stand there',
      code: TYPEORM + "export function overdue(days) {\n  return dataSource.query(`SELECT id FROM invoice WHERE due_at < now() - interval '${days} days'`);\n}\n",
      errors: [{ messageId: 'builtQuery', line: 4, column: 27, suggestions: [] }],
    },
    {
      name: 'existing values argument: no rewrite',
      code: PG + route("await pool.query(`SELECT * FROM ${req.query.table} WHERE id = $1`, [req.query.id]);"),
      errors: [{ messageId: 'taintedQuery', line: 4, column: 20, suggestions: [] }],
    },
    {
      name: 'NestJS service: pg PoolClient typed parameter and this.pool assigned in the constructor',
      filename: 'users.service.ts',
      code: "import { Pool, PoolClient } from 'pg';\nexport class UsersService {\n  private pool: Pool;\n  constructor() {\n    this.pool = new Pool();\n  }\n  find(id: string) {\n    return this.pool.query('SELECT * FROM users WHERE id = ' + id);\n  }\n}\nexport function inTx(client: PoolClient, id: string) {\n  return client.query(`DELETE FROM users WHERE id = ${id}`);\n}\n",
      errors: [
        { messageId: 'builtQuery', line: 8, column: 28, data: { sink: 'this.pool.query' }, suggestions: [{ output: "import { Pool, PoolClient } from 'pg';\nexport class UsersService {\n  private pool: Pool;\n  constructor() {\n    this.pool = new Pool();\n  }\n  find(id: string) {\n    return this.pool.query('SELECT * FROM users WHERE id = $1', [id]);\n  }\n}\nexport function inTx(client: PoolClient, id: string) {\n  return client.query(`DELETE FROM users WHERE id = ${id}`);\n}\n" }] },
        { messageId: 'builtQuery', line: 12, column: 23, suggestions: [{ output: "import { Pool, PoolClient } from 'pg';\nexport class UsersService {\n  private pool: Pool;\n  constructor() {\n    this.pool = new Pool();\n  }\n  find(id: string) {\n    return this.pool.query('SELECT * FROM users WHERE id = ' + id);\n  }\n}\nexport function inTx(client: PoolClient, id: string) {\n  return client.query(`DELETE FROM users WHERE id = $1`, [id]);\n}\n" }] },
      ],
    },
    {
      name: 'an unanchored pattern is no guard',
      code: MYSQL + route("const id = req.query.id;\n  if (!/[0-9]+/.test(id)) return res.sendStatus(400);\n  conn.query('SELECT * FROM users WHERE id = ' + id);"),
      errors: [{ messageId: 'taintedQuery', line: 6, column: 14, severity: 'error', confidence: 'high', suggestions: [{ output: MYSQL + route("const id = req.query.id;\n  if (!/[0-9]+/.test(id)) return res.sendStatus(400);\n  conn.query('SELECT * FROM users WHERE id = ?', [String(id)]);") }] }],
    },
    {
      name: 'a validator Rugged cannot read lowers the finding to a warning',
      code: MYSQL + route("const id = req.query.id;\n  if (!isValidId(id)) return res.sendStatus(400);\n  conn.query('SELECT * FROM users WHERE id = ' + id);"),
      errors: [{ messageId: 'taintedQuery', line: 6, column: 14, severity: 'warning', confidence: 'medium', suggestions: [{ output: MYSQL + route("const id = req.query.id;\n  if (!isValidId(id)) return res.sendStatus(400);\n  conn.query('SELECT * FROM users WHERE id = ?', [String(id)]);") }] }],
    },
    {
      name: 'includes on a string is no allowlist',
      code: MYSQL + route("const id = req.query.id;\n  if (!'0123456789'.includes(id)) return res.sendStatus(400);\n  conn.query('SELECT * FROM users WHERE id = ' + id);"),
      errors: [{ messageId: 'taintedQuery', line: 6, column: 14, severity: 'error', confidence: 'high', suggestions: [{ output: MYSQL + route("const id = req.query.id;\n  if (!'0123456789'.includes(id)) return res.sendStatus(400);\n  conn.query('SELECT * FROM users WHERE id = ?', [String(id)]);") }] }],
    },
    {
      name: 'a check that does not leave is no guard',
      code: MYSQL + route("const id = req.query.id;\n  if (!/^[0-9]+$/.test(id)) res.status(400);\n  conn.query('SELECT * FROM users WHERE id = ' + id);"),
      errors: [{ messageId: 'taintedQuery', line: 6, column: 14, severity: 'error', confidence: 'high', suggestions: [{ output: MYSQL + route("const id = req.query.id;\n  if (!/^[0-9]+$/.test(id)) res.status(400);\n  conn.query('SELECT * FROM users WHERE id = ?', [String(id)]);") }] }],
    },
    // A parameter of an exported function: whoever calls the helper chooses the SQL.
    {
      name: 'parameter of an exported helper, through a field and a helper call',
      code: PG + "export function list(options) {\n  return pool.query('SELECT * FROM ' + options.table + ' ORDER BY ' + orderOf(options.sort));\n}\n",
      errors: [{ messageId: 'builtQuery', line: 4, column: 21, severity: 'warning', confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'near miss: a placeholder list whose callback pastes the element',
      code: MYSQL + "export function byNames(names) {\n  return conn.query('SELECT * FROM users WHERE name IN (' + names.map((n) => \"'\" + n + \"'\").join(', ') + ')');\n}\n",
      errors: [{ messageId: 'builtQuery', line: 4, column: 21, confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'near miss: builder text next to a caller-chosen column',
      code: TYPEORM + "export async function sorted(repo, column) {\n  const qb = repo.createQueryBuilder('u');\n  return dataSource.query(`SELECT * FROM (${qb.getQuery()}) t ORDER BY ${column}`);\n}\n",
      errors: [{ messageId: 'builtQuery', line: 5, column: 27, confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'near miss: a field of a parameter that is not ORM metadata',
      code: PG + "export function clear(entity) {\n  return pool.query(`DELETE FROM ${entity.tableName}`);\n}\n",
      errors: [{ messageId: 'builtQuery', line: 4, column: 21, confidence: 'medium', suggestions: [] }],
    },
    // The audit profile also shows strings built from the code's own values, at low confidence.
    {
      name: 'audit profile: a property of this',
      profile: 'audit',
      code: PG + "export class Store {\n  purge() {\n    return pool.query('DELETE FROM ' + this.tableName + ' WHERE expired');\n  }\n}\n",
      errors: [{ messageId: 'builtQuery', line: 5, column: 23, severity: 'warning', confidence: 'low', suggestions: [] }],
    },
    {
      name: 'audit profile: names read back from the database',
      profile: 'audit',
      code: PG + "export async function dropAll() {\n  const tables = await pool.query('SELECT name FROM tables');\n  for (const { name } of tables.rows) await pool.query(`DROP TABLE \"${name}\"`);\n}\n",
      errors: [{ messageId: 'builtQuery', line: 5, column: 56, confidence: 'low', suggestions: [] }],
    },
    {
      name: 'a query built in a helper of the same file from its parameter carries the input the call passes',
      code: PG + 'function byName(name) {\n  return "SELECT * FROM users WHERE name = \'" + name + "\'";\n}\n' + route('await pool.query(byName(req.query.name));'),
      errors: [{ messageId: 'taintedQuery', line: 7, column: 20, severity: 'error', data: { source: 'req.query.name' }, suggestions: [] }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a pool exported from another module is unknown, and a bare `.all()` with text that does not look like SQL is not reported',
      code: "const { db } = require('./db');\n" + route('db.all(`${req.query.what} users`);'),
    },
    {
      kind: 'false-alarm',
      reason: 'without types, a string validated against an allowlist in another function still counts as unknown input',
      code: PG + "const SORTS = new Set(['name', 'created_at']);\nfunction checked(column) {\n  if (!SORTS.has(column)) throw new Error('bad sort');\n  return column;\n}\nexport function list(sort) {\n  return pool.query('SELECT * FROM users ORDER BY ' + checked(sort));\n}\n",
    },
  ],
});
