// Prisma's raw queries on PostgreSQL, as its query engine sends them: every parameter is declared
// with a type taken from the JavaScript value, never left for the server to infer. This is what
// makes `WHERE id = ${req.params.id}` fail after a rewrite to the tagged `$queryRaw`: the string
// arrives as `text`, and PostgreSQL has no `integer = text` operator, where the pasted `id = 1` was
// an integer literal. Prisma cannot run here (its engines are not installed), so the harness
// declares the same types with casts on the real pg connection.
//
// The mapping, from Prisma's sources and documentation:
// - the client sends the values as JSON; the engine reads a JSON integer as a 64-bit Int, any
//   other number as a Float (a decimal), a string as Text, a boolean as Boolean, an object as Json
//   and null as Null (a number that JSON cannot hold, NaN or Infinity, becomes null);
// - quaint's `params_to_types` declares Int64 as INT8, the decimal as NUMERIC, Text as TEXT,
//   Boolean as BOOL, Json as JSONB, a DateTime as TIMESTAMPTZ, and leaves Null to the server;
// - "Prisma Client does not perform subtle, implicit casts" (the raw queries page:
//   `SELECT LENGTH(${42})` fails with `function length(integer) does not exist`).
// A parameter declared with a type and the same parameter cast to that type are read alike by
// PostgreSQL's operator and function resolution, which is all these cases observe.

/** The PostgreSQL type Prisma declares for a value, or undefined when the server infers it. */
export function prismaParameterType(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return 'text';
  if (typeof value === 'bigint') return 'int8';
  if (typeof value === 'number') return !Number.isFinite(value) ? undefined : Number.isInteger(value) ? 'int8' : 'numeric';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return 'timestamptz';
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return 'bytea';
  return 'jsonb';
}

/** The value as the JSON round trip leaves it: numbers JSON cannot hold become null. */
function sentValue(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  // Sent as the text of the number (the client's `{ prisma__type: 'bigint' }`), which pg cannot serialise itself.
  if (typeof value === 'bigint') return String(value);
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value) && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return value;
}

/** `$n` as a parameter of the declared type. */
function typedPlaceholder(index: number, value: unknown): string {
  const type = prismaParameterType(value);
  return type ? `($${index}::${type})` : `$${index}`;
}

/** The SQL and values `$queryRaw`/`$executeRaw` send for a tagged template. */
export function taggedQuery(strings: readonly string[], values: readonly unknown[]): { text: string; values: unknown[] } {
  const text = strings.reduce((sql, part, i) => sql + typedPlaceholder(i, values[i - 1]) + part);
  return { text, values: values.map(sentValue) };
}

/** The SQL and values `$queryRawUnsafe(sql, ...values)` sends: each `$n` outside string literals typed by its value. */
export function unsafeQuery(sql: string, values: readonly unknown[]): { text: string; values: unknown[] } {
  const text = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (whole: string, digits: string | undefined) =>
    digits && Number(digits) >= 1 && Number(digits) <= values.length ? typedPlaceholder(Number(digits), values[Number(digits) - 1]) : whole,
  );
  return { text, values: values.map(sentValue) };
}
