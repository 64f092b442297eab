// A name from the request pasted into SQL (a sort column, a direction, a table) is not a value, and
// where it lands sets what the injection does. After ORDER BY no UNION can follow: the attacker
// learns what other tables hold one yes-or-no answer per request, from the order the rows come back
// in. In the select list a subquery reads any column into the answer; as the table, any table. The
// rule's seed says "hidden columns", which a `SELECT *` does not have: the story says what the
// query shape allows instead (sqlQueryShape.ts).
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';
import { mostValuable, sqlOfFinding } from './groundSql';
import { dialectOfCode } from './sqlDialect';
import { nameSlotAt, rowsReturned, selectsAll } from './sqlQueryShape';

export function groundSqlIdentifier(seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  const sql = sqlOfFinding(context.text, finding);
  const slot = nameSlotAt(context.text, finding.range.start.offset);
  if (!sql || !slot || !/^\s*(?:\(\s*)*select\b/i.test(sql)) return { seed };
  const returned = rowsReturned(context.handler) !== false;
  const handle = finding.data?.sink?.split('.').slice(-2, -1)[0];
  const target = mostValuable(context.workspace?.sqlTables ?? [], handle, dialectOfCode(context.text));
  const reach = target ? `{asset} and ${target.phrase}` : '{asset} and any other table the database account may read';
  // A name can end the query only where the driver runs one statement; elsewhere it may stack a change.
  const stride: AbuserStorySeed['stride'] = finding.data?.access === 'read' || runsOneStatementIn(context.text) ? ['I'] : ['T', 'I'];
  if (slot === 'order' || !returned) {
    const oracle = slot === 'order' && returned ? 'the order the rows come back in' : 'whether the request succeeds or how long it takes';
    return {
      seed: {
        ...seed,
        goal: `learn what other tables hold, one yes-or-no answer per request, by putting SQL where the application expects ${slot === 'order' ? 'a sort column or direction' : 'a column or table name'}`,
        harm: `I read ${reach} bit by bit, from ${oracle}, with a script that sends the requests for me`,
        stride,
      },
      blind: true,
      ...(target ? { impact: { level: 3, reason: `a subquery in ${slot === 'order' ? 'the sort order' : 'this name'} reads ${target.phrase}, one yes-or-no answer per request` } } : {}),
    };
  }
  const what = slot === 'columns' ? (selectsAll(sql) ? 'any other column' : 'any column') : 'any table';
  return {
    seed: {
      ...seed,
      goal: `read ${what} the database account may read by putting SQL where the application expects ${slot === 'columns' ? 'a column name' : 'a table name'}`,
      harm: `the rows the route answers carry ${reach}`,
      stride,
    },
    ...(target ? { impact: { level: 3, reason: `a subquery in the ${slot === 'columns' ? 'column list' : 'table name'} reads ${target.phrase} into the answer` } } : {}),
  };
}

/** mysql and mysql2 without `multipleStatements`, and sqlite3, refuse a second statement. */
function runsOneStatementIn(text: string): boolean {
  const dialect = dialectOfCode(text);
  return (dialect === 'mysql' && !/\bmultipleStatements\b/.test(text)) || dialect === 'sqlite';
}
