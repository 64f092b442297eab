// Sales reports with optional filters, assembled step by step.
const express = require('express');
const { Pool } = require('pg');

const pool = new Pool();
const router = express.Router();

router.get('/sales', async (req, res) => {
  let sql = 'SELECT region, SUM(total) AS total FROM sales WHERE 1 = 1';
  if (req.query.region) {
    sql += " AND region = '" + req.query.region + "'";
  }
  if (req.query.from) {
    sql += ` AND sold_at >= '${req.query.from}'`;
  }
  sql += ' GROUP BY region';
  const result = await pool.query(sql);
  res.json(result.rows);
});

module.exports = router;
