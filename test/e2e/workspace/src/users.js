const express = require('express');
const { Pool } = require('pg');

const router = express.Router();
const pool = new Pool();

router.get('/users', async (req, res) => {
  const result = await pool.query("SELECT id, name FROM users WHERE name = '" + req.query.name + "'");
  res.json(result.rows);
});

module.exports = router;
