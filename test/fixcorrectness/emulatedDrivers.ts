// mssql and oracledb cannot run here (no SQL Server or Oracle), so their parameter binding is
// emulated over the real PostgreSQL connection: just enough to catch the mistakes a rewrite can
// make with each driver's names. mssql refuses a second `.input()` of one name (EDUPEPARAM), as
// the real Request does; oracledb refuses reserved words as bind names (ORA-01745). The SQL itself
// runs on PostgreSQL, so cases stay within the SQL both dialects share.
import type pg from 'pg';

/** Oracle's reserved words (V$RESERVED_WORDS with RESERVED = 'Y'), which cannot name a bind variable. */
const ORACLE_RESERVED = new Set(
  ('ACCESS ADD ALL ALTER AND ANY AS ASC AUDIT BETWEEN BY CHAR CHECK CLUSTER COLUMN COMMENT COMPRESS CONNECT CREATE CURRENT ' +
    'DATE DECIMAL DEFAULT DELETE DESC DISTINCT DROP ELSE EXCLUSIVE EXISTS FILE FLOAT FOR FROM GRANT GROUP HAVING IDENTIFIED ' +
    'IMMEDIATE IN INCREMENT INDEX INITIAL INSERT INTEGER INTERSECT INTO IS LEVEL LIKE LOCK LONG MAXEXTENTS MINUS MLSLABEL MODE ' +
    'MODIFY NOAUDIT NOCOMPRESS NOT NOWAIT NULL NUMBER OF OFFLINE ON ONLINE OPTION OR ORDER PCTFREE PRIOR PUBLIC RAW RENAME ' +
    'RESOURCE REVOKE ROW ROWID ROWNUM ROWS SELECT SESSION SET SHARE SIZE SMALLINT START SUCCESSFUL SYNONYM SYSDATE TABLE ' +
    'THEN TO TRIGGER UID UNION UNIQUE UPDATE USER VALIDATE VALUES VARCHAR VARCHAR2 VIEW WHENEVER WHERE WITH').split(' '),
);

/**
 * Replaces `<sigil>name` outside string literals with $n, in order of first use; every name must be
 * bound. Quoted text is skipped so that a literal such as '@home' stays text, as on the real servers.
 */
function toPositional(sql: string, sigil: '@' | ':', binds: Map<string, unknown>): { text: string; values: unknown[] } {
  const order: string[] = [];
  const pattern = sigil === '@' ? /'(?:[^']|'')*'|@([A-Za-z_]\w*)/g : /'(?:[^']|'')*'|::|:([A-Za-z_]\w*)/g;
  const text = sql.replace(pattern, (whole: string, name: string | undefined) => {
    if (!name) return whole;
    const key = sigil === '@' ? name : name.toLowerCase();
    if (!binds.has(key)) throw new Error(`${sigil === '@' ? 'RequestError: Must declare the scalar variable' : 'ORA-01008: not all variables bound'} "${sigil}${name}"`);
    if (!order.includes(key)) order.push(key);
    return `$${order.indexOf(key) + 1}`;
  });
  // Both drivers send values typed by the JavaScript value; text is what the cases bind.
  return { text, values: order.map((key) => binds.get(key)) };
}

export function mssqlModule(pgClient: pg.Client): unknown {
  class Request {
    private readonly inputs = new Map<string, unknown>();
    input(name: string, ...typeAndValue: unknown[]) {
      if (this.inputs.has(name)) {
        throw Object.assign(new Error(`The parameter name ${name} has already been declared. Parameter names must be unique`), { code: 'EDUPEPARAM' });
      }
      this.inputs.set(name, typeAndValue[typeAndValue.length - 1]);
      return this;
    }
    async query(sql: string) {
      const { text, values } = toPositional(sql, '@', this.inputs);
      const result = await pgClient.query<Record<string, unknown>>(text, values);
      return { recordset: result.rows, rowsAffected: [result.rowCount ?? 0] };
    }
  }
  const pool = { request: () => new Request() };
  const types = { Int: 'Int', NVarChar: 'NVarChar', VarChar: 'VarChar' };
  return { ...types, Request, connect: () => Promise.resolve(pool), ConnectionPool: function ConnectionPool() { return { connect: () => Promise.resolve(pool), request: () => new Request() }; } };
}

export function oracledbModule(pgClient: pg.Client): unknown {
  const connection = {
    async execute(sql: string, binds?: unknown) {
      const named = new Map<string, unknown>();
      if (Array.isArray(binds)) {
        // Positional binds fill :names in order of appearance, whatever they are called.
        let i = 0;
        sql = sql.replace(/'(?:[^']|'')*'|::|:([A-Za-z_]\w*)/g, (whole: string, name: string | undefined) => (name ? `:b${i++}` : whole));
        binds.forEach((value, index) => named.set(`b${index}`, value));
      } else if (binds && typeof binds === 'object') {
        for (const [key, value] of Object.entries(binds)) {
          if (ORACLE_RESERVED.has(key.toUpperCase())) throw new Error(`ORA-01745: invalid host/bind variable name (:${key})`);
          named.set(key.toLowerCase(), value && typeof value === 'object' && 'val' in value ? (value as { val: unknown }).val : value);
        }
      }
      const { text, values } = toPositional(sql, ':', named);
      const result = await pgClient.query<Record<string, unknown>>(text, values);
      return { rows: result.rows, rowsAffected: result.rowCount ?? 0 };
    },
    close: () => Promise.resolve(),
  };
  return { getConnection: () => Promise.resolve(connection), OUT_FORMAT_OBJECT: 4002, outFormat: 4002 };
}
