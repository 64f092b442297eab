// Which SQL driver an object belongs to, and which method calls hand SQL text to a driver.
// Shared by the SQL rules: a sink catalogue per driver plus receiver tracing without types.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, propertyName, type RuleContext, unwrap } from '../../server/src/engine/api';
import { constantTextOf } from './queryParts';

export type SqlDriver =
  | 'mysql'
  | 'pg'
  | 'pg-promise'
  | 'sequelize'
  | 'typeorm'
  | 'prisma'
  | 'better-sqlite3'
  | 'sqlite3'
  | 'mssql'
  | 'oracledb'
  | 'knex';

/**
 * What kind of object an expression is:
 * - module: the imported module itself (`require('pg')`, `import sql from 'mssql'`);
 * - export: something taken from the module (`Pool`, `mysql.createPool`, `sql.Request`);
 * - instance: an object the driver made (pool, connection, client, data source, knex);
 * - request: an mssql Request (`new sql.Request()`, `pool.request()`), which takes `.input()`;
 * - statement: a prepared statement (better-sqlite3/sqlite3 `db.prepare()`), whose methods take values, not SQL;
 * - builder: a TypeORM query builder (`createQueryBuilder()`).
 */
export type DriverRole = 'module' | 'export' | 'instance' | 'request' | 'statement' | 'builder';

export interface DriverInfo {
  driver: SqlDriver;
  role: DriverRole;
  /** The SQL dialect behind a TypeORM data source when its `type` option is a literal in this file. */
  dialect?: 'postgres' | 'mysql' | 'sqlite';
  /** For `export` roles, the exported name (`Pool`, `Request`, `createPool`). */
  exportName?: string;
}

/** Module specifiers (without subpaths) that belong to each driver. */
const MODULE_DRIVERS: Record<string, SqlDriver> = {
  mysql: 'mysql',
  mysql2: 'mysql',
  'serverless-mysql': 'mysql',
  pg: 'pg',
  'pg-pool': 'pg',
  '@neondatabase/serverless': 'pg',
  'pg-promise': 'pg-promise',
  sequelize: 'sequelize',
  'sequelize-typescript': 'sequelize',
  typeorm: 'typeorm',
  '@prisma/client': 'prisma',
  'better-sqlite3': 'better-sqlite3',
  sqlite3: 'sqlite3',
  sqlite: 'sqlite3',
  mssql: 'mssql',
  oracledb: 'oracledb',
  knex: 'knex',
};

/** Methods that take SQL text as their first argument, per driver. */
export const SQL_SINK_METHODS: Readonly<Record<SqlDriver, ReadonlySet<string>>> = {
  mysql: new Set(['query', 'execute']),
  pg: new Set(['query']),
  'pg-promise': new Set(['any', 'each', 'many', 'manyOrNone', 'map', 'none', 'one', 'oneOrNone', 'query', 'result', 'multi', 'multiResult']),
  sequelize: new Set(['query']),
  typeorm: new Set(['query']),
  prisma: new Set(['$queryRawUnsafe', '$executeRawUnsafe']),
  'better-sqlite3': new Set(['prepare', 'exec']),
  sqlite3: new Set(['run', 'get', 'all', 'each', 'exec', 'prepare']),
  mssql: new Set(['query', 'batch']),
  oracledb: new Set(['execute', 'executeMany', 'queryStream']),
  knex: new Set(['raw']),
};

/** Every sink method name of any driver: checked on receivers of unknown origin, with SQL-looking text only. */
const ANY_SINK_METHOD = new Set(Object.values(SQL_SINK_METHODS).flatMap((methods) => [...methods]));

/** Method names that only Prisma has; they are sinks whatever the receiver is. */
const PRISMA_UNSAFE_METHODS = SQL_SINK_METHODS.prisma;

/** Methods whose callback receives a connection, transaction or task of the same driver. */
const CALLBACK_METHODS = new Set(['getConnection', 'connect', 'task', 'tx', 'taskIf', 'txIf', 'transaction', '$transaction', 'serialize', 'parallelize']);

/** Modules whose `exec`/`query` calls are not SQL at all. */
const NON_SQL_MODULES = new Set(['child_process', 'shelljs', 'execa', 'jquery', 'cheerio', 'zx', 'graphql', '@apollo/client', 'mongodb', 'mongoose']);
/** Receivers whose `query`/`exec`/`get` calls are known not to be SQL. */
const NON_SQL_RECEIVERS = /^(\$|jQuery|cy|RegExp|URLSearchParams|Map|WeakMap|Set|Reflect|localStorage|sessionStorage|document|window|process|cp|childProcess|child_process|shell|app|router|express|redis|cache)$/;

const MAX_DEPTH = 12;

/** The driver a module specifier belongs to (`mysql2/promise` → mysql), if any. */
export function driverOfModule(specifier: string): SqlDriver | undefined {
  const normal = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const parts = normal.split('/');
  const base = normal.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return MODULE_DRIVERS[base];
}

/** The SQL drivers whose modules this file imports or requires. */
export function importedDrivers(context: RuleContext): Set<SqlDriver> {
  const drivers = new Set<SqlDriver>();
  for (const module of context.imports.modules) {
    const driver = driverOfModule(module);
    if (driver) drivers.add(driver);
  }
  return drivers;
}

function requiredModule(node: TSESTree.Node): string | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const arg = node.arguments[0];
  return arg && arg.type === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
}

/** The result of a method called on a driver object. */
function resultOfMethod(owner: DriverInfo, method: string | undefined, call: TSESTree.CallExpression): DriverInfo | undefined {
  // Rows are not a connection: `const users = await db.any(...)` then `users.map(...)`. sqlite3's
  // Database methods return the database itself, for chaining.
  if (method && owner.role !== 'module' && owner.role !== 'export' && owner.driver !== 'sqlite3' && method !== 'prepare' && SQL_SINK_METHODS[owner.driver].has(method)) return undefined;
  if (owner.driver === 'mssql' && (method === 'request' || (owner.role === 'module' && method === 'Request'))) return { driver: 'mssql', role: 'request' };
  if (owner.driver === 'mssql' && owner.role === 'request' && method === 'input') return { driver: 'mssql', role: 'request' };
  if (method === 'prepare' && (owner.driver === 'better-sqlite3' || owner.driver === 'sqlite3')) return { driver: owner.driver, role: 'statement' };
  if (owner.driver === 'typeorm' && method === 'createQueryBuilder') return { driver: 'typeorm', role: 'builder', dialect: owner.dialect };
  if (owner.role === 'builder') return owner;
  if (owner.driver === 'typeorm' && owner.role === 'export' && owner.exportName === 'DataSource') return { driver: 'typeorm', role: 'instance', dialect: typeormDialect(call) };
  return { driver: owner.driver, role: 'instance', dialect: owner.dialect };
}

/** `new DataSource({ type: 'postgres' })`: the dialect, when written as a literal. */
function typeormDialect(call: TSESTree.CallExpression | TSESTree.NewExpression): DriverInfo['dialect'] {
  const options = call.arguments[0];
  if (!options || options.type !== 'ObjectExpression') return undefined;
  for (const property of options.properties) {
    if (property.type !== 'Property' || property.computed) continue;
    const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : '';
    if (key !== 'type' || property.value.type !== 'Literal' || typeof property.value.value !== 'string') continue;
    const type = property.value.value;
    if (type === 'postgres' || type === 'cockroachdb' || type === 'aurora-postgres') return 'postgres';
    if (type === 'mysql' || type === 'mariadb' || type === 'aurora-mysql') return 'mysql';
    if (type === 'sqlite' || type === 'better-sqlite3' || type === 'sqljs' || type === 'capacitor') return 'sqlite';
  }
  return undefined;
}

/** Driver of a TypeScript type annotation such as `PoolClient`, `Knex.Transaction`, `sql.Request`, `Repository<User>`. */
function driverOfType(annotation: TSESTree.TypeNode | undefined, context: RuleContext): DriverInfo | undefined {
  if (!annotation || annotation.type !== 'TSTypeReference') return undefined;
  let name: TSESTree.EntityName = annotation.typeName;
  let last: string | undefined;
  while (name.type === 'TSQualifiedName') {
    last ??= name.right.name;
    name = name.left;
  }
  if (name.type !== 'Identifier') return undefined;
  const binding = context.imports.bindingFor(name.name);
  if (!binding) return undefined;
  const driver = driverOfModule(binding.module);
  if (!driver) return undefined;
  const typeName = last ?? binding.imported ?? name.name;
  if (driver === 'mssql' && typeName === 'Request') return { driver, role: 'request' };
  if (driver === 'typeorm' && /QueryBuilder$/.test(typeName)) return { driver, role: 'builder' };
  if ((driver === 'better-sqlite3' || driver === 'sqlite3') && /Statement$/.test(typeName)) return { driver, role: 'statement' };
  return { driver, role: 'instance' };
}

/**
 * Which driver the object `node` belongs to, found from imports in scope and from how the
 * receiver was made (`new Pool()` from pg, `mysql.createConnection()`, `require('knex')(...)`,
 * `new PrismaClient()`, `pool.getConnection()`, a parameter typed `PoolClient`, `this.db`
 * assigned in the constructor, a transaction callback's parameter...). Undefined when nothing
 * in the file says.
 */
export function driverForReceiver(node: TSESTree.Node, context: RuleContext): DriverInfo | undefined {
  return resolve(node, context, 0, new Set());
}

function resolve(raw: TSESTree.Node, context: RuleContext, depth: number, seen: Set<TSESTree.Node>): DriverInfo | undefined {
  if (depth > MAX_DEPTH || seen.has(raw)) return undefined;
  seen.add(raw);
  const node = unwrap(raw);
  switch (node.type) {
    case 'Identifier':
      return resolveIdentifier(node, context, depth, seen);
    case 'CallExpression': {
      const module = requiredModule(node);
      if (module) {
        const driver = driverOfModule(module);
        return driver ? { driver, role: 'module' } : undefined;
      }
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression') {
        const owner = resolve(callee.object, context, depth + 1, seen);
        return owner ? resultOfMethod(owner, propertyName(callee), node) : undefined;
      }
      // knex(config), pgp(connection), require('knex')(config), Database(file)
      const factory = resolve(callee, context, depth + 1, seen);
      if (!factory) return undefined;
      if (factory.role === 'module' || factory.role === 'export') return { driver: factory.driver, role: 'instance' };
      // knex('users'): a query builder of the same knex instance.
      return factory;
    }
    case 'NewExpression': {
      const made = resolve(node.callee, context, depth + 1, seen);
      if (!made) return undefined;
      if (made.driver === 'mssql' && made.exportName === 'Request') return { driver: 'mssql', role: 'request' };
      if (made.driver === 'typeorm') return { driver: 'typeorm', role: 'instance', dialect: typeormDialect(node) };
      return { driver: made.driver, role: 'instance' };
    }
    case 'MemberExpression': {
      if (node.object.type === 'ThisExpression') return resolveThisMember(node, context, depth, seen);
      const owner = resolve(node.object, context, depth + 1, seen);
      if (!owner) return undefined;
      const name = propertyName(node);
      if (owner.role === 'module') return { driver: owner.driver, role: 'export', exportName: name };
      if (owner.role === 'export') return { driver: owner.driver, role: 'export', exportName: name };
      if (owner.role === 'statement' || owner.role === 'builder' || owner.role === 'request') return owner;
      return { driver: owner.driver, role: 'instance', dialect: owner.dialect };
    }
    case 'ConditionalExpression':
      return resolve(node.consequent, context, depth + 1, seen) ?? resolve(node.alternate, context, depth + 1, seen);
    case 'LogicalExpression':
      return resolve(node.left, context, depth + 1, seen) ?? resolve(node.right, context, depth + 1, seen);
    default:
      return undefined;
  }
}

function resolveIdentifier(node: TSESTree.Identifier, context: RuleContext, depth: number, seen: Set<TSESTree.Node>): DriverInfo | undefined {
  const variable = context.flow.variableOf(node);
  if (!variable) return undefined;
  for (const def of variable.defs) {
    if (def.type === 'ImportBinding') {
      const binding = context.imports.bindingFor(node.name);
      const driver = binding ? driverOfModule(binding.module) : undefined;
      if (!binding || !driver) return undefined;
      if (binding.kind === 'named') return { driver, role: 'export', exportName: binding.imported };
      return { driver, role: 'module' };
    }
    if (def.type === 'Parameter') {
      const fromParam = resolveParameter(def.name as TSESTree.Identifier, def.node, context, depth, seen);
      if (fromParam) return fromParam;
    }
    if (def.type === 'Variable') {
      const declarator = def.node;
      if (declarator.id.type === 'Identifier' && declarator.id.typeAnnotation) {
        const typed = driverOfType(declarator.id.typeAnnotation.typeAnnotation, context);
        if (typed) return typed;
      }
      // const { Pool } = require('pg'); const { Database } = sqlite3
      if (declarator.id.type === 'ObjectPattern' && declarator.init) {
        const owner = resolve(declarator.init, context, depth + 1, seen);
        if (owner) {
          const property = declarator.id.properties.find(
            (p) => p.type === 'Property' && (p.value === def.name || (p.value.type === 'AssignmentPattern' && p.value.left === def.name)),
          );
          const exported = property && property.type === 'Property' && property.key.type === 'Identifier' ? property.key.name : undefined;
          if (owner.role === 'module' || owner.role === 'export') return { driver: owner.driver, role: 'export', exportName: exported };
          return { driver: owner.driver, role: 'instance', dialect: owner.dialect };
        }
      }
    }
  }
  // Every value ever assigned: `let pool; pool = mysql.createPool()`, `const db = new Database()`.
  for (const written of context.flow.assignmentsOf(node)) {
    const parent = context.getParent(written);
    // Destructured writes were handled above with the pattern; the written node is the whole init.
    if (parent && parent.type === 'VariableDeclarator' && parent.id.type !== 'Identifier') continue;
    const info = resolve(written, context, depth + 1, seen);
    if (info) return info;
  }
  return undefined;
}

/** A parameter typed with a driver type, or the connection/transaction handed to a driver callback. */
function resolveParameter(name: TSESTree.Identifier, fn: TSESTree.Node, context: RuleContext, depth: number, seen: Set<TSESTree.Node>): DriverInfo | undefined {
  if (name.typeAnnotation) {
    const typed = driverOfType(name.typeAnnotation.typeAnnotation, context);
    if (typed) return typed;
  }
  if (/^err(or)?$/i.test(name.name)) return undefined;
  if (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') return undefined;
  const call = context.getParent(fn);
  if (!call || call.type !== 'CallExpression' || !call.arguments.includes(fn)) return undefined;
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (!method || !CALLBACK_METHODS.has(method)) return undefined;
  const owner = resolve(callee.object, context, depth + 1, seen);
  return owner ? { driver: owner.driver, role: 'instance', dialect: owner.dialect } : undefined;
}

/**
 * Where a class may say what `this.<name>` holds, in the order its members say it: a property's
 * type then its initialiser, a constructor parameter property's type, a `this.<name> = ...` in the
 * constructor. Indexed once per class: a large class asked about each of its `this.x.query()`
 * calls was scanned member by member every time, which made it quadratic.
 */
type ThisMemberClue = { type: TSESTree.TypeNode | undefined } | { value: TSESTree.Expression };

const thisMemberClues = new WeakMap<TSESTree.ClassBody, Map<string, ThisMemberClue[]>>();

function thisMemberCluesOf(body: TSESTree.ClassBody): Map<string, ThisMemberClue[]> {
  let clues = thisMemberClues.get(body);
  if (clues) return clues;
  const byName = new Map<string, ThisMemberClue[]>();
  clues = byName;
  const add = (name: string | undefined, clue: ThisMemberClue) => {
    if (name === undefined) return;
    const list = byName.get(name);
    if (list) list.push(clue);
    else byName.set(name, [clue]);
  };
  for (const member of body.body) {
    if (member.type === 'PropertyDefinition' && !member.computed && member.key.type === 'Identifier') {
      add(member.key.name, { type: member.typeAnnotation?.typeAnnotation });
      if (member.value) add(member.key.name, { value: member.value });
    }
    if (member.type !== 'MethodDefinition' || member.kind !== 'constructor') continue;
    for (const param of member.value.params) {
      if (param.type === 'TSParameterProperty' && param.parameter.type === 'Identifier') add(param.parameter.name, { type: param.parameter.typeAnnotation?.typeAnnotation });
    }
    for (const statement of member.value.body?.body ?? []) {
      if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
      const target = statement.expression.left;
      if (target.type === 'MemberExpression' && target.object.type === 'ThisExpression') add(propertyName(target), { value: statement.expression.right });
    }
  }
  thisMemberClues.set(body, clues);
  return clues;
}

/** `this.db` in a class: a property initialiser, a typed property or constructor parameter, or `this.db = ...` in the constructor. */
function resolveThisMember(node: TSESTree.MemberExpression, context: RuleContext, depth: number, seen: Set<TSESTree.Node>): DriverInfo | undefined {
  const name = propertyName(node);
  if (!name) return undefined;
  let cls: TSESTree.Node | undefined = context.getParent(node);
  while (cls && cls.type !== 'ClassBody') cls = context.getParent(cls);
  if (!cls || cls.type !== 'ClassBody') return undefined;
  for (const clue of thisMemberCluesOf(cls).get(name) ?? []) {
    const info = 'type' in clue ? driverOfType(clue.type, context) : resolve(clue.value, context, depth + 1, seen);
    if (info) return info;
  }
  return undefined;
}

/** A call that hands SQL text to a driver. */
export interface SqlSink {
  call: TSESTree.CallExpression;
  /** The driver, when the receiver or the file's imports tell it. */
  driver?: SqlDriver;
  /** How the driver was told: from the receiver itself, from the file's imports only, or not at all. */
  via: 'receiver' | 'imports' | 'none';
  /** The receiver's role (mssql request vs pool, TypeORM dialect...). */
  info?: DriverInfo;
  method: string;
  /** Index of the argument holding the SQL (0 for every driver catalogued here). */
  argumentIndex: number;
  /** The expression holding the SQL text: the argument, or the `sql`/`text` property of an options object. */
  sql: TSESTree.Expression;
  /** True when the SQL sits in an options object (`{ sql }` for mysql, `{ text }` for pg). */
  inOptionsObject: boolean;
  /** A short name for messages: `pool.query`, `this.db.all`, `.query`. */
  sinkName: string;
}

/**
 * Whether `call` passes SQL text to a driver, and which one. Calls on receivers of unknown
 * driver count only when their constant text looks like SQL (see `looksLikeSql`), and never on
 * `$.query`, `RegExp#exec`, `child_process.exec`, URLSearchParams and the like.
 * The `knex.raw` fragments nested in another call's arguments are left to the query-builder rule.
 */
export function sqlSinkOf(call: TSESTree.CallExpression, context: RuleContext): SqlSink | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (!method) return undefined;
  const first = call.arguments[0];
  if (!first || first.type === 'SpreadElement') return undefined;
  const sinkName = nameOfSink(callee, method, context);

  if (PRISMA_UNSAFE_METHODS.has(method)) {
    return { call, driver: 'prisma', via: 'receiver', method, argumentIndex: 0, sql: first, inOptionsObject: false, sinkName };
  }
  if (!ANY_SINK_METHOD.has(method)) return undefined;
  // arr.map(fn), list.each(cb), cache.get(42): SQL is never a function or a non-string literal.
  if (first.type === 'ArrowFunctionExpression' || first.type === 'FunctionExpression' || (first.type === 'Literal' && typeof first.value !== 'string')) return undefined;
  const info = driverForReceiver(callee.object, context);
  if (info) {
    if (info.role === 'statement' || info.role === 'builder') return undefined;
    if (!SQL_SINK_METHODS[info.driver].has(method)) return undefined;
    if (info.driver === 'mssql' && info.role === 'export') return undefined;
    const sql = sqlArgument(first, info.driver);
    if (!sql) return undefined;
    return { call, driver: info.driver, via: 'receiver', info, method, argumentIndex: 0, sql: sql.node, inOptionsObject: sql.inObject, sinkName };
  }
  if (isNonSqlReceiver(callee.object, context)) return undefined;
  if (first.type === 'ObjectExpression') return undefined;
  // Without a known receiver, only text that reads as SQL counts, even in a file importing a
  // driver: `client.query('{ user(id: ' + id + ') }')` next to a pg import is GraphQL.
  if (!looksLikeSql(constantTextOf(first, context))) return undefined;
  const candidates = [...importedDrivers(context)].filter((d) => SQL_SINK_METHODS[d].has(method));
  if (candidates.length === 1) {
    return { call, driver: candidates[0], via: 'imports', method, argumentIndex: 0, sql: first, inOptionsObject: false, sinkName };
  }
  return { call, via: 'none', method, argumentIndex: 0, sql: first, inOptionsObject: false, sinkName };
}

function sqlArgument(first: TSESTree.Expression, driver: SqlDriver): { node: TSESTree.Expression; inObject: boolean } | undefined {
  if (first.type !== 'ObjectExpression') return { node: first, inObject: false };
  // mysql: query({ sql, values, timeout }); pg: query({ text, values, rowMode })
  const key = driver === 'mysql' ? 'sql' : driver === 'pg' ? 'text' : undefined;
  if (!key) return undefined;
  for (const property of first.properties) {
    if (property.type !== 'Property' || property.computed) continue;
    const name = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : '';
    if (name === key) return { node: property.value, inObject: true };
  }
  return undefined;
}

/** Receivers whose `exec`/`query`/`get` is not SQL: regexes, shells, jQuery, maps, the Express app. */
export function isNonSqlReceiver(receiver: TSESTree.Node, context: RuleContext): boolean {
  const node = unwrap(receiver);
  if (node.type === 'Literal' && 'regex' in node && node.regex) return true;
  if (node.type === 'NewExpression' && node.callee.type === 'Identifier' && /^(RegExp|Map|URLSearchParams|URL)$/.test(node.callee.name)) return true;
  const name = dottedName(node);
  if (name && NON_SQL_RECEIVERS.test(name.replace(/^window\./, '').split('.')[0])) return true;
  let root: TSESTree.Node = node;
  while (root.type === 'MemberExpression' || root.type === 'CallExpression') root = unwrap(root.type === 'MemberExpression' ? root.object : root.callee);
  if (root.type === 'Identifier') {
    const binding = context.imports.bindingFor(root.name);
    if (binding && NON_SQL_MODULES.has(binding.module.replace(/^node:/, '').split('/')[0])) return true;
    // const re = /x/; re.exec(s)
    const variable = context.flow.variableOf(root);
    for (const def of variable?.defs ?? []) {
      if (def.type !== 'Variable') continue;
      const init = (def.node).init;
      if (init && init.type === 'Literal' && 'regex' in init && init.regex) return true;
      if (init && init.type === 'NewExpression' && init.callee.type === 'Identifier' && /^(RegExp|Map|URLSearchParams|URL)$/.test(init.callee.name)) return true;
    }
  }
  return false;
}

/** A short name of the called method for messages: `pool.query`, `this.db.all`, `pool.request().query`, or `.query` for long chains. */
export function nameOfSink(callee: TSESTree.MemberExpression, method: string, context: RuleContext): string {
  const text = context.getText(callee).replace(/\s+/g, '');
  // `pool.query`, `this.db.all`, `pool.request().query`: short chains read best as written.
  if (text.length <= 40 && /^[\w$.?]+(?:\(\)[\w$.?]*)*$/.test(text)) return text;
  const receiver = dottedName(callee.object);
  if (receiver && receiver.length <= 30) return `${receiver}.${method}`;
  return `.${method}`;
}

/**
 * Whether text looks like SQL: a statement shape (`SELECT ... FROM`, `INSERT INTO`, `UPDATE x SET`,
 * `DELETE FROM`, DDL), or a clause fragment (`WHERE a =`, `ORDER BY`, `VALUES (`). Used only to
 * decide about receivers whose driver is unknown, so it prefers missing odd SQL over flagging prose.
 */
export function looksLikeSql(text: string): boolean {
  // Every sink reading a variable asks about the same (memoised) text: answered once.
  if (text === lastSniffed.text) return lastSniffed.answer;
  const answer = sniffSql(text.length > MAX_SQL_SNIFF ? text.slice(0, MAX_SQL_SNIFF) : text);
  lastSniffed = { text, answer };
  return answer;
}

/** SQL shows in its first clauses; past this length a generated text is not read further. */
const MAX_SQL_SNIFF = 65_536;
let lastSniffed: { text: string | undefined; answer: boolean } = { text: undefined, answer: false };

function sniffSql(text: string): boolean {
  const t = text.replace(/\s+/g, ' ');
  return (
    // SELECT opens a statement or a subquery; "please select a file from" is prose.
    /(?:^|\(|\bunion(?:\s+all)?|\bexists|\bin)\s*\(?\s*select\s[\s\S]*?\bfrom\b/i.test(t) ||
    /\binsert\s+(?:ignore\s+)?into\b/i.test(t) ||
    /\bupdate\s+[\w."`[\]]+\s+set\b/i.test(t) ||
    /\bdelete\s+from\b/i.test(t) ||
    /\b(?:create|drop|alter|truncate)\s+(?:(?:temporary|temp|unique)\s+)?(?:table|index|view|database|schema|trigger|procedure|function)\b/i.test(t) ||
    /\breplace\s+into\b/i.test(t) ||
    /\bmerge\s+into\b/i.test(t) ||
    /\bwith\s+\w+\s+as\s*\(/i.test(t) ||
    /\bwhere\s+[\w."`[\]]+\s*(?:=|<>|!=|<|>|\blike\b|\bin\b|\bis\b|\bbetween\b)/i.test(t) ||
    /\b(?:order|group)\s+by\b/i.test(t) ||
    /\bvalues\s*\(/i.test(t) ||
    /^\s*(?:exec|execute|call)\s+\w+/i.test(t)
  );
}

/**
 * A `raw()` call used as a fragment inside another call's arguments (`.where(knex.raw(...))`,
 * `.select(db.raw(...))`). The query-builder rule reports those; the raw-query rule reports
 * `raw()` calls whose result is run as a query.
 */
export function isNestedRawFragment(call: TSESTree.CallExpression, context: RuleContext): boolean {
  let child: TSESTree.Node = call;
  let parent = context.getParent(call);
  while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'ArrayExpression' || parent.type === 'ChainExpression')) {
    child = parent;
    parent = context.getParent(parent);
  }
  return !!parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(child);
}
