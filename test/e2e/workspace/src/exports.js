// The end-to-end suite raises stories from this whole file: it holds two attacker goals.
const express = require('express');
const { exec } = require('child_process');
const { Pool } = require('pg');

const router = express.Router();
const pool = new Pool();

router.post('/exports', async (req, res) => {
  const result = await pool.query("SELECT * FROM orders WHERE region = '" + req.body.region + "'");
  exec('tar czf /tmp/orders.tgz ' + req.body.name, () => res.json(result.rows));
});

module.exports = router;
