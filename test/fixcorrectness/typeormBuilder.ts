// TypeORM's query builder, as far as the cases use it, over the real pg or mysql2 connection
// (TypeORM is not installed here). What matters to a rewrite is how TypeORM binds: all parameters
// of one builder form one object, which `where(sql, parameters)`, `setParameter` and
// `setParameters` merge into (a later value for a name replaces the earlier one, in every condition
// that names it), and when the query runs each `:name` the object holds, anywhere in the SQL, becomes
// the driver's placeholder with that value (`$n` on PostgreSQL, `?` on MySQL), `:...name` a list.
// That is the behaviour of TypeORM's drivers' `escapeQueryWithParameters`, written afresh here.

type Run = (sql: string, values: unknown[]) => Promise<unknown[]>;

export interface BuilderTarget {
  /** Runs the SQL with positional values and returns the rows. */
  run: Run;
  /** The driver's placeholder for the value at this 0-based position. */
  placeholder: (index: number) => string;
}

/** The SQL with TypeORM's named parameters replaced by the driver's placeholders, and their values. */
export function bindNamedParameters(sql: string, parameters: Record<string, unknown>, placeholder: (index: number) => string): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const bound = sql.replace(/:(\.\.\.)?([A-Za-z0-9_.]+)/g, (whole: string, spread: string | undefined, name: string) => {
    if (!Object.hasOwn(parameters, name)) return whole;
    const value = parameters[name];
    if (spread && Array.isArray(value)) {
      return value.map((item) => (values.push(item), placeholder(values.length - 1))).join(', ');
    }
    values.push(value);
    return placeholder(values.length - 1);
  });
  return { sql: bound, values };
}

/** `dataSource.createQueryBuilder(table, alias)`: conditions, parameters and the getters that run the query. */
export function queryBuilder(table: string, alias: string, target: BuilderTarget): object {
  const conditions: Array<{ join: 'AND' | 'OR'; sql: string }> = [];
  const parameters: Record<string, unknown> = {};
  let columns = '*';
  const execute = () => {
    const where = conditions.map((c, i) => (i === 0 ? `(${c.sql})` : `${c.join} (${c.sql})`)).join(' ');
    const { sql, values } = bindNamedParameters(`SELECT ${columns} FROM ${table} ${alias}${where ? ` WHERE ${where}` : ''} ORDER BY ${alias}.id`, parameters, target.placeholder);
    return target.run(sql, values);
  };
  const builder = {
    select(selection?: string | string[]) {
      if (selection) columns = (Array.isArray(selection) ? selection : [selection]).join(', ');
      return builder;
    },
    where(sql: string, values?: Record<string, unknown>) {
      // `where` starts the conditions afresh; its parameters join the builder's.
      conditions.length = 0;
      conditions.push({ join: 'AND', sql });
      Object.assign(parameters, values);
      return builder;
    },
    andWhere(sql: string, values?: Record<string, unknown>) {
      conditions.push({ join: 'AND', sql });
      Object.assign(parameters, values);
      return builder;
    },
    orWhere(sql: string, values?: Record<string, unknown>) {
      conditions.push({ join: 'OR', sql });
      Object.assign(parameters, values);
      return builder;
    },
    setParameter(name: string, value: unknown) {
      parameters[name] = value;
      return builder;
    },
    setParameters(values: Record<string, unknown>) {
      Object.assign(parameters, values);
      return builder;
    },
    getRawMany: execute,
    getMany: execute,
    getRawOne: async () => (await execute())[0],
    getOne: async () => (await execute())[0],
  };
  return builder;
}
