// The data every case runs against, per dialect: four small tables whose values exercise quoting
// (O'Brien), LIKE wildcards (100%, snake_case), a literal question mark and non-ASCII text, and
// orders of several customers, one of them numbered like its customer (order 2 of customer 2), so
// that a parameter one condition overwrites in another shows up as someone else's order.
export type Dialect = 'postgres' | 'mariadb' | 'sqlite';

export const SEED_TABLES = ['users', 'products', 'reviews', 'orders'] as const;

interface UserRow {
  id: number;
  name: string;
  email: string;
  passwordHash: string;
  isAdmin: boolean;
  score: number;
}

const USERS: UserRow[] = [
  { id: 1, name: 'alice', email: 'alice@example.com', passwordHash: 'h1', isAdmin: false, score: 10 },
  { id: 2, name: 'bob', email: 'bob@example.com', passwordHash: 'h2', isAdmin: false, score: 20 },
  { id: 3, name: "O'Brien", email: 'obrien@example.com', passwordHash: 'h3', isAdmin: false, score: 30 },
  { id: 4, name: 'Zoë', email: 'zoe@example.com', passwordHash: 'h4', isAdmin: false, score: 40 },
  { id: 5, name: 'root', email: 'root@example.com', passwordHash: 'h5', isAdmin: true, score: 50 },
];

const PRODUCTS = [
  { id: 1, name: '100% cotton shirt', priceCents: 1999, category: 'clothes' },
  { id: 2, name: 'snake_case mug', priceCents: 899, category: 'kitchen' },
  { id: 3, name: 'Why? poster', priceCents: 500, category: 'art' },
  { id: 4, name: 'plain mug', priceCents: 800, category: 'kitchen' },
];

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

function createStatements(dialect: Dialect): string[] {
  const bool = dialect === 'sqlite' ? 'INTEGER' : 'BOOLEAN';
  const text = dialect === 'mariadb' ? 'VARCHAR(200)' : 'TEXT';
  return [
    `CREATE TABLE users (id INTEGER PRIMARY KEY, name ${text} NOT NULL, email ${text} NOT NULL, password_hash ${text} NOT NULL, is_admin ${bool} NOT NULL, score INTEGER NOT NULL)`,
    `CREATE TABLE products (id INTEGER PRIMARY KEY, name ${text} NOT NULL, price_cents INTEGER NOT NULL, category ${text} NOT NULL)`,
    `CREATE TABLE reviews (product_id INTEGER NOT NULL, author ${text} NOT NULL, body ${text} NOT NULL)`,
    'CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total_cents INTEGER NOT NULL)',
  ];
}

function insertStatements(dialect: Dialect): string[] {
  const bool = (value: boolean) => (dialect === 'sqlite' ? (value ? '1' : '0') : value ? 'TRUE' : 'FALSE');
  return [
    `INSERT INTO users (id, name, email, password_hash, is_admin, score) VALUES ${USERS.map((u) => `(${u.id}, ${quote(u.name)}, ${quote(u.email)}, ${quote(u.passwordHash)}, ${bool(u.isAdmin)}, ${u.score})`).join(', ')}`,
    `INSERT INTO products (id, name, price_cents, category) VALUES ${PRODUCTS.map((p) => `(${p.id}, ${quote(p.name)}, ${p.priceCents}, ${quote(p.category)})`).join(', ')}`,
    "INSERT INTO reviews (product_id, author, body) VALUES (1, 'alice', 'Soft.')",
    'INSERT INTO orders (id, customer_id, total_cents) VALUES (1, 1, 1200), (2, 2, 3400), (3, 1, 560), (4, 3, 990)',
  ];
}

/** Drops and recreates every table: an injection may have dropped or altered one. */
export function recreateStatements(dialect: Dialect): string[] {
  return [...SEED_TABLES.map((t) => `DROP TABLE IF EXISTS ${t}`), ...createStatements(dialect), ...insertStatements(dialect)];
}

/** Empties and refills the tables when all of them still exist (much quicker than recreating). */
export function refillStatements(dialect: Dialect): string[] {
  return [...SEED_TABLES.map((t) => `DELETE FROM ${t}`), ...insertStatements(dialect)];
}

/**
 * What an injection must not change: row counts and the columns that grant or prove something.
 * A case's own write (a renamed user, a new review) may change names and add rows like benign input does.
 */
export const GUARDED_QUERY = 'SELECT id, password_hash, is_admin, score FROM users ORDER BY id';
