// Flags table/column names and ORDER BY directions taken from request input: interpolated into SQL
// text (raw query methods, knex `*Raw`, TypeORM builder fragments) or passed as the column of
// knex/TypeORM `orderBy`/`groupBy`/`select`. Bound parameters cannot carry names, so these stay.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, type FixProposal, type RuleContext, type FlowValue, baseModule, unwrap } from '../../server/src/engine/api';
import { guardAdjustment, type GuardAdjustment } from '../util/guardPolicy';
import { calledMethod } from '../util/mongoQueries';
import { parameterise, valuesArray } from '../util/queryParts';
import { driverForReceiver, importedDrivers, isNonSqlReceiver, sqlSinkOf, type SqlDriver } from '../util/sqlDrivers';
import { sqlTextSlots, type TextSlot } from '../util/sqlTextSlots';

/** knex methods whose first argument is raw SQL, with the clause the fragment continues. */
const KNEX_RAW_METHODS: Record<string, string> = {
  whereRaw: 'WHERE ', orWhereRaw: 'WHERE ', andWhereRaw: 'WHERE ', havingRaw: 'HAVING ', orHavingRaw: 'HAVING ',
  orderByRaw: 'ORDER BY ', groupByRaw: 'GROUP BY ', joinRaw: '', fromRaw: 'FROM ',
};
/** TypeORM query-builder methods whose string argument is pasted into SQL, with its clause. */
const TYPEORM_FRAGMENT_METHODS: Record<string, string> = {
  orderBy: 'ORDER BY ', addOrderBy: 'ORDER BY ', groupBy: 'GROUP BY ', addGroupBy: 'GROUP BY ', select: 'SELECT ', addSelect: 'SELECT ',
  where: 'WHERE ', andWhere: 'WHERE ', orWhere: 'WHERE ', having: 'HAVING ', andHaving: 'HAVING ', orHaving: 'HAVING ',
};
/** TypeORM methods whose plain string argument is a column (TypeORM checks the direction itself). */
const TYPEORM_COLUMN_METHODS = new Set(['orderBy', 'addOrderBy', 'groupBy', 'addGroupBy', 'select', 'addSelect']);
/** knex methods taking column or table names (knex quotes them, and validates directions itself). */
const KNEX_COLUMN_METHODS = new Set(['orderBy', 'groupBy', 'select', 'column', 'columns', 'pluck', 'distinct', 'from', 'table', 'into', 'first']);
/** Modules that import escaping functions the fixes can call. */
const ESCAPERS: { module: string; name: string; driver: SqlDriver }[] = [
  { module: 'mysql', name: 'escapeId', driver: 'mysql' },
  { module: 'mysql2', name: 'escapeId', driver: 'mysql' },
  { module: 'pg', name: 'escapeIdentifier', driver: 'pg' },
];

type Site =
  | { kind: 'text'; sql: TSESTree.Node; prefix: string; sinkName: string; driver?: SqlDriver; call: TSESTree.CallExpression; knexCall: boolean }
  | { kind: 'builder'; call: TSESTree.CallExpression; driver: 'knex' | 'typeorm'; method: string };

/** Whether the receiver chain contains `createQueryBuilder(...)`. */
function hasQueryBuilderInChain(node: TSESTree.Node): boolean {
  let current = unwrap(node);
  for (let i = 0; i < 30; i++) {
    if (current.type === 'CallExpression') {
      const callee = unwrap(current.callee);
      if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && callee.property.name === 'createQueryBuilder') return true;
      current = callee;
    } else if (current.type === 'MemberExpression') current = unwrap(current.object);
    else return false;
  }
  return false;
}

function builderDriverOf(receiver: TSESTree.Node, context: RuleContext): 'knex' | 'typeorm' | undefined {
  const info = driverForReceiver(receiver, context);
  if (info?.driver === 'typeorm' && info.role === 'builder') return 'typeorm';
  if (info?.driver === 'knex') return 'knex';
  if (info) return undefined;
  if (isNonSqlReceiver(receiver, context) || unwrap(receiver).type !== 'CallExpression') return undefined;
  // An unresolved call chain in a file that uses exactly one query builder library.
  const drivers = importedDrivers(context);
  if (drivers.has('typeorm') && hasQueryBuilderInChain(receiver)) return 'typeorm';
  if (drivers.has('knex') && !drivers.has('typeorm')) return 'knex';
  return undefined;
}

function siteOf(call: TSESTree.CallExpression, context: RuleContext): Site | undefined {
  const sink = sqlSinkOf(call, context);
  if (sink) return { kind: 'text', sql: sink.sql, prefix: '', sinkName: sink.sinkName, driver: sink.driver, call, knexCall: sink.driver === 'knex' };
  const called = calledMethod(call);
  const first = call.arguments[0];
  if (!called || !first || first.type === 'SpreadElement') return undefined;
  const { method, receiver } = called;
  const knexPrefix = KNEX_RAW_METHODS[method];
  if (knexPrefix !== undefined) {
    const info = driverForReceiver(receiver, context);
    const drivers = importedDrivers(context);
    if (info?.driver === 'knex' || (!info && (drivers.has('knex') || [...context.imports.modules].some((m) => baseModule(m) === 'objection')))) {
      return { kind: 'text', sql: first, prefix: knexPrefix, sinkName: `.${method}`, driver: 'knex', call, knexCall: true };
    }
    return undefined;
  }
  if (!(method in TYPEORM_FRAGMENT_METHODS) && !KNEX_COLUMN_METHODS.has(method)) return undefined;
  const driver = builderDriverOf(receiver, context);
  if (!driver) return undefined;
  if (driver === 'typeorm' && method in TYPEORM_FRAGMENT_METHODS) {
    const value = unwrap(first);
    if (value.type === 'TemplateLiteral' || value.type === 'BinaryExpression') {
      return { kind: 'text', sql: first, prefix: TYPEORM_FRAGMENT_METHODS[method], sinkName: `.${method}`, driver: 'typeorm', call, knexCall: false };
    }
  }
  if ((driver === 'typeorm' && TYPEORM_COLUMN_METHODS.has(method)) || (driver === 'knex' && KNEX_COLUMN_METHODS.has(method))) return { kind: 'builder', call, driver, method };
  return undefined;
}

export default defineRule({
  id: 'sql/no-request-controlled-identifier',
  meta: {
    title: 'Table, column or sort direction taken from the request',
    checklist:
      'Table names, column names and `ORDER BY` directions that depend on a request are picked from an allowlist in code (or escaped as identifiers), never pasted into SQL from the request.',
    rationale:
      'Bound parameters carry values, not names, so code that lets the client choose a sort column or direction often pastes `req.query.sort` straight into `ORDER BY`. There the attacker writes SQL instead of a name: `(CASE WHEN (SELECT substr(password,1,1) FROM users LIMIT 1)=\'a\' THEN id ELSE name END)` leaks data one character at a time, and a stacked `; DROP TABLE` or a UNION can follow where the driver allows it.',
    severity: 'error',
    securitySeverity: '8.8',
    confidence: 'high',
    cwe: ['CWE-89'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/89.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
      'https://github.com/mysqljs/mysql#escaping-query-identifiers',
      'https://node-postgres.com/apis/utilities',
      'https://knexjs.org/guide/raw.html#raw-parameter-binding',
    ],
    frameworks: ['mysql', 'mysql2', 'pg', 'knex', 'typeorm', 'sequelize', 'sqlite3', 'better-sqlite3', 'mssql', 'oracledb', 'pg-promise', 'prisma'],
    fix: 'suggestion',
    messages: {
      identifierInSql:
        'The {{what}} in the SQL passed to `{{sink}}` comes from request input `{{source}}`; map it through an allowlist of known names (or escape it as an identifier).',
      directionInSql: 'The sort direction in the SQL passed to `{{sink}}` comes from request input `{{source}}`; choose between the literals `ASC` and `DESC` in code.',
      builderColumn: 'The column or table name passed to `{{sink}}` comes from request input `{{source}}`, so the client can pick any column or table; map it through an allowlist.',
      builderDirection: 'The sort direction passed to `{{sink}}` comes from request input `{{source}}` and TypeORM pastes it into SQL; choose between the literals `ASC` and `DESC` in code.',
      useDirection: 'Choose `ASC` or `DESC` from the value',
      escapeIdentifier: 'Escape it as an identifier with `{{fn}}`',
      useKnexIdentifierBinding: 'Bind it as an identifier with `??`',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'read hidden columns of {asset} by putting SQL where the application expects a column name or a sort direction',
      harm: 'I learn values of {asset} I may not see, such as password hashes, one yes-or-no answer at a time',
      stride: ['T', 'I'],
      asset: 'the records in the application database',
      controls: [
        'Sortable and selectable columns come from an allowlist map in code; anything else is rejected or falls back to a default',
        'Sort directions are chosen between the literals `ASC` and `DESC` in code',
        'Where a dynamic name is unavoidable it is escaped with the driver\'s identifier escaping (`escapeId`, `escapeIdentifier`, knex `??`)',
        'An automated security test sends a SQL expression as the sort parameter and the response is an error or the default order',
      ],
      likelihood: 3,
      impact: 3,
    },
    since: '0.1.0',
  },
  create(context) {
    const reported = new Set<TSESTree.Node>();

    /** Request input that no check rules out, with what a check Rugged cannot judge changes in the report. */
    function taintedUnchecked(node: TSESTree.Node): (FlowValue & { adjustment: GuardAdjustment }) | undefined {
      const value = context.flow.valueOf(node);
      if (value.origin !== 'tainted') return undefined;
      const adjustment = guardAdjustment(value, 'injection');
      return adjustment ? { ...value, adjustment } : undefined;
    }

    /** Replaces a direction with a choice between two literals; parentheses where an operator could bind to it. */
    function directionFix(node: TSESTree.Node, bare: boolean): FixProposal {
      const choice = `String(${context.getText(node)}).toLowerCase() === 'desc' ? 'DESC' : 'ASC'`;
      return { messageId: 'useDirection', kind: 'suggestion', edits: [{ start: node.range[0], end: node.range[1], text: bare ? choice : `(${choice})` }] };
    }

    function escapeFix(slot: TextSlot, driver: SqlDriver | undefined): FixProposal | undefined {
      if (slot.kind === 'quoted-identifier') return undefined;
      const present = ESCAPERS.filter((e) => e.driver === driver && [...context.imports.modules].some((m) => baseModule(m) === e.module));
      const escaper = present[0];
      if (!escaper) return undefined;
      const { expression, edits } = context.imports.ensureNamed(escaper.module, escaper.name);
      const value = context.getText(slot.node);
      // PostgreSQL folds an unquoted name to lower case and reads `users.name` as two names;
      // quoting keeps case and the dot, so the escaped name is folded and split the same way.
      const text = escaper.driver === 'pg' ? `String(${value}).toLowerCase().split('.').map((part) => ${expression}(part)).join('.')` : `${expression}(${value})`;
      return {
        messageId: 'escapeIdentifier',
        data: { fn: `${expression}()` },
        kind: 'suggestion',
        edits: [...edits, { start: slot.node.range[0], end: slot.node.range[1], text }],
      };
    }

    /** `db.raw(`... ORDER BY ${col}`)` → `db.raw('... ORDER BY ??', [col])` when the whole text can be bound. */
    function knexBindingFix(slot: TextSlot, site: Extract<Site, { kind: 'text' }>): FixProposal | undefined {
      if (!slot.inline || site.call.arguments.length !== 1) return undefined;
      // Fragments such as orderByRaw's are classified after their clause, which is then cut off again.
      const split = site.prefix ? { ...slot.split, parts: [{ kind: 'text' as const, text: site.prefix }, ...slot.split.parts] } : slot.split;
      const rebuilt = parameterise(split, 'knex', context);
      if (!rebuilt || rebuilt.values.length === 0 || rebuilt.sql.slice(1, 1 + site.prefix.length) !== site.prefix) return undefined;
      const sqlText = rebuilt.sql.slice(0, 1) + rebuilt.sql.slice(1 + site.prefix.length);
      const sql = slot.split.node;
      return {
        messageId: 'useKnexIdentifierBinding',
        kind: 'suggestion',
        edits: [{ start: sql.range[0], end: sql.range[1], text: `${sqlText}, ${valuesArray(rebuilt.values)}` }],
      };
    }

    function checkText(site: Extract<Site, { kind: 'text' }>): void {
      for (const slot of sqlTextSlots(site.sql, context, site.prefix, site.driver === 'mysql' ? 'mysql' : 'unknown')) {
        const isName = slot.kind === 'identifier' || slot.kind === 'quoted-identifier' || slot.kind === 'qualified';
        if ((!isName && slot.kind !== 'keyword') || reported.has(slot.node)) continue;
        const value = taintedUnchecked(slot.node);
        if (!value) continue;
        reported.add(slot.node);
        const source = value.source?.description ?? 'request input';
        const related = [...(value.source && value.source.node !== slot.node ? [{ node: value.source.node, message: `request input ${source}` }] : []), ...value.adjustment.related];
        const { severity, confidence } = value.adjustment;
        if (!isName) {
          context.report({ node: slot.node, messageId: 'directionInSql', data: { sink: site.sinkName, source }, fixes: [directionFix(slot.node, slot.split.form === 'template')], related, severity, confidence, taint: value, hazard: 'injection' });
          continue;
        }
        const fix = site.knexCall ? knexBindingFix(slot, site) : escapeFix(slot, site.driver);
        context.report({
          node: slot.node,
          messageId: 'identifierInSql',
          data: { sink: site.sinkName, source, what: slot.kind === 'qualified' ? 'part of a name' : 'table or column name' },
          fixes: fix ? [fix] : [],
          related,
          severity,
          confidence,
          // Carried so a helper's summary keeps the fact, and a caller in another module handing
          // it request input is told where the name goes.
          taint: value,
          hazard: 'injection',
        });
      }
    }

    function reportColumn(node: TSESTree.Node, site: Extract<Site, { kind: 'builder' }>, direction = false): void {
      if (reported.has(node)) return;
      const value = taintedUnchecked(node);
      if (!value) return;
      reported.add(node);
      const source = value.source?.description ?? 'request input';
      context.report({
        node,
        messageId: direction ? 'builderDirection' : 'builderColumn',
        data: { sink: `.${site.method}`, source },
        fixes: direction ? [directionFix(node, true)] : [],
        related: [...(value.source && value.source.node !== node ? [{ node: value.source.node, message: `request input ${source}` }] : []), ...value.adjustment.related],
        severity: value.adjustment.severity,
        confidence: value.adjustment.confidence,
        taint: value,
        hazard: 'injection',
      });
    }

    /** Column arguments: strings, arrays of them, knex `{ column, order }` objects, TypeORM `{ [column]: order }`. */
    function checkBuilder(site: Extract<Site, { kind: 'builder' }>): void {
      const multi = site.method === 'select' || site.method === 'addSelect' || site.method === 'column' || site.method === 'columns' || site.method === 'distinct' || site.method === 'groupBy' || site.method === 'first';
      const args = multi ? site.call.arguments : site.call.arguments.slice(0, 1);
      for (const arg of args) {
        const value = unwrap(arg.type === 'SpreadElement' ? arg.argument : arg);
        const elements = value.type === 'ArrayExpression' ? value.elements : [value];
        for (const element of elements) {
          if (!element || element.type === 'SpreadElement') continue;
          if (element.type === 'ObjectExpression') {
            for (const property of element.properties) {
              if (property.type !== 'Property') continue;
              if (property.computed) reportColumn(property.key, site);
              const key = property.key.type === 'Identifier' ? property.key.name : undefined;
              // TypeORM pastes the direction of the object form into SQL; knex validates `order`.
              if (site.driver === 'typeorm') reportColumn(property.value, site, true);
              else if (key === 'column') reportColumn(property.value, site);
            }
            continue;
          }
          reportColumn(element, site);
        }
      }
    }

    return {
      CallExpression(raw) {
        const call = raw;
        const site = siteOf(call, context);
        if (!site) return;
        if (site.kind === 'text') checkText(site);
        else checkBuilder(site);
      },
    };
  },
});
