// Flags SQL fragments built from strings inside query builders: knex `whereRaw`/`orderByRaw`/...
// and `knex.raw` nested in a builder call, TypeORM QueryBuilder conditions and sort/select
// expressions, and Sequelize `literal()`. These escape hatches bypass the builder's own binding.
import { isInMethod } from '../util/methodScope';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, defineRule, type FixProposal, type RuleContext, unwrap } from '../../server/src/engine/api';
import { driverForReceiver, isNestedRawFragment, nameOfSink, sqlSinkOf } from '../util/sqlDrivers';
import { REWRITE_MESSAGES, rewriteKnexFragment, rewriteTypeormCondition } from '../util/sqlRewrites';
import { claimEarlierRewriteNames } from '../util/sharedParameterNames';
import { reportTainted } from '../util/taintReports';
import { isGuarded } from '../util/guardPolicy';

/** knex (and objection/bookshelf, built on it) raw-fragment methods, with the clause each continues. */
const KNEX_RAW_METHODS: Record<string, string> = {
  whereRaw: 'WHERE ',
  orWhereRaw: 'WHERE ',
  andWhereRaw: 'WHERE ',
  whereNotRaw: 'WHERE ',
  havingRaw: 'HAVING ',
  orHavingRaw: 'HAVING ',
  andHavingRaw: 'HAVING ',
  orderByRaw: 'ORDER BY ',
  groupByRaw: 'GROUP BY ',
  fromRaw: 'FROM ',
  selectRaw: 'SELECT ',
  joinRaw: '',
};

/** TypeORM QueryBuilder methods taking SQL: which argument, and the clause it continues. */
const TYPEORM_METHODS: Record<string, { index: number; clause: string; condition: boolean }> = {
  where: { index: 0, clause: 'WHERE ', condition: true },
  andWhere: { index: 0, clause: 'WHERE ', condition: true },
  orWhere: { index: 0, clause: 'WHERE ', condition: true },
  having: { index: 0, clause: 'HAVING ', condition: true },
  andHaving: { index: 0, clause: 'HAVING ', condition: true },
  orHaving: { index: 0, clause: 'HAVING ', condition: true },
  orderBy: { index: 0, clause: 'ORDER BY ', condition: false },
  addOrderBy: { index: 0, clause: 'ORDER BY ', condition: false },
  select: { index: 0, clause: 'SELECT ', condition: false },
  addSelect: { index: 0, clause: 'SELECT ', condition: false },
  groupBy: { index: 0, clause: 'GROUP BY ', condition: false },
  addGroupBy: { index: 0, clause: 'GROUP BY ', condition: false },
  innerJoin: { index: 2, clause: 'ON ', condition: false },
  leftJoin: { index: 2, clause: 'ON ', condition: false },
  innerJoinAndSelect: { index: 2, clause: 'ON ', condition: false },
  leftJoinAndSelect: { index: 2, clause: 'ON ', condition: false },
};

const KNEX_ADVICE = 'pass values as bindings (`?` for values, `??` for identifiers)';
const TYPEORM_CONDITION_ADVICE = 'use named parameters (`:name`) with a parameters object';
const TYPEORM_NAME_ADVICE = 'take column names and sort directions from an allowlist in code';
const SEQUELIZE_ADVICE = 'express the condition with `where` objects and `Op` operators, or pass values through `replacements`';

const MAX_CHAIN = 40;

/** Whether `node` is a TypeORM query builder: a chain from `createQueryBuilder()`, or a variable or typed value holding one. */
function isQueryBuilder(node: TSESTree.Node, context: RuleContext, depth = 0): boolean {
  let current = unwrap(node);
  for (let steps = 0; steps < MAX_CHAIN; steps++) {
    if (current.type === 'CallExpression') {
      const callee = unwrap(current.callee);
      if (callee.type !== 'MemberExpression') return false;
      if (propertyName(callee) === 'createQueryBuilder') return true;
      current = unwrap(callee.object);
      continue;
    }
    if (current.type === 'Identifier' || (current.type === 'MemberExpression' && current.object.type === 'ThisExpression')) {
      if (driverForReceiver(current, context)?.role === 'builder') return true;
      if (current.type !== 'Identifier' || depth > 3) return false;
      return context.flow.assignmentsOf(current).some((written) => isQueryBuilder(written, context, depth + 1));
    }
    return false;
  }
  return false;
}

/** The whole builder chain a call belongs to, for the parameter names it already uses. */
function outermostChain(call: TSESTree.CallExpression, context: RuleContext): TSESTree.Node {
  let current: TSESTree.Node = call;
  for (let steps = 0; steps < MAX_CHAIN; steps++) {
    const member = context.getParent(current);
    if (!member || member.type !== 'MemberExpression' || member.object !== current) break;
    const outer = context.getParent(member);
    if (!outer || outer.type !== 'CallExpression' || outer.callee !== member) break;
    current = outer;
  }
  return current;
}

/** The SQL argument of a TypeORM builder condition (`where`, `andHaving`...) with values in it, else undefined. */
function typeormConditionSql(call: TSESTree.CallExpression, context: RuleContext): TSESTree.Node | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (!method || !Object.hasOwn(TYPEORM_METHODS, method) || !TYPEORM_METHODS[method].condition) return undefined;
  const arg = call.arguments[TYPEORM_METHODS[method].index];
  if (!arg || arg.type === 'SpreadElement' || arg.type === 'Literal' || !isQueryBuilder(callee.object, context)) return undefined;
  return arg;
}

/** `literal(...)` imported from sequelize, `Sequelize.literal(...)`, `sequelize.literal(...)`, `db.Sequelize.literal(...)`. */
function isSequelizeLiteral(call: TSESTree.CallExpression, context: RuleContext): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') {
    const binding = context.imports.bindingFor(callee.name);
    return !!binding && /^sequelize(-typescript)?$/.test(binding.module) && binding.kind === 'named' && binding.imported === 'literal';
  }
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'literal') return false;
  const receiver = unwrap(callee.object);
  const name = receiver.type === 'Identifier' ? receiver.name : receiver.type === 'MemberExpression' ? propertyName(receiver) : undefined;
  if (name === 'Sequelize' || name === 'sequelize') return true;
  return driverForReceiver(receiver, context)?.driver === 'sequelize';
}

interface Site {
  sql: TSESTree.Node;
  sink: string;
  advice: string;
  /**
   * Only strings assembled here count: a bare request value given as a column to `orderBy` or
   * `select` is a request-controlled identifier, which sql/no-request-controlled-identifier reports.
   */
  builtOnly?: boolean;
  fix?: () => FixProposal | undefined;
}

export default defineRule({
  id: 'sql/no-interpolated-query-builder',
  meta: {
    title: 'SQL fragments built from strings in query builders',
    checklist:
      'Raw SQL fragments given to a query builder (knex `whereRaw`/`orderByRaw`/`raw`, TypeORM QueryBuilder conditions, Sequelize `literal`) are constant text; values go in as the builder\'s bindings or parameters.',
    rationale:
      'Query builders bind values for you until you reach for their raw escape hatches. A `whereRaw` condition, a TypeORM `where` string or a Sequelize `literal` is pasted into the generated SQL as it is, so a request value inside it can close the condition and add `OR 1=1`, a `UNION SELECT`, or a subquery that reads other tables.',
    severity: 'error',
    securitySeverity: '9.8',
    confidence: 'high',
    cwe: ['CWE-89'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/89.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
      'https://knexjs.org/guide/raw.html',
      'https://typeorm.io/select-query-builder#using-parameters-to-escape-data',
      'https://sequelize.org/docs/v6/core-concepts/model-querying-basics/#operators',
    ],
    frameworks: ['knex', 'objection', 'typeorm', 'sequelize'],
    fix: 'suggestion',
    messages: {
      taintedFragment: 'SQL fragment passed to `{{sink}}` is built from request input ({{source}}); {{advice}}.',
      requestFragment: 'SQL fragment passed to `{{sink}}` is request input ({{source}}) used as SQL; {{advice}}.',
      builtFragment: 'SQL fragment passed to `{{sink}}` is built from values of unknown origin; {{advice}}.',
      useKnexBindings: REWRITE_MESSAGES.useKnexBindings,
      useNamedParameters: REWRITE_MESSAGES.useNamedParameters,
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'read or change {asset} by putting SQL into a filter, search or sort value that the query builder pastes into a raw condition',
      harm: 'the condition matches every row or pulls other tables into the response, exposing or changing {asset} beyond what I may reach',
      stride: ['T', 'I', 'E'],
      asset: 'the records in the application database',
      controls: [
        'Every raw fragment given to the query builder is constant text, with values passed as the builder\'s bindings or parameters',
        'Column names and sort directions that depend on input are chosen from an allowlist in code',
        'An automated security test sends quotes, `OR 1=1` and UNION payloads to every filter and sort parameter and the responses reveal no extra rows',
      ],
      likelihood: 3,
      impact: 3,
    },
    since: '0.1.0',
  },
  create(context) {
    function siteOf(call: TSESTree.CallExpression): Site | undefined {
      const callee = unwrap(call.callee);
      if (callee.type === 'Identifier' || (callee.type === 'MemberExpression' && propertyName(callee) === 'literal')) {
        if (!isSequelizeLiteral(call, context)) return undefined;
        const first = call.arguments[0];
        if (!first || first.type === 'SpreadElement') return undefined;
        return { sql: first, sink: callee.type === 'Identifier' ? callee.name : nameOfSink(callee, 'literal', context), advice: SEQUELIZE_ADVICE };
      }
      if (callee.type !== 'MemberExpression') return undefined;
      const method = propertyName(callee);
      if (!method) return undefined;
      const sink = nameOfSink(callee, method, context);
      const first = call.arguments[0];

      if (Object.hasOwn(KNEX_RAW_METHODS, method)) {
        if (!first || first.type === 'SpreadElement') return undefined;
        return { sql: first, sink, advice: KNEX_ADVICE, fix: () => rewriteKnexFragment(call, KNEX_RAW_METHODS[method], context) };
      }
      if (method === 'raw') {
        const raw = sqlSinkOf(call, context);
        if (!raw || (raw.driver !== 'knex' && raw.via !== 'none') || !isNestedRawFragment(call, context)) return undefined;
        return { sql: raw.sql, sink, advice: KNEX_ADVICE, fix: raw.via === 'none' ? undefined : () => rewriteKnexFragment(call, '', context) };
      }
      if (Object.hasOwn(TYPEORM_METHODS, method)) {
        const spec = TYPEORM_METHODS[method];
        const arg = call.arguments[spec.index];
        if (!arg || arg.type === 'SpreadElement' || !isQueryBuilder(callee.object, context)) return undefined;
        if (!spec.condition) return { sql: arg, sink, advice: TYPEORM_NAME_ADVICE, builtOnly: true };
        return {
          sql: arg,
          sink,
          advice: TYPEORM_CONDITION_ADVICE,
          fix: () =>
            rewriteTypeormCondition(call, spec.clause, context.getText(outermostChain(call, context)), context, (used) =>
              claimEarlierRewriteNames(call, context, (other) => typeormConditionSql(other, context), used),
            ),
        };
      }
      return undefined;
    }

    function check(site: Site, sql: TSESTree.Node): void {
      const value = context.flow.valueOf(sql);
      if (value.origin === 'constant' || isGuarded(value, 'injection')) return;
      if (!value.built && (value.origin === 'unknown' || site.builtOnly)) return;
      const fix = sql === site.sql ? site.fix?.() : undefined;
      const fixes: FixProposal[] = fix ? [fix] : [];
      if (value.origin === 'tainted') {
        reportTainted(context, { node: sql, value, messageIds: { built: 'taintedFragment', whole: 'requestFragment' }, data: { sink: site.sink, advice: site.advice }, fixes, hazard: 'injection' });
        return;
      }
      // A fragment built from a plain function's parameter stays in the default: that is the helper
      // application code calls with input. Built from the code's own values, from a method's
      // parameters (library plumbing: aliases, property paths; 26 of 26 false on the precision
      // benchmark), or from a parameter only through another function's result (`applySort(query)`
      // returning `asc`/`desc`: that function decided the value), it is audit-profile only.
      const audit = !value.parameter || value.throughCall === true || isInMethod(sql, context);
      context.report({ node: sql, messageId: 'builtFragment', data: { sink: site.sink, advice: site.advice }, severity: 'warning', confidence: audit ? 'low' : 'medium', audit, fixes });
    }

    return {
      CallExpression(call) {
        const site = siteOf(call);
        if (!site) return;
        // select(['user.id', `user.${field}`]): every element is its own fragment.
        if (site.sql.type === 'ArrayExpression') {
          for (const element of site.sql.elements) if (element && element.type !== 'SpreadElement') check(site, element);
          return;
        }
        check(site, site.sql);
      },
    };
  },
});
