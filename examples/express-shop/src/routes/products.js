// Product catalogue backed by PostgreSQL.
const express = require('express');
const { Pool } = require('pg');

const pool = new Pool();
const router = express.Router();

router.get('/search', async (req, res) => {
  const term = req.query.q;
  // The search term goes straight into the SQL text.
  const result = await pool.query(`SELECT id, name, price FROM products WHERE name LIKE '%${term}%'`);
  res.json(result.rows);
});

router.get('/:id', async (req, res) => {
  const result = await pool.query('SELECT * FROM products WHERE id = ' + req.params.id);
  res.json(result.rows[0]);
});

router.post('/:id/reviews', async (req, res) => {
  const { author, text } = req.body;
  await pool.query(
    `INSERT INTO reviews (product_id, author, body) VALUES (${req.params.id}, '${author}', '${text}')`,
  );
  res.status(201).end();
});

module.exports = router;
