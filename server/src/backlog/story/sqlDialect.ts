// Which database a schema file and a query's driver belong to, so that a story never says an
// injection through one database reads a table that lives in another (the shop's orders on MariaDB
// cannot UNION the customers of its PostgreSQL). Only clear signs count; unknown stays unknown and
// then reaches every table, as before.

export type SqlDialect = 'mysql' | 'postgres' | 'sqlite' | 'mssql' | 'oracle';

/** The dialect a .sql file's name or its own syntax shows, when only one does. */
export function dialectOfSchema(path: string, text: string): SqlDialect | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const byName = only([
    /mysql|maria/.test(name) && 'mysql',
    /postgres|\bpg\b|psql|pg[_.-]/.test(name) && 'postgres',
    /sqlite/.test(name) && 'sqlite',
    /mssql|sqlserver|tsql/.test(name) && 'mssql',
    /oracle/.test(name) && 'oracle',
  ]);
  if (byName) return byName;
  return only([
    /\bAUTO_INCREMENT\b|\bENGINE\s*=|`\w+`/i.test(text) && 'mysql',
    /\b(?:BIG)?SERIAL\b|::\w+|\bBYTEA\b|\bJSONB\b/i.test(text) && 'postgres',
    /\bAUTOINCREMENT\b|\bPRAGMA\b/i.test(text) && 'sqlite',
  ]);
}

/** The dialect of the database drivers a file loads, when it loads one kind only. */
export function dialectOfCode(text: string): SqlDialect | undefined {
  const loads = (pattern: string) => new RegExp(`(?:require\\(\\s*|from\\s+)['"](?:${pattern})(?:/[\\w/]*)?['"]`).test(text);
  return only([
    loads('mysql2?|mariadb') && 'mysql',
    loads('pg|pg-pool|pg-promise|postgres') && 'postgres',
    loads('sqlite3|better-sqlite3|sqlite') && 'sqlite',
    loads('mssql|tedious') && 'mssql',
    loads('oracledb') && 'oracle',
  ]);
}

function only(signs: readonly (SqlDialect | false)[]): SqlDialect | undefined {
  const found = signs.filter((s): s is SqlDialect => Boolean(s));
  return found.length === 1 ? found[0] : undefined;
}
