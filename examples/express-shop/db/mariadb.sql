-- The shop's order database on MySQL or MariaDB (ORDERS_DATABASE_URL), with a few rows, for
-- running the app and the security tests its abuser stories propose. Re-running it starts the
-- data again.
DROP TABLE IF EXISTS orders;
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, total int NOT NULL, card_last4 char(4));
INSERT INTO orders VALUES (1, 1, 30, '4242'), (2, 1, 10, '4242'), (3, 2, 20, '1881'), (4, 3, 40, '0005');
