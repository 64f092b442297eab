-- Test data: the administrator first (the account a login injection lands on), two customers with
-- reviews and orders of their own, for tests that sign in as one and reach for the other's, and a
-- delivery partner. Throwaway passwords, for a local copy only:
--   admin@juice-bar.test  juice-admin-pass
--   ada@juice-bar.test    correct horse battery
--   grace@juice-bar.test  hunter2
--   fruit@partner.test    partner-pass
INSERT INTO Users (id, email, password, role) VALUES
  (1, 'admin@juice-bar.test', '1577775842ab051d26870761982e5fdd', 'admin'),
  (2, 'ada@juice-bar.test', '88e4ddd2402d92d50e1879d6ecd9ffd4', 'customer'),
  (3, 'grace@juice-bar.test', '2ab96390c7dbe3439de74d0c9b0b1767', 'customer'),
  (4, 'fruit@partner.test', 'f09a6ae53f5c0f14775e76eef843ae35', 'customer');

INSERT INTO Products (id, name, price, deletedAt) VALUES
  (1, 'Apple Juice', 1.99, NULL),
  (2, 'Orange Juice', 2.99, NULL),
  (3, 'Banana Smoothie', 3.49, NULL),
  (4, 'Christmas Punch', 4.99, '2025-01-06');

INSERT INTO Reviews (id, productId, userId, message) VALUES
  (1, 1, 2, 'Fresh and not too sweet.'),
  (2, 2, 3, 'Tastes like a summer morning.');

INSERT INTO Orders (id, userId, partnerId, total) VALUES
  (1, 2, 4, 5.97),
  (2, 3, 4, 2.99),
  (3, 3, NULL, 3.49);
