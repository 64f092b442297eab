// Orders live in MySQL.
const express = require('express');
const mysql = require('mysql2/promise');

const db = mysql.createPool({ uri: process.env.ORDERS_DATABASE_URL });
const router = express.Router();

router.get('/', async (req, res) => {
  const { customer, sort } = req.query;
  const [rows] = await db.query(
    `SELECT * FROM orders WHERE customer_id = ${customer} ORDER BY ${sort}`,
  );
  res.json(rows);
});

router.delete('/:id', async (req, res) => {
  await db.execute('DELETE FROM orders WHERE id = ' + req.params.id);
  res.status(204).end();
});

module.exports = router;
