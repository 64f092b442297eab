-- todo-notes' SQLite database: the people who sign in and their todos.
-- users.password holds each password as it was typed: src/routes/session.js compares it as it is,
-- one of the weaknesses this app keeps on purpose. Running it again starts from empty tables.
DROP TABLE IF EXISTS todos;
DROP TABLE IF EXISTS users;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  password TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin'))
);

CREATE TABLE todos (
  id INTEGER PRIMARY KEY,
  owner INTEGER REFERENCES users (id),
  text TEXT NOT NULL,
  done INTEGER NOT NULL DEFAULT 0
);
