-- juice-bar-api's tables, for the SQLite database Sequelize opens (DATABASE_URL=sqlite:///path/juice.db).
-- Users.password holds what the code stores: an unsalted MD5 of the password for the accounts below,
-- which is what the login compares (src/security.js), and the password as typed for every
-- registration (src/routes/users.js); both are weaknesses this app keeps on purpose.
-- Running it again starts from empty tables.
DROP TABLE IF EXISTS Orders;
DROP TABLE IF EXISTS Reviews;
DROP TABLE IF EXISTS Products;
DROP TABLE IF EXISTS Users;

CREATE TABLE Users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  password TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'admin'))
);

CREATE TABLE Products (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  price REAL NOT NULL,
  -- Set when a product is withdrawn: the search leaves it out.
  deletedAt TEXT
);

CREATE TABLE Reviews (
  id INTEGER PRIMARY KEY,
  productId INTEGER NOT NULL REFERENCES Products (id),
  userId INTEGER NOT NULL REFERENCES Users (id),
  message TEXT NOT NULL
);

CREATE TABLE Orders (
  id INTEGER PRIMARY KEY,
  userId INTEGER NOT NULL REFERENCES Users (id),
  -- The partner (a user id) who delivers the order, read by GET /rest/admin/partner/orders.
  partnerId INTEGER REFERENCES Users (id),
  total REAL NOT NULL
);
