// The tables and columns a workspace's SQL names, so an injection story can say what it reaches
// (the plaintext `users.password`) instead of "the records in the application database". Read from
// text only: `CREATE TABLE` statements (.sql files, migrations, SQL strings in code), knex and
// Sequelize migrations' `createTable`, and the columns the code's own queries select, insert,
// update or match. A column nobody wrote down is never guessed.

export interface SqlTable {
  name: string;
  columns: string[];
  /**
   * The receivers the code queries it through (`pool`, `db`): an injection through one reaches the
   * tables queried through the same receiver. Absent when a schema declares the table, which any
   * injection into that database reaches.
   */
  handles?: string[];
  /** Columns the code stores or matches as the request sent them (the session/no-plaintext-password rule). */
  plaintext?: string[];
  /**
   * The databases a schema file declares it in (`db/mariadb.sql`): a connection of another kind
   * never reaches it. Absent when no file said, so any connection may.
   */
  dialects?: string[];
}

/** A SQL string of the code, the receiver of the call it is handed to, and where it starts. */
export interface SqlString {
  sql: string;
  handle?: string;
  offset: number;
}

const SQL_START = /^\s*(?:select|insert|update|delete|create|with|replace)\b/i;
const NOT_COLUMNS = new Set(
  'and or not null is in like between select from where as on join inner left right outer cross union all distinct limit offset order by group having set values into case when then else end exists true false asc desc default primary key foreign references unique check constraint index'.split(' '),
);

/** String literals of the code that hold SQL, with the receiver of the call each is passed to first. */
export function sqlStringsIn(text: string): SqlString[] {
  const out: SqlString[] = [];
  for (const m of text.matchAll(/(['"`])((?:\\[\s\S]|(?!\1)[^\\])*)\1/g)) {
    const sql = m[2];
    if (!SQL_START.test(sql)) continue;
    const before = text.slice(Math.max(0, m.index - 120), m.index);
    const handle = /([A-Za-z_$][\w$]*)\s*\.\s*[A-Za-z_$][\w$]*\s*\(\s*$/.exec(before)?.[1];
    out.push({ sql, offset: m.index, ...(handle ? { handle } : {}) });
  }
  return out;
}

/** Tables a SQL text declares (`CREATE TABLE`) or uses, with the columns it names for each. */
export function tablesInSql(sql: string, handle?: string): SqlTable[] {
  const tables: SqlTable[] = [];
  for (const m of sql.matchAll(/\bCREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([`"[]?[\w.]+[`"\]]?)\s*\(/gi)) {
    const body = balanced(sql, m.index + m[0].length);
    const columns = splitTopLevel(body)
      .map((entry) => identifier(entry.trim().split(/\s+/)[0] ?? ''))
      .filter((name): name is string => Boolean(name) && !/^(?:constraint|primary|foreign|unique|check|key|index)$/i.test(name!));
    tables.push({ name: identifier(m[1])!, columns });
  }
  const used = (name: string | undefined, columns: (string | undefined)[]) => {
    const table = identifier(name ?? '');
    if (table) tables.push({ name: table, columns: unique(columns.filter((c): c is string => Boolean(c))), ...(handle ? { handles: [handle] } : {}) });
  };
  const insert = /\bINSERT\s+(?:OR\s+\w+\s+)?INTO\s+([`"[]?[\w.]+[`"\]]?)\s*\(([^)]*)\)/i.exec(sql);
  if (insert) used(insert[1], insert[2].split(',').map(identifier));
  const update = /\bUPDATE\s+([`"[]?[\w.]+[`"\]]?)\s+SET\b([\s\S]*)/i.exec(sql);
  if (update) used(update[1], comparedColumns(update[2]));
  const select = /\bSELECT\s+([\s\S]*?)\s+FROM\s+([`"[]?[\w.]+[`"\]]?)([\s\S]*)/i.exec(sql);
  // With a join the bare names could belong to either table: only the select list's own table is read then.
  if (select && !/\bJOIN\b/i.test(select[3])) used(select[2], [...selectedColumns(select[1]), ...comparedColumns(select[3])]);
  else if (select) used(select[2], []);
  const remove = /\bDELETE\s+FROM\s+([`"[]?[\w.]+[`"\]]?)([\s\S]*)/i.exec(sql);
  if (remove) used(remove[1], comparedColumns(remove[2]));
  return tables;
}

/**
 * Tables declared by migrations in code: `createTable('users', (t) => { t.string('password') })`
 * (knex) and `createTable('Users', { password: {...} })` (Sequelize's queryInterface).
 */
export function migrationTablesIn(text: string): SqlTable[] {
  const tables: SqlTable[] = [];
  for (const m of text.matchAll(/\bcreateTable\s*\(\s*['"`]([\w.]+)['"`]\s*,\s*/g)) {
    const start = text.indexOf('{', m.index + m[0].length);
    if (start < 0 || start - (m.index + m[0].length) > 60) continue;
    const body = balanced(text, start + 1, '{', '}');
    const calls = [...body.matchAll(/\.\s*[a-zA-Z]+\s*\(\s*['"`](\w+)['"`]/g)].map((c) => c[1]);
    const keys = depthOneKeys(body);
    tables.push({ name: m[1], columns: unique(calls.length > 0 ? calls : keys) });
  }
  return tables;
}

/** One entry per table (names compared without case or quotes), columns, receivers and plaintext marks joined. */
export function mergeTables(tables: readonly SqlTable[]): SqlTable[] {
  const byName = new Map<string, SqlTable>();
  for (const t of tables) {
    const key = t.name.toLowerCase();
    const had = byName.get(key);
    if (!had) {
      byName.set(key, { ...t, columns: [...t.columns] });
      continue;
    }
    const handles = had.handles && t.handles ? unique([...had.handles, ...t.handles]) : undefined;
    const plaintext = unique([...(had.plaintext ?? []), ...(t.plaintext ?? [])]);
    // A schema that names no database may put the table in any; a query's use names none either way.
    const anywhere = (x: SqlTable) => !x.dialects && !x.handles;
    const dialects = anywhere(had) || anywhere(t) || !(had.dialects ?? t.dialects) ? undefined : unique([...(had.dialects ?? []), ...(t.dialects ?? [])]);
    byName.set(key, {
      name: had.name,
      columns: uniqueNoCase([...had.columns, ...t.columns]),
      ...(handles ? { handles } : {}),
      ...(plaintext.length > 0 ? { plaintext } : {}),
      ...(dialects ? { dialects } : {}),
    });
  }
  return [...byName.values()];
}

function selectedColumns(list: string): (string | undefined)[] {
  return splitTopLevel(list).map((item) => {
    const expression = item.trim().split(/\s+(?:as\s+)?/i)[0];
    return /[()*]/.test(expression) ? undefined : identifier(expression);
  });
}

/** Names compared or assigned in a WHERE, SET or ON text: `email = ?`, `name LIKE '%x%'`. */
function comparedColumns(text: string): (string | undefined)[] {
  const withoutLiterals = text.replace(/'(?:[^']|'')*'/g, "''");
  return [...withoutLiterals.matchAll(/([`"[]?[A-Za-z_][\w.]*[`"\]]?)\s*(?:=|<>|!=|<=|>=|<|>|\s(?:NOT\s+)?(?:LIKE|IN|IS)\b)/gi)].map((m) => identifier(m[1]));
}

/** A bare or quoted name, its table prefix dropped; undefined for keywords, numbers and placeholders. */
function identifier(raw: string): string | undefined {
  const name = raw.trim().replace(/^[`"[]|[`"\]]$/g, '').split('.').pop()!.replace(/^[`"[]|[`"\]]$/g, '');
  if (!/^[A-Za-z_]\w*$/.test(name) || NOT_COLUMNS.has(name.toLowerCase())) return undefined;
  return name;
}

/** The text from `start` to the bracket that closes the one opened just before it. */
function balanced(text: string, start: number, open = '(', close = ')'): string {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

/** The comma-separated parts of `text` outside any parentheses (a column list, a select list). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/** Keys of an object literal's body at its own level: `{ email: {...}, password: DataTypes.STRING }`. */
function depthOneKeys(body: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = true;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (depth === 0 && expectKey && /\S/.test(c)) {
      const key = /^['"]?([A-Za-z_]\w*)['"]?\s*:/.exec(body.slice(i));
      if (key) keys.push(key[1]);
      expectKey = false;
    }
    if ('{(['.includes(c)) depth++;
    else if ('})]'.includes(c)) depth--;
    else if (c === ',' && depth === 0) expectKey = true;
  }
  return unique(keys);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function uniqueNoCase(items: readonly string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.toLowerCase()) && seen.add(item.toLowerCase()));
}
