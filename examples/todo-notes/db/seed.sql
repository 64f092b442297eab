-- Test data: an administrator and two users with todos of their own, so a test can sign in as one
-- user and look for the other's records. Throwaway passwords, for a local copy only.
INSERT INTO users (id, name, password, role) VALUES
  (1, 'admin', 'todo-admin-pass', 'admin'),
  (2, 'ada', 'correct horse battery', 'user'),
  (3, 'grace', 'hunter2', 'user');

INSERT INTO todos (id, owner, text, done) VALUES
  (1, 2, 'Buy oat milk', 0),
  (2, 2, 'Book the dentist', 1),
  (3, 3, 'Renew the passport', 0),
  (4, 3, 'Send the tax return', 0);
