import { runRuleTests } from '../../test/ruleTester';
import rule from './no-interpolated-query-builder';

const KNEX = "const knex = require('knex')({ client: 'pg' });\n";
const TYPEORM = "import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'postgres' });\n";
const SEQUELIZE = "const { Sequelize, Op, literal } = require('sequelize');\n";

/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.get('/users', async (req, res) => {\n  ${body}\n});\n`;

runRuleTests(rule, {
  valid: [
    // A method's parameters in library plumbing (aliases, property paths): audit profile only.
    KNEX + "class Loader {\n  byAlias(alias) {\n    return knex('t').whereRaw(`${alias}.deleted_at IS NULL`);\n  }\n}\nmodule.exports = Loader;\n",
    KNEX + "class Loader {\n  byColumns(alias, columns) {\n    columns.forEach((column) => knex('t').whereRaw(alias + '.' + column.propertyPath + ' IS NULL'));\n  }\n}\nmodule.exports = Loader;\n",
    // A parameter that arrives only through another function's result: that function picked the value (audit profile only).
    KNEX + "export function listRows({ query }) {\n  const sort = parseSort(query.sort);\n  return knex('rows').orderByRaw(`?? ${sort[0].direction}`, [sort[0].column]);\n}\n",
    // The safe version of every invalid case.
    KNEX + route("await knex('users').whereRaw('name = ? AND age > ?', [req.query.name, req.query.age]);"),
    KNEX + route("await knex('users').where({ name: req.query.name }).orderBy('created_at', 'desc');"),
    KNEX + route("await knex('users').select(knex.raw('count(*) filter (where status = ?) as n', [req.query.status]));"),
    KNEX + route("await knex('orders').havingRaw('sum(total) > ?', [Number(req.query.min)]).groupByRaw('customer_id');"),
    KNEX + route("await knex.select('*').fromRaw('(select * from users where org = ?) as u', [req.user.org]);"),
    KNEX + route("await knex('users').joinRaw('join orgs on orgs.id = users.org_id and orgs.region = ?', [req.query.region]);"),
    TYPEORM + route("await dataSource.getRepository(User).createQueryBuilder('user').where('user.name = :name', { name: req.query.name }).getMany();"),
    TYPEORM + route("const qb = dataSource.createQueryBuilder(User, 'u');\n  qb.where('u.email LIKE :q', { q: `%${req.query.q}%` });"),
    TYPEORM + "const SORT = 'user.created_at';\n" + route("await dataSource.createQueryBuilder(User, 'user').orderBy(`${SORT}`, 'DESC').getMany();"),
    SEQUELIZE + route('await User.findAll({ where: { name: { [Op.eq]: req.query.name } } });'),
    SEQUELIZE + route("await User.findAll({ attributes: [[Sequelize.literal('(SELECT COUNT(*) FROM posts WHERE posts.user_id = \"User\".id)'), 'posts']] });"),
    // `where` on things that are not TypeORM query builders.
    route('const users = await User.findAll({ where: `name = ${req.query.name}` });'),
    route('$(`#row-${req.query.id}`).where(`x = ${req.query.x}`);'),
    route('await model.where(`age > ${req.query.age}`).fetch();'),
    // A literal from another library.
    "import { literal } from './sql';\n" + route('literal(`x = ${req.query.x}`);'),
    // Bare request values as TypeORM sort columns are the identifier rule's business.
    TYPEORM + route("await dataSource.createQueryBuilder(User, 'user').orderBy(req.query.sort).getMany();"),
    // A whole raw query is sql/no-string-built-query's business.
    KNEX + route('await knex.raw(`SELECT * FROM users WHERE id = ${req.query.id}`);'),
    // An allowlist check that returns before the fragment is built (the engine's guard model).
    KNEX + route("const col = req.query.col;\n  if (!['name', 'email'].includes(col)) return res.sendStatus(400);\n  res.json(await knex('users').whereRaw(`${col} IS NOT NULL`));"),
    // Names the driver escaped, ORM metadata and internal aliases: the library's own plumbing.
    TYPEORM + "export function total(repo, fn, column) {\n  const qb = repo.createQueryBuilder('e');\n  return qb.select(`${fn === 'SUM' ? 'SUM' : 'AVG'}(${dataSource.driver.escape(qb.alias)}.${dataSource.driver.escape(column.databaseName)})`).getRawOne();\n}\n",
    TYPEORM + "export function ancestors(repo, subject) {\n  const qb = repo.createQueryBuilder('t');\n  return qb.where(subject.metadata.targetName + '.' + subject.metadata.materializedPathColumn.propertyPath + ' LIKE :path', { path: 'a%' }).getMany();\n}\n",
    TYPEORM + "export class Loader {\n  load(ids) {\n    const qb = dataSource.createQueryBuilder();\n    return qb.where(`${this.alias}.id IN (:...ids)`, { ids }).getMany();\n  }\n}\n",
    KNEX + "export function inList(column, values) {\n  return knex('t').whereRaw(`?? in (${values.map(() => '?').join(', ')})`, [column, ...values]);\n}\n",
  ],
  invalid: [
    {
      name: 'knex whereRaw: quoted value and bare value become ? bindings',
      code: KNEX + route("await knex('users').whereRaw(`name = '${req.query.name}' AND age > ${req.query.age}`);"),
      errors: [
        {
          messageId: 'taintedFragment',
          line: 3,
          column: 32,
          severity: 'error',
          confidence: 'high',
          data: { sink: ".whereRaw", source: 'req.query.name' },
          suggestions: [
            {
              title: 'Use knex bindings (`?` for values, `??` for identifiers)',
              output: KNEX + route("await knex('users').whereRaw(`name = ? AND age > ?`, [req.query.name, req.query.age]);"),
            },
          ],
        },
      ],
    },
    {
      name: 'knex orderByRaw: column as ??, direction cannot be bound so no rewrite',
      code: KNEX + route('await knex("users").orderByRaw(`${req.query.sort} ${req.query.dir}`);'),
      errors: [{ messageId: 'taintedFragment', line: 3, column: 34, suggestions: [] }],
    },
    {
      name: 'knex orderByRaw: a column alone becomes ??',
      code: KNEX + route('await knex("users").orderByRaw("" + req.query.sort + " NULLS LAST");'),
      errors: [{ messageId: 'taintedFragment', line: 3, column: 34, suggestions: [{ output: KNEX + route('await knex("users").orderByRaw("?? NULLS LAST", [req.query.sort]);') }] }],
    },
    {
      name: 'knex orderByRaw with request input used whole',
      code: KNEX + route("await knex('users').orderByRaw(req.query.order);"),
      errors: [{ messageId: 'requestFragment', line: 3, column: 34, data: { source: 'req.query.order' }, suggestions: [] }],
    },
    {
      name: 'knex havingRaw and groupByRaw',
      profile: 'audit',
      code: KNEX + 'export function totals(min, column) {\n  return knex("orders").groupByRaw("customer_id, " + column).havingRaw(`sum(total) > ${min}`);\n}\n',
      errors: [
        { messageId: 'builtFragment', line: 3, column: 36, severity: 'warning', confidence: 'medium', suggestions: [{ output: KNEX + 'export function totals(min, column) {\n  return knex("orders").groupByRaw("customer_id, ??", [column]).havingRaw(`sum(total) > ${min}`);\n}\n' }] },
        { messageId: 'builtFragment', line: 3, column: 72, suggestions: [{ output: KNEX + 'export function totals(min, column) {\n  return knex("orders").groupByRaw("customer_id, " + column).havingRaw(`sum(total) > ?`, [min]);\n}\n' }] },
      ],
    },
    {
      name: 'audit profile: a parameter through another function\'s result',
      profile: 'audit',
      code: KNEX + "export function listRows({ query }) {\n  const sort = parseSort(query.sort);\n  return knex('rows').orderByRaw(`?? ${sort[0].direction}`, [sort[0].column]);\n}\n",
      errors: [{ messageId: 'builtFragment', line: 4, severity: 'warning', confidence: 'low' }],
    },
    {
      name: 'a parameter pasted directly stays in the default, even beside one that went through a call',
      code: KNEX + "export function listRows({ query }, direction) {\n  const sort = parseSort(query.sort);\n  return knex('rows').orderByRaw(`?? ${sort[0].direction} ${direction}`, [sort[0].column]);\n}\n",
      errors: [{ messageId: 'builtFragment', line: 4, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'knex fromRaw and joinRaw',
      profile: 'audit',
      code: KNEX + route("await knex.select('*').fromRaw(`(select * from users where org = ${req.user.org}) as u`).joinRaw('join orgs on orgs.region = \\'' + req.query.region + '\\'');"),
      errors: [
        { messageId: 'builtFragment', line: 3, column: 34, suggestions: [{ output: KNEX + route("await knex.select('*').fromRaw(`(select * from users where org = ?) as u`, [req.user.org]).joinRaw('join orgs on orgs.region = \\'' + req.query.region + '\\'');") }] },
        { messageId: 'taintedFragment', line: 3, column: 100, suggestions: [{ output: KNEX + route("await knex.select('*').fromRaw(`(select * from users where org = ${req.user.org}) as u`).joinRaw('join orgs on orgs.region = ?', [req.query.region]);") }] },
      ],
    },
    {
      name: 'knex.raw nested in select',
      code: KNEX + route("await knex('users').select(knex.raw(`count(*) filter (where status = '${req.query.status}') as n`));"),
      errors: [
        {
          messageId: 'taintedFragment',
          line: 3,
          column: 39,
          data: { sink: 'knex.raw' },
          suggestions: [{ output: KNEX + route("await knex('users').select(knex.raw(`count(*) filter (where status = ?) as n`, [req.query.status]));") }],
        },
      ],
    },
    {
      name: 'objection-style whereRaw on a model query',
      code: route('const people = await Person.query().whereRaw(`lower(name) = lower(\'${req.body.name}\')`);'),
      errors: [{ messageId: 'taintedFragment', line: 2, column: 48, suggestions: [{ output: route('const people = await Person.query().whereRaw(`lower(name) = lower(?)`, [String(req.body.name)]);') }] }],
    },
    {
      name: 'TypeORM where on a createQueryBuilder chain',
      code: TYPEORM + route("await dataSource.getRepository(User).createQueryBuilder('user').where(`user.name = '${req.query.name}'`).getMany();"),
      filename: 'file.ts',
      errors: [
        {
          messageId: 'taintedFragment',
          line: 4,
          column: 73,
          data: { sink: '.where' },
          suggestions: [
            {
              title: 'Use named parameters (`:name`) with a parameters object',
              output: TYPEORM + route("await dataSource.getRepository(User).createQueryBuilder('user').where(`user.name = :name`, { name: req.query.name }).getMany();"),
            },
          ],
        },
      ],
    },
    {
      name: 'TypeORM andWhere: the parameter name avoids one already used in the chain',
      code: TYPEORM + route("await dataSource.createQueryBuilder(User, 'user').where('user.id = :id', { id: req.params.id }).andWhere(`user.org = ${req.query.id}`).getOne();"),
      filename: 'file.ts',
      errors: [{ messageId: 'taintedFragment', line: 4, column: 108, suggestions: [{ output: TYPEORM + route("await dataSource.createQueryBuilder(User, 'user').where('user.id = :id', { id: req.params.id }).andWhere(`user.org = :id2`, { id2: req.query.id }).getOne();") }] }],
    },
    {
      // Fixed together, two `:id`s would share one parameter: the later value would replace the tenant's.
      name: 'TypeORM: two conditions whose values are both named id get distinct names, alone and together',
      code: TYPEORM + route("await dataSource.createQueryBuilder(Order, 'o').where(`o.customer_id = ${req.body.customer.id}`).andWhere(`o.id = ${req.params.id}`).getOne();"),
      filename: 'file.ts',
      errors: [
        { messageId: 'taintedFragment', line: 4, column: 57, suggestions: [{ output: TYPEORM + route("await dataSource.createQueryBuilder(Order, 'o').where(`o.customer_id = :id`, { id: req.body.customer.id }).andWhere(`o.id = ${req.params.id}`).getOne();") }] },
        { messageId: 'taintedFragment', line: 4, column: 109, suggestions: [{ output: TYPEORM + route("await dataSource.createQueryBuilder(Order, 'o').where(`o.customer_id = ${req.body.customer.id}`).andWhere(`o.id = :id2`, { id2: req.params.id }).getOne();") }] },
      ],
    },
    {
      name: 'TypeORM: a builder extended over statements, conditions named in the order they are written',
      code: TYPEORM + route("const qb = dataSource.createQueryBuilder(Order, 'o');\n  qb.where(`o.customer_id = ${req.body.id}`);\n  qb.andWhere(`o.id = ${req.params.id}`);"),
      filename: 'file.ts',
      errors: [
        { messageId: 'taintedFragment', line: 5, column: 12, suggestions: [{ output: TYPEORM + route("const qb = dataSource.createQueryBuilder(Order, 'o');\n  qb.where(`o.customer_id = :id`, { id: req.body.id });\n  qb.andWhere(`o.id = ${req.params.id}`);") }] },
        { messageId: 'taintedFragment', line: 6, column: 15, suggestions: [{ output: TYPEORM + route("const qb = dataSource.createQueryBuilder(Order, 'o');\n  qb.where(`o.customer_id = ${req.body.id}`);\n  qb.andWhere(`o.id = :id2`, { id2: req.params.id });") }] },
      ],
    },
    {
      name: 'TypeORM builder in a variable, LIKE pattern as a template value',
      code: TYPEORM + route("const qb = dataSource.createQueryBuilder(User, 'u');\n  qb.orWhere('u.email LIKE \\'%' + req.query.q + '%\\'');"),
      filename: 'file.ts',
      errors: [{ messageId: 'taintedFragment', line: 5, column: 14, suggestions: [{ output: TYPEORM + route("const qb = dataSource.createQueryBuilder(User, 'u');\n  qb.orWhere('u.email LIKE :q', { q: `%${req.query.q}%` });") }] }],
    },
    {
      name: 'TypeORM having, and a typed SelectQueryBuilder parameter',
      profile: 'audit',
      code: "import { SelectQueryBuilder } from 'typeorm';\nexport function minimum(qb: SelectQueryBuilder<Order>, min: string) {\n  return qb.having(`SUM(order.total) > ${min}`);\n}\n",
      filename: 'file.ts',
      errors: [{ messageId: 'builtFragment', line: 3, column: 20, suggestions: [{ output: "import { SelectQueryBuilder } from 'typeorm';\nexport function minimum(qb: SelectQueryBuilder<Order>, min: string) {\n  return qb.having(`SUM(order.total) > :min`, { min });\n}\n" }] }],
    },
    {
      name: 'TypeORM orderBy and addSelect built from input: reported without a rewrite',
      code: TYPEORM + route("await dataSource.createQueryBuilder(User, 'user').orderBy(`user.${req.query.sort}`).addSelect([`user.${req.query.field}`, 'user.id']).getMany();"),
      filename: 'file.ts',
      errors: [
        { messageId: 'taintedFragment', line: 4, column: 61, data: { sink: '.orderBy' }, suggestions: [] },
        { messageId: 'taintedFragment', line: 4, column: 98, data: { sink: '.addSelect' }, suggestions: [] },
      ],
    },
    {
      name: 'TypeORM leftJoinAndSelect condition',
      code: TYPEORM + route("await dataSource.createQueryBuilder(User, 'user').leftJoinAndSelect('user.photos', 'photo', `photo.kind = '${req.query.kind}'`).getMany();"),
      filename: 'file.ts',
      errors: [{ messageId: 'taintedFragment', line: 4, column: 95, suggestions: [] }],
    },
    {
      name: 'Sequelize.literal and literal() with request input',
      code: SEQUELIZE + route("await User.findAll({ where: Sequelize.literal(`name = '${req.query.name}'`), order: [[literal(req.query.sort + ' DESC')]] });"),
      errors: [
        { messageId: 'taintedFragment', line: 3, column: 49, data: { sink: 'Sequelize.literal' }, suggestions: [] },
        { messageId: 'taintedFragment', line: 3, column: 97, data: { sink: 'literal' }, suggestions: [] },
      ],
    },
    {
      name: 'sequelize instance literal with a value of unknown origin',
      profile: 'audit',
      code: "const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(process.env.DATABASE_URL);\nexport function byOwner(owner) {\n  return Post.findAll({ where: sequelize.literal('owner_id = ' + owner) });\n}\n",
      errors: [{ messageId: 'builtFragment', line: 4, column: 50, severity: 'warning', data: { sink: 'sequelize.literal' }, suggestions: [] }],
    },
    {
      name: 'models index: db.Sequelize.literal',
      code: "const db = require('./models');\n" + route('await db.Post.findAll({ where: db.Sequelize.literal(`title LIKE \'%${req.query.q}%\'`) });'),
      errors: [{ messageId: 'taintedFragment', line: 3, column: 55, data: { sink: 'db.Sequelize.literal' }, suggestions: [] }],
    },
    {
      name: 'an allowlist check whose failing branch does not leave is no guard',
      code: KNEX + route("const col = req.query.col;\n  if (['name', 'email'].includes(col)) console.log('known column');\n  res.json(await knex('users').whereRaw(`${col} IS NOT NULL`));"),
      errors: [
        {
          messageId: 'taintedFragment',
          line: 5,
          column: 41,
          severity: 'error',
          confidence: 'high',
          suggestions: [{ output: KNEX + route("const col = req.query.col;\n  if (['name', 'email'].includes(col)) console.log('known column');\n  res.json(await knex('users').whereRaw(`?? IS NOT NULL`, [col]));") }],
        },
      ],
    },
    {
      name: 'a caller-chosen column pasted next to escaped names',
      profile: 'audit',
      code: TYPEORM + "export function filtered(repo, condition) {\n  const qb = repo.createQueryBuilder('e');\n  return qb.where(`${dataSource.driver.escape(qb.alias)}.deleted = false AND ${condition}`).getMany();\n}\n",
      errors: [{ messageId: 'builtFragment', line: 5, column: 19, severity: 'warning', confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'near miss: a placeholder list that pastes the values',
      profile: 'audit',
      code: KNEX + "export function inList(column, values) {\n  return knex('t').whereRaw(`?? in (${values.join(', ')})`, [column]);\n}\n",
      errors: [{ messageId: 'builtFragment', line: 3, column: 29, confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'audit profile: an alias held by this',
      profile: 'audit',
      code: TYPEORM + "export class Loader {\n  load(ids) {\n    const qb = dataSource.createQueryBuilder();\n    return qb.where(`${this.alias}.id IN (:...ids)`, { ids }).getMany();\n  }\n}\n",
      errors: [{ messageId: 'builtFragment', line: 6, column: 21, confidence: 'low', suggestions: [] }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a TypeORM query builder returned by a helper function is not recognised as one',
      code: 'function usersQuery(repo) {\n  return repo.createQueryBuilder("user");\n}\n' + route('await usersQuery(repo).where(`user.name = \'${req.query.name}\'`).getMany();'),
    },
    {
      kind: 'missed',
      reason: 'the query builder handed to a TypeORM `Brackets` callback is an untyped parameter, so its `where` is not recognised',
      code: "import { Brackets } from 'typeorm';\n" + route("await dataSource.createQueryBuilder(User, 'user').where(new Brackets((qb) => qb.where(`user.name = '${req.query.name}'`))).getMany();"),
    },
  ],
});
