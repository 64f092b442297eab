// Never opened by the end-to-end suite: its finding must come from the workspace scan.
const express = require('express');
const { Pool } = require('pg');

const router = express.Router();
const pool = new Pool();

router.get('/reports', async (req, res) => {
  const sql = 'SELECT * FROM reports WHERE owner = ' + req.query.owner;
  const result = await pool.query(sql);
  res.json(result.rows);
});

module.exports = router;
