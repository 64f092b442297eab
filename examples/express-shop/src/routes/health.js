// The safe patterns: Rugged reports nothing in this file.
const express = require('express');
const { Pool } = require('pg');

const pool = new Pool();
const router = express.Router();
const TABLE = 'products';

router.get('/', async (req, res) => {
  // A query built only from constants is fine.
  const count = await pool.query('SELECT COUNT(*) FROM ' + TABLE);
  res.json({ ok: true, products: count.rows[0].count });
});

router.get('/product/:id', async (req, res) => {
  // Values travel separately from the SQL text as bound parameters.
  const result = await pool.query('SELECT id, name FROM products WHERE id = $1', [req.params.id]);
  res.json(result.rows[0]);
});

router.get('/page', async (req, res) => {
  // Numbers parsed from the request cannot carry SQL.
  const limit = parseInt(req.query.limit, 10) || 20;
  const result = await pool.query(`SELECT id FROM products LIMIT ${limit}`);
  res.json(result.rows);
});

module.exports = router;
