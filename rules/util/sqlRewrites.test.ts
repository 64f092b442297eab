// Issue 15: SQL quick fixes that keep the statement's meaning. One case or more per class of wrong
// fix found by the audit, with the exact rewrite or the reason none is offered, and near misses
// whose fixes must stay. These are rule tests of the three rules that share rules/util/sqlRewrites.ts.
import { runRuleTests } from '../../test/ruleTester';
import handMadeEscaping from '../sql/no-hand-made-escaping';
import interpolatedQueryBuilder from '../sql/no-interpolated-query-builder';
import stringBuiltQuery from '../sql/no-string-built-query';

runRuleTests(stringBuiltQuery, {
  valid: [],
  invalid: [
    {
      name: "(1) an escaping helper around a bound value is dropped: the value reaches the database unescaped",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nfunction escapeString(s) {\n  return s.replace(/\\\\/g, '\\\\\\\\').replace(/'/g, \"\\\\'\");\n}\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name = '\" + escapeString(req.query.name) + \"'\");\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 7, column: 14, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nfunction escapeString(s) {\n  return s.replace(/\\\\/g, '\\\\\\\\').replace(/'/g, \"\\\\'\");\n}\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name = ?\", [String(req.query.name)]);\n});\n" }] },
      ],
    },
    {
      name: "(1) a value escaped into a variable first: withheld",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  const safe = req.query.name.replace(/'/g, \"''\");\n  conn.query(`SELECT * FROM users WHERE name = '${safe}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 5, column: 14, fixWithheld: "`safe` holds a value escaped for SQL text; bind the value from before its escaping instead" },
      ],
    },
    {
      name: "(9) a clean() helper that trims keeps its trim",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nconst clean = (s) => s.trim().replace(/'/g, \"''\");\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name = '\" + clean(req.query.name) + \"'\");\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 5, column: 14, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nconst clean = (s) => s.trim().replace(/'/g, \"''\");\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name = ?\", [String(req.query.name.trim())]);\n});\n" }] },
      ],
    },
    {
      name: "(9) escapeLike keeps its wildcard escaping and drops its quote escaping",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nfunction escapeLike(s) {\n  return s.replace(/[%_\\\\]/g, '\\\\$&').replace(/'/g, \"''\");\n}\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name LIKE '%\" + escapeLike(req.query.q) + \"%'\");\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 7, column: 14, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nfunction escapeLike(s) {\n  return s.replace(/[%_\\\\]/g, '\\\\$&').replace(/'/g, \"''\");\n}\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name LIKE ?\", [`%${req.query.q.replace(/[%_\\\\]/g, '\\\\$&')}%`]);\n});\n" }] },
      ],
    },
    {
      name: "(9) one pattern escaping quotes and wildcards together: withheld",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nfunction escapeAll(s) {\n  return s.replace(/[%_']/g, '\\\\$&');\n}\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name LIKE '%\" + escapeAll(req.query.q) + \"%'\");\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 7, column: 14, fixWithheld: "`escapeAll()` does more than escape quotes (LIKE wildcards or other rewriting in the same step); Rugged cannot keep one part and drop the other" },
      ],
    },
    {
      name: "(9) an escaping helper from another module: withheld, Rugged cannot read it",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nconst { sanitizeSql } = require('./sanitize');\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name = '\" + sanitizeSql(req.query.name) + \"'\");\n});\n",
      errors: [
        { messageId: 'builtQuery', line: 5, column: 14, fixWithheld: "`sanitizeSql()` is not defined in this file; Rugged cannot tell whether it only escapes quotes, so it neither keeps nor drops it" },
      ],
    },
    {
      name: "(9) near miss: a LIKE-only helper is kept as it is",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nfunction likeOnly(s) {\n  return s.replace(/[%_]/g, '\\\\$&');\n}\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name LIKE '%\" + likeOnly(req.query.q) + \"%'\");\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 7, column: 14, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nfunction likeOnly(s) {\n  return s.replace(/[%_]/g, '\\\\$&');\n}\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name LIKE ?\", [`%${likeOnly(req.query.q)}%`]);\n});\n" }] },
      ],
    },
    {
      name: "(2) PostgreSQL SET becomes set_config()",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`SET search_path = ${req.query.schema}`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 20, suggestions: [{ output: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query('SELECT set_config(\\'search_path\\', $1, false)', [req.query.schema]);\n});\n" }] },
      ],
    },
    {
      name: "(2) SET LOCAL becomes set_config(..., true)",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`SET LOCAL statement_timeout = '${req.query.ms}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 20, suggestions: [{ output: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query('SELECT set_config(\\'statement_timeout\\', $1, true)', [req.query.ms]);\n});\n" }] },
      ],
    },
    {
      name: "(2) NOTIFY becomes pg_notify() with the channel folded as NOTIFY folds it",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`NOTIFY Orders, '${req.body.msg}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 20, suggestions: [{ output: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query('SELECT pg_notify(\\'orders\\', $1)', [req.body.msg]);\n});\n" }] },
      ],
    },
    {
      name: "(2) COMMENT ON takes no parameters: withheld",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`COMMENT ON TABLE users IS '${req.body.c}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 20, fixWithheld: "`COMMENT ON` statements take no bind parameters, so a placeholder there is a syntax error; validate the value against an allowlist instead" },
      ],
    },
    {
      name: "(2) ALTER ROLE ... PASSWORD takes no parameters: withheld",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`ALTER ROLE app PASSWORD '${req.body.pw}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 20, fixWithheld: "`ALTER ROLE` statements take no bind parameters, so a placeholder there is a syntax error; validate the value against an allowlist instead" },
      ],
    },
    {
      name: "(2) CREATE USER ... PASSWORD takes no parameters: withheld",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`CREATE USER app PASSWORD '${req.body.pw}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 20, fixWithheld: "`CREATE USER` statements take no bind parameters, so a placeholder there is a syntax error; validate the value against an allowlist instead" },
      ],
    },
    {
      name: "(2) COPY takes no parameters: withheld",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`COPY users TO '${req.query.file}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 20, fixWithheld: "`COPY` statements take no bind parameters, so a placeholder there is a syntax error; validate the value against an allowlist instead" },
      ],
    },
    {
      name: "(2) near miss: mysqljs formats on the client, so SET takes the value",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SET @name = '${req.query.name}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 14, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SET @name = ?`, [String(req.query.name)]);\n});\n" }] },
      ],
    },
    {
      name: "(3) MySQL double quotes are a string literal: ? not ??",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SELECT * FROM users WHERE name = \"${req.body.name}\"`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 14, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SELECT * FROM users WHERE name = ?`, [String(req.body.name)]);\n});\n" }] },
      ],
    },
    {
      name: "(3) knex with an unknown dialect: double quotes are withheld",
      code: "import knexFactory from 'knex';\nconst db = knexFactory(process.env.DB);\napp.get('/a', async (req, res) => {\n  await db.raw(`SELECT * FROM users WHERE name = \"${req.query.name}\"`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 16, fixWithheld: "a value sits inside double quotes, which MySQL reads as a string and other databases as a name; the dialect is not known here" },
      ],
    },
    {
      name: "(4) a ? inside a string literal with mysqljs: withheld",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SELECT * FROM users WHERE note = 'Why?' AND name = '${req.body.name}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 14, fixWithheld: "the SQL already holds a `?` (in a string, a comment or an operator) that the driver would fill with a value too" },
      ],
    },
    {
      name: "(4) a ? inside a comment with mysqljs: withheld",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SELECT * FROM users /* who? */ WHERE name = '${req.body.name}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 14, fixWithheld: "the SQL already holds a `?` (in a string, a comment or an operator) that the driver would fill with a value too" },
      ],
    },
    {
      name: "(4) knex: a ? already in the text is written \\\\? so it stays a question mark",
      code: "import knexFactory from 'knex';\nconst db = knexFactory({ client: 'pg' });\napp.get('/a', async (req, res) => {\n  await db.raw(`SELECT * FROM users WHERE note = 'Why?' AND name = '${req.query.name}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 16, suggestions: [{ output: "import knexFactory from 'knex';\nconst db = knexFactory({ client: 'pg' });\napp.get('/a', async (req, res) => {\n  await db.raw(`SELECT * FROM users WHERE note = 'Why\\\\?' AND name = ?`, [req.query.name]);\n});\n" }] },
      ],
    },
    {
      name: "(4) near miss: PostgreSQL reads a ? in a literal as text, and a dollar-quoted body as one literal",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`SELECT 'Why?' AS q, $$it's$$ AS d FROM t WHERE id = ${req.query.id}`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 20, suggestions: [{ output: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`SELECT 'Why?' AS q, $$it's$$ AS d FROM t WHERE id = $1`, [req.query.id]);\n});\n" }] },
      ],
    },
    {
      name: "(4) an existing $1 outside strings: withheld",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`SELECT * FROM t WHERE id = $1 OR x = ${req.query.id}`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 20, fixWithheld: "the SQL already holds a `$n` placeholder outside strings and comments" },
      ],
    },
    {
      name: "(4) MySQL # comment with a quote in it does not open a string",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SELECT * FROM users # it's a comment\n WHERE id = ${req.body.id}`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 14, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SELECT * FROM users # it's a comment\n WHERE id = ?`, [String(req.body.id)]);\n});\n" }] },
      ],
    },
    {
      name: "(5) LIMIT/OFFSET with mysqljs: coerced with Number()",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SELECT * FROM users LIMIT ${req.query.n} OFFSET ${req.query.o}`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 14, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SELECT * FROM users LIMIT ? OFFSET ?`, [Number(req.query.n), Number(req.query.o)]);\n});\n" }] },
      ],
    },
    {
      name: "(5) an addition that may join text is coerced; a name in WHERE is String()ed, not Number()ed",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SELECT * FROM users WHERE name = ${req.query.name} LIMIT ${parseInt(req.query.n, 10) + req.query.extra}`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 14, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.get('/a', async (req, res) => {\n  conn.query(`SELECT * FROM users WHERE name = ? LIMIT ?`, [String(req.query.name), Number(parseInt(req.query.n, 10) + req.query.extra)]);\n});\n" }] },
      ],
    },
    {
      name: "(5) Prisma: LIMIT in the tagged template is coerced too, with BigInt() (Prisma sends NaN as null, and LIMIT NULL is no limit)",
      code: "const { PrismaClient } = require('@prisma/client');\nconst prisma = new PrismaClient();\napp.get('/a', async (req, res) => {\n  await prisma.$queryRawUnsafe(`SELECT * FROM \"User\" LIMIT ${req.query.n}`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 32, suggestions: [{ output: "const { PrismaClient } = require('@prisma/client');\nconst prisma = new PrismaClient();\napp.get('/a', async (req, res) => {\n  await prisma.$queryRaw`SELECT * FROM \"User\" LIMIT ${BigInt(req.query.n)}`;\n});\n" }] },
      ],
    },
    {
      name: "(6) a value at the start of a select expression: withheld",
      code: "import knexFactory from 'knex';\nconst db = knexFactory({ client: 'mysql2' });\napp.get('/a', async (req, res) => {\n  await db.raw(`SELECT id, ${req.query.rate} * price FROM products`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 16, fixWithheld: "a value at the start of a select expression reads as a column name or as a value depending on what it holds; Rugged cannot tell which" },
      ],
    },
    {
      name: "(7) repeated source text gets one placeholder per occurrence",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\nfunction newId() {\n  return sequence.next();\n}\napp.get('/a', async (req, res) => {\n  await pool.query(`INSERT INTO t (a, b, c) VALUES (${newId()}, ${newId()}, ${req.body.c})`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 7, column: 20, suggestions: [{ output: "const { Pool } = require('pg');\nconst pool = new Pool();\nfunction newId() {\n  return sequence.next();\n}\napp.get('/a', async (req, res) => {\n  await pool.query(`INSERT INTO t (a, b, c) VALUES ($1, $2, $3)`, [newId(), newId(), req.body.c]);\n});\n" }] },
      ],
    },
    {
      name: "(7) one value as number and as text gets two parameters",
      code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`SELECT * FROM t WHERE id = ${req.query.id} OR code = '${req.query.id}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 20, suggestions: [{ output: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/a', async (req, res) => {\n  await pool.query(`SELECT * FROM t WHERE id = $1 OR code = $2`, [req.query.id, req.query.id]);\n});\n" }] },
      ],
    },
    {
      name: "(8) SQLite: a value compared with an expression is coerced; with a column it is not",
      code: "const Database = require('better-sqlite3');\nconst db = new Database('app.db');\napp.get('/a', async (req, res) => {\n  res.json(db.prepare(`SELECT * FROM products WHERE price_cents / 100 = ${req.query.p} AND id = ${req.query.id} LIMIT ${req.query.l}`).all());\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 23, suggestions: [{ output: "const Database = require('better-sqlite3');\nconst db = new Database('app.db');\napp.get('/a', async (req, res) => {\n  res.json(db.prepare(`SELECT * FROM products WHERE price_cents / 100 = ? AND id = ? LIMIT ?`).all(Number(req.query.p), req.query.id, Number(req.query.l)));\n});\n" }] },
      ],
    },
    {
      name: "(8) SQLite: HAVING COUNT(*) > value",
      code: "const Database = require('better-sqlite3');\nconst db = new Database('app.db');\napp.get('/a', async (req, res) => {\n  res.json(db.prepare(`SELECT category FROM products GROUP BY category HAVING COUNT(*) > ${req.query.n}`).all());\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 23, suggestions: [{ output: "const Database = require('better-sqlite3');\nconst db = new Database('app.db');\napp.get('/a', async (req, res) => {\n  res.json(db.prepare(`SELECT category FROM products GROUP BY category HAVING COUNT(*) > ?`).all(Number(req.query.n)));\n});\n" }] },
      ],
    },
    {
      name: "(10) mssql: a name already given to .input() is not reused",
      code: "import sql from 'mssql';\nexport async function a(req) {\n  const request = new sql.Request();\n  request.input('id', sql.Int, req.user.id);\n  await request.query(`SELECT * FROM orders WHERE owner = @id AND id = ${req.params.id}`);\n}\n",
      filename: 'file.ts',
      errors: [
        { messageId: 'taintedQuery', line: 5, column: 23, suggestions: [{ output: "import sql from 'mssql';\nexport async function a(req) {\n  const request = new sql.Request();\n  request.input('id', sql.Int, req.user.id);\n  await request.input('id2', req.params.id).query(`SELECT * FROM orders WHERE owner = @id AND id = @id2`);\n}\n" }] },
      ],
    },
    {
      name: "(10) Oracle reserved words are not used as bind names",
      code: "import oracledb from 'oracledb';\nexport async function a(req) {\n  const connection = await oracledb.getConnection({});\n  await connection.execute(`SELECT * FROM logs WHERE day = '${req.query.date}' AND lvl = ${req.query.level} AND u = ${req.query.uid}`);\n}\n",
      filename: 'file.ts',
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 28, suggestions: [{ output: "import oracledb from 'oracledb';\nexport async function a(req) {\n  const connection = await oracledb.getConnection({});\n  await connection.execute(`SELECT * FROM logs WHERE day = :date2 AND lvl = :level2 AND u = :uid2`, { date2: req.query.date, level2: req.query.level, uid2: req.query.uid });\n}\n" }] },
      ],
    },
    {
      // SQL Server cannot run here: the names are what can be checked, statically.
      name: "(10) mssql: an @name the SQL already declares (a T-SQL variable) is not taken by a new .input()",
      code: "import sql from 'mssql';\nexport async function a(req) {\n  const request = new sql.Request();\n  await request.query(`DECLARE @id INT = 5; SELECT * FROM orders WHERE owner = @id AND id = ${req.params.id}`);\n}\n",
      filename: 'file.ts',
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 23, suggestions: [{ output: "import sql from 'mssql';\nexport async function a(req) {\n  const request = new sql.Request();\n  await request.input('id2', req.params.id).query(`DECLARE @id INT = 5; SELECT * FROM orders WHERE owner = @id AND id = @id2`);\n}\n" }] },
      ],
    },
    {
      // Oracle cannot run here either: ORA-01745 is avoided by name, whatever the case of the source's name.
      name: "(10) Oracle: reserved words are refused as bind names in any case (Date, number)",
      code: "import oracledb from 'oracledb';\nexport async function a(req) {\n  const connection = await oracledb.getConnection({});\n  await connection.execute(`SELECT * FROM logs WHERE day = ${req.query.Date} AND n = ${req.query.number}`);\n}\n",
      filename: 'file.ts',
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 28, suggestions: [{ output: "import oracledb from 'oracledb';\nexport async function a(req) {\n  const connection = await oracledb.getConnection({});\n  await connection.execute(`SELECT * FROM logs WHERE day = :Date2 AND n = :number2`, { Date2: req.query.Date, number2: req.query.number });\n}\n" }] },
      ],
    },
    {
      name: "(11) mysqljs: values are String()ed so a JSON object cannot expand to col = val",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.post('/login', (req, res) => {\n  conn.query(`SELECT * FROM users WHERE email = '${req.body.email}' AND password = '${req.body.password}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 14, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\napp.post('/login', (req, res) => {\n  conn.query(`SELECT * FROM users WHERE email = ? AND password = ?`, [String(req.body.email), String(req.body.password)]);\n});\n" }] },
      ],
    },
    {
      name: "(11) near miss: mysql2 execute() binds on the server and is left alone",
      code: "const mysql = require('mysql2');\nconst conn = mysql.createConnection({});\napp.post('/login', async (req, res) => {\n  await conn.promise().execute(`SELECT * FROM users WHERE email = '${req.body.email}'`);\n});\n",
      errors: [
        { messageId: 'taintedQuery', line: 4, column: 32, suggestions: [{ output: "const mysql = require('mysql2');\nconst conn = mysql.createConnection({});\napp.post('/login', async (req, res) => {\n  await conn.promise().execute(`SELECT * FROM users WHERE email = ?`, [req.body.email]);\n});\n" }] },
      ],
    },
  ],
});

runRuleTests(handMadeEscaping, {
  valid: [],
  invalid: [
    {
      name: "(1) the hand-made-escaping rule offers the same rewrite on the same text",
      code: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nfunction escapeString(s) {\n  return s.replace(/\\\\/g, '\\\\\\\\').replace(/'/g, \"\\\\'\");\n}\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name = '\" + escapeString(req.query.name) + \"'\");\n});\n",
      errors: [
        { messageId: 'escapedByHelper', line: 7, column: 53, suggestions: [{ output: "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\nfunction escapeString(s) {\n  return s.replace(/\\\\/g, '\\\\\\\\').replace(/'/g, \"\\\\'\");\n}\napp.get('/a', async (req, res) => {\n  conn.query(\"SELECT * FROM users WHERE name = ?\", [String(req.query.name)]);\n});\n" }] },
      ],
    },
  ],
});

runRuleTests(interpolatedQueryBuilder, {
  valid: [],
  invalid: [
    {
      name: "(10) TypeORM: a :id set earlier on the same builder is not reused",
      code: "import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'postgres' });\nexport async function orders(req) {\n  const qb = dataSource.createQueryBuilder(Order, 'o');\n  qb.where('o.customerId = :id', { id: req.user.id });\n  qb.andWhere(`o.id = ${req.params.id}`);\n  return qb.getMany();\n}\n",
      filename: 'file.ts',
      errors: [
        { messageId: 'taintedFragment', line: 6, column: 15, suggestions: [{ output: "import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'postgres' });\nexport async function orders(req) {\n  const qb = dataSource.createQueryBuilder(Order, 'o');\n  qb.where('o.customerId = :id', { id: req.user.id });\n  qb.andWhere(`o.id = :id2`, { id2: req.params.id });\n  return qb.getMany();\n}\n" }] },
      ],
    },
    {
      name: "(11) knex on MySQL: whereRaw values are String()ed too",
      code: "const knex = require('knex')({ client: 'mysql2' });\napp.post('/login', async (req, res) => {\n  await knex('users').whereRaw(`email = '${req.body.email}'`);\n});\n",
      errors: [
        { messageId: 'taintedFragment', line: 3, column: 32, suggestions: [{ output: "const knex = require('knex')({ client: 'mysql2' });\napp.post('/login', async (req, res) => {\n  await knex('users').whereRaw(`email = ?`, [String(req.body.email)]);\n});\n" }] },
      ],
    },
    {
      name: "(11) near miss: knex on PostgreSQL binds on the server and is left alone",
      code: "const knex = require('knex')({ client: 'pg' });\napp.post('/login', async (req, res) => {\n  await knex('users').whereRaw(`email = '${req.body.email}'`);\n});\n",
      errors: [
        { messageId: 'taintedFragment', line: 3, column: 32, suggestions: [{ output: "const knex = require('knex')({ client: 'pg' });\napp.post('/login', async (req, res) => {\n  await knex('users').whereRaw(`email = ?`, [req.body.email]);\n});\n" }] },
      ],
    },
  ],
});
