// Every piece of request input pasted into one SQL text, with what it stands for there. A finding
// names the worst source only; a story's test must send an attack to each field the query takes
// from the request, and choose the payload by the slot (inside a quoted literal, a bare value, a
// name), so that the SQL around the payload stays valid.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleContext } from '../../server/src/engine/api';
import { sqlTextSlots } from './sqlTextSlots';
import type { SqlSink } from './sqlDrivers';

/**
 * `req.query.region (string), req.query.from (string)`: the sources of the tainted slots of `sql`
 * in the order they appear, each once with the kind of its first slot; undefined when none is.
 */
export function injectedInputs(sql: TSESTree.Node, context: RuleContext): string | undefined {
  const kinds = new Map<string, string>();
  for (const slot of sqlTextSlots(sql, context)) {
    const value = context.flow.valueOf(slot.node);
    const source = value.origin === 'tainted' ? value.source?.description : undefined;
    if (source && !kinds.has(source)) kinds.set(source, slot.kind);
  }
  return kinds.size > 0 ? [...kinds].map(([source, kind]) => `${source} (${kind})`).join(', ') : undefined;
}

/**
 * Whether the call runs a single statement whatever the text holds, so an injection can read but
 * not stack an `UPDATE` or `DROP` after the query: sqlite3's `all`/`get`/`run`/`each` and
 * better-sqlite3's `prepare` compile one statement, mysql and mysql2 refuse a second unless the
 * connection enables `multipleStatements`, oracledb and Prisma prepare one. pg runs several when no
 * values are passed, mssql runs a batch, and `exec` runs a script: those can change data.
 */
export function runsOneStatement(sink: SqlSink, sourceText: string): boolean {
  switch (sink.driver) {
    case 'sqlite3':
    case 'better-sqlite3':
      return sink.method !== 'exec';
    case 'mysql':
      return !/\bmultipleStatements\b/.test(sourceText);
    case 'oracledb':
    case 'prisma':
      return true;
    case undefined:
      // A handle from another module (`const { db } = require('../db')`): `all` and `get` are
      // sqlite3's alone among the drivers catalogued.
      return sink.method === 'all' || sink.method === 'get';
    default:
      return false;
  }
}
