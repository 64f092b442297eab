-- The shop's PostgreSQL tables (DATABASE_URL), with a few rows, for running the app and the
-- security tests its abuser stories propose. Re-running it starts the data again.
DROP TABLE IF EXISTS customers, products, reviews, sales, orders;
CREATE TABLE customers (id serial PRIMARY KEY, email text UNIQUE NOT NULL, password_hash text NOT NULL);
-- The register route stores unsalted SHA-256 hex: these rows look like what it writes.
INSERT INTO customers (email, password_hash) VALUES
  ('ada@example.com', encode(sha256('correct horse battery'::bytea), 'hex')),
  ('grace@example.com', encode(sha256('hunter2'::bytea), 'hex'));
CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, price int NOT NULL);
INSERT INTO products VALUES (1, 'apple juice', 3), (2, 'pear juice', 4), (3, 'carrot juice', 5);
CREATE TABLE reviews (product_id int, author text, body text);
CREATE TABLE sales (region text, total int, sold_at timestamp);
INSERT INTO sales VALUES ('north', 10, '2024-01-05'), ('south', 20, '2024-02-05'), ('west', 30, '2024-03-05');
-- Orders placed through the partner API (GET /account/partner/orders).
CREATE TABLE orders (id int PRIMARY KEY, partner_id text, total int);
INSERT INTO orders VALUES (1, 'partner-1', 30), (2, 'partner-2', 12);
