// The end-to-end suite raises an abuser story from this handler.
const express = require('express');
const { Pool } = require('pg');

const router = express.Router();
const pool = new Pool();

router.get('/search', async (req, res) => {
  const result = await pool.query('SELECT * FROM products WHERE title LIKE \'%' + req.query.q + '%\'');
  res.json(result.rows);
});

module.exports = router;
