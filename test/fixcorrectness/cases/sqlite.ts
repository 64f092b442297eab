// Cases on SQLite (sql.js behind the better-sqlite3 and sqlite3 call shapes).
import type { FixCase } from '../caseFormat';

const BETTER = "const Database = require('better-sqlite3');\nconst db = new Database('app.db');\n";
const SQLITE3 = "const sqlite3 = require('sqlite3').verbose();\nconst db = new sqlite3.Database(':memory:');\n";

const sqlite3Fn = (call: string) =>
  `${SQLITE3}module.exports = (input) => new Promise((resolve, reject) => {\n  ${call}\n});\n`;

export const SQLITE_CASES: FixCase[] = [
  {
    name: 'prepare().all() with a quoted name',
    driver: 'better-sqlite3',
    dialect: 'sqlite',
    source: `${BETTER}module.exports = (input) => db.prepare("SELECT id, name FROM users WHERE name = '" + input + "'").all();\n`,
    benign: ['alice', 'Zoë'],
    expect: 'fix',
    why: 'The values go to all().',
  },
  {
    name: 'prepare().get() by id',
    driver: 'better-sqlite3',
    dialect: 'sqlite',
    origin: 'rules/sql/no-string-built-query.test.ts (better-sqlite3 get)',
    source: `${BETTER}module.exports = (input) => db.prepare(\`SELECT id, name FROM users WHERE id = \${input}\`).get();\n`,
    benign: ['1', '3'],
    expect: 'fix',
    why: "A string bound against an INTEGER column is converted by the column's affinity.",
  },
  {
    name: 'string bound against COUNT(*)',
    driver: 'better-sqlite3',
    dialect: 'sqlite',
    issueClass: 8,
    source: `${BETTER}module.exports = (input) => db.prepare(\`SELECT category FROM products GROUP BY category HAVING COUNT(*) = \${input}\`).all();\n`,
    benign: ['2', '1'],
    expect: 'right-or-none',
    why: "An expression has no affinity: '2' never equals 2, so the fix silently matches nothing unless it makes the value a number.",
  },
  {
    name: 'string bound against an arithmetic expression',
    driver: 'sqlite3',
    dialect: 'sqlite',
    issueClass: 8,
    source: sqlite3Fn('db.all(`SELECT id FROM products WHERE price_cents / 100 > ${input}`, (err, rows) => (err ? reject(err) : resolve(rows)));'),
    benign: ['7', '10'],
    expect: 'right-or-none',
    why: 'price_cents / 100 has no affinity, so a bound string compares as text (always greater than any number).',
  },
  {
    name: 'all() with a quoted value',
    driver: 'sqlite3',
    dialect: 'sqlite',
    origin: 'rules/sql/no-string-built-query.test.ts (sqlite3 quoted)',
    source: sqlite3Fn("db.all(`SELECT id, name FROM users WHERE name = '${input}'`, (err, rows) => (err ? reject(err) : resolve(rows)));"),
    benign: ['bob', 'alice'],
    expect: 'fix',
    why: 'The values array goes before the callback.',
  },
  {
    name: 'run() update with two values',
    driver: 'sqlite3',
    dialect: 'sqlite',
    origin: 'rules/sql/no-string-built-query.test.ts (sqlite3 run)',
    source: `${SQLITE3}module.exports = (input) => new Promise((resolve, reject) => {\n  db.run("UPDATE users SET name = '" + input.name + "' WHERE id = " + input.id, (err) => {\n    if (err) return reject(err);\n    db.all('SELECT id, name FROM users ORDER BY id', (e, rows) => (e ? reject(e) : resolve(rows)));\n  });\n});\n`,
    benign: [{ name: 'carol', id: '2' }],
    edge: [{ name: "O'Brien", id: '1' }, { name: 'Zoë', id: '2' }],
    injection: [{ name: "x' WHERE 1=1; --", id: '1' }, { name: 'x', id: '1 OR 1=1' }],
    expect: 'fix',
    why: 'Two values in order, before the callback.',
  },
  {
    name: 'LIMIT from a request string',
    driver: 'sqlite3',
    dialect: 'sqlite',
    issueClass: 5,
    source: sqlite3Fn('db.all(`SELECT id FROM users ORDER BY id LIMIT ${input}`, (err, rows) => (err ? reject(err) : resolve(rows)));'),
    benign: ['2'],
    expect: 'fix',
    why: 'SQLite converts a numeric string in LIMIT, so the plain fix is right.',
  },
  {
    name: 'exec takes no parameters',
    driver: 'sqlite3',
    dialect: 'sqlite',
    origin: 'rules/sql/no-string-built-query.test.ts (sqlite3 exec)',
    source: `${SQLITE3}module.exports = (input) => new Promise((resolve, reject) => {\n  db.exec(\`DELETE FROM reviews WHERE author = '\${input}'\`, (err) => (err ? reject(err) : resolve([])));\n});\n`,
    benign: ['alice', 'bob'],
    expect: 'no-fix',
    why: 'exec() binds nothing; the rewrite is to run(), which a rule cannot choose for the user here.',
  },
  {
    name: 'exec takes no parameters',
    driver: 'better-sqlite3',
    dialect: 'sqlite',
    origin: 'rules/sql/no-string-built-query.test.ts (better-sqlite3 exec)',
    source: `${BETTER}module.exports = (input) => {\n  db.exec('DELETE FROM reviews WHERE product_id = ' + input);\n  return [];\n};\n`,
    benign: ['1', '2'],
    expect: 'no-fix',
    why: 'exec() binds nothing.',
  },
];
