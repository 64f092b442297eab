// The static half of "is this SQL rewrite right?": what dialect and binding model a sink has,
// placeholders the text already holds, statements that take no bind parameters, and names a
// new parameter must not take. Each check answers with the options the rewrite needs or with the
// reason no rewrite is offered, which the hover shows.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunctionNode, type RuleContext } from '../../server/src/engine/api';
import type { ParameteriseOptions, QueryPart, Withheld } from './queryParts';
import { sqlSinkOf, type SqlSink } from './sqlDrivers';
import { claimEarlierRewriteNames } from './sharedParameterNames';
import { codeOnly, existingPlaceholders, hasQuestionMarkOutsideCode, lexSql, SLOT, type SqlDialect, type SqlSegment } from './sqlLexer';

const DIALECT_NAMES: Record<string, SqlDialect> = {
  pg: 'postgres',
  postgres: 'postgres',
  postgresql: 'postgres',
  'pg-native': 'postgres',
  pgnative: 'postgres',
  cockroachdb: 'postgres',
  redshift: 'postgres',
  mysql: 'mysql',
  mysql2: 'mysql',
  mariadb: 'mysql',
  sqlite: 'sqlite',
  sqlite3: 'sqlite',
  'better-sqlite3': 'sqlite',
  mssql: 'mssql',
  tedious: 'mssql',
  oracledb: 'oracle',
  oracle: 'oracle',
};

/** The dialect a literal in the file names: knex `client: 'pg'`, Sequelize `dialect: 'mysql'` or a `mysql://` URL. */
function dialectNamedInFile(context: RuleContext, key: 'client' | 'dialect'): SqlDialect {
  const named = new Set<SqlDialect>();
  for (const match of context.sourceText.matchAll(new RegExp(`\\b${key}\\s*:\\s*['"]([\\w-]+)['"]`, 'g'))) {
    const dialect = DIALECT_NAMES[match[1].toLowerCase()];
    if (dialect) named.add(dialect);
  }
  if (key === 'dialect') {
    for (const match of context.sourceText.matchAll(/['"`](postgres|postgresql|mysql|mariadb|sqlite|mssql):/g)) named.add(DIALECT_NAMES[match[1]]);
  }
  // Two dialects in one file: the sink's cannot be told from here.
  return named.size === 1 ? [...named][0] : 'unknown';
}

/** The dialect of the knex instances in this file, from their `client` option. */
export function knexDialect(context: RuleContext): SqlDialect {
  return dialectNamedInFile(context, 'client');
}

/**
 * Options for knex fragments (`whereRaw`...), which knex hands to the driver like `raw()`: on
 * MySQL (or an unknown client) mysqljs formats them, expanding objects and quoting LIMIT strings.
 */
export function knexFragmentOptions(context: RuleContext): ParameteriseOptions {
  const dialect = knexDialect(context);
  return { dialect, stringifyValues: dialect === 'mysql' || dialect === 'unknown', numericLimits: dialect === 'mysql' || dialect === 'unknown', escapeQuestionMarks: true };
}

/** The SQL dialect a sink talks to, when the driver or the file says. */
export function dialectOf(sink: SqlSink, context: RuleContext): SqlDialect {
  switch (sink.driver) {
    case 'pg':
    case 'pg-promise':
      return 'postgres';
    case 'mysql':
      return 'mysql';
    case 'sqlite3':
    case 'better-sqlite3':
      return 'sqlite';
    case 'mssql':
      return 'mssql';
    case 'oracledb':
      return 'oracle';
    case 'typeorm':
      return sink.info?.dialect ?? 'unknown';
    case 'knex':
      return knexDialect(context);
    case 'sequelize':
      return dialectNamedInFile(context, 'dialect');
    default:
      return 'unknown';
  }
}

/**
 * Whether the driver pastes the values into the SQL text itself (mysqljs `query()`, pg-promise,
 * Sequelize replacements, knex and TypeORM on MySQL) rather than sending them apart for the
 * server to bind. Client-side formatting quotes every string (`LIMIT '2'`) but also works in
 * statements that take no parameters; server-side binding is the other way round.
 */
export function formatsOnClient(sink: SqlSink, dialect: SqlDialect): boolean {
  switch (sink.driver) {
    case 'mysql':
      return sink.method === 'query';
    case 'pg-promise':
    case 'sequelize':
      return true;
    case 'knex':
    case 'typeorm':
      return dialect === 'mysql';
    default:
      return false;
  }
}

/** The query text with each interpolation as one SLOT character, and the offsets of the non-constant ones. */
export function slottedText(parts: readonly QueryPart[], context: RuleContext): { text: string; slots: number[] } {
  let text = '';
  const slots: number[] = [];
  for (const part of parts) {
    if (part.kind === 'text') {
      text += part.text;
      continue;
    }
    if (context.flow.valueOf(part.node).origin !== 'constant') slots.push(text.length);
    text += SLOT;
  }
  return { text, slots };
}

/**
 * Statements PostgreSQL (and the other servers, for DDL) will not prepare with parameters:
 * a `$1` there is a syntax error. Read from the statement's first words.
 */
const UTILITY_STATEMENT =
  /^\s*(set|reset|notify|listen|unlisten|comment\s+on|copy|pragma|vacuum|analyze|grant|revoke|truncate|(?:create|alter|drop)\s+(?:or\s+replace\s+)?(?:(?:temp|temporary|unique|unlogged|global|local|materialized)\s+)*(?:role|user|table|index|view|database|schema|sequence|function|procedure|trigger|type|extension|policy|publication|subscription|server|tablespace|domain|login))\b/i;

/** The first words of the statement holding each slot, when it is one that takes no parameters. */
function utilityStatementAt(code: string, offset: number): string | undefined {
  const start = code.lastIndexOf(';', offset) + 1;
  const match = UTILITY_STATEMENT.exec(code.slice(start));
  return match ? match[1].replace(/\s+/g, ' ').toUpperCase() : undefined;
}

/** `SET [LOCAL|SESSION] name = <slot>` or `SET name TO '<slot>'`, the whole text: set_config() takes it as a value. */
const SET_FORM = /^\s*set\s+(?:(local|session)\s+)?([a-z_][\w.]*)\s*(?:=|\bto\b)\s*('?)\u0000\3\s*;?\s*$/i;
/** `NOTIFY channel, '<slot>'`, the whole text: pg_notify() takes the payload as a value. */
const NOTIFY_FORM = /^\s*notify\s+([a-z_]\w*)\s*,\s*'\u0000'\s*;?\s*$/i;

/** A statement PostgreSQL will not prepare, rewritten as the function call that does the same and takes a value. */
export interface UtilityAlternative {
  /** The statement text with one `$1` placeholder. */
  sql: string;
}

/** set_config() for SET, pg_notify() for NOTIFY; undefined for every other shape. */
export function postgresAlternative(text: string): UtilityAlternative | undefined {
  const set = SET_FORM.exec(text);
  if (set) {
    // An unquoted name is folded to lower case, as SET itself reads it.
    const name = set[2].toLowerCase();
    return { sql: `SELECT set_config('${name}', $1, ${set[1]?.toLowerCase() === 'local' ? 'true' : 'false'})` };
  }
  const notify = NOTIFY_FORM.exec(text);
  if (notify) return { sql: `SELECT pg_notify('${notify[1].toLowerCase()}', $1)` };
  return undefined;
}

/** Oracle reserved words, which it refuses as bind variable names (`:date`, `:level`). */
const ORACLE_RESERVED = new Set(
  (
    'access add all alter and any as asc audit between by char check cluster column comment compress connect create current date decimal ' +
    'default delete desc distinct drop else exclusive exists file float for from grant group having identified immediate in increment ' +
    'index initial insert integer intersect into is level like lock long maxextents minus mlslabel mode modify noaudit nocompress not ' +
    'nowait null number of offline on online option or order pctfree prior public raw rename resource revoke row rowid rownum rows select ' +
    'session set share size smallint start successful synonym sysdate table then to trigger uid union unique update user validate values ' +
    'varchar varchar2 view whenever where with'
  ).split(' '),
);

/** The body of the function holding `node`, or the whole file: where names on the same request or builder live. */
export function enclosingScopeText(node: TSESTree.Node, context: RuleContext): string {
  let current = context.getParent(node);
  while (current && !isFunctionNode(current)) current = context.getParent(current);
  return current ? context.getText(current) : context.sourceText;
}

/** The SQL argument of another mssql query call, whose rewrite would declare `.input()` names. */
function mssqlSqlOf(call: TSESTree.CallExpression, context: RuleContext): TSESTree.Node | undefined {
  const sink = sqlSinkOf(call, context);
  return sink?.driver === 'mssql' && sink.via !== 'none' ? sink.sql : undefined;
}

/** Names that parameters of `sink` must not take: driver keywords and names already in use nearby. */
function reservedNamesFor(sink: SqlSink, segments: readonly SqlSegment[], context: RuleContext): Set<string> {
  const names = new Set<string>();
  if (sink.driver === 'oracledb') {
    for (const word of ORACLE_RESERVED) names.add(word);
    for (const name of existingPlaceholders(segments, 'colon')) names.add(name);
  }
  if (sink.driver === 'mssql') {
    // request.input('id', ...) twice throws EDUPEPARAM; an existing @name is a declared variable.
    for (const match of enclosingScopeText(sink.call, context).matchAll(/\.input\(\s*['"`](\w+)['"`]/g)) names.add(match[1]);
    for (const name of existingPlaceholders(segments, 'at')) names.add(name);
    // A request may run several queries: the fixes of the earlier ones declare their names on it too.
    claimEarlierRewriteNames(sink.call, context, (other) => mssqlSqlOf(other, context), names);
  }
  return names;
}

export interface SinkRewritePlan {
  dialect: SqlDialect;
  options: ParameteriseOptions;
  /** Set when the statement is one PostgreSQL will not prepare but a function call does the same. */
  alternative?: UtilityAlternative;
}

/**
 * What a rewrite of `sink` needs to be right, or why none is offered. `style` is the placeholder
 * style the rewrite would use.
 */
export function planSinkRewrite(sink: SqlSink, parts: readonly QueryPart[], style: string, context: RuleContext): SinkRewritePlan | Withheld {
  const dialect = dialectOf(sink, context);
  const client = formatsOnClient(sink, dialect);
  const { text, slots } = slottedText(parts, context);
  const segments = lexSql(text, dialect);
  const code = codeOnly(segments);

  // A value inside "..." is a string in MySQL and a name elsewhere: with the dialect unknown, neither reading is safe.
  if (dialect === 'unknown' && segments.some((s) => s.kind === 'identifier' && s.text.startsWith('"') && s.text.includes(SLOT))) {
    return { withheld: 'a value sits inside double quotes, which MySQL reads as a string and other databases as a name; the dialect is not known here' };
  }

  for (const offset of slots) {
    const statement = utilityStatementAt(code, offset);
    if (!statement || client) continue;
    const alternative = dialect === 'postgres' && style === 'dollar' && slots.length === 1 ? postgresAlternative(text) : undefined;
    if (alternative) return { dialect, options: {}, alternative };
    return { withheld: `\`${statement}\` statements take no bind parameters, so a placeholder there is a syntax error; validate the value against an allowlist instead` };
  }

  if (style === 'question' || style === 'knex') {
    const questionMarks = existingPlaceholders(segments, 'question').length > 0 || hasQuestionMarkOutsideCode(segments);
    if (questionMarks && style === 'knex' && sink.driver !== 'mysql') {
      // knex reads `\?` as a literal question mark; done below through escapeQuestionMarks.
    } else if (questionMarks && (client || (sink.driver === 'mysql' && sink.method !== 'execute'))) {
      // mysql2's execute() prepares on the server, which skips a `?` inside strings and comments.
      return { withheld: 'the SQL already holds a `?` (in a string, a comment or an operator) that the driver would fill with a value too' };
    } else if (existingPlaceholders(segments, 'question').length > 0) {
      return { withheld: 'the SQL already holds a `?` placeholder outside strings and comments' };
    }
  }
  if (style === 'dollar' && existingPlaceholders(segments, 'dollar').length > 0) {
    return { withheld: 'the SQL already holds a `$n` placeholder outside strings and comments' };
  }
  if (style === 'colon' && sink.driver === 'sequelize' && existingPlaceholders(segments, 'colon').length > 0) {
    return { withheld: 'the SQL already holds a `:name` that Sequelize would read as a replacement' };
  }

  const mysqljs = sink.driver === 'mysql' && sink.method === 'query';
  return {
    dialect,
    options: {
      dialect,
      reservedNames: reservedNamesFor(sink, segments, context),
      numericLimits: client || dialect === 'sqlite' || sink.driver === 'prisma',
      stringifyValues: mysqljs || ((sink.driver === 'knex' || sink.driver === 'typeorm') && (dialect === 'mysql' || (sink.driver === 'knex' && dialect === 'unknown'))),
      numericExpressionOperands: dialect === 'sqlite',
      typedParameters: sink.driver === 'prisma',
      numericRangeCasts: dialect === 'postgres' && style === 'dollar',
      escapeQuestionMarks: style === 'knex' && sink.driver === 'knex',
    },
  };
}
