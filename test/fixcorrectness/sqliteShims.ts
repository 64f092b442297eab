// better-sqlite3 and sqlite3 call shapes over one sql.js database, so SQLite cases run without a
// native build. Only what the rules rewrite is modelled, with each driver's binding behaviour:
// better-sqlite3 refuses several statements in one prepare and objects as values; sqlite3 runs the
// first statement of all/get/run and everything in exec.
import type { BindParams, Database as SqlJsDatabase, SqlValue } from 'sql.js';

type Row = Record<string, SqlValue>;
type Callback = (error: Error | null, result?: unknown) => void;

/** The text of each statement in `sql` (sql.js frees a statement when its iterator moves on). */
function statementTexts(db: SqlJsDatabase, sql: string): string[] {
  const texts: string[] = [];
  for (const statement of db.iterateStatements(sql)) texts.push(statement.getSQL());
  return texts;
}

function runOne(db: SqlJsDatabase, sql: string, params: BindParams | undefined, options: { onlyFirst: boolean }): Row[] {
  const texts = statementTexts(db, sql);
  if (texts.length === 0) return [];
  if (!options.onlyFirst && texts.length > 1) throw new RangeError('The supplied SQL string contains more than one statement');
  const statement = db.prepare(texts[0]);
  try {
    if (params !== undefined) statement.bind(params);
    const rows: Row[] = [];
    while (statement.step()) rows.push(statement.getAsObject());
    return rows;
  } finally {
    statement.free();
  }
}

function checkBindable(values: unknown[]): SqlValue[] {
  for (const value of values) {
    if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
      throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
    }
    if (typeof value === 'boolean') throw new TypeError('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
  }
  return values as SqlValue[];
}

/** better-sqlite3's params: positional arguments, an array, or one object of named values. */
function betterParams(args: unknown[]): BindParams | undefined {
  if (args.length === 0) return undefined;
  if (args.length === 1 && args[0] !== null && typeof args[0] === 'object' && !Array.isArray(args[0])) {
    const named: Record<string, SqlValue> = {};
    for (const [key, value] of Object.entries(args[0])) named[`@${key}`] = checkBindable([value])[0];
    // better-sqlite3 accepts @name, :name and $name for the same key.
    for (const [key, value] of Object.entries(args[0])) {
      named[`:${key}`] = value as SqlValue;
      named[`$${key}`] = value as SqlValue;
    }
    return named;
  }
  return checkBindable(args.flat());
}

export function betterSqlite3Module(db: SqlJsDatabase): unknown {
  class Database {
    prepare(sql: string) {
      // Compiling here reports a syntax error at prepare time, as better-sqlite3 does.
      statementTexts(db, sql);
      return {
        all: (...args: unknown[]) => runOne(db, sql, betterParams(args), { onlyFirst: false }),
        get: (...args: unknown[]) => runOne(db, sql, betterParams(args), { onlyFirst: false })[0],
        run: (...args: unknown[]) => {
          runOne(db, sql, betterParams(args), { onlyFirst: false });
          return { changes: db.getRowsModified() };
        },
      };
    }
    exec(sql: string) {
      db.exec(sql);
      return this;
    }
  }
  return Database;
}

/** sqlite3's values: an array, positional arguments or named object; objects become text. */
function sqlite3Params(args: unknown[]): BindParams | undefined {
  if (args.length === 0) return undefined;
  if (args.length === 1 && Array.isArray(args[0])) return (args[0] as unknown[]).map(toSqlite3Value);
  if (args.length === 1 && args[0] !== null && typeof args[0] === 'object') return args[0] as BindParams;
  return args.map(toSqlite3Value);
}

function toSqlite3Value(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string' || value instanceof Uint8Array) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  // node-sqlite3 binds other objects by their string form, which is what JSON bodies become.
  return Object.prototype.toString.call(value);
}

export function sqlite3Module(db: SqlJsDatabase): unknown {
  const call = (sql: string, rest: unknown[], shape: (rows: Row[]) => unknown) => {
    const callback = typeof rest[rest.length - 1] === 'function' ? (rest.pop() as Callback) : undefined;
    let error: Error | null = null;
    let result: unknown;
    try {
      result = shape(runOne(db, sql, sqlite3Params(rest), { onlyFirst: true }));
    } catch (caught) {
      error = caught as Error;
    }
    // sqlite3 answers on a later turn of the event loop.
    if (callback) setImmediate(() => callback(error, result));
  };
  class Database {
    all(sql: string, ...rest: unknown[]) {
      call(sql, rest, (rows) => rows);
      return this;
    }
    get(sql: string, ...rest: unknown[]) {
      call(sql, rest, (rows) => rows[0]);
      return this;
    }
    run(sql: string, ...rest: unknown[]) {
      call(sql, rest, () => undefined);
      return this;
    }
    exec(sql: string, callback?: Callback) {
      let error: Error | null = null;
      try {
        db.exec(sql);
      } catch (caught) {
        error = caught as Error;
      }
      if (callback) setImmediate(() => callback(error));
      return this;
    }
  }
  const module = { Database, verbose: () => module };
  return module;
}
