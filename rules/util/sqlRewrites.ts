// Quick-fix rewrites of a string-built query into a driver's own parameter style: `$1` + values
// for pg, `?` + values for mysql/sqlite, `?`/`??` bindings for knex, `:name` replacements for
// sequelize, the tagged `$queryRaw` for Prisma, `.input()` + `@name` for mssql, binds for oracledb.
// Every builder returns undefined when it cannot be sure, so that no wrong rewrite is offered.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type TextEdit, propertyName, type FixProposal, type RuleContext, keyNameOf, isFunctionNode } from '../../server/src/engine/api';
import { unescapeForBinding } from './escapeHelpers';
import { isWithheld, parameterise, parameteriseOrWithhold, splitStringParts, valuesArray, valuesObject, type BoundValue, type PlaceholderStyle, type QueryPart, type Withheld } from './queryParts';
import { enclosingScopeText, knexFragmentOptions, planSinkRewrite } from './sqlFixChecks';
import type { SqlSink } from './sqlDrivers';

/**
 * Fix titles used by these rewrites. Rules that offer them spread this into `meta.messages`, so
 * that every title a rewrite names is declared.
 */
export const REWRITE_MESSAGES = {
  useDollarParameters: 'Use bound parameters ($1, $2) with a values array',
  useQuestionParameters: 'Use `?` placeholders with a values array',
  useIdentifierPlaceholders: 'Use `?` for values and `??` for identifiers with a values array',
  useStatementParameters: 'Use `?` placeholders and pass the values to the statement',
  useKnexBindings: 'Use knex bindings (`?` for values, `??` for identifiers)',
  useReplacements: 'Use named replacements (`:name`) in the query options',
  useTaggedTemplate: 'Use the tagged `{{method}}` template, which binds each value',
  useRequestInputs: 'Declare each value with `.input()` and refer to it as `@name`',
  useBindVariables: 'Use bind variables (`:name`) with a binds object',
  useNamedParameters: 'Use named parameters (`:name`) with a parameters object',
} as const;

export type RewriteMessageId = keyof typeof REWRITE_MESSAGES;

/** The arguments after the SQL are only callbacks (mysql, sqlite3 and pg accept values before them). */
function onlyCallbacksAfter(call: TSESTree.CallExpression): boolean {
  return call.arguments.slice(1).every(isFunctionNode);
}

function proposal(messageId: RewriteMessageId, edits: TextEdit[], data?: Record<string, string>): FixProposal {
  return { messageId, kind: 'suggestion', edits, data };
}

/** Replaces the SQL argument and adds `extra` (", [values]") right after it. */
function replaceSql(sql: TSESTree.Node, text: string, extra: string): TextEdit {
  return { start: sql.range[0], end: sql.range[1], text: `${text}${extra}` };
}

function placeholderStyleOf(sink: SqlSink): PlaceholderStyle | undefined {
  switch (sink.driver) {
    case 'pg':
    case 'pg-promise':
      return 'dollar';
    case 'mysql':
      // mysql and mysql2 format `??` as an escaped identifier in query(); execute() prepares
      // the statement on the server, which knows only `?`.
      return sink.method === 'query' ? 'knex' : 'question';
    case 'sqlite3':
    case 'better-sqlite3':
      return 'question';
    case 'knex':
      return 'knex';
    case 'sequelize':
    case 'oracledb':
      return 'colon';
    case 'mssql':
      return 'at';
    case 'prisma':
      return 'tagged';
    case 'typeorm':
      if (sink.info?.dialect === 'postgres') return 'dollar';
      if (sink.info?.dialect === 'mysql' || sink.info?.dialect === 'sqlite') return 'question';
      return undefined;
    default:
      return undefined;
  }
}

/**
 * A rewrite of a raw query call whose SQL argument is a template literal or a concatenation
 * written right there. Undefined for SQL assembled elsewhere, options objects, spread or existing
 * values arguments, unknown drivers and values that cannot be bound where they stand.
 */
export function rewriteSinkCall(sink: SqlSink, context: RuleContext): FixProposal | undefined {
  const result = rewriteSinkCallOrWithhold(sink, context);
  return isWithheld(result) ? undefined : result;
}

/**
 * As `rewriteSinkCall`, with the reason when the rewrite was considered and withheld because it
 * could not be shown to keep the statement's meaning (see sqlFixChecks.ts).
 */
export function rewriteSinkCallOrWithhold(sink: SqlSink, context: RuleContext): FixProposal | Withheld | undefined {
  if (!sink.driver || sink.via === 'none' || sink.inOptionsObject) return undefined;
  const call = sink.call;
  if (call.arguments.some((a) => a.type === 'SpreadElement')) return undefined;
  const split = splitStringParts(sink.sql, context);
  if (!split) return undefined;
  const style = placeholderStyleOf(sink);
  if (!style) return undefined;
  const plan = planSinkRewrite(sink, split.parts, style, context);
  if (isWithheld(plan)) return plan;
  if (plan.alternative) return rewriteAsFunctionCall(sink, split.parts, plan.alternative.sql, context);
  const rebuilt = parameteriseOrWithhold(split, style, context, { ...plan.options, unescape: (node) => unescapeForBinding(node, context) });
  if (isWithheld(rebuilt)) return rebuilt;
  const { sql, values } = rebuilt;
  if (style !== 'tagged' && values.length === 0) return undefined;
  const args = call.arguments;

  switch (sink.driver) {
    case 'pg':
    case 'mysql':
    case 'typeorm':
    case 'knex': {
      const callbacksOk = sink.driver === 'pg' || sink.driver === 'mysql';
      if (args.length > 1 && !(callbacksOk && onlyCallbacksAfter(call))) return undefined;
      const messageId =
        style === 'dollar' ? 'useDollarParameters' :
        sink.driver === 'knex' ? 'useKnexBindings' :
        values.some((v) => v.identifier) ? 'useIdentifierPlaceholders' : 'useQuestionParameters';
      return proposal(messageId, [replaceSql(sink.sql, sql, `, ${valuesArray(values)}`)]);
    }
    case 'pg-promise':
      if (args.length > 1) return undefined;
      return proposal('useDollarParameters', [replaceSql(sink.sql, sql, `, ${valuesArray(values)}`)]);
    case 'sqlite3':
      if (sink.method === 'exec' || !onlyCallbacksAfter(call)) return undefined;
      return proposal('useQuestionParameters', [replaceSql(sink.sql, sql, `, ${valuesArray(values)}`)]);
    case 'better-sqlite3':
      return rewriteBetterSqlite(sink, sql, values, context);
    case 'sequelize':
      return rewriteSequelize(sink, sql, values);
    case 'oracledb':
      if (args.length > 1) return undefined;
      return proposal('useBindVariables', [replaceSql(sink.sql, sql, `, ${valuesObject(values)}`)]);
    case 'prisma':
      return rewritePrisma(sink, sql, context);
    case 'mssql':
      return rewriteMssql(sink, sql, values);
    default:
      return undefined;
  }
}

/**
 * `pool.query(`SET search_path = ${x}`)` → `pool.query('SELECT set_config(\'search_path\', $1, false)', [x])`:
 * the function PostgreSQL provides for a statement it will not prepare with a parameter.
 */
function rewriteAsFunctionCall(sink: SqlSink, parts: readonly QueryPart[], sql: string, context: RuleContext): FixProposal | Withheld | undefined {
  const slot = parts.find((p): p is Extract<QueryPart, { kind: 'expression' }> => p.kind === 'expression' && context.flow.valueOf(p.node).origin !== 'constant');
  if (!slot || sink.call.arguments.length > 1) return undefined;
  const freed = unescapeForBinding(slot.node, context);
  if (isWithheld(freed)) return freed;
  const value = freed ? freed.source : context.getText(slot.node);
  const literal = `'${sql.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return proposal('useDollarParameters', [replaceSql(sink.sql, literal, `, [${value}]`)]);
}

/** `db.prepare(`...${x}`).get()` → `db.prepare('... ?').get(x)`; only when the statement is run right there. */
function rewriteBetterSqlite(sink: SqlSink, sql: string, values: BoundValue[], context: RuleContext): FixProposal | undefined {
  if (sink.method !== 'prepare' || sink.call.arguments.length !== 1) return undefined;
  const member = context.getParent(sink.call);
  if (!member || member.type !== 'MemberExpression' || member.object !== sink.call) return undefined;
  const run = context.getParent(member);
  const method = propertyName(member);
  if (!run || run.type !== 'CallExpression' || run.callee !== member || run.arguments.length !== 0) return undefined;
  if (!method || !['get', 'all', 'run', 'iterate'].includes(method)) return undefined;
  const inside = run.range[1] - 1;
  return proposal('useStatementParameters', [
    replaceSql(sink.sql, sql, ''),
    { start: inside, end: inside, text: values.map((v) => v.source).join(', ') },
  ]);
}

/** `sequelize.query(sql)` → `sequelize.query(':name', { replacements: { name } })`, merging into an options literal. */
function rewriteSequelize(sink: SqlSink, sql: string, values: BoundValue[]): FixProposal | undefined {
  const args = sink.call.arguments;
  const replacements = `replacements: ${valuesObject(values)}`;
  if (args.length === 1) return proposal('useReplacements', [replaceSql(sink.sql, sql, `, { ${replacements} }`)]);
  const options = args[1];
  if (args.length !== 2 || options.type !== 'ObjectExpression') return undefined;
  const taken = options.properties.some((p) => p.type === 'SpreadElement' || p.computed || ['replacements', 'bind'].includes(keyNameOf(p) ?? ''));
  if (taken) return undefined;
  const first = options.properties[0];
  const insertion: TextEdit = first
    ? { start: first.range[0], end: first.range[0], text: `${replacements}, ` }
    : { start: options.range[0], end: options.range[1], text: `{ ${replacements} }` };
  return proposal('useReplacements', [replaceSql(sink.sql, sql, ''), insertion]);
}

/** `prisma.$queryRawUnsafe(`...${x}`)` → `` prisma.$queryRaw`...${x}` ``, which sends x as a parameter. */
function rewritePrisma(sink: SqlSink, template: string, context: RuleContext): FixProposal | undefined {
  const call = sink.call;
  if (call.arguments.length !== 1) return undefined;
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || call.optional) return undefined;
  const method = sink.method.replace(/Unsafe$/, '');
  const typeArguments = call.typeArguments ? context.getText(call.typeArguments) : '';
  return proposal('useTaggedTemplate', [{ start: callee.property.range[0], end: call.range[1], text: `${method}${typeArguments}${template}` }], { method });
}

/**
 * mssql: `request.query(sql)` → `request.input('id', x).query('... @id')`; a pool's `query` goes
 * through `pool.request()`, the module's global `sql.query` through `new sql.Request()`.
 */
function rewriteMssql(sink: SqlSink, sql: string, values: BoundValue[]): FixProposal | undefined {
  const call = sink.call;
  if (!onlyCallbacksAfter(call)) return undefined;
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed) return undefined;
  const inputs = values.map((v) => `.input('${v.name}', ${v.source})`).join('');
  const receiver = callee.object;
  const role = sink.info?.role;
  const edits: TextEdit[] = [];
  if (role === 'request') edits.push({ start: receiver.range[1], end: receiver.range[1], text: inputs });
  else if (role === 'instance') edits.push({ start: receiver.range[1], end: receiver.range[1], text: `.request()${inputs}` });
  else if (role === 'module' && receiver.type === 'Identifier') {
    edits.push({ start: receiver.range[0], end: receiver.range[0], text: 'new ' }, { start: receiver.range[1], end: receiver.range[1], text: `.Request()${inputs}` });
  } else return undefined;
  edits.push(replaceSql(sink.sql, sql, ''));
  return proposal('useRequestInputs', edits);
}

/**
 * knex fragments (`whereRaw`, `orderByRaw`, a nested `knex.raw`...) whose only argument is a
 * template or concatenation: `?`/`??` placeholders and a bindings array. `clause` is the SQL that
 * the fragment continues (`'WHERE '` for `whereRaw`), so values and identifiers can be told apart.
 */
export function rewriteKnexFragment(call: TSESTree.CallExpression, clause: string, context: RuleContext): FixProposal | undefined {
  if (call.arguments.length !== 1) return undefined;
  const sql = call.arguments[0];
  if (sql.type === 'SpreadElement') return undefined;
  const split = splitStringParts(sql, context);
  if (!split) return undefined;
  const rebuilt = parameterise(split, 'knex', context, { ...knexFragmentOptions(context), contextBefore: clause, unescape: (node) => unescapeForBinding(node, context) });
  if (!rebuilt || rebuilt.values.length === 0) return undefined;
  return proposal('useKnexBindings', [replaceSql(sql, rebuilt.sql, `, ${valuesArray(rebuilt.values)}`)]);
}

/**
 * TypeORM query-builder conditions: `.where(`user.id = ${id}`)` → `.where('user.id = :id', { id })`.
 * Parameter names are shared by the whole builder chain, so names already used in `chainText` are avoided,
 * and so are the names `claimEarlierNames` adds: those the fixes of earlier conditions take.
 */
export function rewriteTypeormCondition(
  call: TSESTree.CallExpression,
  clause: string,
  chainText: string,
  context: RuleContext,
  claimEarlierNames?: (used: Set<string>) => void,
): FixProposal | undefined {
  if (call.arguments.length !== 1) return undefined;
  const sql = call.arguments[0];
  if (sql.type === 'SpreadElement') return undefined;
  const split = splitStringParts(sql, context);
  if (!split) return undefined;
  const reserved = new Set<string>();
  // Parameters belong to the whole builder, which may be a variable extended over several statements.
  for (const match of chainText.matchAll(/:\.{0,3}(\w+)|\b(\w+)\s*:/g)) reserved.add(match[1] ?? match[2]);
  for (const match of enclosingScopeText(call, context).matchAll(/:\.{0,3}([A-Za-z_]\w*)|setParameter\(\s*['"`](\w+)/g)) reserved.add(match[1] ?? match[2]);
  // The names the fixes of the conditions written before this one take, so that fixes applied together do not collide.
  claimEarlierNames?.(reserved);
  const rebuilt = parameterise(split, 'colon', context, { contextBefore: clause, reservedNames: reserved, unescape: (node) => unescapeForBinding(node, context) });
  if (!rebuilt || rebuilt.values.length === 0) return undefined;
  return proposal('useNamedParameters', [replaceSql(sql, rebuilt.sql, `, ${valuesObject(rebuilt.values)}`)]);
}
