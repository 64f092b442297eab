// Cases for mssql and oracledb, whose binding is emulated over PostgreSQL (see emulatedDrivers.ts):
// they check the names a rewrite gives parameters, not the servers' SQL.
import type { FixCase } from '../caseFormat';

const MSSQL = "const sql = require('mssql');\n";
const ORACLE = "const oracledb = require('oracledb');\n";

export const EMULATED_CASES: FixCase[] = [
  {
    name: 'request.query with a concatenated value',
    driver: 'mssql (emulated)',
    dialect: 'postgres',
    source: `${MSSQL}module.exports = async function run(input) {\n  const pool = await sql.connect({});\n  const result = await pool.request().query("SELECT id, name FROM users WHERE name = '" + input + "'");\n  return result.recordset;\n};\n`,
    benign: ['alice', 'bob'],
    expect: 'fix',
    why: 'One .input() and @name.',
  },
  {
    name: 'a second .input() of a name already declared',
    driver: 'mssql (emulated)',
    dialect: 'postgres',
    issueClass: 10,
    source: `${MSSQL}module.exports = async function run(input) {\n  const pool = await sql.connect({});\n  const id = input;\n  const result = await pool.request().input('id', sql.Int, 1).query('SELECT id FROM users WHERE id = @id OR score = ' + id);\n  return result.recordset;\n};\n`,
    benign: ['20', '40'],
    expect: 'fix',
    why: 'The fix must pick a fresh name: a second .input("id") throws EDUPEPARAM.',
  },
  {
    name: 'two queries on one request, both values named id',
    driver: 'mssql (emulated)',
    dialect: 'postgres',
    issueClass: 10,
    source: `${MSSQL}module.exports = async function run(input) {\n  const request = new sql.Request();\n  const user = await request.query(\`SELECT id, name FROM users WHERE id = \${input.id}\`);\n  const orders = await request.query(\`SELECT id FROM orders WHERE customer_id = \${input.id}\`);\n  return [...user.recordset, ...orders.recordset];\n};\n`,
    benign: [{ id: '1' }, { id: '2' }],
    edge: [{ id: '3' }],
    injection: [{ id: '1 OR 1=1' }],
    expect: 'fix',
    why: "Each fix alone declares .input('id'); applied together the request would throw EDUPEPARAM, so the second must be @id2.",
  },
  {
    name: 'execute with a concatenated value',
    driver: 'oracledb (emulated)',
    dialect: 'postgres',
    source: `${ORACLE}module.exports = async function run(input) {\n  const connection = await oracledb.getConnection({});\n  const result = await connection.execute("SELECT id FROM users WHERE name = '" + input + "'");\n  return result.rows;\n};\n`,
    benign: ['alice'],
    expect: 'fix',
    why: 'A :name bind with a binds object.',
  },
  {
    name: 'bind names that are Oracle reserved words',
    driver: 'oracledb (emulated)',
    dialect: 'postgres',
    issueClass: 10,
    source: `${ORACLE}module.exports = async function run(input) {\n  const connection = await oracledb.getConnection({});\n  const level = input;\n  const result = await connection.execute(\`SELECT id FROM users WHERE score >= \${level}\`);\n  return result.rows;\n};\n`,
    benign: ['20', '40'],
    expect: 'fix',
    why: ':level is a reserved word (ORA-01745); the fix must name the bind otherwise.',
  },
];
