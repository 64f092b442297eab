// Stand-ins for pg and mysql2/promise, written into fixture apps' node_modules: queries run on
// sql.js (SQLite compiled to WebAssembly), so an injection in a fixture really changes what the
// query does. `$1`-style placeholders become SQLite's `?`; the database starts from `seed`.

/** The module text shared by both drivers: `run(text, values)` answers the rows. */
function sqlJsRunner(seed: string): string {
  return `
const initSqlJs = require(${JSON.stringify(require.resolve('sql.js'))});
let database;
function db() {
  database = database || initSqlJs().then((SQL) => {
    const d = new SQL.Database();
    d.run(${JSON.stringify(seed)});
    return d;
  });
  return database;
}
async function run(text, values = []) {
  const statement = (await db()).prepare(text.replace(/\\$\\d+/g, '?'));
  statement.bind(values);
  const rows = [];
  while (statement.step()) rows.push(statement.getAsObject());
  statement.free();
  return rows;
}
`;
}

/** `node_modules/pg/index.js`: `new Pool().query()` answers `{ rows }`. */
export function pgStandIn(seed: string): string {
  return `${sqlJsRunner(seed)}
class Pool {
  async query(text, values) {
    return { rows: await run(text, values) };
  }
}
module.exports = { Pool };
`;
}

/** `node_modules/mysql2/promise.js`: `createPool().query()` and `.execute()` answer `[rows, fields]`. */
export function mysql2PromiseStandIn(seed: string): string {
  return `${sqlJsRunner(seed)}
exports.createPool = () => ({
  query: async (text, values) => [await run(text, values), []],
  execute: async (text, values) => [await run(text, values), []],
});
`;
}

/**
 * `node_modules/sequelize/index.js`: `new Sequelize(url).query(text, { replacements })` answers
 * `[rows, metadata]`. The project installs no driver package, so its database is unknown to the
 * story, as with an app whose connection string comes from the environment.
 */
export function sequelizeStandIn(seed: string): string {
  return `${sqlJsRunner(seed)}
class Sequelize {
  async query(text, options = {}) {
    return [await run(text, options.replacements ?? []), {}];
  }
}
module.exports = { Sequelize };
`;
}
