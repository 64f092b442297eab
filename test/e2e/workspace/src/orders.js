const express = require('express');
const { Pool } = require('pg');

const router = express.Router();
const pool = new Pool();

router.get('/orders/:id', async (req, res) => {
  const result = await pool.query(`SELECT * FROM orders WHERE id = ${req.params.id}`);
  res.json(result.rows);
});

module.exports = router;
