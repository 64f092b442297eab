// Flags SQL text handed to a raw query method (mysql, pg, pg-promise, sequelize, TypeORM, Prisma,
// better-sqlite3, sqlite3, mssql, oracledb, knex) when it is assembled from request input or from
// values of unknown origin, and offers a rewrite into the driver's own bound parameters.
import { defineRule, type FixProposal } from '../../server/src/engine/api';
import { isNestedRawFragment, sqlSinkOf, type SqlDriver } from '../util/sqlDrivers';
import { isPreparedQueryWithConstants } from '../util/preparedQueryText';
import { constantTextOf, isWithheld } from '../util/queryParts';
import { REWRITE_MESSAGES, rewriteSinkCallOrWithhold } from '../util/sqlRewrites';
import { reportTainted } from '../util/taintReports';
import { isGuarded } from '../util/guardPolicy';
import { injectedInputs, runsOneStatement } from '../util/sqlInputs';

/** The safe alternative, per driver, as the end of the message sentence. */
const ADVICE: Record<SqlDriver, string> = {
  mysql: 'pass values as bound parameters (`?` with a values array)',
  pg: 'pass values as bound parameters (`$1`, `$2` with a values array)',
  'pg-promise': 'pass values as bound parameters (`$1`, `$2` with a values array)',
  sequelize: 'pass values as `replacements` (`:name`) or `bind` parameters',
  typeorm: 'pass values as query parameters in the second argument',
  prisma: 'use the tagged `$queryRaw`/`$executeRaw` template or `Prisma.sql`',
  'better-sqlite3': 'use `?` placeholders and pass the values to the statement',
  sqlite3: 'pass values as bound parameters (`?` with a values array)',
  mssql: 'declare values with `request.input()` and refer to them as `@name`',
  oracledb: 'pass values as bind variables (`:name` with a binds object)',
  knex: 'pass values as bindings (`?` for values, `??` for identifiers)',
};
const GENERIC_ADVICE = 'pass values as bound parameters';

export default defineRule({
  id: 'sql/no-string-built-query',
  meta: {
    title: 'SQL query text built from strings',
    checklist:
      'Every SQL statement sent to the database driver is a constant string; values from requests, users or other code reach it only as bound parameters of the driver.',
    rationale:
      'When a value is pasted into SQL text, whoever controls the value controls the statement: a quote in a search box ends the string and `OR 1=1`, `UNION SELECT password FROM users` or `; DROP TABLE` follows. Bound parameters travel separately from the SQL text, so the database never parses them as code.',
    severity: 'error',
    securitySeverity: '9.8',
    confidence: 'high',
    cwe: ['CWE-89'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/89.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html',
      'https://node-postgres.com/features/queries',
      'https://github.com/mysqljs/mysql#escaping-query-values',
      'https://www.prisma.io/docs/orm/prisma-client/using-raw-sql/raw-queries',
      'https://sequelize.org/docs/v6/core-concepts/raw-queries/',
    ],
    frameworks: ['mysql', 'mysql2', 'pg', 'pg-pool', 'pg-promise', 'sequelize', 'typeorm', 'prisma', 'better-sqlite3', 'sqlite3', 'mssql', 'oracledb', 'knex'],
    fix: 'suggestion',
    messages: {
      taintedQuery: 'Query passed to `{{sink}}` is built from request input ({{source}}); {{advice}}.',
      requestQuery: 'Query passed to `{{sink}}` is request input ({{source}}) run as SQL; send a fixed statement and {{advice}}.',
      builtQuery: 'Query passed to `{{sink}}` is built from values of unknown origin; {{advice}}.',
      ...REWRITE_MESSAGES,
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'read or change {asset} by putting my own SQL into a search field, id or filter the server pastes into a query',
      harm: 'I copy, change or delete {asset}, far beyond what the page was built to show me',
      stride: ['T', 'I', 'E'],
      asset: 'the records in the application database',
      controls: [
        'Every query to the database driver passes user values as bound parameters, never inside the SQL text',
        'Table and column names that depend on input come from an allowlist in code',
        'The database account used by the application has only the privileges it needs',
        "An automated security test sends `' OR '1'='1` and a UNION payload to every query parameter and the responses reveal no extra rows",
      ],
      likelihood: 3,
      impact: 3,
    },
    since: '0.1.0',
  },
  create(context) {
    return {
      CallExpression(call) {
        const sink = sqlSinkOf(call, context);
        if (!sink) return;
        // knex.raw() nested inside a builder call is reported by sql/no-interpolated-query-builder.
        if (sink.method === 'raw' && isNestedRawFragment(call, context)) return;
        const value = context.flow.valueOf(sink.sql);
        if (value.origin === 'constant' || isGuarded(value, 'injection')) return;
        if (value.origin === 'unknown' && !value.built) return;
        // `${query.sql}; SELECT SCOPE_IDENTITY()` with query.bindings passed: a constant appended to a finished query.
        if (value.origin !== 'tainted' && isPreparedQueryWithConstants(sink.sql, context)) return;
        const advice = sink.driver ? ADVICE[sink.driver] : GENERIC_ADVICE;
        const rewrite = rewriteSinkCallOrWithhold(sink, context);
        const fixes: FixProposal[] = rewrite && !isWithheld(rewrite) ? [rewrite] : [];
        const fixWithheld = isWithheld(rewrite) ? rewrite.withheld : undefined;
        if (value.origin === 'tainted') {
          // `inputs` lists every request field the text holds, not only the worst: a story tests each.
          const inputs = injectedInputs(sink.sql, context);
          // `access: read`: a SELECT the driver runs alone, so an injection reads but cannot stack a change.
          const readOnly = runsOneStatement(sink, context.sourceText) && /^\s*(?:\(\s*)*(?:select|with)\b/i.test(constantTextOf(sink.sql, context));
          const data = { sink: sink.sinkName, advice, ...(inputs ? { inputs } : {}), ...(readOnly ? { access: 'read' } : {}) };
          reportTainted(context, { node: sink.sql, value, messageIds: { built: 'taintedQuery', whole: 'requestQuery' }, data, fixes, fixWithheld, hazard: 'injection' });
          return;
        }
        context.report({
          node: sink.sql,
          messageId: 'builtQuery',
          data: { sink: sink.sinkName, advice },
          severity: 'warning',
          confidence: sink.via === 'none' || !value.parameter || value.throughCall ? 'low' : 'medium',
          // Built only from the code's own values (this.*, metadata, internal calls): audit profile.
          // A parameter that arrives only through another function's result (`parseSort(opts).dir`)
          // was decided by that function, which Rugged judges where it is written: audit as well.
          // A sink recognised only by its SQL-looking text, with nothing from input: audit as well
          // (on the precision benchmark none of these was a real weakness).
          // A value the analysis gave up on may carry input: it stays in the default output.
          audit: !value.cutShort && (!value.parameter || value.throughCall === true || sink.via === 'none'),
          fixes,
          fixWithheld,
        });
      },
    };
  },
});
